"""Which registered people named on a page (a claim's claimants and objectors, a case's parties) the reader
may open: as parties_visible_to says, answered from the rows' village paths and the reader's permissions, read
once a request, without asking the database again."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.accounts.selectors import grants_read_once
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.selectors import parties_seen_among, parties_visible_to
from landreg.parties.services import party_create
from tests.base import RegistryTestCase, make_person


class PartiesSeenAmongTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.nord = make_person(cls.village_b, last_name="Ɓamogo", first_names="Ŋɔɔ", sex="M")
        cls.family = party_create(
            kind=PartyKind.GROUP, village=cls.village_a, name="Famille Ŋaaré", group_type=GroupType.FAMILY
        )
        cls.admin = get_user_model().objects.create_superuser("admin", password=None)

    def rows(self):
        """Each party as a page reads it (its id, its village's path and level), and a name typed (no id)."""
        rows = [
            (party.pk, party.village.path, party.village.level)
            for party in (self.holder_a, self.nord, self.family)
        ]
        return [*rows, (None, "", "")]

    def test_the_people_seen_are_those_the_reader_may_see_without_a_statement(self):
        for user in (self.agent_a, self.member_a, self.agent_b, self.mayor, self.stranger, self.admin):
            expected = set(
                parties_visible_to(user)
                .filter(pk__in=[self.holder_a.pk, self.nord.pk, self.family.pk])
                .values_list("pk", flat=True)
            )
            with grants_read_once():
                parties_seen_among(user, self.rows())  # the reader's permissions, read once a request
                with CaptureQueriesContext(connection) as captured:
                    seen = parties_seen_among(user, self.rows())
            assert seen == expected, user.username
            assert len(captured) == 0, (user.username, [q["sql"] for q in captured])
        assert parties_seen_among(self.agent_a, self.rows()) == {self.holder_a.pk, self.family.pk}
        assert parties_seen_among(self.mayor, self.rows()) == {self.holder_a.pk, self.nord.pk, self.family.pk}
