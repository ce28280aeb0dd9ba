import datetime as dt
import json

from landreg.adjudication.changes.later_life import (
    correction_apply,
    parcel_merge,
    parcel_split,
    secondary_right_grant,
)
from landreg.adjudication.exceptions import MissingDocumentsError, TransferError
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.documents.services import source_attach
from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_record
from landreg.rights.models import Right
from landreg.rights.services import HolderShare
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person, versions_of
from tests.geometries import square


class SplitMergeTests(AdjudicationTestCase):
    direct_changes = True

    def test_a_split_retires_the_parcel_and_gives_each_part_a_copy_of_its_rights(self):
        change = parcel_split(
            parcel=self.parcel_a,
            parts=[square(0, 0, 50).union(square(0, 50, 50)), square(50, 0, 50).union(square(50, 50, 50))],
            actor=self.registrar,
            reason="Partage entre enfants, PV n°3",
        )
        old = Parcel.objects.get(pk=self.parcel_a.pk)
        assert not old.is_current and not Right.objects.get(pk=self.right_a.pk).is_current
        new = list(change.new_parcels.order_by("number"))
        assert [p.number for p in new] == ["TC-A-00002", "TC-A-00003"]
        for parcel in new:
            assert round(parcel.area_m2) == 5000
            (right,) = parcel.rights.current()
            assert [h.party for h in right.holders.all()] == [self.holder_a]

    def test_parts_that_leave_a_gap_are_refused_and_nothing_changes(self):
        with self.assertRaisesMessage(TransferError, "cover the parcel"):
            parcel_split(
                parcel=self.parcel_a,
                parts=[square(0, 0, 50), square(50, 0, 50)],
                actor=self.registrar,
                reason="x",
            )
        assert Parcel.objects.get(pk=self.parcel_a.pk).is_current

    def test_two_touching_parcels_of_the_same_holder_merge_into_one(self):
        east = self.parcel_held(100)
        change = parcel_merge(parcels=[self.parcel_a, east], actor=self.registrar, reason="Remembrement")
        (merged,) = change.new_parcels.all()
        assert round(merged.area_m2) == 20_000 and merged.rights.current().count() == 1
        assert not Parcel.objects.filter(
            pk__in=[self.parcel_a.pk, east.pk], end_lifespan__isnull=True
        ).exists()

    def test_parcels_with_different_holders_or_apart_are_not_merged(self):
        apart = parcel_record(village=self.village_a, geometry=square(500, 0), survey_method="gps")
        with self.assertRaises(TransferError):
            parcel_merge(parcels=[self.parcel_a, apart], actor=self.registrar, reason="x")

    def test_only_the_registrar_splits(self):
        with self.assertRaises(PermissionDeniedError):
            parcel_split(parcel=self.parcel_a, parts=[], actor=self.agent_a, reason="x")


class LeaseLoanCorrectionTests(AdjudicationTestCase):
    profile_code = "bf-apfr"
    direct_changes = True

    def test_a_lease_needs_a_deed_and_an_end_date_and_overlays_the_primary_right(self):
        tenant = make_person(self.village_a, "Traore", "Moussa", "M")
        args = {
            "parcel": self.parcel_a,
            "kind": "lease",
            "holders": [HolderShare(tenant)],
            "actor": self.registrar,
            "legal_basis": "Bail du 1er mars 2030",
            "start_date": dt.date(2030, 3, 1),
        }
        with self.assertRaises(MissingDocumentsError):
            secondary_right_grant(end_date=dt.date(2035, 2, 28), **args)
        deed = source_attach(source_type="deed", document_date=clock.today(), village=self.village_a)
        with self.assertRaises(TransferError):
            secondary_right_grant(documents=[deed], **args)
        lease = secondary_right_grant(end_date=dt.date(2035, 2, 28), documents=[deed], **args)
        assert lease.right_type.is_secondary and self.parcel_a.rights.current().count() == 2

    def test_a_loan_of_land_is_recorded_without_a_deed(self):
        borrower = make_person(self.village_a, "Sanou", "Ali", "M")
        loan = secondary_right_grant(
            parcel=self.parcel_a,
            kind="loan",
            holders=[HolderShare(borrower)],
            actor=self.registrar,
            legal_basis="Prêt coutumier devant témoins",
            start_date=dt.date(2030, 1, 7),
        )
        assert loan.right_type_id == "loan"

    def test_a_correction_makes_a_new_version_and_keeps_the_wrong_one(self):
        corrected = correction_apply(
            record=self.holder_a, changes={"birth_place": "Koudougou"}, actor=self.registrar, reason="Erreur"
        )
        assert corrected.version == 2 and corrected.birth_place == "Koudougou"
        wrong, right = versions_of(corrected)
        assert (wrong.birth_place, right.birth_place) == ("Réo", "Koudougou")
        assert wrong.end_reason == "Erreur" and right.changed_by == self.registrar

    def test_a_correction_needs_a_reason(self):
        with self.assertRaises(TransferError):
            correction_apply(
                record=self.parcel_a, changes={"local_name": "x"}, actor=self.registrar, reason=" "
            )


class LaterLifeApiTests(AdjudicationTestCase):
    direct_changes = True

    def post(self, url, body, user):
        self.client.force_login(user)
        return self.client.post(url, body, content_type="application/json")

    def test_the_registrar_splits_through_the_api_and_others_are_refused(self):
        halves = [
            json.loads(square(0, 0, 50).union(square(0, 50, 50)).geojson),
            json.loads(square(50, 0, 50).union(square(50, 50, 50)).geojson),
        ]
        url = f"/api/v1/parcels/{self.parcel_a.pk}/split/"
        body = {"parts": halves, "reason": "Partage"}
        assert self.post(url, body, self.agent_a).status_code == 403
        assert self.post(url, body, self.agent_b).status_code == 404
        response = self.post(url, body, self.registrar)
        assert response.status_code == 201 and response.json()["new_parcels"] == ["TC-A-00002", "TC-A-00003"]
        assert self.post(url, {"parts": ["nonsense", "x"], "reason": "x"}, self.registrar).status_code == 400

    def test_the_registrar_merges_through_the_api(self):
        east = self.parcel_held(100)
        body = {"parcels": [str(self.parcel_a.pk), str(east.pk)], "reason": "Remembrement"}
        assert self.post("/api/v1/parcels/merge/", body, self.registrar).status_code == 201

    def test_a_loan_is_recorded_through_the_api(self):
        borrower = make_person(self.village_a, "Sanou", "Ali", "M")
        body = {
            "kind": "loan",
            "legal_basis": "Prêt coutumier",
            "start_date": "2030-01-07",
            "holders": [{"party": str(borrower.pk)}],
        }
        url = f"/api/v1/parcels/{self.parcel_a.pk}/secondary-rights/"
        assert self.post(url, body, self.stranger).status_code == 404
        assert self.post(url, body, self.registrar).status_code == 201
