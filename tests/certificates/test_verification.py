"""The public verification page: valid, superseded, revoked, unknown, invalid; never personal data."""

import datetime as dt

from landreg.certificates.issuing.transitions import certificate_revoke
from landreg.certificates.verification import signing
from landreg.parcels.services import parcel_retire, parcel_update
from landreg.rights.services import right_end
from tests.certificates.base import CertificateTestCase, print_then_sign


class VerificationPageTests(CertificateTestCase):
    def page(self, token):
        response = self.client.get(f"/verify/{token}", HTTP_HOST="127.0.0.1")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def signed(self):
        return print_then_sign(self.issue(), printer=self.registrar, signer=self.mayor)

    def test_a_genuine_signed_certificate_reads_valid_with_its_essential_fields(self):
        certificate = self.signed()
        html = self.page(certificate.token)
        self.assertIn('data-status="valid"', html)
        for text in [
            certificate.number,
            self.parcel_c.number,
            "ƁAŊƆ Ɛlisabɛt Ƙandé",
            "1/2",
            "1\xa0ha\xa000\xa0a\xa000\xa0ca (10\u202f000 m²)",  # the project's French number format
            "14/03/2026",
        ]:
            self.assertIn(text, html)
        self.assertNotIn("2026-03-14", html)

    def test_the_page_never_shows_id_numbers_or_birth_dates(self):
        html = self.page(self.issue().token)
        self.assertNotIn("B98765432", html)
        self.assertNotIn("1981", html)
        self.assertNotIn("Koudougou", html)

    def test_an_altered_token_reads_invalid_not_an_error(self):
        token = self.issue().token
        header, payload, signature = token.split(".")
        flipped = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
        html = self.page(f"{header}.{flipped}.{signature}")
        self.assertIn('data-status="invalid"', html)
        self.assertNotIn(self.parcel_c.number, html)

    def test_garbage_reads_invalid(self):
        for token in ["nothing", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "a/b/c", "x" * 3000, "é.é.é"]:
            self.assertIn('data-status="invalid"', self.page(token))

    def test_a_revoked_certificate_reads_revoked_with_its_reason(self):
        certificate = self.issue()
        certificate_revoke(certificate=certificate, actor=self.mayor, reason="Erreur sur la quote-part")
        html = self.page(certificate.token)
        self.assertIn('data-status="revoked"', html)
        self.assertIn("Erreur sur la quote-part", html)

    def test_a_certificate_reads_superseded_after_a_transfer_ends_its_right(self):
        certificate = self.issue()
        right_end(right=self.right_c, reason="Vente")
        self.assertIn('data-status="superseded"', self.page(certificate.token))

    def test_a_certificate_reads_superseded_after_its_parcel_is_split(self):
        certificate = self.issue()
        parcel_retire(parcel=self.parcel_c, reason="Morcellement")
        self.assertIn('data-status="superseded"', self.page(certificate.token))

    def test_a_certificate_reads_superseded_after_its_boundary_is_corrected(self):
        from tests.geometries import square

        certificate = self.issue()
        parcel_update(parcel=self.parcel_c, geometry=square(0, 100, side=101), reason="Correction du levé")
        self.assertIn('data-status="superseded"', self.page(certificate.token))

    def test_a_genuinely_signed_token_for_no_known_certificate_reads_unknown(self):
        token, _kid = signing.sign(
            {"no": "XX-000", "parcel": "P", "holders": [], "area_m2": 1, "issued": "2026-01-01"}
        )
        self.assertIn('data-status="unknown"', self.page(token))

    def test_the_jwks_is_public_and_names_its_keys(self):
        response = self.client.get("/.well-known/jwks.json")
        self.assertEqual(response.status_code, 200)
        keys = response.json()["keys"]
        self.assertEqual(keys[0]["kty"], "OKP")
        self.assertEqual(keys[0]["crv"], "Ed25519")
        self.assertEqual(keys[0]["kid"], signing.keyring().kid)
        self.assertNotIn("d", keys[0])  # never the private part

    def test_the_api_gives_the_same_verdict_to_anyone(self):
        certificate = self.signed()
        response = self.client.get(f"/api/v1/certificates/verify/{certificate.token}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "valid")
        self.assertEqual(self.client.get("/api/v1/certificates/verify/x.y.z/").json()["status"], "invalid")


class IssueDateTests(CertificateTestCase):
    def test_the_issue_date_defaults_to_today(self):
        from landreg.core import clock

        with clock.frozen_at(dt.datetime(2027, 2, 3, 10, tzinfo=dt.UTC)):
            certificate = self.issue(issue_date=None)
        self.assertEqual(certificate.issue_date, dt.date(2027, 2, 3))
