"""The printed procès-verbal of conciliation says what applies to the agreement about the court's homologation
(the rule kept on the agreement when it was signed): required, that it takes effect only once homologated; the
homologation (court, date, reference) or the court's refusal once recorded; nothing more when homologation is
optional and none was recorded. The PDF is opened by the case page's link, as a user does."""

import re
from html import unescape

from django.utils import translation

from landreg.core import clock
from landreg.core.dates import long_date
from tests.certificates.base import pdf_text
from tests.disputes.test_homologation import COURT, judgement
from tests.disputes.test_homologation_rule import HomologationRuleTestCase

REQUIRED = (
    "La procédure exige l’homologation de cet accord par le tribunal : il ne prend effet qu’une fois "
    "homologué par le tribunal."
)
REFERENCE = "Jugement n° 071/2030 Ŋ"


class OutcomePdfTestCase(HomologationRuleTestCase):
    def printed_record(self) -> str:
        """The text of the procès-verbal the case page links to, as the dispute administrator opens it."""
        client = self.client_for(self.disputes)
        [link] = re.findall(r'href="(/disputes/[^"]+/records/[^"]+\.pdf)"', self.page(client))
        response = client.get(unescape(link))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "PROCÈS-VERBAL DE CONCILIATION" in text and "ƁAŊƆ Ɛlisabɛt" in text
        return text

    def today_in_words(self) -> str:
        with translation.override("fr"):
            return long_date(clock.today())


class RequiredHomologationRecordTests(OutcomePdfTestCase):
    rule = "required"

    def test_a_record_awaiting_homologation_says_the_agreement_takes_effect_only_once_homologated(self):
        self.agree_on_page()
        text = self.printed_record()
        assert "Homologation par le tribunal" in text and REQUIRED in text
        assert "Homologué par" not in text and "Homologation refusée" not in text

    def test_the_record_of_a_homologated_agreement_names_the_court_the_date_and_the_decision(self):
        self.agree_on_page()
        self.post_court_decision(
            self.client_for(self.disputes), self.homologation_action, "homologation", file=judgement()
        )
        text = self.printed_record()
        assert REQUIRED in text
        assert f"Homologué par {COURT} le {self.today_in_words()}, décision {REFERENCE}." in text
        assert "L’accord a pris effet avec l’homologation." in text

    def test_the_record_of_a_refused_agreement_says_the_refusal_its_court_date_reference_and_grounds(self):
        self.agree_on_page()
        self.post_court_decision(
            self.client_for(self.disputes),
            self.refusal_action,
            "refusal",
            grounds="Ɛlisabɛt ƁAŊƆ n’a pas signé pour tous les ayants droit.",
        )
        text = self.printed_record()
        assert REQUIRED in text
        assert (
            f"Homologation refusée par {COURT} le {self.today_in_words()}, décision {REFERENCE} : "
            "l’accord ne prend pas effet." in text
        )
        assert "Motifs du refus : Ɛlisabɛt ƁAŊƆ n’a pas signé pour tous les ayants droit." in text
        assert "Homologué par" not in text


class OptionalHomologationRecordTests(OutcomePdfTestCase):
    rule = "optional"

    def test_the_record_says_nothing_of_homologation_until_a_court_homologates_the_agreement(self):
        self.agree_on_page()
        text = self.printed_record()
        assert "omologation" not in text and "omologué" not in text
        self.post_court_decision(self.client_for(self.disputes), self.homologation_action, "homologation")
        text = self.printed_record()
        assert f"Homologué par {COURT} le {self.today_in_words()}, décision {REFERENCE}." in text
        assert REQUIRED not in text and "pris effet avec l’homologation" not in text


class NoHomologationRecordTests(OutcomePdfTestCase):
    rule = "none"

    def test_the_record_says_the_procedure_does_not_include_homologation(self):
        self.agree_on_page()
        text = self.printed_record()
        assert "La procédure ne prévoit pas d’homologation de la conciliation par le tribunal." in text
        assert REQUIRED not in text


class RecordNamesTheLandTests(OutcomePdfTestCase):
    rule = "optional"

    def test_the_record_names_the_parcel_the_agreement_binds(self):
        """A court asked to homologate the record, or the clerk making its change, reads which land it binds:
        the record named the case's subject only."""
        self.agree_on_page()
        text = self.printed_record()
        assert f"Parcelles {self.parcel.number} Parties" in text, text
