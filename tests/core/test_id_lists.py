"""InList: a column among a list of values sent as one parameter, on both databases."""

from django.db import connection

from landreg.core.db.id_lists import InList
from landreg.parties.models import Party
from tests.base import RegistryTestCase, make_person


class InListTests(RegistryTestCase):
    def test_the_rows_whose_ids_are_listed_and_only_them(self):
        people = [make_person(self.village_a, first_names=f"Awa {i}") for i in range(5)]
        chosen = {people[0].pk, people[3].pk, people[4].pk}
        assert set(Party.objects.filter(InList("pk", chosen)).values_list("pk", flat=True)) == chosen
        assert not Party.objects.filter(InList("pk", [])).exists()

    def test_through_a_foreign_key_and_as_one_parameter_whatever_the_length(self):
        people = [make_person(self.village_b, first_names=f"Salif {i}") for i in range(40)]
        sent = []

        def keep(execute, sql, params, many, context):
            sent.append(params)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            in_village = Party.objects.filter(InList("village", [self.village_b.pk])).count()
            listed = Party.objects.filter(InList("pk", [p.pk for p in people])).count()
        assert in_village == 40 and listed == 40
        assert [len(params) for params in sent] == [1, 1]  # not one parameter per id
