"""Who may issue, sign, print, deliver and revoke, and in which villages; pages and API."""

from landreg.certificates.exceptions import CertificateError
from landreg.certificates.issuing.services import certificate_deliver, certificate_issue, certificate_print
from landreg.certificates.issuing.transitions import certificate_revoke, certificate_sign
from landreg.certificates.models import Certificate
from landreg.core.exceptions import PermissionDeniedError
from tests.certificates.base import CertificateTestCase, print_then_sign


class PermissionTests(CertificateTestCase):
    def test_a_field_agent_cannot_issue_a_certificate(self):
        with self.assertRaises(PermissionDeniedError):
            certificate_issue(right=self.right_c, actor=self.agent_a)
        self.assertFalse(Certificate.objects.exists())

    def test_a_registrar_of_village_b_cannot_issue_in_village_a(self):
        with self.assertRaises(PermissionDeniedError):
            certificate_issue(right=self.right_c, actor=self.registrar_b)

    def test_the_mayor_signs_and_the_registrar_cannot(self):
        certificate = self.issue()
        certificate_print(certificate=certificate, actor=self.registrar)
        with self.assertRaises(PermissionDeniedError):
            certificate_sign(certificate=certificate, actor=self.registrar)
        certificate = certificate_sign(certificate=certificate, actor=self.mayor)
        self.assertEqual((certificate.status, certificate.signed_by), ("signed", self.mayor))

    def test_a_secondary_right_gets_no_certificate(self):
        grazing = self.parcel_c.rights.get(right_type="grazing")
        with self.assertRaisesMessage(CertificateError, "primary right"):
            certificate_issue(right=grazing, actor=self.registrar)

    def test_a_retired_right_gets_no_certificate(self):
        from landreg.rights.services import right_end

        right_end(right=self.right_c, reason="Vente")
        with self.assertRaisesMessage(CertificateError, "no longer current"):
            certificate_issue(right=self.right_c, actor=self.registrar)


class DeliveryAndRevocationTests(CertificateTestCase):
    def test_delivery_is_recorded_with_whom_when_and_the_fingerprint_marker(self):
        certificate = print_then_sign(self.issue(), printer=self.registrar, signer=self.mayor)
        delivery = certificate_deliver(
            certificate=certificate,
            actor=self.registrar,
            acknowledgement="fingerprint",
            marker="FP-2026-0042",
            party=self.wife,
            id_document_type="national_id",
            id_document_number="B98765432",
        )
        self.assertEqual(
            (delivery.delivered_to, delivery.marker, delivery.recorded_by),
            ("ƁAŊƆ Ɛlisabɛt Ƙandé", "FP-2026-0042", self.registrar),
        )
        self.assertIn("delivered", certificate.events.values_list("kind", flat=True))

    def test_an_unsigned_certificate_cannot_be_delivered(self):
        certificate = self.issue()
        certificate_print(certificate=certificate, actor=self.registrar)
        with self.assertRaisesMessage(CertificateError, "signed"):
            certificate_deliver(
                certificate=certificate,
                actor=self.registrar,
                party=self.wife,
                acknowledgement="signature",
                id_document_type="national_id",
                id_document_number="B98765432",
            )

    def test_a_delivery_without_receipt_kind_is_refused(self):
        certificate = print_then_sign(self.issue(), printer=self.registrar, signer=self.mayor)
        with self.assertRaisesMessage(CertificateError, "signature or a fingerprint"):
            certificate_deliver(
                certificate=certificate,
                actor=self.registrar,
                party=self.wife,
                acknowledgement="nod",
                id_document_type="national_id",
                id_document_number="B98765432",
            )
        self.assertFalse(certificate.deliveries.exists())

    def test_revocation_needs_a_reason_and_is_final(self):
        certificate = self.issue()
        with self.assertRaisesMessage(CertificateError, "reason"):
            certificate_revoke(certificate=certificate, actor=self.mayor, reason="  ")
        certificate = certificate_revoke(certificate=certificate, actor=self.mayor, reason="Double emploi")
        with self.assertRaises(CertificateError):
            certificate_sign(certificate=certificate, actor=self.mayor)
        with self.assertRaises(CertificateError):
            certificate_print(certificate=certificate, actor=self.registrar)
        event = certificate.events.get(kind="revoked")
        self.assertEqual(
            (event.old_status, event.new_status, event.reason), ("issued", "revoked", "Double emploi")
        )

    def test_after_revocation_a_new_certificate_takes_a_new_number(self):
        first = self.issue()
        certificate_revoke(certificate=first, actor=self.mayor, reason="Erreur de nom")
        second = self.issue()
        self.assertNotEqual(first.number, second.number)
        self.assertEqual(second.sequence, first.sequence + 1)

    def test_the_registrar_cannot_revoke(self):
        with self.assertRaises(PermissionDeniedError):
            certificate_revoke(certificate=self.issue(), actor=self.registrar, reason="x")


class PageTests(CertificateTestCase):
    def test_the_print_queue_lists_rights_waiting_in_the_registrars_villages_only(self):
        self.client.force_login(self.registrar_b)
        html = self.client.get("/certificates/").content.decode()
        self.assertNotIn(self.parcel_c.number, html)
        self.assertIn(self.parcel_b.number, html)
        self.client.force_login(self.registrar)
        html = self.client.get("/certificates/").content.decode()
        self.assertIn(self.parcel_c.number, html)

    def test_issue_print_reprint_sign_deliver_and_revoke_through_the_pages(self):
        self.client.force_login(self.registrar)
        response = self.client.post(f"/certificates/issue/{self.right_c.pk}/")
        certificate = Certificate.objects.get(right=self.right_c)
        self.assertRedirects(response, f"/certificates/{certificate.pk}/")
        self.assertIn(
            certificate.number, self.client.get(f"/certificates/{certificate.pk}/").content.decode()
        )
        original = self.client.post(f"/certificates/{certificate.pk}/print/")
        self.assertEqual(original["Content-Type"], "application/pdf")
        self.client.post(f"/certificates/{certificate.pk}/print/")
        certificate.refresh_from_db()
        self.assertEqual(certificate.reprint_count, 1)
        self.client.force_login(self.mayor)
        self.client.post(f"/certificates/{certificate.pk}/sign/")
        self.client.force_login(self.registrar)
        self.client.post(
            f"/certificates/{certificate.pk}/deliver/",
            {
                "recipient": str(self.husband.pk),
                "id_document_type": "voter_card",
                "id_document_number": "CE-0042",
                "acknowledgement": "signature",
                "marker": "REC-1",
            },
        )
        self.assertEqual(certificate.deliveries.get().delivered_to, "RAKOTOÑIRINA Jôsé")
        self.client.force_login(self.mayor)
        self.client.post(f"/certificates/{certificate.pk}/revoke/", {"reason": "Erreur"})
        certificate.refresh_from_db()
        self.assertEqual(certificate.status, "revoked")

    def test_a_field_agent_pressing_issue_gets_a_message_not_a_certificate(self):
        self.client.force_login(self.agent_a)
        response = self.client.post(f"/certificates/issue/{self.right_c.pk}/", follow=True)
        self.assertContains(response, "issue_certificates", status_code=403)
        self.assertFalse(Certificate.objects.exists())

    def test_a_stranger_cannot_see_a_certificate_page(self):
        certificate = self.issue()
        self.client.force_login(self.stranger)
        self.assertEqual(self.client.get(f"/certificates/{certificate.pk}/").status_code, 404)

    def test_the_signing_authority_does_not_see_id_numbers_on_the_certificate_page(self):
        certificate = self.issue()
        self.client.force_login(self.mayor)
        self.assertNotContains(self.client.get(f"/certificates/{certificate.pk}/"), "B98765432")
        self.client.force_login(self.registrar)
        self.assertContains(self.client.get(f"/certificates/{certificate.pk}/"), "B98765432")


class ApiTests(CertificateTestCase):
    def test_the_api_issues_prints_signs_delivers_and_revokes(self):
        self.client.force_login(self.registrar)
        response = self.client.post(
            "/api/v1/certificates/issue/",
            {
                "right": str(self.right_c.pk),
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        self.assertEqual(
            self.client.post(
                "/api/v1/certificates/issue/",
                {"right": str(self.right_c.pk)},
                content_type="application/json",
            ).status_code,
            200,
        )
        self.assertEqual(self.client.post(f"/api/v1/certificates/{pk}/print/").status_code, 200)
        self.assertEqual(self.client.post(f"/api/v1/certificates/{pk}/sign/").status_code, 403)
        self.client.force_login(self.mayor)
        self.assertEqual(self.client.post(f"/api/v1/certificates/{pk}/sign/").json()["status"], "signed")
        self.client.force_login(self.registrar)
        response = self.client.post(
            f"/api/v1/certificates/{pk}/deliver/",
            {
                "holder": str(self.wife.pk),
                "id_document_type": "national_id",
                "id_document_number": "B98765432",
                "acknowledgement": "fingerprint",
                "marker": "FP-1",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.client.force_login(self.mayor)
        response = self.client.post(
            f"/api/v1/certificates/{pk}/revoke/", {"reason": ""}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
        response = self.client.post(
            f"/api/v1/certificates/{pk}/revoke/", {"reason": "Erreur"}, content_type="application/json"
        )
        self.assertEqual(response.json()["status"], "revoked")

    def test_the_api_lists_only_visible_certificates_and_the_queue(self):
        self.issue()
        self.client.force_login(self.registrar_b)
        self.assertEqual(self.client.get("/api/v1/certificates/").json()["results"], [])
        queue = self.client.get("/api/v1/certificates/queue/").json()["results"]
        self.assertEqual([row["parcel_number"] for row in queue], [self.parcel_b.number])

    def test_the_api_refuses_a_field_agent(self):
        self.client.force_login(self.agent_a)
        response = self.client.post(
            "/api/v1/certificates/issue/", {"right": str(self.right_c.pk)}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 403)
