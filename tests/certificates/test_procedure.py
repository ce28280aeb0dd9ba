"""Certificates tell the truth: the procedure's references come from its records, and a certificate the
authority has not signed is not shown as in force when the procedure requires the signature."""

import os
from unittest import mock

import jwt
from django.test import override_settings

from landreg.accounts.roles import Role
from landreg.adjudication.states import ClaimState
from landreg.certificates.issuing.services import certificate_issue, certificate_pdf, certificate_print
from landreg.certificates.issuing.transitions import certificate_sign
from landreg.certificates.models import Certificate
from landreg.certificates.papers import qr
from landreg.certificates.verification import public_url, signing
from landreg.certificates.verification.verdicts import NOT_IN_FORCE, UNAVAILABLE, VALID, verify_token
from tests.adjudication.helpers import AdjudicationTestCase, make_user
from tests.certificates.base import CertificateTestCase, pdf_text


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


class TypedReferencesTests(CertificateTestCase):
    def test_the_api_does_not_take_procedure_references_typed_by_the_registrar(self):
        self.client.force_login(self.registrar)
        response = self.client.post(
            "/api/v1/certificates/issue/",
            {
                "right": str(self.right_c.pk),
                "application_reference": "DEM-INVENTÉ",
                "notice_start": "2025-10-01",
                "site_record_reference": "PV-INVENTÉ",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        certificate = Certificate.objects.get(pk=response.json()["id"])
        self.assertEqual(certificate.application_reference, "")
        self.assertIsNone(certificate.notice_start)
        self.assertEqual(certificate.content["procedure"], {})
        self.assertIsNone(certificate.claim)
        text = pdf_text(certificate_pdf(certificate))
        self.assertNotIn("INVENTÉ", text)
        self.assertIn("Demande : n° — du —", text)

    def test_the_service_has_no_way_to_pass_references(self):
        with self.assertRaises(TypeError):
            certificate_issue(right=self.right_c, actor=self.registrar, application_reference="DEM-1")


class SignatureTests(CertificateTestCase):
    def page_status(self, token: str) -> str:
        html = self.client.get(f"/verify/{token}").content.decode()
        return html.split('data-status="', 1)[1].split('"', 1)[0]

    def test_an_unsigned_certificate_is_not_in_force_and_its_token_says_so(self):
        certificate = self.issue()
        self.assertTrue(certificate.signature_required)
        self.assertEqual(claims_of(certificate.token)["sig"], "pending")
        self.assertEqual(verify_token(certificate.token).status, NOT_IN_FORCE)
        self.assertEqual(self.page_status(certificate.token), NOT_IN_FORCE)
        response = self.client.get(f"/verify/{certificate.token}")
        self.assertContains(response, 'data-signed="no"')
        api = self.client.get(f"/api/v1/certificates/verify/{certificate.token}/").json()
        self.assertEqual((api["status"], api["signed_at"]), (NOT_IN_FORCE, None))

    def test_once_signed_the_new_token_says_signed_and_the_paper_printed_before_still_verifies(self):
        certificate = self.issue()
        printed_before = certificate.token
        certificate_print(certificate=certificate, actor=self.registrar)
        signed = certificate_sign(certificate=certificate, actor=self.mayor)
        self.assertNotEqual(signed.token, printed_before)
        self.assertEqual(signed.issued_token, printed_before)
        claims = claims_of(signed.token)
        self.assertEqual(claims["sig"], "signed")
        self.assertEqual(claims["signed"], signed.signed_at.date().isoformat())
        self.assertEqual(verify_token(printed_before).status, VALID)
        self.assertEqual(verify_token(signed.token).status, VALID)
        self.assertEqual(self.page_status(signed.token), VALID)
        self.assertContains(self.client.get(f"/verify/{signed.token}"), 'data-signed="yes"')
        # Later prints carry the new token in their QR code.
        self.assertEqual(signed.qr_matrix, qr.encode(public_url.verify_url(signed.public_url, signed.token)))
        self.assertNotEqual(
            signed.qr_matrix, qr.encode(public_url.verify_url(signed.public_url, printed_before))
        )

    def test_without_a_key_on_this_server_the_page_says_it_cannot_check_rather_than_invalid(self):
        token = self.issue().token
        environment = {k: v for k, v in os.environ.items() if not k.startswith("LANDREG_SIGNING_KEY")}
        signing.keyring.cache_clear()
        self.addCleanup(signing.keyring.cache_clear)
        with mock.patch.dict(os.environ, environment, clear=True), override_settings(DEMO_MODE=False):
            self.assertEqual(verify_token(token).status, UNAVAILABLE)
            self.assertEqual(self.page_status(token), UNAVAILABLE)


class ProfileRuleTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def test_a_profile_that_does_not_require_the_signature_puts_the_certificate_in_force_at_issue(self):
        self.profile.certificate_signature_required = False
        self.profile.save(update_fields=["certificate_signature_required"])
        registrar = make_user("guichet_a", Role.REGISTRAR, self.commune)
        certificate, _created = certificate_issue(right=self.right_a, actor=registrar)
        self.assertFalse(certificate.signature_required)
        self.assertEqual(claims_of(certificate.token)["sig"], "not_required")
        self.assertEqual(verify_token(certificate.token).status, VALID)

    def test_the_claim_is_linked_and_every_step_of_the_procedure_is_printed_from_its_records(self):
        claim = self.walk_to(self.draft(), ClaimState.READY_FOR_CERTIFICATE)
        registrar = make_user("guichet_a", Role.REGISTRAR, self.commune)
        certificate, _created = certificate_issue(right=claim.right, actor=registrar)
        self.assertEqual(certificate.claim, claim)
        procedure = certificate.content["procedure"]
        committee = claim.events.get(move="committee_validate").occurred_at.date()
        approval = claim.events.get(move="authority_approve").occurred_at.date()
        self.assertEqual(procedure["committee_date"], committee.isoformat())
        self.assertEqual(procedure["approval_date"], approval.isoformat())
        text = pdf_text(certificate_pdf(certificate))
        self.assertIn(f"commission le {committee:%d/%m/%Y}, approbation le {approval:%d/%m/%Y}", text)
