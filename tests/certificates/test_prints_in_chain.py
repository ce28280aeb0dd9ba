"""Prints, duplicates and deliveries go into the audit chain with their write, as issue, signature and
revocation do, and every certificate event and delivery row is a register row: added, altered or removed
afterwards in SQL, verify_audit says so."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from landreg.audit.models import AuditEvent, AuditHead, RowHash
from landreg.audit.services import audit_record
from landreg.certificates.issuing.services import certificate_deliver, certificate_print
from landreg.certificates.issuing.transitions import certificate_sign
from landreg.certificates.models import CertificateDelivery, CertificateEvent
from tests.certificates.base import CertificateTestCase, print_then_sign


def head() -> int:
    return AuditHead.objects.get(pk=1).last_seq


def last_action() -> str:
    return AuditEvent.objects.order_by("-seq").values_list("action", flat=True).first()


def verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


class PrintsInTheChainTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.certificate = self.issue()

    def deliver(self, **kwargs):
        if self.certificate.status == "issued":  # the authority signs the printed paper, then it is handed
            self.certificate = certificate_sign(certificate=self.certificate, actor=self.mayor)
        return certificate_deliver(
            certificate=self.certificate,
            actor=self.registrar,
            acknowledgement="fingerprint",
            marker="FP-2026-0042",
            party=self.wife,
            id_document_type="national_id",
            id_document_number="B98765432",
            **kwargs,
        )

    def test_a_print_a_duplicate_and_a_delivery_each_move_the_chain_with_their_action(self):
        before = head()
        certificate_print(certificate=self.certificate, actor=self.registrar)
        assert (head(), last_action()) == (before + 1, "certificate.printed")
        certificate_print(certificate=self.certificate, actor=self.registrar)
        assert (head(), last_action()) == (before + 2, "certificate.reprinted")
        self.certificate = certificate_sign(certificate=self.certificate, actor=self.mayor)
        before = head()
        self.deliver()
        assert (head(), last_action()) == (before + 1, "certificate.delivered")
        assert "events verified" in verify()

    def test_the_chained_delivery_names_its_rows_without_the_holders_name(self):
        certificate_print(certificate=self.certificate, actor=self.registrar)
        delivery = self.deliver()
        event = AuditEvent.objects.get(action="certificate.delivered")
        assert (event.object_id, event.actor) == (str(self.certificate.pk), self.registrar)
        assert event.payload["delivery"] == str(delivery.pk)
        assert event.payload["print_count"] == "1"
        assert "Ɓaŋɔ" not in str(event.payload) and "FP-2026" not in str(event.payload)

    def test_a_delivery_sent_again_is_chained_once(self):
        certificate_print(certificate=self.certificate, actor=self.registrar)
        first = self.deliver()
        before = head()
        assert self.deliver() == first
        assert head() == before
        assert AuditEvent.objects.filter(action="certificate.delivered").count() == 1

    def test_a_duplicate_removed_in_sql_is_reported(self):
        certificate_print(certificate=self.certificate, actor=self.registrar)
        certificate_print(certificate=self.certificate, actor=self.registrar)
        reprint = CertificateEvent.objects.get(kind="reprinted")
        sql("DELETE FROM certificates_certificateevent WHERE id = %s", [reprint.pk])
        with pytest.raises(
            CommandError, match=f"certificateevent {reprint.pk}: deleted outside the registry"
        ):
            verify()

    def test_a_duplicate_removed_and_the_count_lowered_in_sql_is_reported(self):
        certificate_print(certificate=self.certificate, actor=self.registrar)
        certificate_print(certificate=self.certificate, actor=self.registrar)
        # Both the duplicate's event and the count, so that the certificate looks printed once.
        sql("DELETE FROM certificates_certificateevent WHERE kind = 'reprinted'")
        sql("UPDATE certificates_certificate SET print_count = 1")
        with pytest.raises(CommandError, match="print count differs from chained event"):
            verify()

    def test_an_event_added_in_sql_is_reported(self):
        """A revocation or a delivery slipped into the certificate's history by hand is seen: it was never
        recorded (before, only the prints and deliveries the chain named were compared)."""
        certificate_print(certificate=self.certificate, actor=self.registrar)
        forged = CertificateEvent.objects.create(
            certificate=self.certificate, kind="delivered", actor=self.registrar, reason="Ɓaŋɔ (signature)"
        )
        with pytest.raises(CommandError, match=f"certificateevent {forged.pk}: added outside the registry"):
            verify()

    def test_a_delivery_added_in_sql_is_reported(self):
        certificate_print(certificate=self.certificate, actor=self.registrar)
        forged = CertificateDelivery.objects.create(
            certificate=self.certificate, delivered_to="Ŋɔnɔ Ɛtiɛn", acknowledgement="signature"
        )
        with pytest.raises(
            CommandError, match=f"certificatedelivery {forged.pk}: added outside the registry"
        ):
            verify()

    def test_the_signature_event_rewritten_in_sql_is_reported(self):
        print_then_sign(self.certificate, printer=self.registrar, signer=self.mayor)
        signed = CertificateEvent.objects.get(certificate=self.certificate, kind="signed")
        sql(
            "UPDATE certificates_certificateevent SET actor_id = %s WHERE id = %s",
            [self.registrar.pk, signed.pk],
        )
        with pytest.raises(CommandError, match=f"certificateevent {signed.pk}: edited outside the registry"):
            verify()

    def test_a_print_chained_before_rows_were_register_rows_is_still_compared(self):
        """Prints chained before this change named their event's hash in the payload: still checked."""
        certificate_print(certificate=self.certificate, actor=self.registrar)
        event = CertificateEvent.objects.get(kind="printed")
        audit_record(
            action="certificate.printed",
            obj=self.certificate,
            payload={"number": self.certificate.number, "print_count": "1", "event": str(event.pk)}
            | {"event_hash": "0" * 64},
        )
        with pytest.raises(CommandError, match=f"certificate event {event.pk} differs from chained event"):
            verify()

    def test_the_migration_records_the_rows_written_before(self):
        """A database that printed and delivered before: its events and deliveries enter the chain as they
        are (register.baseline), after which the chain verifies and later changes are seen."""
        from importlib import import_module

        from django.apps import apps

        baseline = import_module("landreg.audit.migrations.0008_certificate_events_baseline")
        certificate_print(certificate=self.certificate, actor=self.registrar)
        labels = ["certificates.certificateevent", "certificates.certificatedelivery"]
        # Rows as an older registry wrote them: in their tables, named by no event of the chain.
        old_event = CertificateEvent.objects.create(
            certificate=self.certificate, kind="delivered", actor=self.registrar, reason="Ɓaŋɔ (signature)"
        )
        delivery = CertificateDelivery.objects.create(
            certificate=self.certificate, delivered_to="Ɓaŋɔ Ɛlisabɛt", acknowledgement="signature"
        )
        with pytest.raises(CommandError, match="added outside the registry"):
            verify()
        recorded = RowHash.objects.filter(model__in=labels).count()
        baseline.record_baseline(apps, None)
        assert RowHash.objects.filter(model__in=labels).count() == recorded + 2
        assert "events verified" in verify()
        baseline.record_baseline(apps, None)  # run again: nothing recorded twice
        assert RowHash.objects.filter(model__in=labels).count() == recorded + 2
        assert AuditEvent.objects.filter(action="register.baseline").count() == 2  # one a table
        assert old_event.pk
        CertificateDelivery.objects.filter(pk=delivery.pk).update(delivered_to="Quelqu’un d’autre")
        with pytest.raises(CommandError, match=f"certificatedelivery {delivery.pk}: edited outside"):
            verify()

    def test_a_print_count_lowered_in_sql_is_reported(self):
        certificate_print(certificate=self.certificate, actor=self.registrar)
        certificate_print(certificate=self.certificate, actor=self.registrar)
        sql("UPDATE certificates_certificate SET print_count = 1")
        with pytest.raises(CommandError, match="print count differs from chained event"):
            verify()

    def test_a_delivery_rewritten_in_sql_is_reported(self):
        certificate_print(certificate=self.certificate, actor=self.registrar)
        delivery = self.deliver()
        CertificateDelivery.objects.filter(pk=delivery.pk).update(delivered_to="Quelqu’un d’autre")
        with pytest.raises(
            CommandError, match=f"certificatedelivery {delivery.pk}: edited outside the registry"
        ):
            verify()
