"""The land office records a mortgage from the parcel's change page and its release (mainlevée) from the
page the change page links to; the parcel page says « Hypothèque au profit de … inscrite le … », in French and
in English. Other users of the village, or of another village, reach neither page."""

import datetime as dt
import re
from html import unescape

from django.test import Client

from landreg.adjudication.claims import transitions
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.documents.services import source_attach
from landreg.rights.models import MortgageTerms, Right
from tests.adjudication.helpers import AdjudicationTestCase
from tests.adjudication.mortgage_cast import CREDITOR_NAME, DEED, creditor_of
from tests.browser_forms import flat, form_with_field


def page_text(response) -> str:
    return unescape(response.content.decode()).replace("\u202f", " ").replace("\u00a0", " ")


class MortgagePageTests(AdjudicationTestCase):
    profile_code = "bf-apfr"  # a mortgage is screened by the land office and approved by the mayor

    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.change_url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"
        self.parcel_url = f"/parcels/{self.parcel_a.pk}/"

    def get(self, user, url, language="fr"):
        self.browser.force_login(user)
        self.browser.cookies["django_language"] = language  # as the language menu chooses it
        return self.browser.get(url)

    def lodge(self, **values):
        form = form_with_field(self.get(self.registrar, self.change_url).content.decode(), "kind")
        body = form.data(
            kind="mortgage",
            reason="Crédit de campagne agricole",
            start_date="2030-01-07",
            amount="2500000",
            currency="XOF",
            deed_reference=DEED,
            deed_date="2030-01-03",
            source_type="deed",
            document_date="2030-01-03",
            reference="H-2030-014",
            **values,
        )
        return self.browser.post(self.change_url, flat(body), HTTP_ACCEPT_LANGUAGE="fr")

    def recorded(self) -> Right:
        self.lodge(creditor_name=CREDITOR_NAME)
        claim = Claim.objects.get(purpose="mortgage")
        transitions.screening_start(claim=claim, actor=self.registrar)
        claim = transitions.screening_accept(claim=claim, actor=self.registrar)
        assert claim.state == ClaimState.AUTHORITY_APPROVAL
        claim = transitions.authority_approve(claim=claim, actor=self.mayor)
        assert claim.state == ClaimState.READY_FOR_CERTIFICATE
        return claim.right

    def test_the_registrar_lodges_the_mortgage_and_once_screened_the_parcel_page_says_it(self):
        response = self.lodge(creditor_name=CREDITOR_NAME)
        claim = Claim.objects.get(purpose="mortgage")
        self.assertRedirects(response, f"/adjudication/claims/{claim.pk}/", fetch_redirect_response=False)
        assert (
            claim.state == ClaimState.SUBMITTED and not Right.objects.filter(right_type="mortgage").exists()
        )
        # The mayor who approves reads the bank as its creditor (it said « demandeur (futur titulaire) (1) »),
        # what the land secures, and the deed's own date.
        application = page_text(self.get(self.registrar, f"/adjudication/claims/{claim.pk}/"))
        said = re.sub(r"<[^>]+>", "", application)
        assert f"{CREDITOR_NAME} — créancier" in said and "futur titulaire" not in said
        assert re.search(r"Montant garanti</dt><dd[^>]*>2 500 000 FCFA</dd>", application), application
        assert f"{DEED} (03/01/2030)" in application and "07/01/2030 – jusqu’au remboursement" in application
        english = page_text(self.get(self.registrar, f"/adjudication/claims/{claim.pk}/", "en"))
        assert (
            f"{CREDITOR_NAME} — creditor" in re.sub(r"<[^>]+>", "", english) and "2,500,000 FCFA" in english
        )
        transitions.screening_start(claim=claim, actor=self.registrar)
        transitions.screening_accept(claim=claim, actor=self.registrar)
        right = transitions.authority_approve(claim=claim, actor=self.mayor).right
        assert MortgageTerms.objects.get(right=right).amount == 2500000
        french = page_text(self.get(self.registrar, self.parcel_url))
        assert (
            f"Hypothèque au profit de {CREDITOR_NAME} inscrite le 07/01/2030 — 2 500 000 FCFA, "
            "jusqu’au remboursement" in french
        )
        # In the table of rights the bank is the creditor, not a holder of a share of the land.
        cells = re.sub(r"<[^>]+>", "", french)
        assert f"{CREDITOR_NAME} — créancier" in cells and f"{CREDITOR_NAME} — 1/1" not in cells
        # The parcels' list names the holders of the land, not its creditor.
        listing = page_text(self.get(self.registrar, "/parcels/"))
        assert "OUÉDRAOGO Aminata" in listing and CREDITOR_NAME not in listing
        english = page_text(self.get(self.registrar, self.parcel_url, "en"))
        assert f"Mortgage in favour of {CREDITOR_NAME} registered on 07/01/2030 — 2,500,000 FCFA" in english
        assert "until repayment" in english
        assert f"{CREDITOR_NAME} — creditor" in re.sub(r"<[^>]+>", "", english)

    def test_a_registered_organisation_is_chosen_as_creditor(self):
        bank = creditor_of(self.village_a)
        self.lodge(creditor=str(bank.pk))
        claim = Claim.objects.get(purpose="mortgage")
        assert [c.party for c in claim.claimants.all()] == [bank]

    def test_a_mortgage_without_creditor_is_refused_beside_the_field_and_nothing_is_lodged(self):
        response = self.lodge()
        assert response.status_code == 400
        page = page_text(response)
        assert re.search(r'class="error"[^>]*>[^<]*banque ou l’institution de microfinance', page)
        assert "2500000" in page  # what was typed is kept
        assert not Claim.objects.filter(purpose="mortgage").exists()

    def test_the_release_is_recorded_from_the_change_page_and_the_mortgage_stays_in_the_history(self):
        right = self.recorded()
        release_url = f"/adjudication/parcels/{self.parcel_a.pk}/mortgages/{right.pk}/release/"
        change_page = page_text(self.get(self.registrar, self.change_url))
        assert "Hypothèques en vigueur" in change_page and f'href="{release_url}"' in change_page
        release_page = self.get(self.registrar, release_url).content.decode()
        assert "Inscrite le</dt><dd>07/01/2030</dd>" in release_page
        form = form_with_field(release_page, "deed_reference")
        body = form.data(deed_reference="Mainlevée n° ML-2031-002", deed_date="2031-02-01")
        response = self.browser.post(release_url, flat(body), HTTP_ACCEPT_LANGUAGE="fr")
        self.assertRedirects(response, self.parcel_url, fetch_redirect_response=False)
        assert Right.objects.get(pk=right.pk).end_lifespan is not None
        parcel_page = page_text(self.get(self.registrar, self.parcel_url))
        assert "Hypothèque au profit de" not in parcel_page
        past = parcel_page.split("past-rights", 1)[1]
        assert (
            f"{CREDITOR_NAME} (créancier)" in past  # not « (1) », a share of the land
            and "Mainlevée de l’hypothèque : Mainlevée n° ML-2031-002 du 01/02/2031" in past
        )
        english = page_text(self.get(self.registrar, self.parcel_url, "en")).split("past-rights", 1)[1]
        assert "Release of the mortgage: Mainlevée n° ML-2031-002 of 01/02/2031" in english

    def test_a_release_without_its_deed_is_refused_and_the_mortgage_stays(self):
        right = self.recorded()
        release_url = f"/adjudication/parcels/{self.parcel_a.pk}/mortgages/{right.pk}/release/"
        form = form_with_field(self.get(self.registrar, release_url).content.decode(), "deed_reference")
        response = self.browser.post(release_url, flat(form.data(deed_reference="", deed_date="")))
        assert response.status_code == 400
        assert Right.objects.get(pk=right.pk).is_current

    def test_a_committee_member_or_another_villages_agent_reaches_neither_page(self):
        right = self.recorded()
        release_url = f"/adjudication/parcels/{self.parcel_a.pk}/mortgages/{right.pk}/release/"
        for user in (self.member_a, self.agent_a, self.agent_b):
            with self.subTest(user=user.username):
                assert self.get(user, release_url).status_code == 404
                assert self.get(user, self.change_url).status_code == 404
        # The holder's own right is no mortgage: it is not released here.
        primary = f"/adjudication/parcels/{self.parcel_a.pk}/mortgages/{self.right_a.pk}/release/"
        assert self.get(self.registrar, primary).status_code == 404
        assert Right.objects.get(pk=right.pk).is_current


class MortgageApiTests(AdjudicationTestCase):
    profile_code = "bf-apfr"
    direct_changes = True  # the commune records a mortgage directly, on its deed

    def setUp(self):
        super().setUp()
        self.deed = source_attach(
            source_type="deed", document_date=dt.date(2030, 1, 3), village=self.village_a, reference="H-14"
        )

    def post(self, url, body, user):
        self.client.force_login(user)
        return self.client.post(url, body, content_type="application/json")

    def body(self, creditor) -> dict:
        return {
            "creditor": str(creditor.pk),
            "amount": "2500000",
            "currency": "XOF",
            "deed_reference": DEED,
            "deed_date": "2030-01-03",
            "start_date": "2030-01-07",
            "documents": [str(self.deed.pk)],
        }

    def test_the_registrar_records_and_releases_a_mortgage_and_others_are_refused(self):
        bank = creditor_of(self.village_a)
        url = f"/api/v1/parcels/{self.parcel_a.pk}/mortgages/"
        assert self.post(url, self.body(bank), self.member_a).status_code == 403
        assert self.post(url, self.body(bank), self.agent_b).status_code == 404
        response = self.post(url, self.body(bank), self.registrar)
        assert response.status_code == 201, response.content
        right = Right.objects.get(pk=response.json()["id"])
        assert right.right_type_id == "mortgage" and MortgageTerms.objects.get(right=right).currency == "XOF"
        release = f"{url}{right.pk}/release/"
        body = {"deed_reference": "Mainlevée n° ML-2031-002", "deed_date": "2031-02-01"}
        assert self.post(release, body, self.member_a).status_code == 403
        answer = self.post(release, body, self.registrar)
        assert answer.status_code == 200 and answer.json()["in_force"] is False
        assert self.post(release, body, self.registrar).status_code == 404  # released: no longer current

    def test_bad_terms_are_refused_with_the_field_named(self):
        bank = creditor_of(self.village_a)
        url = f"/api/v1/parcels/{self.parcel_a.pk}/mortgages/"
        response = self.post(url, {**self.body(bank), "currency": "EUR", "amount": "0"}, self.registrar)
        assert response.status_code == 400 and {"currency", "amount"} <= set(
            response.json().get("fields", response.json())
        )
        assert not Right.objects.filter(right_type="mortgage").exists()

    def test_a_mortgage_application_is_lodged_through_the_changes_api(self):
        body = {
            "kind": "mortgage",
            "reason": "Crédit de campagne agricole",
            "parcels": [str(self.parcel_a.pk)],
            "creditor_name": CREDITOR_NAME,
            "amount": "2500000",
            "currency": "XOF",
            "legal_basis": DEED,
            "deed_date": "2030-01-03",
            "start_date": "2030-01-07",
            "documents": [str(self.deed.pk)],  # the deed the procedure asks before the application is lodged
        }
        response = self.post("/api/v1/changes/", body, self.registrar)
        assert response.status_code == 201, response.content
        claim = Claim.objects.get(purpose="mortgage")
        assert claim.change_data["amount"] == "2500000" and claim.change_data["end_date"] is None
        assert [c.name for c in claim.claimants.all()] == [CREDITOR_NAME]
