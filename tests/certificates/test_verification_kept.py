"""The verification's statements built once per process (landreg.core.db.kept): each verdict's page the same,
byte for byte, as when the ORM builds its statements on every request, and from the second verification on
no statement built by the ORM (on PostgreSQL; elsewhere the ORM builds them every time)."""

import re
import unittest
from unittest import mock

from django.db import connection
from django.db.models.sql.compiler import SQLCompiler

from landreg.certificates.issuing.transitions import certificate_revoke
from landreg.certificates.verification import signing
from landreg.core.db import kept
from landreg.disputes.cases.services import dispute_open
from landreg.rights.services import right_end
from tests.certificates.base import CertificateTestCase, print_then_sign


class VerificationKeptTests(CertificateTestCase):
    def page(self, token) -> bytes:
        response = self.client.get(f"/verify/{token}")
        assert response.status_code == 200
        # The header's language form holds a CSRF token masked anew for every page.
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"csrf", response.content)

    def same(self, token, status: str) -> bytes:
        page = self.page(token)
        with mock.patch.object(kept, "ENABLED", False):
            built = self.page(token)
        assert built == page, status
        assert f'data-status="{status}"'.encode() in page, (status, page)
        body = self.client.get(f"/api/v1/certificates/verify/{token}/").json()
        with mock.patch.object(kept, "ENABLED", False):
            assert self.client.get(f"/api/v1/certificates/verify/{token}/").json() == body
        return page

    def test_each_verdict_reads_as_the_orm_built_it(self):
        certificate = self.issue()
        self.same(certificate.token, "not_in_force")
        signed = print_then_sign(certificate, printer=self.registrar, signer=self.mayor)
        assert b'data-signed="yes"' in self.same(signed.token, "valid")
        dispute_open(village=self.village_a, subject="Limite", rights=[self.right_c])
        assert b'data-dispute="pending"' in self.same(signed.token, "valid")
        self.client.cookies["django_language"] = "en"
        self.same(signed.token, "valid")
        right_end(right=self.right_c, reason="Vente")
        self.same(signed.token, "superseded")
        certificate_revoke(certificate=signed, actor=self.mayor, reason="Erreur sur la quote-part")
        assert b"Erreur sur la quote-part" in self.same(signed.token, "revoked")
        unknown, _kid = signing.sign(
            {"no": "XX-000", "parcel": "P", "holders": [], "area_m2": 1, "issued": "2026-01-01"}
        )
        self.same(unknown, "unknown")

    @unittest.skipUnless(connection.vendor == "postgresql", "built once per process on PostgreSQL only")
    def test_from_the_second_verification_on_the_orm_builds_no_statement(self):
        certificate = self.issue()
        self.page(certificate.token)
        with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as built:
            assert b'data-status="not_in_force"' in self.page(certificate.token)
        assert built.call_count == 0, built.call_args_list
