"""Exports are scoped by permissions; the LADM GeoPackage has its tables; personal data stays scoped."""

import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.contrib.gis.gdal import DataSource
from django.utils import translation

from landreg.parcels.exceptions import ParcelError
from landreg.parcels.exporting import export_parcels
from tests.base import RegistryTestCase

pytestmark = pytest.mark.skipif(not shutil.which("ogr2ogr"), reason="needs ogr2ogr")


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are matched in English here; French is checked in test_messages_fr.py."""
    with translation.override("en"):
        yield


class ExportTests(RegistryTestCase):
    def export(self, user, fmt, **kw):
        directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, directory)
        path, _name = export_parcels(user=user, fmt=fmt, directory=directory, **kw)
        return path

    def numbers(self, path, layer=0):
        return sorted(f.get("number") for f in DataSource(str(path))[layer])

    def test_each_format_holds_only_the_parcels_the_user_may_see(self):
        for fmt in ("gpkg", "geojson", "csv"):
            assert self.numbers(self.export(self.agent_a, fmt)) == ["TC-A-00001"], fmt
        assert self.numbers(self.export(self.mayor, "gpkg")) == ["TC-A-00001", "TC-B-00001"]
        assert self.numbers(self.export(self.stranger, "geojson")) == []

    def test_the_shapefile_comes_zipped_with_its_prj(self):
        path = self.export(self.mayor, "shp", unit_code="TC-B")
        assert {Path(n).suffix for n in zipfile.ZipFile(path).namelist()} >= {".shp", ".dbf", ".prj", ".shx"}
        assert self.numbers(f"/vsizip/{path}") == ["TC-B-00001"]

    def test_the_ladm_geopackage_has_parcels_parties_rights_with_shares_and_sources(self):
        source = DataSource(str(self.export(self.agent_a, "ladm")))
        names = [layer.name for layer in source]
        assert {
            "la_spatialunit",
            "la_party",
            "la_groupmember",
            "la_rrr",
            "la_rrr_holder",
            "la_source",
        } <= set(names)
        holders = list(source[names.index("la_rrr_holder")])
        assert [h.get("share") for h in holders] == ["1"]
        rrr = list(source[names.index("la_rrr")])
        assert rrr[0].get("type") == "customaryType" and rrr[0].get("begin_lifespan")

    def test_personal_data_is_exported_only_where_the_user_may_see_it(self):
        source = DataSource(str(self.export(self.agent_a, "ladm")))
        party = next(layer for layer in source if layer.name == "la_party")
        assert [f.get("id_document_number") for f in party] == ["B12345678"]
        mayor_file = DataSource(str(self.export(self.member_a, "ladm")))
        party = next(layer for layer in mayor_file if layer.name == "la_party")
        assert "B12345678" not in [str(f.get("id_document_number")) for f in party]

    def test_an_unknown_format_is_refused(self):
        with pytest.raises(ParcelError, match="Unknown export format"):
            self.export(self.agent_a, "dxf")

    def test_the_download_view_needs_a_login_and_scopes(self):
        assert self.client.get("/parcels/export/geojson/").status_code == 302
        self.client.force_login(self.agent_b)
        body = b"".join(self.client.get("/parcels/export/geojson/").streaming_content).decode()
        assert "TC-B-00001" in body and "TC-A-00001" not in body
        assert self.client.get("/parcels/export/dxf/").status_code == 404  # no such format: no such page


class ExportCommandTests(RegistryTestCase):
    def test_the_command_writes_what_the_user_may_see(self):
        from django.core.management import call_command

        out = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, out)
        call_command("export_parcels", str(out / "a.gpkg"), "--format", "gpkg", "--user", "agent_a")
        assert sorted(f.get("number") for f in DataSource(str(out / "a.gpkg"))[0]) == ["TC-A-00001"]
