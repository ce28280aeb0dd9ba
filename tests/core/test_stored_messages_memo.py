"""A stored sentence is looked up in the catalogues once per language: a list of 50 cases spent 6.6 ms
trying every formatted message as a pattern on each row, on every page. The second reading of the same text
in the same language says the same words without scanning again; another language is its own reading."""

from unittest import mock

from django.test import SimpleTestCase
from django.utils import translation

from landreg.core import stored_messages
from landreg.core.stored_messages import message_kept, message_said

SUBJECT = "Disagreement on the limits of claim R-2030-0007 at the site verification of 12/03/2030"
FRENCH = "Désaccord sur les limites de la demande R-2030-0007 lors du constat contradictoire du 12/03/2030"


class StoredMessagesMemoTests(SimpleTestCase):
    def setUp(self):
        stored_messages._said.cache_clear()

    def scans(self):
        return mock.patch.object(stored_messages, "_found", wraps=stored_messages._found)

    def test_a_second_reading_in_the_same_language_does_not_scan_the_catalogue_again(self):
        texts = [SUBJECT, "Objection to claim R-2030-0001", "Limite contestée entre deux champs", "Limite"]
        with translation.override("fr"):
            with self.scans() as scanning:
                first = [message_said(text) for text in texts]
            assert scanning.call_count == len(texts)
            with self.scans() as scanning:
                second = [message_said(text) for text in texts]
            assert scanning.call_count == 0
        assert first == second
        assert first[:2] == [FRENCH, "Opposition à la demande R-2030-0001"], first
        assert first[2:] == ["Limite contestée entre deux champs", "Limite"]  # typed text, as typed

    def test_each_language_reads_the_text_its_own_way(self):
        with translation.override("fr"):
            assert message_said(SUBJECT) == FRENCH
        with translation.override("en"), self.scans() as scanning:
            assert message_said(SUBJECT) == SUBJECT
            assert message_said(FRENCH) == SUBJECT
            assert message_kept(FRENCH) == SUBJECT
        assert scanning.call_count == 2  # the French text once, then remembered
        with translation.override("fr"), self.scans() as scanning:
            assert message_said(SUBJECT) == FRENCH
        assert scanning.call_count == 0

    def test_the_memory_is_bounded(self):
        assert stored_messages._said.cache_info().maxsize == 4096
