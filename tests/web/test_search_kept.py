"""The header search's lists kept as found and printed until the registry changes (web/search/kept.py): read
once between writes, right for each user's villages, never older than the last write. (A text with digits
is never kept: test_search's ID number test asks it as three users of two personal-data scopes.)"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from landreg.accounts.roles import Role
from landreg.core.db.kept import sent_together
from landreg.rights.services import HolderShare, right_register
from tests.base import RegistryTestCase, make_person, make_user


class SearchKeptTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.registrar = make_user("registrar-ŋ", Role.REGISTRAR, cls.commune)

    def search(self, user, query="Ouédraogo"):
        self.client.force_login(user)
        return self.client.get(reverse("web:search"), {"q": query})

    def test_a_search_asked_again_reads_no_name_until_a_write(self):
        first = self.search(self.registrar)
        with CaptureQueriesContext(connection) as again:
            second = self.client.get(reverse("web:search"), {"q": "Ouédraogo"})
        read = " ".join(q["sql"] for q in again)
        assert "parties_party" not in read and "parcels_parcel" not in read, read
        # the user's villages and the audit chain's head (on PostgreSQL in one round trip)
        assert len(again) == (1 if sent_together() else 2), read
        lists = [r.content.decode().split("<h2>Parcelles")[1] for r in (first, second)]  # past the nonces
        assert lists[1] == lists[0]
        assert second.context["results"]["people"].count == 1
        # A person recorded with a parcel in village B: the next search finds both.
        salif = make_person(self.village_b, "Ouédraogo", "Salif", "M")
        right_register(
            parcel=self.parcel_b,
            right_type="customaryType",
            holders=[HolderShare(party=salif)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        found = self.search(self.registrar).context["results"]
        assert found["people"].count == 2 and found["parcels"].count == 2
        assert "Salif" in self.search(self.registrar).content.decode()

    def test_another_village_s_agent_finds_nothing_of_what_the_commune_s_registrar_found(self):
        assert "OUÉDRAOGO Aminata" in self.search(self.registrar).content.decode()
        response = self.search(self.agent_b)
        found = response.context["results"]
        assert (found["people"].count, found["parcels"].count) == (0, 0)
        page = response.content.decode()
        assert "OUÉDRAOGO" not in page and str(self.parcel_a.pk) not in page
        # And the village A agent's own search is village A's, not the registrar's commune.
        found = self.search(self.agent_a).context["results"]
        assert [p.pk for p in found["parcels"].rows] == [self.parcel_a.pk]

    def test_a_village_renamed_is_printed_by_its_new_name(self):
        """A village's name is not a registry write (no audit event): the key holds the names read."""
        assert "Village A" in self.search(self.registrar).content.decode()
        self.village_a.name = "Tanghin"
        self.village_a.save(update_fields=["name"])
        found = self.search(self.registrar).context["results"]
        assert [p.village for p in found["people"].rows] == ["Tanghin"]
        assert "Village A" not in self.search(self.registrar).content.decode()

    def test_each_language_has_its_own_lists(self):
        assert "<h2>Parcelles (1)</h2>" in self.search(self.registrar).content.decode()
        self.client.cookies["django_language"] = "en"
        page = self.search(self.registrar).content.decode()
        assert "<h2>Parcels (1)</h2>" in page and "Parcelles" not in page

    def test_the_lists_are_read_as_kept_not_copied_and_no_village_is_read_for_a_person_s_name(self):
        """Django's memory cache unpickled some 200 rows at every kept search; and the villages' list built
        the user's scope into a queryset to answer that no village is named so."""
        from unittest import mock

        from landreg.web.search import views as search_module

        first = self.search(self.registrar).context["results"]
        with mock.patch.object(
            search_module, "villages_covered", wraps=search_module.villages_covered
        ) as scoped:
            second = self.search(self.registrar).context["results"]
        assert second["people"] is first["people"] and second["parcels"] is first["parcels"]
        assert not scoped.called
        assert second["villages"].count == 0
