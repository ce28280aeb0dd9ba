"""While a case is open, its parcels, claims and rights do not move, whichever door is used; the outcome
lifts the freeze. The register says so: parcel and claim pages, the OGC API and the verification page."""

import datetime as dt
import io

from django.contrib.gis.geos import Polygon
from django.core.management import CommandError, call_command

from landreg.adjudication.changes.later_life import (
    correction_apply,
    parcel_merge,
    parcel_split,
    secondary_right_grant,
)
from landreg.adjudication.changes.transfers import right_transfer
from landreg.certificates.batches.queue import batch_request
from landreg.certificates.batches.run import batch_rights
from landreg.certificates.issuing.services import certificate_issue, certificate_print
from landreg.certificates.verification.verdicts import verify_token
from landreg.core import clock
from landreg.core.geometry import to_srid
from landreg.disputes.cases import transitions as moves
from landreg.disputes.exceptions import DisputePendingError
from landreg.rights.services import HolderShare
from tests.base import draft_inheritance, make_person
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import ORIGIN_E, ORIGIN_N


def rectangle(east, width, north=0, height=100):
    x, y = ORIGIN_E + east, ORIGIN_N + north
    ring = ((x, y), (x + width, y), (x + width, y + height), (x, y + height), (x, y))
    return to_srid(Polygon(ring, srid=32630), 4326)


class DirectChangeFreezeTests(DisputeTestCase):
    direct_changes = True  # the land office records changes directly (no application)

    def setUp(self):
        super().setUp()
        self.buyer = make_person(self.village_a, "Sawadogo", "Issa", sex="M")
        self.case = self.file_case(parcels=[self.parcel_a])

    def test_a_sale_split_merge_lease_and_correction_are_refused_while_the_case_is_open(self):
        attempts = {
            "sale": lambda: right_transfer(
                right=self.right_a,
                kind="sale",
                new_holders=[HolderShare(self.buyer)],
                actor=self.registrar,
                reason="Vente",
            ),
            "split": lambda: parcel_split(
                parcel=self.parcel_a,
                parts=[rectangle(0, 50), rectangle(50, 50)],
                actor=self.registrar,
                reason="Partage",
            ),
            "merge": lambda: parcel_merge(
                parcels=[self.parcel_a, self.parcel_held(100)], actor=self.registrar, reason="Réunion"
            ),
            "lease": lambda: secondary_right_grant(
                parcel=self.parcel_a,
                kind="lease",
                holders=[HolderShare(self.buyer)],
                actor=self.registrar,
                legal_basis="Bail",
                start_date=clock.today(),
                end_date=clock.today() + dt.timedelta(days=365),
            ),
            "correction": lambda: correction_apply(
                record=self.parcel_a, changes={"land_use": "pasture"}, actor=self.registrar, reason="Erreur"
            ),
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertRaisesMessage(DisputePendingError, self.case.number):
                attempt()
        self.parcel_a.refresh_from_db()
        assert self.parcel_a.is_current and self.parcel_a.version == 1
        assert list(self.parcel_a.rights.current()) == [self.right_a]

    def test_a_case_on_the_right_holds_its_parcel_and_the_outcome_lifts_the_freeze(self):
        other = self.parcel_held(300)
        right = other.rights.get()
        case = self.file_case(rights=[right])
        with self.assertRaises(DisputePendingError):
            parcel_split(
                parcel=other, parts=[rectangle(300, 50), rectangle(350, 50)], actor=self.registrar, reason="x"
            )
        moves.withdraw(case=case, actor=self.disputes, reason="Désistement")
        transfer = right_transfer(
            right=right,
            kind="sale",
            new_holders=[HolderShare(self.buyer)],
            actor=self.registrar,
            reason="Vente",
        )
        assert transfer.new_right.is_current

    def test_the_api_answers_409_with_the_message(self):
        self.client.force_login(self.registrar)
        response = self.client.post(
            f"/api/v1/rights/{self.right_a.pk}/transfers/",
            {"kind": "sale", "reason": "Vente", "holders": [{"party": str(self.buyer.pk), "share": "1"}]},
            content_type="application/json",
        )
        assert response.status_code == 409 and self.case.number in response.json()["detail"]
        response = self.client.post(
            f"/api/v1/parcels/{self.parcel_a.pk}/split/",
            {"parts": [rectangle(0, 50).geojson, rectangle(50, 50).geojson], "reason": "Partage"},
            content_type="application/json",
        )
        assert response.status_code == 409


class ApplicationFreezeTests(DisputeTestCase):
    def test_no_application_for_a_change_is_lodged_on_a_frozen_parcel_from_the_service_or_the_page(self):
        case = self.file_case(parcels=[self.parcel_a])
        heir = make_person(self.village_a, "Ouédraogo", "Awa")
        with self.assertRaisesMessage(DisputePendingError, case.number):
            draft_inheritance(registrar=self.registrar, right=self.right_a, heir=heir)
        self.client.force_login(self.registrar)
        page = self.client.get(f"/parcels/{self.parcel_a.pk}/")
        assert page.status_code == 200
        assert "Litige en cours" in page.content.decode() and case.number in page.content.decode()


class CertificateFreezeTests(DisputeTestCase):
    def test_no_certificate_is_issued_printed_or_batched_and_verify_says_dispute_pending(self):
        issued, _ = certificate_issue(right=self.right_a, actor=self.registrar)
        second = self.parcel_held(300)
        case = self.file_case(parcels=[self.parcel_a, second])
        with self.assertRaises(DisputePendingError):
            certificate_issue(right=second.rights.get(), actor=self.registrar)
        with self.assertRaises(DisputePendingError):
            certificate_print(certificate=issued, actor=self.registrar)
        batch = batch_request(unit=self.village_a, actor=self.registrar)
        assert self.right_a not in batch_rights(batch) and second.rights.get() not in batch_rights(batch)
        with self.assertRaisesMessage(CommandError, case.number):
            call_command(
                "issue_certificate",
                "--parcel",
                second.number,
                "--registrar",
                "registrar",
                stdout=io.StringIO(),
            )
        verdict = verify_token(issued.token)
        assert verdict.status == "not_in_force" and verdict.dispute_pending  # unsigned, and frozen
        page = self.client.get(f"/verify/{issued.token}")
        text = page.content.decode()
        assert 'data-dispute="pending"' in text and "LITIGE EN COURS" in text
        assert case.number not in text and "ZONGO" not in text  # nothing of the case or its parties
        body = self.client.get(f"/api/v1/certificates/verify/{issued.token}/").json()
        assert body["dispute_pending"] is True

    def test_the_pages_and_the_api_refuse_with_a_clear_message(self):
        second = self.parcel_held(300)
        right = second.rights.get()
        case = self.file_case(parcels=[second])
        self.client.force_login(self.registrar)
        page = self.client.post(f"/certificates/issue/{right.pk}/", follow=True)
        assert "Litige en cours (dossier " + case.number in page.content.decode()
        response = self.client.post("/api/v1/certificates/issue/", {"right": str(right.pk)})
        assert response.status_code == 409 and case.number in response.json()["detail"]

    def test_the_ogc_api_says_which_parcels_are_under_dispute_without_saying_more(self):
        self.file_case(parcels=[self.parcel_a])
        features = {
            f["properties"]["number"]: f["properties"]
            for f in self.client.get("/ogcapi/collections/parcels/items?f=json").json()["features"]
        }
        assert features[self.parcel_a.number]["dispute_pending"] is True
        assert features[self.parcel_b.number]["dispute_pending"] is False
        item = self.client.get(f"/ogcapi/collections/parcels/items/{self.parcel_a.pk}?f=json").json()
        assert item["properties"]["dispute_pending"] is True
