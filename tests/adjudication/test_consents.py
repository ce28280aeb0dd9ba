"""A sale, donation, lease or split of a joint or collective right needs each co-holder's consent, with
their mark; the profile may ask for the spouse's too. (A sale once removed a woman co-holder's 2/3 share
without her.)"""

import pytest

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.changes.consents import ConsentMissingError, consent_record, consents_needed
from landreg.adjudication.changes.transfers import right_transfer
from landreg.adjudication.models import Claim, ConsentRole, SignatureMark
from landreg.adjudication.states import ClaimState
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, MaritalStatus, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.models import Right
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person
from tests.browser_forms import all_forms, flat, form_with_field
from tests.geometries import square


class ConsentSetup(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.husband = make_person(self.village_a, "Kaboré", "Issa", "M", marital_status="married_monogamous")
        self.wife = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", "F")
        self.parcel = parcel_record(village=self.village_a, geometry=square(300, 0), survey_method="gps")
        self.joint = self.held_by(self.parcel, (self.husband, "1/3"), (self.wife, "2/3"))

    def held_by(self, parcel, *holders):
        return right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(party, share) for party, share in holders],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN",
        )

    def sale(self, right):
        return change_draft(
            actor=self.registrar,
            kind="sale",
            right=right,
            new_holders=[applicant("Zongo", "Paul")],
            data={"reason": "Vente, acte n°4"},
        )

    def consent(self, claim, party, agrees=True, mark=SignatureMark.CROSS, role=ConsentRole.CO_HOLDER, **kw):
        return consent_record(
            claim=claim, actor=self.registrar, role=role, party=party, agrees=agrees, mark=mark, **kw
        )


class ConsentTests(ConsentSetup):
    def test_a_sale_without_the_wife_who_holds_two_thirds_cannot_be_submitted(self):
        claim = self.sale(self.joint)
        self.consent(claim, self.husband, mark=SignatureMark.SIGNATURE)
        with pytest.raises(ConsentMissingError, match="ŊABA Ɓintu Fatɛ"):
            self.submitted(claim)
        self.consent(claim, self.wife, mark=SignatureMark.CROSS)
        self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        new = Claim.objects.get(pk=claim.pk).transfer.new_right
        assert [h.party.last_name for h in new.holders.all()] == ["Zongo"]

    def test_a_refusal_is_recorded_and_blocks_the_sale(self):
        claim = self.sale(self.joint)
        self.consent(claim, self.husband)
        self.consent(claim, self.wife, agrees=False, mark=SignatureMark.REFUSED)
        with pytest.raises(ConsentMissingError):
            self.submitted(claim)
        assert Right.objects.get(pk=self.joint.pk).is_current

    def test_each_member_of_a_family_consents_to_the_sale_of_its_land(self):
        family = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Famille Ŋaba", group_type=GroupType.FAMILY
        )
        group_set_members(
            group=family,
            members=[MemberShare(self.wife, "1/2", is_mandatary=True), MemberShare(self.husband, "1/2")],
        )
        parcel = parcel_record(village=self.village_a, geometry=square(600, 0), survey_method="gps")
        claim = self.sale(self.held_by(parcel, (family, "1")))
        assert {n.party for n in consents_needed(claim)} == {self.wife, self.husband}

    def test_a_sole_holder_needs_no_consent_unless_the_profile_asks_for_the_spouse(self):
        claim = self.sale(self.right_a)  # held by holder_a alone, who is not married
        assert consents_needed(claim) == []
        self.profile.spouse_consent_required = True
        self.profile.save(update_fields=["spouse_consent_required"])
        parcel = parcel_record(village=self.village_a, geometry=square(600, 0), survey_method="gps")
        claim = self.sale(self.held_by(parcel, (self.husband, "1")))
        needed = consents_needed(claim)
        assert [(n.role, n.party) for n in needed] == [(ConsentRole.SPOUSE, self.husband)]
        with pytest.raises(ConsentMissingError, match="KABORÉ Issa"):
            self.submitted(claim)
        self.consent(claim, self.husband, role=ConsentRole.SPOUSE, name="Ŋaba Awa")
        assert self.submitted(claim).state == ClaimState.SUBMITTED

    def test_an_inheritance_needs_no_consent(self):
        claim = change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=self.joint,
            new_holders=[applicant("Kaboré", "Awa", "F")],
            data={"reason": "Décès"},
        )
        assert consents_needed(claim) == []


class DirectConsentTests(AdjudicationTestCase):
    direct_changes = True

    def test_a_joint_right_is_not_sold_directly_but_a_sole_holders_is(self):
        wife = make_person(
            self.village_a, "Ŋaba", "Awa", "F", marital_status=MaritalStatus.MARRIED_MONOGAMOUS
        )
        parcel = parcel_record(village=self.village_a, geometry=square(300, 0), survey_method="gps")
        joint = right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(self.holder_a, "1/3"), HolderShare(wife, "2/3")],
            tenure_system="customary",
            legal_basis="x",
        )
        buyer = make_person(self.village_a, "Zongo", "Paul", "M")
        docs = self.profile.required_documents.get("sale", [])
        from landreg.core import clock
        from landreg.documents.services import source_attach

        documents = [
            source_attach(source_type=d, document_date=clock.today(), village=self.village_a) for d in docs
        ]

        def sell(right):
            return right_transfer(
                right=right,
                kind="sale",
                new_holders=[HolderShare(buyer)],
                actor=self.registrar,
                reason="Vente",
                documents=documents,
            )

        with pytest.raises(ConsentMissingError):
            sell(joint)
        assert Right.objects.get(pk=joint.pk).is_current
        assert sell(self.right_a).new_right.holders.get().party == buyer


class ConsentPageTests(ConsentSetup):
    def test_the_registrar_records_each_consent_from_the_page_and_then_submits(self):
        claim = self.sale(self.joint)
        self.client.force_login(self.registrar)
        detail = self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        url = f"/adjudication/claims/{claim.pk}/consents/"
        assert url in detail
        page = self.client.get(url).content.decode()
        assert "ŊABA Ɓintu Fatɛ" in page and "croix" in page
        for index, party in enumerate((self.husband, self.wife)):
            html = self.client.get(url).content.decode()
            data = [f for f in all_forms(html) if "key" in f][index]
            assert data["key"] == [f"co_holder:{party.pk}"]
            data.update(agrees=["yes"], mark=["cross"])
            response = self.client.post(url, {k: v[0] for k, v in data.items()})
            self.assertRedirects(response, url)
        assert all(n.given for n in consents_needed(claim))
        assert "Tous les consentements sont donnés" in self.client.get(url).content.decode()
        assert self.submitted(claim).state == ClaimState.SUBMITTED

    def test_a_consent_without_a_decision_says_so_and_records_nothing(self):
        claim = self.sale(self.joint)
        self.client.force_login(self.registrar)
        url = f"/adjudication/claims/{claim.pk}/consents/"
        data = next(f for f in all_forms(self.client.get(url).content.decode()) if "key" in f)
        response = self.client.post(url, {k: v[0] for k, v in data.items()})
        assert response.status_code == 400 and not claim.consents.exists()

    def test_other_roles_get_no_consent_page(self):
        claim = self.sale(self.joint)
        self.client.force_login(self.agent_a)
        assert self.client.get(f"/adjudication/claims/{claim.pk}/consents/").status_code == 404

    def test_a_sale_lodged_from_the_parcel_page_waits_for_the_consents_as_a_draft(self):
        self.client.force_login(self.registrar)
        url = f"/adjudication/parcels/{self.parcel.pk}/change/"
        form = form_with_field(self.client.get(url).content.decode(), "kind")
        buyer_row = {"holders-0-last_name": "Zongo", "holders-0-first_names": "Paul", "holders-0-sex": "M"}
        body = form.data(kind="sale", reason="Vente, acte n°4", right=str(self.joint.pk), **buyer_row)
        response = self.client.post(url, flat({**body, "holders-0-share": ["1"]}))
        claim = Claim.objects.get(purpose="sale")
        self.assertRedirects(response, f"/adjudication/claims/{claim.pk}/consents/")
        assert claim.state == ClaimState.DRAFT and not claim.receipt_number

    def test_the_consents_are_recorded_through_the_api_before_submitting(self):
        claim = self.sale(self.joint)
        self.client.force_login(self.registrar)
        url = f"/api/v1/claims/{claim.pk}/consents/"
        assert [row["given"] for row in self.client.get(url).json()] == [False, False]
        for party in (self.husband, self.wife):
            body = {"party": str(party.pk), "agrees": True, "mark": "fingerprint", "mark_reference": "FP-9"}
            assert self.client.post(url, body, content_type="application/json").status_code == 201
        assert all(row["given"] for row in self.client.get(url).json())
        stranger = {"party": str(self.holder_a.pk), "agrees": True, "mark": "cross"}
        assert self.client.post(url, stranger, content_type="application/json").status_code == 400
        self.client.force_login(self.agent_a)
        assert self.client.get(url).status_code == 404
