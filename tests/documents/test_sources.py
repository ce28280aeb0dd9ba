import datetime as dt
import tempfile

from django.core.files.base import ContentFile
from django.test import override_settings

from landreg.documents.selectors import sources_visible_to
from landreg.documents.services import source_attach
from tests.base import RegistryTestCase


class SourceTests(RegistryTestCase):
    def test_a_scanned_document_is_attached_to_a_parcel_a_party_and_a_right(self):
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            source = source_attach(
                source_type="application_form",
                document_date=dt.date(2026, 3, 2),
                village=self.village_a,
                reference="DEM-2026-001",
                file=ContentFile(b"%PDF-1.4 scan", name="demande.pdf"),
                parcels=[self.parcel_a],
                parties=[self.holder_a],
                rights=[self.right_a],
            )
            assert source.file.read() == b"%PDF-1.4 scan"
        assert list(self.parcel_a.sources.all()) == [source]
        assert list(self.holder_a.sources.all()) == [source]
        assert list(self.right_a.sources.all()) == [source]

    def test_sources_are_scoped_to_the_village(self):
        source_attach(source_type="photo", document_date=dt.date(2026, 3, 2), village=self.village_a)
        assert sources_visible_to(self.agent_a).count() == 1
        assert sources_visible_to(self.agent_b).count() == 0
