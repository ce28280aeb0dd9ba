"""A rural land certificate is pledged for a credit: the land office records the mortgage (hypothèque) of a
bank or microfinance institution on a parcel, every holder consenting, and its release (mainlevée) when the
credit is repaid. The mortgage follows the land: a buyer takes mortgaged land, each part of a split parcel
stays mortgaged. (No path recorded one: the code list's « Hypothèque » was never used.)"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.changes.consents import ConsentMissingError, consent_record, consents_needed
from landreg.adjudication.changes.later_life import parcel_merge, parcel_split
from landreg.adjudication.changes.mortgages import mortgage_register, mortgage_release
from landreg.adjudication.changes.transfers import right_transfer
from landreg.adjudication.exceptions import TransferError
from landreg.adjudication.states import ClaimState
from landreg.audit.models import AuditEvent
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.documents.services import source_attach
from landreg.parcels.models import Parcel
from landreg.rights.models import MortgageTerms, Right
from landreg.rights.mortgages import mortgages_said
from landreg.rights.services import HolderShare
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.adjudication.mortgage_cast import DEED, application_data, creditor_input, creditor_of, terms
from tests.adjudication.test_loan_consent import FamilyHolding
from tests.base import make_person, record_shared_holding
from tests.geometries import square


def mortgages_of(parcel):
    return Right.objects.current().filter(parcel=parcel, right_type_id="mortgage")


class DirectMortgageTests(AdjudicationTestCase):
    direct_changes = True

    def setUp(self):
        super().setUp()
        self.bank = creditor_of(self.village_a)
        # The deed every preset procedure asks of a mortgage (adjudication.profiles.PRESETS).
        self.deed = source_attach(
            source_type="deed",
            document_date=dt.date(2030, 1, 3),
            village=self.village_a,
            reference="H-2030-014",
        )

    def mortgage(self, parcel=None, actor=None, **changes):
        return mortgage_register(
            parcel=parcel or self.parcel_a,
            creditor=self.bank,
            actor=actor or self.registrar,
            **terms(**{"documents": [self.deed], **changes}),
        )

    def test_the_land_office_records_a_mortgage_of_the_bank_until_repayment(self):
        right = self.mortgage()
        assert right.right_type_id == "mortgage" and right.right_type.kind == "restriction"
        assert [h.party for h in right.holders.all()] == [self.bank]
        assert right.legal_basis == DEED and right.end_date is None
        held = MortgageTerms.objects.get(right=right)
        assert (held.amount, held.currency, held.deed_date) == (Decimal(2500000), "XOF", dt.date(2030, 1, 3))
        assert AuditEvent.objects.filter(action="right.mortgage", object_id=str(right.pk)).exists()
        # The holder's right is untouched: the mortgage is a restriction beside it.
        assert Right.objects.get(pk=self.right_a.pk).is_current

    def test_bad_terms_are_refused_and_nothing_is_written(self):
        for changes, message in (
            ({"amount": Decimal(0)}, "amount"),
            ({"currency": "EUR"}, "currency"),
            ({"deed_reference": "  "}, "reference of the mortgage deed"),
            ({"end_date": dt.date(2029, 1, 1)}, "before the start date"),
        ):
            with self.subTest(changes=changes), pytest.raises(TransferError, match=message):
                self.mortgage(**changes)
        assert not mortgages_of(self.parcel_a).exists()

    def test_a_person_is_no_creditor_the_public_verification_would_name(self):
        lender = make_person(self.village_a, "Ɓadolo", "Ɛmile")
        with pytest.raises(TransferError, match="bank or microfinance institution"):
            mortgage_register(
                parcel=self.parcel_a, creditor=lender, actor=self.registrar, documents=[self.deed], **terms()
            )
        assert not mortgages_of(self.parcel_a).exists()

    def test_only_the_land_office_of_the_village_records_or_releases_it(self):
        for user in (self.member_a, self.agent_a, self.agent_b, self.stranger):
            with self.subTest(user=user.username), pytest.raises(PermissionDeniedError):
                self.mortgage(actor=user)
        right = self.mortgage()
        for user in (self.member_a, self.agent_b):
            with self.subTest(user=user.username), pytest.raises(PermissionDeniedError):
                mortgage_release(right=right, actor=user, deed_reference="M-1", deed_date=dt.date(2031, 1, 1))
        assert Right.objects.get(pk=right.pk).is_current

    def test_the_release_ends_the_mortgage_and_keeps_it_with_its_deed(self):
        right = self.mortgage()
        mortgage_release(
            right=right,
            actor=self.registrar,
            deed_reference="Mainlevée n° ML-2031-002",
            deed_date=dt.date(2031, 2, 1),
        )
        ended = Right.objects.get(pk=right.pk)
        assert ended.end_lifespan is not None
        held = MortgageTerms.objects.get(right=right)
        assert (held.release_reference, held.release_date) == (
            "Mainlevée n° ML-2031-002",
            dt.date(2031, 2, 1),
        )
        assert AuditEvent.objects.filter(action="right.mortgage.release").exists()
        with pytest.raises(TransferError, match="already been released"):
            mortgage_release(
                right=ended, actor=self.registrar, deed_reference="x", deed_date=dt.date(2031, 2, 2)
            )
        with pytest.raises(TransferError, match="Only a mortgage"):
            mortgage_release(
                right=self.right_a, actor=self.registrar, deed_reference="x", deed_date=dt.date(2031, 2, 2)
            )

    def test_a_family_holding_is_not_mortgaged_at_the_desk_without_an_application(self):
        people = [
            make_person(self.village_a, "Ŋaba", "Ɛdouard", "M"),
            make_person(self.village_a, "Ŋaba", "Awa", "F"),
        ]
        parcel = record_shared_holding(self.village_a, square(400, 0), people)
        with pytest.raises(ConsentMissingError):
            self.mortgage(parcel=parcel)
        assert not mortgages_of(parcel).exists()

    def test_a_buyer_takes_the_land_with_its_mortgage(self):
        right = self.mortgage()
        buyer = make_person(self.village_a, "Sɔmda", "Ɛlise", "F")
        transfer = right_transfer(
            right=self.right_a,
            kind="sale",
            new_holders=[HolderShare(buyer)],
            actor=self.registrar,
            reason="Acte de vente n° 12",
        )
        assert [h.party for h in transfer.new_right.holders.all()] == [buyer]
        assert list(mortgages_of(self.parcel_a)) == [right]

    def test_every_part_of_a_split_parcel_stays_mortgaged_for_the_same_debt(self):
        right = self.mortgage()
        change = parcel_split(
            parcel=self.parcel_a,
            parts=[square(0, 0, 50).union(square(0, 50, 50)), square(50, 0, 50).union(square(50, 50, 50))],
            actor=self.registrar,
            reason="Partage entre héritiers",
        )
        assert Right.objects.get(pk=right.pk).end_lifespan is not None
        for part in change.new_parcels.all():
            (carried,) = mortgages_of(part)
            assert [h.party for h in carried.holders.all()] == [self.bank] and carried.legal_basis == DEED
            assert MortgageTerms.objects.get(right=carried).amount == Decimal(2500000)

    def test_a_part_of_a_split_parcel_keeps_the_mortgage_inscribed_on_its_day_with_its_deed(self):
        deed = self.deed
        right = self.mortgage()
        inscribed = right.begin_lifespan
        self.travel(40)  # the heirs share the land a month later
        change = parcel_split(
            parcel=self.parcel_a,
            parts=[square(0, 0, 50).union(square(0, 50, 50)), square(50, 0, 50).union(square(50, 50, 50))],
            actor=self.registrar,
            reason="Partage entre héritiers",
        )
        for part in change.new_parcels.all():
            (carried,) = mortgages_of(part)
            assert carried.begin_lifespan > inscribed  # the part's right begins with the part
            assert MortgageTerms.objects.get(right=carried).registered_at == inscribed
            assert list(carried.sources.all()) == [deed]
            with translation.override("en"):
                (line,) = mortgages_said(parcel_id=part.pk, on=clock.today())
            assert f"registered on {inscribed:%d/%m/%Y} — " in line, line
            self.client.force_login(self.registrar)
            page = self.client.get(f"/parcels/{part.pk}/").content.decode()
            assert f"inscrite le {inscribed:%d/%m/%Y} — " in page

    def test_a_mortgaged_parcel_is_not_merged(self):
        self.mortgage()
        neighbour = self.parcel_held(100)
        with pytest.raises(TransferError, match="mortgaged parcel cannot be merged"):
            parcel_merge(parcels=[self.parcel_a, neighbour], actor=self.registrar, reason="Remembrement")
        assert Parcel.objects.get(pk=self.parcel_a.pk).is_current


class MortgageApplicationTests(FamilyHolding, AdjudicationTestCase):
    def test_each_member_of_the_family_consents_and_the_approved_application_writes_the_mortgage(self):
        self.family_holding()
        claim = change_draft(
            actor=self.registrar,
            kind="mortgage",
            parcels=[self.parcel],
            new_holders=[creditor_input()],
            data=application_data(),
        )
        assert {n.party for n in consents_needed(claim)} == {self.mother, self.son}
        with pytest.raises(ConsentMissingError, match="ŊABA Ɛdouard"):
            self.submitted(claim)
        for person in (self.mother, self.son):
            consent_record(
                claim=claim, actor=self.registrar, role="co_holder", party=person, agrees=True, mark="cross"
            )
        claim = self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        (right,) = mortgages_of(self.parcel)
        assert claim.right == right and str(claim.state_said) == "recorded in the register"
        assert [h.party.name for h in right.holders.all()] == ["Caisse populaire Ɓaŋré de Tanghin"]
        assert MortgageTerms.objects.get(right=right).currency == "XOF"

    def test_a_mortgage_names_one_creditor_an_organisation(self):
        for holders in ([], [applicant("Sɔmda", "Ɛlise", "F")], [creditor_input(), creditor_input()]):
            with self.subTest(holders=len(holders)), pytest.raises(TransferError):
                change_draft(
                    actor=self.registrar,
                    kind="mortgage",
                    parcels=[self.parcel_a],
                    new_holders=holders,
                    data=application_data(),
                )
