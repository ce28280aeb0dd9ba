"""The adjudication workflow reads « current » as the registry's one rule (rights.models.in_force_on): a lease
past its own end date, never ended by a clerk, is not transferred, not carried onto the parts of a split, does
not stop a merge, and is not a second right beside the one whose holders a dispute's agreement revises."""

import datetime as dt
import re

from landreg.adjudication.changes.later_life import parcel_merge, parcel_split
from landreg.adjudication.changes.transfers import right_transfer
from landreg.adjudication.exceptions import TransferError
from landreg.core import clock
from landreg.disputes.cases.services import PartyInput, dispute_file
from landreg.disputes.outcomes.changes import change_refusal
from landreg.disputes.states import AgreedChange
from landreg.documents.services import source_attach
from landreg.parcels.models import Parcel
from landreg.rights.models import Right
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import square


class LeasePastTermTestCase(AdjudicationTestCase):
    direct_changes = True  # transfers, splits and merges recorded directly by the land office

    def setUp(self):
        super().setUp()
        self.tenant = make_person(self.village_a, "Diallo", "Ɓouba", "M")

    def lease_on(self, parcel, *, until: dt.date):
        """A lease of Ɓouba Diallo from two years back, never ended by a clerk."""
        return right_register(
            parcel=parcel,
            right_type="lease",
            holders=[HolderShare(self.tenant)],
            tenure_system="formal",
            legal_basis="Bail du 2 janvier 2028",
            start_date=dt.date(2028, 1, 2),
            end_date=until,
        )

    def deed(self):
        return source_attach(source_type="deed", document_date=clock.today(), village=self.village_a)


class TransferTests(LeasePastTermTestCase):
    def test_a_lease_past_its_term_is_not_offered_nor_transferred(self):
        past = self.lease_on(self.parcel_a, until=clock.today() - dt.timedelta(days=1))
        running = self.lease_on(self.parcel_held(100), until=clock.today())  # its last day: in force
        self.client.force_login(self.registrar)
        html = self.client.get(f"/adjudication/parcels/{self.parcel_a.pk}/change/").content.decode()
        offered = re.search(r'<select name="right".*?</select>', html, re.S).group(0)
        assert str(self.right_a.pk) in offered and str(past.pk) not in offered
        buyer = make_person(self.village_a, "Sawadogo", "Ɛric", "M")
        response = self.client.post(
            f"/api/v1/rights/{past.pk}/transfers/",
            {
                "kind": "sale",
                "reason": "Cession du bail",
                "holders": [{"party": str(buyer.pk), "share": "1"}],
            },
            content_type="application/json",
        )
        assert response.status_code == 400, response.content
        assert "terme de ce droit est échu (06/01/2030)" in response.json()["detail"]
        assert Right.objects.get(pk=past.pk).is_current  # nothing written
        with self.assertRaisesMessage(TransferError, "(06/01/2030)"):
            right_transfer(
                right=past,
                kind="sale",
                new_holders=[HolderShare(buyer)],
                actor=self.registrar,
                reason="Cession du bail",
                documents=[self.deed()],
            )
        moved = right_transfer(
            right=running,
            kind="sale",
            new_holders=[HolderShare(buyer)],
            actor=self.registrar,
            reason="Cession du bail",
            documents=[self.deed()],
        )
        assert moved.new_right.right_type_id == "lease"


class SplitAndMergeTests(LeasePastTermTestCase):
    def test_a_split_carries_the_rights_in_force_and_leaves_a_lease_past_its_term_with_the_old_parcel(self):
        past = self.lease_on(self.parcel_a, until=clock.today() - dt.timedelta(days=1))
        change = parcel_split(
            parcel=self.parcel_a,
            parts=[square(0, 0, 50).union(square(0, 50, 50)), square(50, 0, 50).union(square(50, 50, 50))],
            actor=self.registrar,
            reason="Partage entre héritiers",
        )
        for part in change.new_parcels.all():
            types = sorted(part.rights.values_list("right_type_id", flat=True))
            assert types == ["customaryType"], part.number
        assert Right.objects.get(pk=past.pk).end_lifespan is not None  # closed with its retired parcel
        assert not Parcel.objects.get(pk=self.parcel_a.pk).is_current

    def test_a_lease_past_its_term_on_one_parcel_does_not_stop_the_merge(self):
        east = self.parcel_held(100)
        self.lease_on(east, until=clock.today() - dt.timedelta(days=1))
        change = parcel_merge(parcels=[self.parcel_a, east], actor=self.registrar, reason="Remembrement")
        (merged,) = change.new_parcels.all()
        assert list(merged.rights.values_list("right_type_id", flat=True)) == ["customaryType"]


class DisputeOutcomeTests(LeasePastTermTestCase):
    def test_new_shares_for_the_holding_are_not_refused_because_of_a_lease_past_its_term(self):
        self.lease_on(self.parcel_a, until=clock.today() - dt.timedelta(days=30))
        case = dispute_file(
            actor=self.disputes,
            village=self.village_a,
            subject="Héritage contesté",
            parcels=[self.parcel_a],
            rights=list(self.parcel_a.rights.current()),  # as the page files it: every open right
            parties=[
                PartyInput("heir", "OUÉDRAOGO Issa", "M"),
                PartyInput("holder", self.holder_a.display_name, party=self.holder_a),
            ],
        )
        assert case.rights.count() == 2
        assert change_refusal(case, AgreedChange.SHARES) is None
        # Ending a right is still refused while two rights are open: which one, the lease or the holding?
        assert change_refusal(case, AgreedChange.END_RIGHT) is not None
