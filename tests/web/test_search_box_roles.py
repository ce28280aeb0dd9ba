"""The header's search box finds records (villages, parcels, claims, certificates, people): it is shown to
whoever may read records somewhere, not to a programme officer, who reads statistics only (the demo's
`programme` had a box that found nothing, whatever he typed). The search page says so to him instead of
searching."""

from django.urls import reverse

from landreg.accounts.roles import Role
from landreg.web.templatetags import header
from tests.base import RegistryTestCase, make_user

SEARCH_BOX = 'role="search" class="inline search"'


class SearchBoxByRoleTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme = make_user("programme_ɛ", Role.PROGRAMME_OFFICER, cls.commune)

    def setUp(self):
        header._kept.clear()

    def page(self, user, url=None, **params):
        self.client.force_login(user)
        response = self.client.get(url or reverse("statistics:page"), params)
        assert response.status_code == 200
        return response.content.decode()

    def test_the_programme_officer_s_pages_have_no_search_box(self):
        page = self.page(self.programme)
        assert SEARCH_BOX not in page
        assert f'action="{reverse("web:search")}"' not in page

    def test_whoever_reads_records_keeps_the_box(self):
        for user in (self.agent_a, self.member_a, self.mayor):
            page = self.page(user, reverse("web:home"))
            assert SEARCH_BOX in page, user
            assert 'placeholder="Village, parcelle, nom, récépissé, certificat"' in page, user

    def test_the_search_page_tells_the_programme_officer_there_is_nothing_for_him_to_search(self):
        page = self.page(self.programme, reverse("web:search"), q="Ouédraogo")
        assert (
            "Votre rôle ne donne accès à aucun enregistrement du registre (parcelles, demandes, certificats, "
            "personnes)\u202f: vous n’avez rien à rechercher." in page
        )
        assert 'name="q"' not in page and "Aucune parcelle trouvée." not in page

    def test_an_agent_searching_the_same_name_finds_the_person(self):
        page = self.page(self.agent_a, reverse("web:search"), q="Ouédraogo")
        assert "OUÉDRAOGO Aminata" in page
        assert "rien à rechercher" not in page
