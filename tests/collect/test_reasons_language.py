"""The reasons a field record waits for its agent's correction are the registry's messages: kept as their
code with its values (the English message) and said in the reader's language. They were kept in the language
of the request that sent the record (French from the phone), so the agent's page in English showed French."""

from html import unescape

from django.utils import translation

from landreg.collect.models import Submission, SubmissionState
from landreg.core.stored_messages import message_kept, message_said
from tests.collect.test_openrosa import DeviceTestCase, record

NAMELESS = (("Zida", "Boukary", "", ""),)  # no sex recorded
ENGLISH = "Each person claiming needs a last name and a sex."
FRENCH = "Chaque personne demanderesse doit avoir un nom et un sexe."
OUTSIDE = "The boundary goes outside the village %(unit)s."  # a variable: makemessages reads the code's


class ReasonsSaidInTheReadersLanguageTests(DeviceTestCase):
    def page(self, language: str) -> str:
        self.client.force_login(self.agent_a)
        self.client.cookies["django_language"] = language
        return unescape(self.client.get("/collect/").content.decode())

    def test_a_record_sent_from_a_french_phone_keeps_its_reasons_as_the_registrys_messages(self):
        self.client.cookies["django_language"] = "fr"
        answer = self.post(record(people=NAMELESS))
        assert FRENCH in unescape(answer.content.decode())  # the phone reads its language
        submission = Submission.objects.get()
        assert submission.state == SubmissionState.NEEDS_CORRECTION
        assert submission.reasons == [ENGLISH]
        english, french = self.page("en"), self.page("fr")
        assert ENGLISH in english and FRENCH not in english
        assert FRENCH in french and ENGLISH not in french

    def test_reasons_kept_in_french_before_read_in_english_and_values_keep_their_place(self):
        with translation.override("fr"):
            outside = translation.gettext(OUTSIDE) % {"unit": "Tanghin"}
        Submission.objects.create(
            agent=self.agent_a,
            village=self.village_a,
            instance_id="uuid:avant",
            form_id="landreg_parcel",
            xml="<data/>",
            state=SubmissionState.NEEDS_CORRECTION,
            reasons=[FRENCH, outside, "Limites contestées par le voisin"],
        )
        english = self.page("en")
        assert ENGLISH in english and "The boundary goes outside the village Tanghin." in english
        assert "Limites contestées par le voisin" in english  # no message of the registry: shown as kept
        assert message_kept(outside) == "The boundary goes outside the village Tanghin."
        with translation.override("fr"):
            assert message_said(message_kept(outside)) == outside
