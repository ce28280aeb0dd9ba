"""A sync batch writes its drafts as plain rows (``claims/batch.py``, ``core/db/bulk.insert_values``), not
through ``claim_draft``: the rows must be the ones ``claim_draft`` writes for the same content, refused for
the same reasons, and the version the device is given the one the server reads back."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from landreg.adjudication.claims.batch import drafts_prepare, drafts_write
from landreg.adjudication.claims.content import ClaimContent, draft_from
from landreg.adjudication.claims.services import ClaimantInput, SecondaryRightInput
from landreg.adjudication.models import Claim, Claimant
from landreg.audit.services import audit_verify
from landreg.collect.models import SyncRecord
from landreg.collect.sync import claim_version, digest, draft_snapshot, geojson
from landreg.core.db.bulk import clean_values, insert_values
from landreg.core.exceptions import RegistryError
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import events_for
from tests.geometries import holed_with_long_decimals, square

LEFT_OUT = {"id", "claim", "created_at", "updated_at", "geometry"}  # differ between any two drafts


def content(village, east, **changes) -> ClaimContent:
    values = {
        "village": village,
        "geometry": square(east, 2000),
        "right_type": "customaryType",
        "tenure_system": "customary",
        "land_use": "cropland",
        "local_name": "Champ de Ɓoulsa",
        "limits": {"north": "Piste de Ɓoulsa", "west": "Bas-fond"},
        "claimants": [
            ClaimantInput(kind="group", name="Famille Kaboré", group_type="family"),
            ClaimantInput(
                role="mandatary",
                last_name="Kaboré",
                first_names="Ɓintu Fatɛ",
                sex="F",
                share="2/3",
                extra={
                    "birth_date": dt.date(1984, 3, 2),
                    "birth_place": "Koudougou",
                    "id_document_type": "national_id",
                    "id_document_number": "B00112233",
                    "profession": "",
                    "domicile": "Sabtenga",
                },
            ),
            ClaimantInput(role="member", last_name="Kaboré", first_names="Issa", sex="M", share="1/3"),
        ],
        "secondary_rights": [
            SecondaryRightInput(
                right_type="grazing", kind="group", name="Éleveurs de Ɓaŋre", group_type="community"
            )
        ],
    }
    return ClaimContent(**(values | changes))


def rows(claim: Claim) -> dict:
    def plain(row):
        return {k: v for k, v in model_to_dict(row).items() if k not in LEFT_OUT}

    return {
        "claim": plain(claim),
        "claimants": sorted((plain(c) for c in claim.claimants.all()), key=str),
        "secondary_rights": [plain(s) for s in claim.secondary_rights.all()],
    }


class BatchRowsTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.village_a.boundary = MultiPolygon(square(-1000, -1000, side=20000))
        cls.village_a.save()

    def test_a_batch_writes_the_rows_claim_draft_writes_and_gives_the_version_read_back(self):
        by_service = Claim.objects.get(pk=draft_from(content(self.village_a, 0), actor=self.agent_a).pk)
        written = content(self.village_a, 400)
        [values] = drafts_prepare(actor=self.agent_a, contents=[written])
        drafts_write(actor=self.agent_a, drafts=[values], payloads=[{"village": "TC-A"}])
        by_batch = Claim.objects.get(pk=values.claim["id"])
        assert rows(by_batch) == rows(by_service)
        assert by_batch.geometry.equals_exact(written.geometry, 0)
        assert by_batch.created_at == by_service.created_at  # the frozen clock's now, as the service's
        assert digest(draft_snapshot(written, values)) == claim_version(by_batch)
        # As the sync gives it, with the boundary's WKB serialised once for the screening and the version.
        wkb = bytes(written.geometry.wkb)
        assert digest(draft_snapshot(written, values, wkb=wkb)) == claim_version(by_batch)
        event = events_for(by_batch).get()
        assert (event.action, event.payload, event.actor) == (
            "claim.draft",
            {"village": "TC-A"},
            self.agent_a,
        )
        assert audit_verify()[1] is None

    def test_a_batch_writes_each_boundary_exactly_as_its_wkb(self):
        # A boundary whose WKT (GEOS's, which Django's insert sends SpatiaLite) rounds a coordinate: the
        # 17th digit of a longitude of three digits.
        x, y = -149.08004522301087, 0.37736120237777016
        polygon = Polygon(((x, y), (x + 0.001, y), (x, y + 0.001), (x, y)), srid=4326)
        assert bytes(GEOSGeometry(polygon.wkt).wkb) != bytes(polygon.wkb)
        written = content(self.village_a, 0, geometry=polygon, wkb=bytes(polygon.wkb))
        [values] = drafts_prepare(actor=self.agent_a, contents=[written])
        drafts_write(actor=self.agent_a, drafts=[values], payloads=[{"village": "TC-A"}])
        by_batch = Claim.objects.get(pk=values.claim["id"])
        assert bytes(by_batch.geometry.wkb) == bytes(polygon.wkb)
        assert digest(draft_snapshot(written, values)) == claim_version(by_batch)

    def test_a_batch_refuses_what_claim_draft_refuses_with_the_same_message(self):
        bad = [
            {"claimants": [ClaimantInput(last_name="Kaboré", sex="F", share="1/2")]},  # shares
            {"claimants": [ClaimantInput(last_name="Kaboré", sex="X")]},  # sex not in the list
            {"claimants": [ClaimantInput(last_name="K" * 121, sex="F")]},  # longer than the column
            {"right_type": "nothing"},
            {"secondary_rights": [SecondaryRightInput(right_type="customaryType", last_name="A", sex="M")]},
        ]
        for changes in bad:
            with self.subTest(changes=changes):
                [refused] = drafts_prepare(
                    actor=self.agent_a, contents=[content(self.village_a, 0, **changes)]
                )
                assert isinstance(refused, RegistryError)
                with pytest.raises(RegistryError) as by_service:
                    draft_from(content(self.village_a, 0, **changes), actor=self.agent_a)
                assert str(refused) == str(by_service.value)
        assert Claim.objects.count() == 0

    def test_plain_rows_take_their_defaults_and_refuse_what_they_cannot_hold(self):
        [values] = drafts_prepare(actor=self.agent_a, contents=[content(self.village_a, 0)])
        drafts_write(actor=self.agent_a, drafts=[values], payloads=[{}])
        claim = Claim.objects.get()
        assert (claim.state, claim.purpose, claim.receipt_number, claim.change_data) == (
            "draft",
            "first_registration",
            None,
            {},
        )
        record = {"agent_id": self.agent_a.pk, "client_id": "a", "claim_id": claim.pk, "content_digest": "d"}
        with pytest.raises(ValueError, match="no column"):
            insert_values(SyncRecord, [record | {"client": "a"}])
        with pytest.raises(ValueError, match="unique"):
            insert_values(Claim, [{k: v for k, v in values.claim.items() if k != "id"}])
        with pytest.raises(ValueError, match="EPSG:32630"):
            insert_values(Claim, [values.claim | {"geometry": square(0, 0).transform(32630, clone=True)}])
        insert_values(SyncRecord, [record])
        assert SyncRecord.objects.get().created_at is not None
        assert events_for(claim).count() == 1

    def test_plain_rows_write_a_datetime_as_the_field_does(self):
        # An aware datetime goes to PostgreSQL as it is; a naive one still through the field (made aware
        # in the current time zone, with Django's warning), on either database.
        [values] = drafts_prepare(actor=self.agent_a, contents=[content(self.village_a, 0)])
        aware = dt.datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=dt.UTC)
        with pytest.warns(RuntimeWarning, match="naive datetime"):
            insert_values(Claim, [values.claim | {"created_at": aware.replace(tzinfo=None)}])
        [second] = drafts_prepare(actor=self.agent_a, contents=[content(self.village_a, 400)])
        insert_values(Claim, [second.claim | {"created_at": aware}])
        naive_row, aware_row = (Claim.objects.get(pk=v.claim["id"]) for v in (values, second))
        assert aware_row.created_at == aware
        assert naive_row.created_at == timezone.make_aware(aware.replace(tzinfo=None))


def test_the_geojson_versions_hash_is_djangos():
    holed = holed_with_long_decimals()
    for geometry in (holed, square(0, 0), square(123_456.789, -98_765.4321, side=0.37)):
        assert geojson(geometry) == geometry.json


def test_clean_values_checks_as_clean_fields_does():
    values = {"role": "holder", "kind": "natural", "last_name": "K" * 121, "sex": "X", "share_numerator": 1}
    with pytest.raises(ValidationError) as raised:
        clean_values(Claimant, values, exclude=("claim", "party"))
    instance = Claimant(**values)
    with pytest.raises(ValidationError) as by_django:
        instance.clean_fields(exclude={"claim", "party"})
    assert raised.value.message_dict == by_django.value.message_dict
    assert set(raised.value.message_dict) == {"last_name", "sex"}
    cleaned = clean_values(Claimant, {"birth_date": "1984-03-02", "share_numerator": Decimal(2)})
    assert cleaned == {"birth_date": dt.date(1984, 3, 2), "share_numerator": 2}


def test_clean_values_tells_a_boolean_from_an_integer_and_refuses_again():
    from landreg.adjudication.models import ClaimantRole

    assert clean_values(Claimant, {"last_name": 1})["last_name"] == "1"
    assert clean_values(Claimant, {"last_name": True})["last_name"] == "True"
    for _ in range(2):
        with pytest.raises(ValidationError):
            clean_values(Claimant, {"role": "nobody"})
    assert clean_values(Claimant, {"role": ClaimantRole.HOLDER})["role"] == "holder"
