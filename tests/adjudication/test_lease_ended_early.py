"""The land office ends a lease or a loan of land before its term: the walk of a lease recorded on a parcel
found no page that could end it (the register kept it in force until its written end, years later)."""

import datetime as dt
import re
from html import unescape

from django.test import Client

from landreg.rights.models import Right
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import flat, form_with_field


class LeaseEndedEarlyTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.lessee = make_person(self.village_a, "Sɔmda", "Ɛlise", "F")
        self.lease = right_register(
            parcel=self.parcel_a,
            right_type="lease",
            holders=[HolderShare(party=self.lessee)],
            tenure_system="formal",
            legal_basis="Contrat de bail n° B-2030-003",
            start_date=dt.date(2030, 1, 1),
            end_date=dt.date(2032, 12, 31),
        )
        self.change_url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"
        self.url = f"/adjudication/parcels/{self.parcel_a.pk}/rights/{self.lease.pk}/end/"

    def page(self, user, url) -> str:
        self.browser.force_login(user)
        response = self.browser.get(url)
        assert response.status_code == 200
        return unescape(response.content.decode())

    def end(self, reason: str):
        form = form_with_field(self.page(self.registrar, self.url), "reason")
        return self.browser.post(self.url, flat(form.data(reason=reason)))

    def test_the_registrar_ends_the_lease_from_the_change_page_and_the_parcel_keeps_it_as_history(self):
        change_page = self.page(self.registrar, self.change_url)
        assert "Baux et prêts en cours" in change_page and f'href="{self.url}"' in change_page
        assert "01/01/2030 – 31/12/2032" in change_page
        response = self.end("Résiliation amiable du 15/01/2030, acte n° R-2030-01")
        self.assertRedirects(response, f"/parcels/{self.parcel_a.pk}/", fetch_redirect_response=False)
        assert not Right.objects.get(pk=self.lease.pk).is_current
        parcel_page = self.page(self.registrar, f"/parcels/{self.parcel_a.pk}/")
        past = parcel_page.split("past-rights", 1)[1]
        assert "SƆMDA Ɛlise" in past and "Résiliation amiable du 15/01/2030" in past
        assert "fin enregistrée" in parcel_page
        assert "Baux et prêts en cours" not in self.page(self.registrar, self.change_url)

    def test_a_reason_left_blank_is_refused_beside_it_and_the_lease_stays(self):
        response = self.end("   ")
        assert response.status_code == 400
        assert re.search(r'class="error"[^>]*>[^<]*obligatoire', response.content.decode())
        assert Right.objects.get(pk=self.lease.pk).is_current

    def test_only_the_land_office_of_the_village_ends_a_lease_and_only_a_lease_or_a_loan(self):
        for user in (self.agent_a, self.member_a, self.agent_b):
            self.browser.force_login(user)
            with self.subTest(user=user.username):
                assert self.browser.get(self.url).status_code == 404
        self.browser.force_login(self.registrar)
        primary = f"/adjudication/parcels/{self.parcel_a.pk}/rights/{self.right_a.pk}/end/"
        assert self.browser.get(primary).status_code == 404
        assert Right.objects.get(pk=self.lease.pk).is_current
