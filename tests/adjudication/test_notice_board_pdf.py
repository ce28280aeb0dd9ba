"""The notice board PDF prints every name as written (DejaVu) and never cuts a word or a date."""

import io

from django.urls import reverse
from pypdf import PdfReader

from landreg.adjudication.claims.services import claim_draft
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.geometries import square


def page_words(pdf: bytes) -> list[str]:
    """Every word of every page, line by line as pypdf reads them: a word cut across two lines of a cell
    comes back as two pieces."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text.replace("\u00a0", " ").split()


class NoticeBoardPdfTests(AdjudicationTestCase):
    def posted(self, **claimant):
        claim = claim_draft(
            actor=self.agent_a,
            village=self.village_a,
            geometry=square(300, 0),
            right_type="customaryType",
            claimants=[applicant(**claimant)],
            limits={"west": "Parcelle TC-A-00001"},
            local_name="Bas-fond de Kuilga <Nord>",
        )
        return self.walk_to(claim, ClaimState.PUBLIC_NOTICE)

    def board(self) -> bytes:
        response = self.client.get(f"/adjudication/affichage/{self.village_a.code}/pdf/")
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_west_african_letters_and_angle_brackets_print_as_written(self):
        self.posted(last_name="Ɓoukary", first_names="Ŋaaba Kɔnɛ")
        words = page_words(self.board())
        self.assertIn("ƁOUKARY", words)
        self.assertIn("Kɔnɛ", words)
        self.assertIn("<Nord>", words)

    def test_the_board_names_the_village_committee_s_president_who_signs_it(self):
        self.posted(last_name="Ɓoukary", first_names="Ŋaaba Kɔnɛ")
        words = page_words(self.board())
        signed = words[words.index("commission") :]
        self.assertIn("president_a", signed)

    def test_the_board_stays_french_for_an_english_reader_whose_link_says_so(self):
        # A notice posted in the village is a legal act in the official language: the English page's button
        # says « (in French) » and the paper it gives is the French one.
        self.posted(last_name="Ɓoukary", first_names="Ŋaaba Kɔnɛ")
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})  # the header's menu
        page = self.client.get(f"/adjudication/affichage/{self.village_a.code}/")
        pdf_url = f"/adjudication/affichage/{self.village_a.code}/pdf/"
        self.assertContains(
            page, f'<a class="button" href="{pdf_url}">Printable notice (PDF, A4, in French)</a>'
        )
        self.assertContains(page, "How to object")
        words = " ".join(page_words(self.client.get(pdf_url).content))
        self.assertIn("AVIS DE PUBLICITÉ", words)
        self.assertNotIn("PUBLIC NOTICE", words)
        self.client.post(reverse("set_language"), {"language": "fr", "next": "/"})
        french = self.client.get(f"/adjudication/affichage/{self.village_a.code}/")
        self.assertContains(french, f'<a class="button" href="{pdf_url}">Avis à imprimer (PDF, A4)</a>')

    def test_no_header_word_and_no_date_is_cut(self):
        claim = self.posted(last_name="Sawadogo", first_names="Wendpouiré")
        words = page_words(self.board())
        for whole in [
            "Récépissé",
            "Demande",
            "Parcelle",
            "Lieu-dit",
            "Superficie",
            "Demandeurs",
            "Publicité",
            "Oppositions",
            "jusqu’au",
            claim.receipt_number,
            claim.notice_start.strftime("%d/%m/%Y"),
            claim.notice_end.strftime("%d/%m/%Y"),
            "SAWADOGO",
            "Wendpouiré",
        ]:
            self.assertIn(whole, words)

    def test_the_page_says_so_when_nothing_is_posted(self):
        self.assertIn("publicité", " ".join(page_words(self.board())).lower())
