"""The disputes' figures page counts its cases in the singular or the plural as French and English write
them: « 1 dossier, dont 1 ouvert. », « 2 dossiers, dont 1 ouvert. », never « dossier(s) » or « ouvert(s) »."""

from html import unescape

from django.test import Client

from landreg.disputes.cases.transitions import withdraw
from landreg.disputes.models import DisputeCase
from tests.disputes.helpers import DisputeTestCase

NNBSP = "\u202f"


class DisputeFiguresPluralTests(DisputeTestCase):
    def figures_page(self, language: str) -> str:
        browser = Client()
        browser.force_login(self.disputes)
        browser.cookies["django_language"] = language
        page = unescape(browser.get("/disputes/figures/").content.decode())
        assert "(s)" not in page, page
        return page

    def test_one_open_case(self):
        self.file_case(subject="Limite du champ de Kɔnɛ", rights=[self.right_a])
        assert "1 dossier, dont 1 ouvert." in self.figures_page("fr")
        assert "1 case, 1 open." in self.figures_page("en")

    def test_two_cases_of_which_one_closed(self):
        self.file_case(subject="Limite du champ de Kɔnɛ", rights=[self.right_a])
        withdrawn = self.file_case(subject="Passage vers le bas-fond de Ŋaba", rights=[self.right_a])
        withdraw(case=withdrawn, reason="Accord entre les familles", actor=self.disputes)
        french, english = self.figures_page("fr"), self.figures_page("en")
        assert "2 dossiers, dont 1 ouvert." in french
        assert f"1 dossier clos{NNBSP}: médiane 0, moyenne 0,0, plus long 0." in french
        assert "2 cases, 1 open." in english
        assert "1 closed case: median 0, mean 0.0, longest 0." in english

    def test_four_cases_of_which_two_closed(self):
        for subject in ("Champ de Ɓila", "Verger de Kɔnɛ", "Bas-fond de Ŋaba", "Jachère de Sɛgda"):
            self.file_case(subject=subject, rights=[self.right_a])
        for case in DisputeCase.objects.order_by("number")[:2]:
            withdraw(case=case, reason="Accord", actor=self.disputes)
        french, english = self.figures_page("fr"), self.figures_page("en")
        assert "4 dossiers, dont 2 ouverts." in french and "2 dossiers clos" in french
        assert "4 cases, 2 open." in english and "2 closed cases: median 0" in english
