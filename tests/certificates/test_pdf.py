"""The PDF shows every item of the certificate, in fonts that carry West African and Malagasy letters."""

import io
import math
import os
import subprocess
import sys
from pathlib import Path

from django.contrib.gis.geos import Polygon
from django.test import SimpleTestCase
from django.utils import translation
from pypdf import PdfReader

from landreg.certificates.issuing.services import certificate_pdf, certificate_print
from landreg.core.geometry import to_srid
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.certificates.base import CertificateTestCase, pdf_text
from tests.geometries import ORIGIN_E, ORIGIN_N

ROOT = Path(__file__).resolve().parents[2]


def certificate_pdf_from(content: dict) -> bytes:
    from landreg.certificates.papers import qr
    from landreg.certificates.papers.certificate import render_certificate

    url = "http://127.0.0.1:8000/verify/x.y.z"
    return render_certificate(content, qr_matrix=qr.encode(url), verify_url=url)


class CertificatePdfTests(CertificateTestCase):
    def test_the_pdf_shows_every_item_of_the_certificate(self):
        certificate = self.issue()
        # As a claim's records give them (certificates.issuing.procedure; tested with a walked claim in
        # test_from_claims): here only the layout of the references is checked.
        certificate.content["procedure"] = {
            "application_reference": "DEM-2025-114",
            "application_date": "2025-09-02",
            "notice_start": "2025-10-01",
            "notice_end": "2025-11-15",
            "site_record_reference": "PV-2025-031",
            "site_record_date": "2025-11-20",
            "committee_date": "2025-12-01",
            "approval_date": "2025-12-15",
        }
        text = pdf_text(certificate_pdf(certificate))
        expected = [
            "CERTIFICAT FONCIER",
            f"N° {certificate.number}",
            "Fondement juridique",
            "Loi n°034-2009/AN, art. 36",
            "ƁAŊƆ Ɛlisabɛt Ƙandé",
            "RAKOTOÑIRINA Jôsé",
            "Quote-part : 1/2",
            "Féminin",
            "Masculin",
            "Carte nationale d’identité B98765432",
            "17/05/1981 à Koudougou",
            "02/01/1975 à Antsirabe",
            "Maraîchère",
            "Secteur 3, Réo",
            self.parcel_c.number,
            "Village A",
            "Test commune",
            "1 ha 00 a 00 ca",
            "Terre de culture",
            f"Est : {self.parcel_d.number} (Famille Sawadogo)",
            f"Sud : {self.parcel_a.number} (OUÉDRAOGO Aminata)",
            "Coordonnées des sommets — EPSG:32630",
            "WGS 84 / UTM zone 30N",
            "S4 500 000,00 1 350 200,00",
            "1 : ",  # scale
            "DROITS SECONDAIRES ET RESTRICTIONS",
            "DIALLO Aliou",
            "Charte foncière locale, art. 12",
            "n° DEM-2025-114 du 02/09/2025",
            "du 01/10/2025 au 15/11/2025",
            "PV n° PV-2025-031 du 20/11/2025",
            "commission le 01/12/2025, approbation le 15/12/2025",
            "Les titulaires",
            "Le Maire",
            "Cachet",
            "Fait à Test commune, le 14/03/2026",
        ]
        missing = [item for item in expected if item not in text]
        self.assertEqual(missing, [], text)
        self.assertNotIn("DUPLICATA", text)

    def test_a_collective_holding_shows_its_mandatary_mandate_and_members_in_annex(self):
        text = pdf_text(certificate_pdf(self.issue(right=self.right_d)))
        for item in [
            "Famille Sawadogo",
            "Détention collective : Famille",
            "Mandataire : SAWADOGO Issa",
            "MANDAT-2025-007 du 01/03/2025",
            "ANNEXE — MEMBRES DE : Famille Sawadogo",
            "SAWADOGO Issa (mandataire)",
            "SAWADOGO Awa",
            f"Ouest : {self.parcel_a.number} (OUÉDRAOGO Aminata); {self.parcel_c.number} (ƁAŊƆ",
        ]:
            self.assertIn(item, text)

    def test_the_same_certificate_always_gives_the_same_bytes(self):
        certificate = self.issue()
        self.assertEqual(certificate_pdf(certificate), certificate_pdf(certificate))

    def test_the_fonts_are_embedded_dejavu_sans(self):
        reader = PdfReader(io.BytesIO(certificate_pdf(self.issue())))
        fonts = {str(font["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
        self.assertTrue(fonts)
        self.assertTrue(all("DejaVuSans" in name for name in fonts), fonts)

    def test_the_first_print_is_the_original_and_reprints_are_counted_duplicates(self):
        certificate = self.issue()
        original = certificate_print(certificate=certificate, actor=self.registrar)
        first_reprint = certificate_print(certificate=certificate, actor=self.registrar)
        second_reprint = certificate_print(certificate=certificate, actor=self.registrar)
        self.assertNotIn("DUPLICATA", pdf_text(original))
        self.assertIn("DUPLICATA n° 1", pdf_text(first_reprint))
        self.assertIn("DUPLICATA n° 2", pdf_text(second_reprint))
        certificate.refresh_from_db()
        self.assertEqual((certificate.print_count, certificate.reprint_count), (3, 2))
        self.assertEqual(
            list(certificate.events.values_list("kind", flat=True)),
            ["issued", "printed", "reprinted", "reprinted"],
        )

    def test_a_duplicate_keeps_the_signatures_and_the_qr_code_on_the_first_page(self):
        certificate = self.issue()
        certificate_print(certificate=certificate, actor=self.registrar)
        reprint = certificate_print(certificate=certificate, actor=self.registrar)
        pages = PdfReader(io.BytesIO(reprint)).pages
        self.assertEqual(len(pages), 1)
        first = " ".join(pages[0].extract_text().split())
        for item in ("DUPLICATA n° 1", "Les titulaires", "Cachet", "/.well-known/jwks.json"):
            self.assertIn(item, first)

    def test_when_the_holders_fill_the_page_plan_signatures_and_qr_code_move_on_together(self):
        content = dict(self.issue().content)
        content["holders"] = content["holders"] * 3
        pdf = certificate_pdf_from(content)
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
        with_plan = [i for i, text in enumerate(pages) if "PLAN DE LA PARCELLE" in text]
        with_signatures = [i for i, text in enumerate(pages) if "Cachet" in text]
        self.assertEqual(with_plan, with_signatures)

    def test_a_long_boundary_continues_its_vertex_table_in_annex(self):
        ring = [
            (
                ORIGIN_E + 5000 + 50 * math.cos(2 * math.pi * i / 40),
                ORIGIN_N + 50 * math.sin(2 * math.pi * i / 40),
            )
            for i in range(40)
        ]
        polygon = to_srid(Polygon([*ring, ring[0]], srid=32630), 4326)
        parcel = parcel_record(village=self.village_a, geometry=polygon, survey_method="gps")
        right = right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(party=self.herder)],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )
        text = pdf_text(certificate_pdf(self.issue(right=right)))
        self.assertIn("COORDONNÉES DES SOMMETS (SUITE)", text)
        self.assertIn("S40", text)


class DeterminismAcrossProcessesTests(SimpleTestCase):
    SCRIPT = (
        "import hashlib, sys; sys.path.insert(0, 'bench'); sys.argv = ['x'];"
        "import bench_certificates as b; from landreg.certificates.papers import qr;"
        "url = 'http://example.org/verify/abc';"
        "pdf = b.render_certificate(b.sample_content(7), qr_matrix=qr.encode(url), verify_url=url);"
        "print(hashlib.sha256(pdf).hexdigest())"
    )

    def test_two_processes_render_the_same_bytes_for_the_same_certificate(self):
        env = {**os.environ, "LANDREG_DEMO": "1"}
        digests = {
            subprocess.run(
                [sys.executable, "-c", self.SCRIPT],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            ).stdout.strip()
            for _ in range(2)
        }
        self.assertEqual(len(digests), 1, digests)
        self.assertEqual(len(digests.pop()), 64)

    def test_a_warm_subset_cache_gives_the_bytes_of_a_cold_render(self):
        # Rendered first in one process, and again after other certificates filled the font-subset caches.
        script = self.SCRIPT.replace(
            "print(hashlib.sha256(pdf).hexdigest())",
            "[b.render_certificate(b.sample_content(i), qr_matrix=qr.encode(url), verify_url=url)"
            " for i in (8, 9, 7)];"
            "again = b.render_certificate(b.sample_content(7), qr_matrix=qr.encode(url), verify_url=url);"
            "print(hashlib.sha256(pdf).hexdigest(), hashlib.sha256(again).hexdigest())",
        )
        env = {**os.environ, "LANDREG_DEMO": "1"}
        run = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        cold, warm = run.stdout.split()
        self.assertEqual(cold, warm)


class FontSubsetCacheTests(SimpleTestCase):
    def test_a_second_certificate_with_the_same_characters_reuses_the_font_subsets(self):
        from landreg.certificates.papers import certificate as pdf

        sys.path.insert(0, str(ROOT / "bench"))
        import bench_certificates as b

        url = "http://example.org/verify/abc"
        pdf._compressed_subset.cache_clear()
        b.render_certificate(b.sample_content(3), qr_matrix="1", verify_url=url)
        b.render_certificate(b.sample_content(3), qr_matrix="1", verify_url=url)
        info = pdf._compressed_subset.cache_info()
        self.assertGreaterEqual(info.hits, 2)  # regular and bold subsets, compressed once each


class BornOnFollowsTheSexTests(CertificateTestCase):
    def test_a_woman_is_nee_le_and_a_man_ne_le_when_the_sex_is_known(self):
        with translation.override("fr"):
            text = pdf_text(certificate_pdf(self.issue()))
        assert "Née le : 17/05/1981 à Koudougou" in text, text
        assert "Né le : 02/01/1975 à Antsirabe" in text, text
        assert "Né(e)" not in text

    def test_a_certificate_issued_before_the_sex_was_kept_says_ne_e_le(self):
        certificate = self.issue()
        for holder in certificate.content["holders"]:
            holder.pop("sex_code", None)
        with translation.override("fr"):
            text = pdf_text(certificate_pdf(certificate))
        assert "Né(e) le : 17/05/1981 à Koudougou" in text, text
