"""Prints, duplicates and deliveries go into the audit chain with their write, as issue, signature and
revocation do: altered or removed afterwards, verify_audit says so."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from landreg.audit.models import AuditEvent, AuditHead
from landreg.certificates.models import CertificateDelivery
from landreg.certificates.services import certificate_deliver, certificate_print
from landreg.certificates.transitions import certificate_sign
from tests.certificates.base import CertificateTestCase


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
        self.certificate = certificate_sign(certificate=self.issue(), actor=self.mayor)

    def deliver(self, **kwargs):
        return certificate_deliver(
            certificate=self.certificate,
            actor=self.registrar,
            delivered_to="Ɓaŋɔ Ɛlisabɛt",
            acknowledgement="fingerprint",
            marker="FP-2026-0042",
            party=self.wife,
            **kwargs,
        )

    def test_a_print_a_duplicate_and_a_delivery_each_move_the_chain_with_their_action(self):
        before = head()
        certificate_print(certificate=self.certificate, actor=self.registrar)
        assert (head(), last_action()) == (before + 1, "certificate.printed")
        certificate_print(certificate=self.certificate, actor=self.registrar)
        assert (head(), last_action()) == (before + 2, "certificate.reprinted")
        self.deliver()
        assert (head(), last_action()) == (before + 3, "certificate.delivered")
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
        # Both the duplicate's event and the count, so that the certificate looks printed once.
        sql("DELETE FROM certificates_certificateevent WHERE kind = 'reprinted'")
        sql("UPDATE certificates_certificate SET print_count = 1")
        with pytest.raises(CommandError, match="certificate event .* differs from chained event"):
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
        CertificateDelivery.objects.filter(pk=delivery.pk).update(delivered_to="Quelqu'un d'autre")
        with pytest.raises(CommandError, match=f"certificate delivery {delivery.pk} differs"):
            verify()
