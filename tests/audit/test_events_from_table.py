"""PostgreSQL: the events of a bulk write (an import's, ``rows.register_hashed``) are written by the database
from the table of row hashes, the rows never read into Python; they are the very events ``audit_record``
writes one by one: the same payloads, hashes and chain."""

import datetime as dt
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test import TestCase

from landreg.audit import rows, services
from landreg.audit.models import AuditEvent, AuditHead, RowHash
from landreg.audit.services import audit_record, audit_record_table_rows, audit_verify, event_hash
from landreg.core import clock
from landreg.parcels.models import Parcel

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's path")

TABLE = "test_events_rows"
# Ids that JSON must escape, or that a careless SQL literal would break: quotes, backslash, control
# characters, text beyond ASCII and beyond the BMP, psycopg's placeholder sign.
IDS = ["plain", 'quote"d', "it's", "back\\slash", "tab\tnew\nline\x01", "Épinay", "𝔘nicode", "50%s", "%%"]
MOMENT = dt.datetime(2026, 12, 5, 10, 30, tzinfo=dt.UTC)


def _table(ids: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} (k integer PRIMARY KEY, object_id text, hash text)")
        for k, pk in enumerate(ids, start=1):
            cursor.execute(f"INSERT INTO {TABLE} VALUES (%s, %s, %s)", [k, pk, f"{k:064x}"])  # noqa: S608


class EventsFromTableTests(TestCase):
    def setUp(self):
        _table(IDS)
        audit_record(action="test.before", object_type="test", object_id="0")  # a chain to continue

    def tearDown(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")

    def _one_by_one(self) -> list[tuple]:
        """What audit_record writes for the same rows, 4 a event (undone afterwards)."""
        with transaction.atomic():
            for start in range(0, len(IDS), 4):
                chunk = [["parcels.parcel", pk, f"{k:064x}"] for k, pk in enumerate(IDS, 1)][
                    start : start + 4
                ]
                audit_record(
                    action="parcel.import",
                    object_type="territory.administrativeunit",
                    object_id="7",
                    payload={"rows": chunk},
                )
            expected = list(
                AuditEvent.objects.filter(action="parcel.import").values_list("seq", "payload", "hash")
            )
            transaction.set_rollback(True)
        return expected

    def test_the_events_are_those_audit_record_writes_one_by_one(self):
        with clock.frozen_at(MOMENT):
            expected = self._one_by_one()
            seqs = audit_record_table_rows(
                action="parcel.import",
                object_type="territory.administrativeunit",
                object_id=7,
                label="parcels.parcel",
                table=TABLE,
                total=len(IDS),
                per_event=4,
            )
        got = list(AuditEvent.objects.filter(action="parcel.import").values_list("seq", "payload", "hash"))
        assert [len(payload["rows"]) for _seq, payload, _hash in got] == [4, 4, 1]
        assert got == expected
        assert seqs == [seq for seq, _payload, _hash in got]
        assert all(event_hash(e) == e.hash for e in AuditEvent.objects.filter(action="parcel.import"))
        head = AuditHead.objects.get(pk=1)
        assert (head.last_seq, head.last_hash) == (got[-1][0], got[-1][2])
        assert audit_verify()[1] is None

    def test_register_hashed_reads_no_row_into_python(self):
        # audit_record copied each event's rows (as_stored), wrote them as canonical JSON to hash them and
        # again to store them: none of it happens for the rows of a table any more.
        with mock.patch.object(services, "as_stored", side_effect=AssertionError("rows read into Python")):
            count = rows.register_hashed(
                action="parcel.import",
                model=Parcel,
                table=TABLE,
                new_rows=True,
            )
        assert count == 1
        event = AuditEvent.objects.get(action="parcel.import")
        assert event.payload["rows"][0] == ["parcels.parcel", "plain", f"{1:064x}"]
        assert (event.object_type, event.object_id) == ("parcels.parcel", "plain")
        assert RowHash.objects.filter(model="parcels.parcel", event_seq=event.seq).count() == len(IDS)
        assert audit_verify()[1] is None
