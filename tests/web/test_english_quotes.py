"""English pages quote with “ ”, French ones with « » (and U+202F inside): the English interface read
« … », French guillemets, where a file was not kept, in the procedure profile's help texts and in a field
record's reason; the msgids now quote the English way and the catalogues keep the French."""

import importlib

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from landreg.adjudication.models import ProcedureProfile
from landreg.core.stored_messages import message_said
from tests.base import RegistryTestCase
from tests.po_catalogues import CATALOGUES, messages

stored_reasons = importlib.import_module("landreg.collect.migrations.0006_english_quotes_in_stored_reasons")


def test_no_english_message_of_the_catalogues_quotes_with_guillemets():
    quoted = [msgid for catalogue in CATALOGUES for msgid, _msgstr in messages(catalogue) if "«" in msgid]
    assert not quoted, quoted


class QuotesInEachLanguageTests(RegistryTestCase):
    def refused_import(self, language: str) -> str:
        """The import page after a file of a kind not accepted: the browser will not send the file again."""
        self.client.force_login(self.agent_a)
        self.client.cookies["django_language"] = language
        sheet = SimpleUploadedFile("Ŋaba B0123.THF", b"EDIGEO", content_type="application/octet-stream")
        response = self.client.post("/parcels/import/", {"file": sheet, "village": self.village_a.pk})
        assert response.status_code == 200
        return response.content.decode()

    def test_the_import_page_says_the_file_was_not_kept_with_the_quotes_of_its_language(self):
        english = self.refused_import("en")
        assert "The file “Ŋaba B0123.THF” was not kept: choose it again." in english
        assert "«" not in english and "»" not in english
        french = self.refused_import("fr")
        assert "Le fichier «\u202fŊaba B0123.THF\u202f» n’a pas été gardé" in french

    def test_the_profiles_help_texts_quote_their_french_examples_the_english_way(self):
        signatory = ProcedureProfile._meta.get_field("signatory_title").help_text
        conciliation = ProcedureProfile._meta.get_field("conciliation_body").help_text
        with translation.override("en"):
            assert str(signatory) == "Who signs, e.g. “Le Maire”."
            assert "“Commission de conciliation foncière villageoise”" in str(conciliation)
        with translation.override("fr"):
            assert str(signatory) == "Qui signe, par ex. «\u202fLe Maire\u202f»."
            assert "«\u202fCommission de conciliation foncière villageoise\u202f»" in str(conciliation)

    def test_a_reason_stored_with_guillemets_is_rewritten_and_said_in_each_language(self):
        old = (
            "Secondary right of « Association des éleveurs peuls »: say whether the holder is a woman, a man "
            "or a group (update the form in ODK Collect: « Get blank form »)."
        )
        submission = apps.get_model("collect", "Submission").objects.create(
            instance_id="uuid:ɓ-1",
            form_id="parcel_survey",
            agent=self.agent_a,
            village=self.village_a,
            xml="<data/>",
            state="needs_correction",
            reasons=[old, "Limite hors du village"],
        )
        stored_reasons.forward(apps, None)
        submission.refresh_from_db()
        assert submission.reasons[1] == "Limite hors du village"  # not that message: kept as it was
        with translation.override("en"):
            assert message_said(submission.reasons[0]) == (
                "Secondary right of “Association des éleveurs peuls”: say whether the holder is a woman, "
                "a man or a group (update the form in ODK Collect: “Get blank form”)."
            )
        with translation.override("fr"):
            assert message_said(submission.reasons[0]).startswith(
                "Droit secondaire de «\u202fAssociation des éleveurs peuls\u202f»\u202f: dites si"
            )
        stored_reasons.backward(apps, None)
        submission.refresh_from_db()
        assert submission.reasons == [old, "Limite hors du village"]
