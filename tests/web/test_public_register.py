"""The public register without login: search, village list, parcel page, map, verification, throttle.

Anonymous visitors walk the pages as rendered (the search form read back with ``form_data``); whatever the
profile says, no ID number, birth date, place of birth or document of a holder ever reaches the HTML.
"""

import datetime as dt

from django.core.cache import cache, caches
from django.test import override_settings
from django.urls import reverse

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import profile_assign
from landreg.core.history.versioning import version_retire
from landreg.documents.services import source_attach
from landreg.parties.models import Sex
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import form_data


class PublicRegisterTests(AdjudicationTestCase):
    profile_code = "bf-apfr"  # the law of Burkina Faso makes possessions public (holders_public preset)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.holder_a.birth_date = dt.date(1980, 4, 9)
        cls.holder_a.save(update_fields=["birth_date"])
        cls.evidence = source_attach(
            source_type="customary_attestation",
            document_date=dt.date(2024, 3, 1),
            village=cls.village_a,
            reference="PV-CONSTAT-0042",
            parcels=[cls.parcel_a],
        )

    def setUp(self):
        super().setUp()
        caches["throttle"].clear()  # the throttle's counts

    def search(self, text):
        page = self.client.get(reverse("web:public-register")).content.decode()
        data = form_data(page)
        data["q"] = [text]
        return self.client.get(reverse("web:public-register"), data)

    def assert_no_personal_data(self, html):
        for secret in ("B12345678", "1980", "09/04", "9 avril", "Réo", "PV-CONSTAT-0042", "/documents/"):
            assert secret not in html, secret

    def test_the_menu_offers_the_public_register_to_visitors(self):
        page = self.client.get(reverse("web:home")).content.decode()
        assert reverse("web:public-register") in page

    def test_a_visitor_finds_a_parcel_by_its_number_and_reads_it(self):
        response = self.search(self.parcel_a.number.lower())
        assert response.status_code == 200
        found = response.content.decode()
        url = reverse("web:public-parcel", args=[self.parcel_a.pk])
        assert url in found
        assert reverse("web:public-parcel", args=[self.parcel_b.pk]) not in found
        page = self.client.get(url).content.decode()
        assert self.parcel_a.number in page
        assert "1\u00a0ha\u00a000\u00a0a\u00a000\u00a0ca" in page  # square() is 100 m by 100 m
        assert "Possession coutumière" in page
        assert "OUÉDRAOGO Aminata" in page
        self.assert_no_personal_data(found + page)

    def test_a_visitor_finds_a_parcel_by_its_number_typed_without_the_zeros_of_its_sequence(self):
        # « TC-A-1 » as read from a receipt is TC-A-00001, not TC-A-00010 nor TC-A-00011 (which start with 1).
        others = [self.parcel_held(300 * i) for i in range(1, 11)]
        assert (self.parcel_a.number, others[-1].number) == ("TC-A-00001", "TC-A-00011")
        for typed in ("TC-A-1", "tc-a-01", "TC-A- 1"):
            response = self.search(typed)
            assert response.context["parcels"] == [self.parcel_a], typed
            assert reverse("web:public-parcel", args=[self.parcel_a.pk]) in response.content.decode()
        assert self.search("TC-A-11").context["parcels"] == [others[-1]]
        assert self.search("TC-B-1").context["parcels"] == [self.parcel_b]
        # As typed, the start of a number still finds every number starting so.
        assert self.search("TC-A-0001").context["parcels"] == [self.parcel_a, *others[-2:]]

    def test_names_stay_private_where_the_profile_does_not_make_them_public(self):
        profile_assign(commune=self.commune, profile=ProcedureProfile.objects.get(code="generic"))
        page = self.client.get(reverse("web:public-parcel", args=[self.parcel_a.pk])).content.decode()
        assert "OUÉDRAOGO" not in page and "Aminata" not in page
        assert "Non public selon la loi de cette commune." in page
        self.assert_no_personal_data(page)

    def test_names_stay_private_from_the_next_page_on_once_the_law_changes(self):
        """The law's profile is kept until the registry changes (register._names_public): assigning
        another profile to the commune is a registry write."""
        url = reverse("web:public-parcel", args=[self.parcel_a.pk])
        assert "OUÉDRAOGO Aminata" in self.client.get(url).content.decode()
        profile_assign(commune=self.commune, profile=ProcedureProfile.objects.get(code="generic"))
        page = self.client.get(url).content.decode()
        assert "OUÉDRAOGO" not in page and "Non public selon la loi de cette commune." in page
        self.assert_no_personal_data(page)

    def test_the_presets_follow_the_law_and_default_to_private(self):
        public = dict(ProcedureProfile.objects.values_list("code", "holders_public"))
        assert public == {"bf-apfr": True, "mg-cf": True, "ci-cf": False, "generic": False}

    def test_a_village_name_typed_without_accents_leads_to_its_parcels(self):
        self.village_a.name = "Sabtenga-Kɔrɛ"
        self.village_a.save(update_fields=["name"])
        found = self.search("sabtenga kore".replace(" ", "-")).content.decode()
        village_url = reverse("web:public-village", args=[self.village_a.code])
        assert village_url in found
        page = self.client.get(village_url).content.decode()
        assert reverse("web:public-parcel", args=[self.parcel_a.pk]) in page
        assert reverse("web:public-parcel", args=[self.parcel_b.pk]) not in page
        assert "1\u00a0ha\u00a000\u00a0a\u00a000\u00a0ca" in page
        self.assert_no_personal_data(page)

    def test_a_village_of_many_parcels_is_paged(self):
        for i in range(55):
            self.parcel_held(2000 + 150 * i)
        page = self.client.get(reverse("web:public-village", args=[self.village_a.code]))
        assert len(page.context["rows"]) == 50
        assert page.context["page"].paginator.count == 56
        second = self.client.get(reverse("web:public-village", args=[self.village_a.code]), {"page": 2})
        assert len(second.context["rows"]) == 6
        assert "Page 2 sur 2" in second.content.decode()

    def test_a_village_lists_each_parcel_with_its_link_place_and_area_escaped(self):
        parcel = self.parcel_held(2000)
        parcel.local_name = 'Bas-fonds <b>"Nord"</b> & co'
        parcel.save()
        page = self.client.get(reverse("web:public-village", args=[self.village_a.code])).content.decode()
        link = reverse("web:public-parcel", args=[parcel.pk])
        assert f'<tr><td><a href="{link}">{parcel.number}</a></td>' in page
        assert "<td>Bas-fonds &lt;b&gt;&quot;Nord&quot;&lt;/b&gt; &amp; co</td>" in page
        assert "<b>" not in page

    def test_a_procedure_in_progress_is_shown_with_its_state_but_not_its_people(self):
        heir = make_person(
            self.village_a,
            "Ouédraogo",
            "Issa",
            Sex.MALE,
            id_document_number="C99887766",
            id_document_type="national_id",
        )
        claim = change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=self.right_a,
            new_holders=[ClaimantInput(party=heir, share="1")],
            data={"reason": "Décès de OUÉDRAOGO Aminata"},
        )
        url = reverse("web:public-parcel", args=[self.parcel_a.pk])
        assert "Aucune procédure en cours." in self.client.get(url).content.decode()  # a draft is not public
        self.submitted(claim)
        page = self.client.get(url).content.decode()
        assert "succession — déposée" in page
        assert "C99887766" not in page and "Décès" not in page
        self.assert_no_personal_data(page)

    def test_a_short_search_asks_for_more(self):
        response = self.search("a")
        assert response.context["parcels"] is None
        assert "au moins 2 caractères" in response.content.decode()

    def test_the_register_links_to_the_notice_boards_the_verification_and_the_public_map(self):
        page = self.client.get(reverse("web:public-register")).content.decode()
        for name in ("adjudication:notice-boards", "web:public-verify", "web:public-map"):
            assert reverse(name) in page

    def test_the_public_map_draws_all_parcels_and_opens_public_pages(self):
        page = self.client.get(reverse("web:public-map")).content.decode()
        assert 'data-tiles="/tiles/parcels/{z}/{x}/{y}.mvt"' in page  # not ?scope=mine: no login here
        assert reverse("web:public-parcel", args=["00000000-0000-0000-0000-000000000000"]) in page

    def test_the_verification_form_opens_the_qr_codes_address(self):
        page = self.client.get(reverse("web:public-verify")).content.decode()
        data = form_data(page)
        data["code"] = ["https://registre.example/verify/abc.def.ghi"]
        response = self.client.get(reverse("web:public-verify"), data)
        assert response.status_code == 302
        assert response["Location"] == reverse("certificates:verify", args=["abc.def.ghi"])
        verdict = self.client.get(response["Location"])
        assert verdict.status_code == 200

    @override_settings(LANDREG_PUBLIC_REQUESTS_PER_MINUTE=3)
    def test_a_visitor_asking_too_fast_is_told_to_wait(self):
        url = reverse("web:public-register")
        for _ in range(3):
            assert self.client.get(url, {"q": "TC-A"}).status_code == 200
        response = self.client.get(url, {"q": "TC-A"})
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 60
        assert "Trop de requêtes" in response.content.decode()
        # Another address still gets answers; so does a logged-in officer.
        assert self.client.get(url, {"q": "TC-A"}, REMOTE_ADDR="10.0.0.9").status_code == 200
        self.client.force_login(self.agent_a)
        assert self.client.get(url, {"q": "TC-A"}).status_code == 200

    @override_settings(LANDREG_PUBLIC_REQUESTS_PER_MINUTE=3)
    def test_the_count_is_shared_by_the_servers_workers(self):
        # Each gunicorn worker has its own memory (the default cache): a worker that has not served this
        # address yet is played by emptying it between requests. The count must hold across them.
        url = reverse("web:public-register")
        for _ in range(3):
            assert self.client.get(url, {"q": "TC-A"}).status_code == 200
            cache.clear()
        assert self.client.get(url, {"q": "TC-A"}).status_code == 429

    def test_a_retired_parcel_is_no_longer_in_the_register(self):
        version_retire(self.parcel_b, reason="fusion")
        assert self.client.get(reverse("web:public-parcel", args=[self.parcel_b.pk])).status_code == 404
        assert self.search(self.parcel_b.number).context["parcels"] == []
