"""The import page refused: its form shown again (200, a page to correct, nothing queued) with the error
beside the field, every option as chosen, and what a browser cannot give back said plainly: the file is to be
chosen again. Posts are what the page renders (CSRF, the one-use token, the button)."""

import shutil
import tempfile
from html import unescape
from unittest import mock

from django.test import Client, override_settings
from django.utils import translation

from landreg.parcels import tasks
from landreg.parcels.models import ImportJob
from tests.base import RegistryTestCase
from tests.browser_forms import form_with_field
from tests.parcels.test_import_page import geojson_file


class RefusedImportTests(RegistryTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media)
        override = override_settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.agent_a)

    def test_a_refused_import_shows_the_error_keeps_the_options_and_asks_for_the_file_again(self):
        form = form_with_field(self.browser.get("/parcels/import/").content.decode(), "mapping")
        body = form.data(form.buttons[0], srid="999999", mapping="source_id=id, official_area_m2=contenance")
        body.pop("dry_run")  # unticked: a real import
        body |= {"keep_valid": ["on"], "split_multipolygons": ["on"], "village": [str(self.village_a.pk)]}
        body["file"] = geojson_file("relevés ŋ.geojson")
        with mock.patch.object(tasks, "run_import_job") as queue:
            response = self.browser.post("/parcels/import/", body)
        page = unescape(response.content.decode())
        assert response.status_code == 200 and not ImportJob.objects.exists() and not queue.called
        assert "EPSG:999999 n’est pas un système de coordonnées" in page or "EPSG:999999" in page, page[
            -4000:
        ]
        kept = form_with_field(page, "mapping")
        sent = dict(kept.fields)
        assert sent["srid"] == "999999" and sent["mapping"] == "source_id=id, official_area_m2=contenance"
        assert sent["village"] == str(self.village_a.pk)
        assert sent.get("keep_valid") == "on" and sent.get("split_multipolygons") == "on"
        assert "dry_run" not in sent  # left unticked, as chosen
        assert (
            "Le fichier «\u202frelevés ŋ.geojson\u202f» n’a pas été gardé\u202f: choisissez-le à nouveau."
            in page
        )
