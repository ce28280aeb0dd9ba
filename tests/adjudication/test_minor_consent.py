"""A co-holder who is a minor does not consent alone to a loan, lease, sale, donation or split of the holding:
their legal representative consents for them. The consents page names the minor « mineur, représenté par … »,
asks who consents for him, and refuses a consent recorded for him without a representative."""

from html import unescape

import pytest
from django.test import Client

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.changes.consents import MinorConsentError, consent_record, consents_needed
from landreg.adjudication.models import ChangeConsent, ConsentRole, SignatureMark
from landreg.adjudication.states import ClaimState
from landreg.parcels.services import parcel_record
from landreg.parties.models import LegalRepresentation
from landreg.parties.services import representation_record
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person
from tests.browser_forms import flat, forms
from tests.geometries import square


class MinorCoHolderTests(AdjudicationTestCase):
    """The clock stands at 7 January 2030: Ɛdouard, born in 2016, is thirteen; his mother holds the other
    half of their field since his father's death."""

    def setUp(self):
        super().setUp()
        self.mother = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", "F", birth_date="1986-02-11")
        self.son = make_person(self.village_a, "Ŋaba", "Ɛdouard", "M", birth_date="2016-09-30")
        self.parcel = parcel_record(village=self.village_a, geometry=square(300, 0), survey_method="gps")
        right_register(
            parcel=self.parcel,
            right_type="customaryType",
            holders=[HolderShare(self.mother, "1/2"), HolderShare(self.son, "1/2")],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN",
        )
        self.claim = change_draft(
            actor=self.registrar,
            kind="loan",
            parcels=[self.parcel],
            new_holders=[applicant("Sɔmda", "Ɛlise", "F")],
            data={
                "reason": "Prêt de culture pour trois saisons",
                "legal_basis": "Accord coutumier devant le chef de village",
                "start_date": "2030-02-01",
            },
        )
        self.url = f"/adjudication/claims/{self.claim.pk}/consents/"
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)

    def consent_form_of(self, party):
        html = self.browser.get(self.url).content.decode()
        return next(f for f in forms(html) if dict(f.fields).get("key") == f"co_holder:{party.pk}")

    def test_the_mother_consents_for_her_minor_son_from_the_page(self):
        page = unescape(self.browser.get(self.url).content.decode())
        assert "mineur, sans représentant légal enregistré" in page
        body = self.consent_form_of(self.son).data(
            agrees="yes",
            mark="fingerprint",
            mark_reference="EMP-0042",
            representative_name="ŊABA Ɓintu Fatɛ",
            representative_basis="mother",
        )
        self.assertRedirects(self.browser.post(self.url, flat(body)), self.url)
        consent = ChangeConsent.objects.get(party=self.son)
        assert (consent.representative_name, consent.representative_basis) == ("ŊABA Ɓintu Fatɛ", "mother")
        assert LegalRepresentation.objects.current().get(person=self.son).representative_name == (
            "ŊABA Ɓintu Fatɛ"
        )
        page = unescape(self.browser.get(self.url).content.decode())
        assert "mineur, représenté par ŊABA Ɓintu Fatɛ (mère)" in page
        assert "donné par ŊABA Ɓintu Fatɛ" in page
        body = self.consent_form_of(self.mother).data(agrees="yes", mark="signature")
        self.assertRedirects(self.browser.post(self.url, flat(body)), self.url)
        assert all(n.given for n in consents_needed(self.claim))
        assert self.submitted(self.claim).state == ClaimState.SUBMITTED

    def test_a_minor_cannot_consent_alone(self):
        body = self.consent_form_of(self.son).data(agrees="yes", mark="cross")
        response = self.browser.post(self.url, flat(body))
        assert response.status_code == 400
        assert (
            "ŊABA Ɛdouard est mineur(e)\u202f: un mineur ne consent pas seul. Nommez le représentant légal "
            "(père, mère ou tuteur) qui consent pour lui." in unescape(response.content.decode())
        )
        assert not ChangeConsent.objects.exists()
        assert not next(n for n in consents_needed(self.claim) if n.party == self.son).given

    def test_the_representative_recorded_is_offered_and_consents_as_the_page_renders_it(self):
        representation_record(
            person=self.son,
            representative_name="ŊABA Ɓila",
            basis="guardian_court",
            reference="Jugement n°45/2028 du TGI de Koudougou",
            actor=self.registrar,
        )
        body = self.consent_form_of(self.son).data(agrees="yes", mark="signature")
        assert body["representative_name"] == ["ŊABA Ɓila"]  # prefilled from the register
        self.assertRedirects(self.browser.post(self.url, flat(body)), self.url)
        assert ChangeConsent.objects.get(party=self.son).representative_basis == "guardian_court"

    def test_the_service_refuses_a_minors_consent_without_a_representative_whoever_calls_it(self):
        with pytest.raises(MinorConsentError, match="ŊABA Ɛdouard is a minor"):
            consent_record(
                claim=self.claim,
                actor=self.registrar,
                role=ConsentRole.CO_HOLDER,
                party=self.son,
                agrees=True,
                mark=SignatureMark.CROSS,
            )

    def test_a_holder_of_age_consents_himself(self):
        self.travel(365 * 6)  # Ɛdouard is nineteen
        needed = {n.party: n for n in consents_needed(self.claim)}
        assert not needed[self.son].minor
