"""PostgreSQL: events' payloads are compressed with lz4 (migration audit 0007). An import's events each hold
5,000 rows of hex digests, which pglz compressed whole and then stored as they were (under its 25 %
threshold): a third of a second of the server's time for a 100,000-parcel import, for nothing."""

import hashlib

import pytest
from django.db import connection
from django.test import TestCase

from landreg.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's TOAST compression")


def lz4_available() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        return bool(cursor.fetchone()[0])


class PayloadCompressionTests(TestCase):
    def test_a_large_payload_is_stored_compressed_with_lz4_and_still_verifies(self):
        if not lz4_available():
            pytest.skip("this PostgreSQL was built without lz4")
        # The shape of an import's event: [table, id, hash] rows, hex digits that pglz cannot shrink.
        digests = [hashlib.sha256(str(k).encode()).hexdigest() for k in range(10_000)]
        rows = [["parcels.parcel", digests[k][:32], digests[5000 + k]] for k in range(5000)]
        event = audit_record(action="parcel.import", object_type="parcels.parcel", payload={"rows": rows})
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_column_compression(payload), pg_column_size(payload) FROM audit_auditevent "
                "WHERE seq = %s",
                [event.seq],
            )
            method, size = cursor.fetchone()
        assert method == "lz4"
        assert size < len(str(rows))  # compressed, where pglz left it whole
        _checked, broken = audit_verify()
        assert broken is None
