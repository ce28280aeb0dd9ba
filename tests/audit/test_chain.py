"""The history is tamper-evident: altering, deleting or reordering stored events is detected."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase

from landreg.audit.models import AppendOnlyError, AuditEvent
from landreg.audit.services import audit_record, audit_verify


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


class ChainTests(TestCase):
    def setUp(self):
        for i in range(5):
            audit_record(
                action="test.event", object_type="test", object_id=str(i), payload={"n": i, "é": "à"}
            )

    def verify(self):
        out = io.StringIO()
        call_command("verify_audit", stdout=out)
        return out.getvalue()

    def test_an_intact_chain_verifies(self):
        assert audit_verify() == (5, None)
        assert "5 events verified" in self.verify()

    def test_each_event_points_to_the_hash_of_the_one_before(self):
        events = list(AuditEvent.objects.order_by("seq"))
        assert events[0].prev_hash == "0" * 64
        assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))

    def test_an_altered_event_is_reported_as_the_first_broken_link(self):
        sql("UPDATE audit_auditevent SET payload = %s WHERE seq = 3", ['{"n": 99, "é": "à"}'])
        with pytest.raises(CommandError, match="event #3: its content was altered"):
            self.verify()

    def test_an_altered_actor_or_time_is_detected_too(self):
        sql("UPDATE audit_auditevent SET action = 'test.other' WHERE seq = 2")
        assert audit_verify()[1].seq == 2

    def test_a_deleted_event_is_detected(self):
        sql("DELETE FROM audit_auditevent WHERE seq = 2")
        checked, broken = audit_verify()
        assert (checked, broken.seq) == (1, 2) and "missing" in broken.problem

    def test_a_deleted_last_event_is_detected_from_the_chain_head(self):
        sql("DELETE FROM audit_auditevent WHERE seq = 5")
        assert audit_verify()[1].seq == 5

    def test_reordered_events_are_detected(self):
        sql("UPDATE audit_auditevent SET seq = 1000 WHERE seq = 2")
        sql("UPDATE audit_auditevent SET seq = 2 WHERE seq = 4")
        sql("UPDATE audit_auditevent SET seq = 4 WHERE seq = 1000")
        checked, broken = audit_verify()
        assert broken.seq == 2 and "reordered" in broken.problem

    def test_a_deleted_and_renumbered_event_is_detected(self):
        sql("DELETE FROM audit_auditevent WHERE seq = 3")
        # In two passes: PostgreSQL checks the unique seq row by row, in whatever order it updates them.
        sql("UPDATE audit_auditevent SET seq = seq + 1000000 WHERE seq > 3")
        sql("UPDATE audit_auditevent SET seq = seq - 1000001 WHERE seq > 1000000")
        sql("UPDATE audit_audithead SET last_seq = 4")
        assert audit_verify()[1].seq == 3

    def test_the_application_cannot_change_or_delete_events(self):
        event = AuditEvent.objects.first()
        event.action = "forged"
        with pytest.raises(AppendOnlyError):
            event.save()
        with pytest.raises(AppendOnlyError):
            event.delete()
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.all().update(action="forged")
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.all().delete()
