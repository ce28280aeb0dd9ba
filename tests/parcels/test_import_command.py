"""The import command (issue 14 item 1): what it costs before the first feature is read."""

import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import execute_from_command_line
from django.core.management.base import BaseCommand
from django.db import connections
from django.test import TestCase

from landreg.parcels.models import Parcel
from tests.base import make_territory


class CommandStartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _country, _region, _commune, cls.village, _other = make_territory()

    def test_the_command_imports_without_running_djangos_system_checks_first(self):
        # The checks import every view and URL of the project: a second of processor and 35 MB of
        # memory at every import, for nothing the import uses.
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "one.geojson"
        ring = [[-3, 12], [-2.999, 12], [-2.999, 12.001], [-3, 12.001], [-3, 12]]
        feature = {
            "type": "Feature",
            "properties": {"id": "p-1"},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
        # As from a shell (call_command skips the checks whatever the command asks); the connection kept
        # open for the test's transaction (run_from_argv closes it at the end).
        argv = ["manage.py", "import_parcels", str(path), "--village", self.village.code]
        with (
            mock.patch.object(BaseCommand, "check") as check,
            mock.patch.object(connections, "close_all"),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            execute_from_command_line(argv)
        check.assert_not_called()
        assert Parcel.objects.filter(village=self.village, source_id="p-1").exists()
