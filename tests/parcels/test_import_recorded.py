"""An import is recorded set-based: the parcels, their first versions (typed history) and their audit
hashes are written from the staging table without reading the rows back, and verify_audit still checks
every row. On PostgreSQL the hashes come from the database (audit/rows_sql), Python hashing only the rows
whose values PostgreSQL does not write as Python does."""

import json
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.test import TestCase

from landreg.accounts.roles import Role
from landreg.audit import rows
from landreg.audit.models import AuditEvent, RowHash
from landreg.audit.services import audit_verify
from landreg.parcels.importing import import_parcels, writing
from landreg.parcels.models import Parcel, ParcelVersion
from tests.base import make_territory, make_user

FRENCH = Path(__file__).parents[2].parent / "shared" / "data" / "etalab-91216-epinay-sur-orge-parcels.geojson"

pytestmark = pytest.mark.skipif(not FRENCH.exists(), reason="shared data folder not present")


def french_file(n: int, tiny_area_id: str | None = None) -> tuple[Path, list[str]]:
    data = json.loads(FRENCH.read_text())
    data["features"] = data["features"][:n]
    for feature in data["features"]:
        if feature["id"] == tiny_area_id:  # under 1e-4: written in exponent notation, left to Python
            feature["properties"]["contenance"] = 0.00004
    path = Path(tempfile.mkdtemp(prefix="landreg-recorded-")) / "parcelles.geojson"
    path.write_text(json.dumps(data))
    return path, [f["id"] for f in data["features"]]


class RecordedImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, _other = make_territory()
        cls.clerk = make_user("clerk", Role.FIELD_AGENT, cls.village)

    def test_every_imported_parcel_has_its_first_version_and_its_hash_in_the_chain(self):
        path, ids = french_file(120)
        tiny = ids[7]
        path, ids = french_file(120, tiny_area_id=tiny)
        spy = mock.patch.object(rows, "row_hashes", wraps=rows.row_hashes)
        with mock.patch.object(rows, "ROWS_PER_EVENT", 50), spy as hashed_in_python:
            report = import_parcels(path=path, village=self.village, actor=self.clerk)
        assert report.imported == 120
        parcels = Parcel.objects.filter(village=self.village)
        assert parcels.get(source_id=tiny).official_area_m2 == 0.00004
        versions = ParcelVersion.objects.filter(parcel__village=self.village)
        assert versions.count() == 120
        for version in versions.select_related("parcel")[:20]:
            parcel = version.parcel
            assert (version.version, version.begin_lifespan, version.end_lifespan) == (
                1,
                parcel.begin_lifespan,
                None,
            )
            assert (version.changed_by, version.change_reason) == (self.clerk, "import")
            assert (version.number, version.area_m2, version.official_area_m2) == (
                parcel.number,
                parcel.area_m2,
                parcel.official_area_m2,
            )
            assert version.geometry.equals_exact(parcel.geometry, 0)
        events = AuditEvent.objects.filter(action="parcel.import")
        assert [len(e.payload["rows"]) for e in events] == [50, 50, 20]
        recorded = {pk for e in events for _label, pk, _hash in e.payload["rows"]}
        assert recorded == {str(pk) for pk in parcels.values_list("pk", flat=True)}
        assert RowHash.objects.filter(model="parcels.parcel", object_id__in=recorded).count() == 120
        if connection.vendor == "postgresql":
            # Only the parcel with the tiny area was read back and hashed in Python.
            read_back = [pk for call in hashed_in_python.call_args_list for pk in call.args[1]]
            assert read_back == [parcels.get(source_id=tiny).pk]
        assert audit_verify()[1] is None
        assert rows.rows_verify() == []

    def test_an_import_edited_afterwards_outside_the_registry_is_reported(self):
        path, _ids = french_file(30)
        import_parcels(path=path, village=self.village, actor=self.clerk)
        victim = Parcel.objects.filter(village=self.village).first()
        Parcel.objects.filter(pk=victim.pk).update(local_name="moved by hand")
        problems = rows.rows_verify()
        assert [(p.object_id, p.problem) for p in problems] == [
            (str(victim.pk), "edited outside the registry (content changed)")
        ]

    def test_numbers_are_given_a_chunk_at_a_time_past_the_numbers_the_file_brings(self):
        path, ids = french_file(30)
        data = json.loads(path.read_text())
        brought = f"{self.village.code}-00005"  # what the sequence would give the fifth
        data["features"][20]["properties"]["number"] = brought
        path.write_text(json.dumps(data))
        with mock.patch.object(writing, "NUMBERED", 7):
            report = import_parcels(path=path, village=self.village, actor=self.clerk)
        assert report.imported == 30
        numbers = list(Parcel.objects.filter(village=self.village).values_list("number", flat=True))
        assert len(set(numbers)) == 30 and brought in numbers
        assert Parcel.objects.get(number=brought).source_id == ids[20]
        given = sorted(n for n in numbers if n != brought)
        assert given == [f"{self.village.code}-{k:05d}" for k in range(1, 31) if k != 5]

    def test_text_with_tabs_newlines_and_backslashes_is_staged_and_saved_as_read(self):
        path, ids = french_file(5)
        data = json.loads(path.read_text())
        awkward = "Le\tPré\\du\nmoulin\r«nord»"
        data["features"][2]["properties"]["nom"] = awkward
        data["features"][3]["properties"]["numero"] = "A\\B\tC"
        path.write_text(json.dumps(data))
        report = import_parcels(
            path=path,
            village=self.village,
            actor=self.clerk,
            mapping={"local_name": "nom", "number": "numero"},
        )
        assert report.imported == 5
        assert Parcel.objects.get(source_id=ids[2]).local_name == awkward
        assert Parcel.objects.get(source_id=ids[3]).number == "A\\B\tC"
        assert audit_verify()[1] is None
        assert rows.rows_verify() == []


def _indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
class IndexRebuildTests(TestCase):
    """A first load (more rows than the table holds) drops the plain indexes for the insert and builds
    them again after it, the same; a table larger than the import keeps them."""

    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, cls.other = make_territory()
        cls.clerk = make_user("clerk", Role.FIELD_AGENT, cls.village)

    def test_an_import_larger_than_the_table_rebuilds_its_indexes_as_they_were(self):
        before = {table: _indexes(table) for table in ("parcels_parcel", "parcels_parcelversion")}
        path, _ids = french_file(40)
        statements = []
        real = writing._dropped_indexes

        def dropped(table, inserted):
            found = real(table, inserted)
            statements.extend(found)
            return found

        with (
            mock.patch.object(writing, "REBUILD_FROM", 10),
            mock.patch.object(writing, "_dropped_indexes", dropped),
        ):
            report = import_parcels(path=path, village=self.village, actor=self.clerk)
        assert report.imported == 40
        # The GiST indexes and the plain B-trees were built again; the unique ones were never dropped.
        assert any("USING gist" in s for s in statements) and not any("UNIQUE" in s for s in statements)
        assert {table: _indexes(table) for table in before} == before
        with connection.cursor() as cursor:
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone()[0] == "0"
        assert audit_verify()[1] is None
        assert rows.rows_verify() == []

    def test_a_table_larger_than_the_import_keeps_its_indexes(self):
        import_parcels(path=french_file(40)[0], village=self.village, actor=self.clerk)
        path = french_file(50)[0]
        data = json.loads(path.read_text())
        data["features"] = data["features"][40:]  # ten others
        path.write_text(json.dumps(data))
        results, real = [], writing._dropped_indexes

        def dropped(table, inserted):
            results.append(real(table, inserted))
            return results[-1]

        with (
            mock.patch.object(writing, "REBUILD_FROM", 1),
            mock.patch.object(writing, "_dropped_indexes", dropped),
        ):
            report = import_parcels(path=path, village=self.village, actor=self.clerk)
        assert report.imported == 10
        assert results == [[], []]
