"""A loan of land (prêt) on a family's or several persons' holding needs each co-holder's consent, as a lease
does: a secondary right granted on the holding takes its use from them. (A loan on a family holding went
through at the desk without any member's consent, while a lease asked for it.)"""

import datetime as dt
from html import unescape

import pytest
from django.test import Client

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.changes.consents import ConsentMissingError, consents_needed
from landreg.adjudication.changes.later_life import secondary_right_grant
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.documents.services import source_attach
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.models import Right
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person
from tests.browser_forms import flat, form_with_field, forms
from tests.geometries import square


class FamilyHolding:
    def family_holding(self):
        self.mother = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", "F")
        self.son = make_person(self.village_a, "Ŋaba", "Ɛdouard", "M")
        family = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Famille Ŋaba", group_type=GroupType.FAMILY
        )
        group_set_members(
            group=family,
            members=[MemberShare(self.mother, "1/2", is_mandatary=True), MemberShare(self.son, "1/2")],
        )
        self.parcel = parcel_record(village=self.village_a, geometry=square(300, 0), survey_method="gps")
        return right_register(
            parcel=self.parcel,
            right_type="customaryType",
            holders=[HolderShare(family, "1")],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN",
        )


class LoanConsentTests(FamilyHolding, AdjudicationTestCase):
    def loan(self):
        return change_draft(
            actor=self.registrar,
            kind="loan",
            parcels=[self.parcel],
            new_holders=[applicant("Sɔmda", "Ɛlise", "F")],
            data={
                "reason": "Prêt de culture",
                "legal_basis": "Accord coutumier devant le chef de village",
                "start_date": "2030-01-01",
            },
        )

    def test_a_loan_of_a_family_holding_asks_each_member_and_is_not_submitted_without_them(self):
        self.family_holding()
        claim = self.loan()
        assert {n.party for n in consents_needed(claim)} == {self.mother, self.son}
        with pytest.raises(ConsentMissingError, match="ŊABA Ɛdouard"):
            self.submitted(claim)

    def test_a_sole_holders_loan_needs_no_consent(self):
        claim = change_draft(
            actor=self.registrar,
            kind="loan",
            parcels=[self.parcel_a],
            new_holders=[applicant("Sɔmda", "Ɛlise", "F")],
            data={"reason": "Prêt", "legal_basis": "Accord coutumier", "start_date": "2030-01-01"},
        )
        assert consents_needed(claim) == []


class DirectLoanTests(FamilyHolding, AdjudicationTestCase):
    direct_changes = True

    def test_a_family_holding_is_not_lent_directly(self):
        right = self.family_holding()
        with pytest.raises(ConsentMissingError):
            secondary_right_grant(
                parcel=self.parcel,
                kind="loan",
                holders=[HolderShare(make_person(self.village_a, "Sɔmda", "Ɛlise", "F"))],
                actor=self.registrar,
                legal_basis="Accord coutumier",
                start_date=clock.today(),
                end_date=clock.today() + dt.timedelta(days=365),
                documents=[
                    source_attach(source_type="deed", document_date=clock.today(), village=self.village_a)
                ],
            )
        assert not Right.objects.filter(parcel=self.parcel, right_type__code="loan").exists()
        assert Right.objects.get(pk=right.pk).is_current


class LoanConsentPageTests(FamilyHolding, AdjudicationTestCase):
    def test_a_loan_lodged_at_the_desk_waits_for_each_members_consent_recorded_from_the_page(self):
        self.family_holding()
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.registrar)
        url = f"/adjudication/parcels/{self.parcel.pk}/change/"
        form = form_with_field(browser.get(url).content.decode(), "kind")
        body = form.data(
            kind="loan",
            reason="Prêt de culture",
            legal_basis="Accord coutumier devant le chef de village",
            start_date="2030-01-01",
            source_type="deed",
            document_date="2030-01-05",
            reference="PR-2030-001",
            **{"holders-0-last_name": "Sɔmda", "holders-0-first_names": "Ɛlise", "holders-0-sex": "F"},
        )
        response = browser.post(url, flat(body))
        claim = Claim.objects.get(purpose="loan")
        consents_url = f"/adjudication/claims/{claim.pk}/consents/"
        self.assertRedirects(response, consents_url)
        assert claim.state == ClaimState.DRAFT
        page = unescape(browser.get(consents_url).content.decode())
        assert "ŊABA Ɓintu Fatɛ" in page and "ŊABA Ɛdouard" in page
        for index in range(2):
            consent_form = [
                f for f in forms(browser.get(consents_url).content.decode()) if "key" in f.controls
            ][index]
            data = consent_form.data(agrees="yes", mark="cross")
            self.assertRedirects(browser.post(consents_url, flat(data)), consents_url)
        assert all(n.given for n in consents_needed(claim))
        assert "Tous les consentements sont donnés" in browser.get(consents_url).content.decode()
        assert self.submitted(claim).state == ClaimState.SUBMITTED
