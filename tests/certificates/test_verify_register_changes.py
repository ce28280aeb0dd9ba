"""Whoever scans a certificate's QR code (a bank, a buyer, a neighbour) learns whether it still says what the
register says: the public verification page lists what the register recorded since issue (a transfer, a split,
a corrected boundary, a lease, a corrected name), with its day and without a name, an ID number or a birth
date, in two statements at most. Before, it said « VALIDE » over a lease recorded since, and only
« REMPLACÉ » over a sale, while the certificate's page listed the changes to the land office."""

import datetime as dt
import re
from html import unescape

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime

from landreg.certificates.issuing.transitions import certificate_declare_lost
from tests.certificates.real_block import PRIVATE, RealBlockCertificateCase

CLOSING_FR = "Le certificat ne reflète plus le registre\u202f; adressez-vous au service foncier."
CLOSING_EN = "The certificate no longer reflects the register; ask the land office."


class VerifyRegisterChangesTests(RealBlockCertificateCase):
    def setUp(self):
        super().setUp()
        self.visitor = Client(enforce_csrf_checks=True)  # anonymous: whoever scanned the QR code

    def verify(self, language="fr") -> str:
        self.visitor.cookies["django_language"] = language
        response = self.visitor.get(f"/verify/{self.certificate.token}")
        assert response.status_code == 200
        html = unescape(response.content.decode())
        for private in PRIVATE:
            assert private not in html, private
        return html

    def statements(self) -> list[str]:
        self.verify()  # the process's caches
        with CaptureQueriesContext(connection) as captured:
            self.verify()
        return [query["sql"] for query in captured]

    def changes(self, html: str) -> str:
        found = re.search(r'<p class="verdict verdict-changes"[^>]*>(.*?)</p>', html, re.S)
        return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""

    def test_an_unchanged_certificate_is_valid_and_read_in_one_statement(self):
        html = self.verify()
        assert 'data-status="valid"' in html and "Famille Tɛnɛ" in html
        assert not self.changes(html) and "ne reflète plus" not in html
        [certificate] = self.statements()
        assert '"content"' not in certificate and '"geometry"' not in certificate

    def test_a_sale_says_the_transfer_and_its_day_without_the_buyer(self):
        transfer = self.sale()
        html = self.verify()
        assert 'data-status="superseded"' in html
        said = self.changes(html)
        day = f"{localtime(transfer.recorded_at):%d/%m/%Y}"
        assert said.startswith("Depuis la délivrance de ce certificat, le registre a enregistré\u202f:"), said
        assert f"mutation du droit le {day}" in said and CLOSING_FR in said, said
        assert "Ŋgom" not in html and "Tɛnin" not in html and "09/01/1990" not in html
        english = self.changes(self.verify("en"))
        assert (
            f"Since this certificate was issued, the register has recorded: a transfer of the right on {day}"
            in english
        )
        assert CLOSING_EN in english
        assert len(self.statements()) == 2

    def test_a_split_says_the_division(self):
        self.split()
        html = self.verify()
        assert 'data-status="superseded"' in html
        said = self.changes(html)
        assert "division de la parcelle le" in said and CLOSING_FR in said, said
        # The split ended the family's right with the parcel: said once, by the split.
        assert "fin du droit" not in said, said
        assert "a split of the parcel on" in self.changes(self.verify("en"))

    def test_a_lease_recorded_since_leaves_it_valid_but_no_longer_the_registers_word(self):
        lease = self.lease()
        html = self.verify()
        assert 'data-status="valid"' in html
        said = self.changes(html)
        day = f"{localtime(lease.begin_lifespan):%d/%m/%Y}"
        assert f"inscription de «\u202f{lease.right_type.label_fr}\u202f» le {day}" in said, said
        assert CLOSING_FR in said and "Kɔnɛ" not in html and "Aminata" not in html
        assert f"{lease.right_type.label_en} recorded on {day}" in self.changes(self.verify("en"))
        assert len(self.statements()) == 2

    def test_a_corrected_holder_name_is_said_without_the_new_name(self):
        self.name_corrected()
        html = self.verify()
        assert "correction du nom d’un titulaire le" in self.changes(html)
        assert "Ɓakari" not in html

    def test_a_corrected_boundary_is_said(self):
        self.boundary_corrected()
        html = self.verify()
        assert 'data-status="superseded"' in html
        assert "rectification de la parcelle le" in self.changes(html)

    def test_a_lost_certificate_still_says_its_loss_and_nothing_else(self):
        certificate_declare_lost(
            certificate=self.certificate,
            actor=self.registrar,
            declared_by=self.mandatary,
            declared_on=dt.date(2026, 5, 2),
            note="Déclaration de perte n°5",
        )
        new = self.issue(self.right_e)
        html = self.verify()
        assert 'data-status="revoked"' in html and "déclaré perdu le 02/05/2026" in html
        assert f"Remplacé par le certificat n° {new.number}." in html
        assert not self.changes(html) and "Déclaration de perte" not in html
