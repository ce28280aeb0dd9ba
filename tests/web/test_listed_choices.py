"""The list filters' choices read by statements built once per process (``listed``, core.db.kept): the same
options as the querysets give, for each user's scope; and PrefixedBy, the scope as one parameter."""

from django.test import RequestFactory

from landreg.accounts.models import User
from landreg.core.db.id_lists import PrefixedBy
from landreg.parcels.models import Parcel
from landreg.territory.models import AdministrativeUnit, UnitLevel
from landreg.territory.services import unit_create
from landreg.web.lists.filters import ModelChoiceFilter
from landreg.web.parcels.listing import ParcelListFilter
from tests.adjudication.helpers import AdjudicationTestCase


class ListedChoicesTests(AdjudicationTestCase):
    def selects(self, user, listed: bool) -> tuple[str, str]:
        request = RequestFactory().get("/parcels/")
        request.user = user
        filterset = ParcelListFilter(request.GET, queryset=Parcel.objects.all(), request=request)
        if not listed:
            for name in ("village", "right_type"):
                filterset.filters[name].listed = None
        form = filterset.form
        return str(form["village"]), str(form["right_type"])

    def test_the_options_are_the_querysets_for_every_scope(self):
        # A third village of the commune whose name sorts first, and one of another commune.
        unit_create(level=UnitLevel.VILLAGE, code="TC-0", name="Aaa <zéro>", parent=self.commune)
        other = unit_create(level=UnitLevel.COMMUNE, code="TC-D", name="Other", parent=self.region)
        unit_create(level=UnitLevel.VILLAGE, code="TC-D1", name="Far", parent=other)
        root = User.objects.create_superuser("root", password="pw-root")
        for user in (self.registrar, self.agent_a, self.agent_b, self.mayor, self.stranger, root):
            with self.subTest(user=user.username):
                self.client.force_login(user)  # as a page: the user's permissions read once a request
                kept = self.selects(user, listed=True)
                assert kept == self.selects(user, listed=False)
        registrar = self.selects(self.registrar, listed=True)[0]
        assert registrar.index("Aaa &lt;zéro&gt; (TC-0)") < registrar.index("Village A (TC-A)"), registrar
        assert "TC-D1" not in registrar and "TC-B" in registrar
        agent_a = self.selects(self.agent_a, listed=True)[0]
        assert "TC-A" in agent_a and "TC-B" not in agent_a and "TC-0" not in agent_a

    def test_the_filters_of_the_parcel_list_read_their_choices_so(self):
        for name in ("village", "right_type"):
            list_filter = ParcelListFilter.base_filters[name]
            assert isinstance(list_filter, ModelChoiceFilter) and list_filter.listed is not None, name


class PrefixedByTests(AdjudicationTestCase):
    def test_a_path_starting_with_one_of_the_prefixes_each_taken_literally(self):
        def codes(prefixes):
            units = AdministrativeUnit.objects.filter(PrefixedBy("path", prefixes))
            return sorted(units.values_list("code", flat=True))

        assert codes([self.village_a.path]) == ["TC-A"]
        assert codes([self.village_a.path, self.village_b.path]) == ["TC-A", "TC-B"]
        assert codes([self.commune.path]) == ["TC-A", "TC-B", "TC-C"]
        assert codes([]) == []
        # LIKE's wildcards are plain characters here: "TC/TC-R/TC-C/TC-_/" is no prefix of "TC/.../TC-A/"
        assert codes([self.village_a.path.replace("TC-A", "TC-_")]) == []
        assert codes([self.commune.path + "%"]) == []
