"""An import is recorded set-based: the parcels, their first versions (typed history) and their audit
hashes are written from the staging table without reading the rows back, and verify_audit still checks
every row. On PostgreSQL the hashes come from the database (audit/rows_sql), Python hashing only the rows
whose values PostgreSQL does not write as Python does."""

import json
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.db import ProgrammingError, connection
from django.test import TestCase

from landreg.accounts.roles import Role
from landreg.audit import rows
from landreg.audit.models import AuditEvent, RowHash
from landreg.audit.services import audit_verify
from landreg.core.history.versioning import versions_begin_sql
from landreg.parcels.exceptions import ParcelError
from landreg.parcels.importing import import_parcels, staging, writing
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

    def test_a_file_bringing_no_number_is_numbered_without_looking_its_numbers_up(self):
        statements = []

        def watch(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with mock.patch.object(writing, "NUMBERED", 7), connection.execute_wrapper(watch):
            report = import_parcels(path=french_file(30)[0], village=self.village, actor=self.clerk)
        assert report.imported == 30
        numbers = sorted(Parcel.objects.filter(village=self.village).values_list("number", flat=True))
        assert numbers == [f"{self.village.code}-{k:05d}" for k in range(1, 31)]
        assert not [s for s in statements if s.startswith("SELECT number FROM landreg_import_stage")]

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


def _constraints(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass",
            [table],
        )
        return dict(cursor.fetchall())


def _reference_broken(model, alias):
    """The history's rows pointing at no parcel (what the rebuilt foreign key must catch)."""
    insert, select = versions_begin_sql(model, alias)
    return insert, select.replace(f'{alias}."id"', "gen_random_uuid()", 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
class IndexRebuildTests(TestCase):
    """A first load (more rows than the table holds) drops the indexes (but the primary keys) and the
    foreign key between the parcels and their history for the insert and builds them again after it, the
    same; a table larger than the import keeps them."""

    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, cls.other = make_territory()
        cls.clerk = make_user("clerk", Role.FIELD_AGENT, cls.village)

    def test_an_import_larger_than_the_table_rebuilds_its_indexes_as_they_were(self):
        tables = ("parcels_parcel", "parcels_parcelversion")
        before = {table: _indexes(table) for table in tables}
        constraints = {table: _constraints(table) for table in tables}
        path, _ids = french_file(40)
        statements = []
        indexes, keys = writing._dropped_indexes, writing._dropped_foreign_keys

        def dropped_indexes(table, inserted):
            found = indexes(table, inserted)
            statements.extend(found)
            return found

        def dropped_keys(tables):
            found = keys(tables)
            statements.extend(found)
            return found

        with (
            mock.patch.object(writing, "REBUILD_FROM", 10),
            mock.patch.object(writing, "_dropped_indexes", dropped_indexes),
            mock.patch.object(writing, "_dropped_foreign_keys", dropped_keys),
        ):
            report = import_parcels(path=path, village=self.village, actor=self.clerk)
        assert report.imported == 40
        # The GiST indexes, the plain B-trees and the unique ones were built again (not the primary keys,
        # which other tables' foreign keys rely on), and the history's foreign key to the parcels added
        # again (checked in one join); the foreign keys to the village and the user were kept.
        assert any("USING gist" in s for s in statements)
        assert any("CREATE UNIQUE INDEX parcelversion_one_open" in s for s in statements)
        assert any("ADD CONSTRAINT parcels_parcel_number_key UNIQUE" in s for s in statements)
        assert not any("PRIMARY KEY" in s or "pkey" in s for s in statements)
        keys = [s for s in statements if "FOREIGN KEY" in s]
        assert len(keys) == 1 and "REFERENCES parcels_parcel(id)" in keys[0]
        assert {table: _indexes(table) for table in before} == before
        assert {table: _constraints(table) for table in tables} == constraints
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

    def test_a_reference_broken_on_the_set_based_path_refuses_the_whole_import(self):
        tables = ("parcels_parcel", "parcels_parcelversion")
        before = {table: (_indexes(table), _constraints(table)) for table in tables}
        path, _ids = french_file(40)
        with (
            mock.patch.object(writing, "REBUILD_FROM", 10),
            mock.patch.object(staging, "versions_begin_sql", _reference_broken),
            pytest.raises(ParcelError, match="parcels_parcelversion_parcel_id_.*_fk_parcels_parcel_id"),
        ):
            import_parcels(path=path, village=self.village, actor=self.clerk)
        # Nothing was kept, and the tables have all their indexes and rules again.
        assert not Parcel.objects.exists() and not ParcelVersion.objects.exists()
        assert not AuditEvent.objects.filter(action="parcel.import").exists()
        assert {table: (_indexes(table), _constraints(table)) for table in tables} == before

    def test_a_unique_rule_broken_on_the_set_based_path_refuses_the_whole_import(self):
        path, _ids = french_file(40)
        with (
            mock.patch.object(writing, "REBUILD_FROM", 10),
            # Every parcel given the same number (what the unique constraint rebuilt must catch).
            mock.patch.object(writing, "numbers_besides", lambda village, count, stage: ["V-1"] * count),
            pytest.raises(ParcelError, match=r"\(parcels_parcel_number_key\)\. Nothing was saved"),
        ):
            import_parcels(path=path, village=self.village, actor=self.clerk)
        assert not Parcel.objects.exists() and not ParcelVersion.objects.exists()


def _role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's triggers")
class ReferencesCheckedOnceTests(TestCase):
    """On a first load the foreign keys to the village and the user are checked once over the set (each
    value referenced looked up and locked), the insert queueing no trigger event; only where no trigger of
    another kind would be skipped and the role may do it."""

    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, _other = make_territory()
        cls.clerk = make_user("clerk", Role.FIELD_AGENT, cls.village)

    def _insert_watched(self, actor_id=None):
        """Stage.insert_parcels noting the replication role it ran under (and given ``actor_id``)."""
        roles, real = [], staging.Stage.insert_parcels

        def insert(stage, constants, *, actor_id=None, reason, forced=actor_id):
            roles.append(_role())
            return real(stage, constants, actor_id=forced or actor_id, reason=reason)

        return roles, mock.patch.object(staging.Stage, "insert_parcels", insert)

    def test_the_insert_queues_no_trigger_and_the_references_are_checked_and_locked_once(self):
        statements = []

        def watch(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        roles, watched = self._insert_watched()
        with mock.patch.object(writing, "REBUILD_FROM", 10), watched, connection.execute_wrapper(watch):
            report = import_parcels(path=french_file(40)[0], village=self.village, actor=self.clerk)
        assert report.imported == 40
        assert roles == ["replica"] and _role() == "origin"
        checks = [s for s in statements if s.startswith("WITH wanted AS")]
        assert len(checks) == 5 and all("FOR KEY SHARE" in s for s in checks)
        assert {p.created_by_id for p in Parcel.objects.all()} == {self.clerk.pk}
        assert audit_verify()[1] is None
        assert rows.rows_verify() == []

    def test_a_reference_to_no_row_refuses_the_whole_import(self):
        tables = ("parcels_parcel", "parcels_parcelversion")
        before = {table: (_indexes(table), _constraints(table)) for table in tables}
        roles, watched = self._insert_watched(actor_id=self.clerk.pk + 1000)  # no such user
        with (
            mock.patch.object(writing, "REBUILD_FROM", 10),
            watched,
            pytest.raises(ParcelError, match=r"parcels_parcelversio_changed_by_id_.*_fk_accounts_"),
        ):
            import_parcels(path=french_file(40)[0], village=self.village, actor=self.clerk)
        assert roles == ["replica"] and _role() == "origin"
        assert not Parcel.objects.exists() and not ParcelVersion.objects.exists()
        assert not AuditEvent.objects.filter(action="parcel.import").exists()
        assert {table: (_indexes(table), _constraints(table)) for table in tables} == before

    def test_a_trigger_of_another_kind_keeps_every_trigger_row_by_row(self):
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE landreg_test_fired (n integer)")
            cursor.execute(
                "CREATE FUNCTION pg_temp.landreg_test_fire() RETURNS trigger LANGUAGE plpgsql AS "
                "$$BEGIN INSERT INTO landreg_test_fired VALUES (1); RETURN NULL; END$$"
            )
            cursor.execute(
                "CREATE TRIGGER landreg_test_fire AFTER INSERT ON parcels_parcel "
                "FOR EACH ROW EXECUTE FUNCTION pg_temp.landreg_test_fire()"
            )
        roles, watched = self._insert_watched()
        with mock.patch.object(writing, "REBUILD_FROM", 10), watched:
            report = import_parcels(path=french_file(40)[0], village=self.village, actor=self.clerk)
        assert report.imported == 40 and roles == ["origin"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM landreg_test_fired")
            assert cursor.fetchone()[0] == 40

    def test_a_role_that_may_not_set_the_parameter_keeps_the_triggers(self):
        def refuse(execute, sql, params, many, context):
            if "session_replication_role = replica" in sql:
                raise ProgrammingError("permission denied to set parameter")
            return execute(sql, params, many, context)

        roles, watched = self._insert_watched(actor_id=self.clerk.pk + 1000)  # no such user
        with (
            mock.patch.object(writing, "REBUILD_FROM", 10),
            watched,
            connection.execute_wrapper(refuse),
            pytest.raises(ParcelError, match=r"parcels_parcelversio_changed_by_id_.*_fk_accounts_"),
        ):
            import_parcels(path=french_file(40)[0], village=self.village, actor=self.clerk)
        assert roles == ["origin"]  # and the triggers caught the missing user
        assert not Parcel.objects.exists()
