"""A user's file opens only as what its name says, never as a pointer to other files or addresses.

The attack of issue 9: an OGR VRT (XML) uploaded as parcelles.geojson names the signing key as a CSV
(``CSV:/path/key.pem``) or the live SQLite database; GDAL alone follows it and the import report prints
the values back. Each test builds the hostile file and shows the door refuses it without quoting it.
"""

import contextlib
import http.server
import json
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest
from django.contrib.gis.gdal import DataSource, SpatialReference
from django.test import SimpleTestCase, override_settings

from landreg.core.files import gdal_guard
from landreg.core.files.safe_zip import UnsafeArchive
from landreg.core.files.untrusted_files import UntrustedFileError, file_crs, open_vector, shown

SECRET = "MC4CAQAwBQYDK2VwBCIEIsecretsecretsecret"


def vrt(source: str, src_layer: str = "signing") -> str:
    return (
        f'<OGRVRTDataSource><OGRVRTLayer name="parcelles"><SrcDataSource>{source}</SrcDataSource>'
        f"<SrcLayer>{src_layer}</SrcLayer></OGRVRTLayer></OGRVRTDataSource>"
    )


class HostileFileTests(SimpleTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)
        self.key = self.tmp / "signing.pem"
        self.key.write_text(f"-----BEGIN PRIVATE KEY-----\n{SECRET}\n-----END PRIVATE KEY-----\n")

    def write(self, name: str, text: str) -> Path:
        path = self.tmp / name
        path.write_text(text)
        return path

    def test_gdal_alone_would_read_the_key_through_a_vrt_named_geojson(self):
        # Why the door exists: this is what an unguarded DataSource does with the upload.
        upload = self.write("parcelles.geojson", vrt(f"CSV:{self.key}"))
        values = [str(f.get(0)) for f in DataSource(str(upload))[0]]
        assert any(SECRET in v for v in values)

    def test_a_vrt_named_geojson_is_refused_without_quoting_the_key(self):
        upload = self.write("parcelles.geojson", vrt(f"CSV:{self.key}"))
        with pytest.raises(UntrustedFileError) as refused:
            open_vector(upload, declared_name="parcelles.geojson")
        assert SECRET not in str(refused.value) and str(self.key) not in str(refused.value)

    def test_a_vrt_pointing_at_the_sqlite_database_is_refused_and_leaves_no_lock(self):
        database = self.tmp / "landreg.sqlite3"
        with sqlite3.connect(database) as db:
            db.execute("CREATE TABLE t (x)")
        upload = self.write("parcelles.geojson", vrt(str(database), "t"))
        with pytest.raises(UntrustedFileError):
            open_vector(upload)
        with sqlite3.connect(database, timeout=0.1) as db:
            db.execute("INSERT INTO t VALUES (1)")  # no reader holds the file

    def test_a_file_named_geojson_is_read_by_the_geojson_reader_only(self):
        gpkg = self.tmp / "real.gpkg"
        with sqlite3.connect(gpkg) as db:
            db.execute("CREATE TABLE t (x)")
        disguised = self.tmp / "parcelles.geojson"
        disguised.write_bytes(gpkg.read_bytes())
        with pytest.raises(UntrustedFileError, match="cannot be read as GeoJSON"):
            open_vector(disguised)

    def test_paths_that_gdal_would_follow_are_refused(self):
        for path in (
            "/vsicurl/http://127.0.0.1:9/parcelles.geojson",
            f"/vsizip/{self.tmp}/a.zip/p.geojson",
            f"CSV:{self.key}",
            "http://127.0.0.1:9/parcelles.geojson",
        ):
            with pytest.raises(UntrustedFileError, match="plain file"):
                open_vector(path)

    def test_a_kind_of_file_outside_the_list_is_refused(self):
        upload = self.write("parcelles.vrt", vrt(f"CSV:{self.key}"))
        with pytest.raises(UntrustedFileError, match="not accepted"):
            open_vector(upload)

    def test_a_file_over_the_size_limit_is_refused_before_reading(self):
        upload = self.write(
            "big.geojson", json.dumps({"type": "FeatureCollection", "features": []}) + " " * 2000
        )
        with (
            override_settings(LANDREG_IMPORT_MAX_MB=0.001),
            pytest.raises(UntrustedFileError, match="larger"),
        ):
            open_vector(upload)

    def test_values_from_a_file_are_shown_short_and_without_control_characters(self):
        assert shown("a\x1b[31mb\nc") == "a?[31mb?c"
        assert shown("x" * 100) == "x" * 39 + "…"

    def test_a_kml_network_link_or_an_xml_entity_is_refused(self):
        link = "<kml><Document><NetworkLink><Link><href>file:///etc/passwd</href></Link></NetworkLink></Document></kml>"
        entity = '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]><gpx>&x;</gpx>'
        for name, text in (("p.kml", link), ("p.gpx", entity)):
            with pytest.raises(UntrustedFileError, match="refers to other files"):
                open_vector(self.write(name, text))


class ZipTests(SimpleTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def archive(self, members: dict[str, bytes]) -> Path:
        path = self.tmp / "parcels.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(name, data)
        return path

    def test_a_member_climbing_out_of_the_archive_is_refused(self):
        for name in ("../parcels.shp", "/etc/parcels.shp", "a/../../parcels.shp"):
            with pytest.raises(UnsafeArchive, match="outside"):
                open_vector(self.archive({name: b"x"}))

    def test_a_zip_bomb_is_refused(self):
        with pytest.raises(UnsafeArchive, match="inflates"):
            open_vector(self.archive({"parcels.dbf": b"\0" * 5_000_000}))

    def test_too_many_members_or_a_foreign_kind_are_refused(self):
        with pytest.raises(UnsafeArchive, match="at most"):
            open_vector(self.archive({f"p{k}.prj": b"x" for k in range(60)}))
        with pytest.raises(UnsafeArchive, match="kind"):
            open_vector(self.archive({"parcels.vrt": b"<OGRVRTDataSource/>"}))


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802 - the standard library's name
        type(self).hits += 1
        body = b'id,WKT\n1,"POINT (1 2)"\n'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


class NetworkTests(SimpleTestCase):
    def test_gdal_reaches_no_address_even_through_a_reader_that_follows_one(self):
        gdal_guard.apply()
        server = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        url = f"http://127.0.0.1:{server.server_port}/x.csv"
        for target in (f"/vsicurl/{url}", f"/vsicurl_streaming/{url}", url, f"CSV:/vsicurl/{url}"):
            with pytest.raises(Exception):  # noqa: B017 - GDAL's own error; what matters is the count
                DataSource(target)
        assert _Counter.hits == 0


class GeoPackageViewTests(SimpleTestCase):
    """A GeoPackage is a SQLite database: a view registered as its layer is SQL of the file's author that
    GDAL runs in our worker. Before: this one (counting to 10^12 before it answers) held an import, and the
    page's worker, for ever."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def geopackage(self, *, view: bool) -> Path:
        path = self.tmp / "parcels.gpkg"
        ring = [[-1.5, 12.3], [-1.499, 12.3], [-1.499, 12.301], [-1.5, 12.3]]
        features = [
            {
                "type": "Feature",
                "properties": {"id": "P1"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ]
        source = self.tmp / "p.geojson"
        source.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        subprocess.run(["ogr2ogr", "-f", "GPKG", str(path), str(source), "-nln", "parcels"], check=True)  # noqa: S603, S607
        if view:
            with contextlib.closing(sqlite3.connect(path)) as db:
                db.executescript(
                    """
                    CREATE VIEW slow AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n
                        WHERE x < 1000000000000) SELECT p.fid, p.geom, p.id FROM parcels p, (SELECT max(x) m
                        FROM n) WHERE m < 0;
                    UPDATE gpkg_contents SET table_name = 'slow', identifier = 'slow';
                    UPDATE gpkg_geometry_columns SET table_name = 'slow';
                    """
                )
        return path

    def test_a_geopackage_of_tables_opens(self):
        source = open_vector(self.geopackage(view=False))
        assert [layer.name for layer in source] == ["parcels"]

    def test_a_geopackage_holding_a_view_is_refused_before_gdal_runs_it(self):
        with pytest.raises(UntrustedFileError, match="views"):
            open_vector(self.geopackage(view=True), declared_name="parcelles.gpkg")


class CrsNamingFilesTests(SimpleTestCase):
    """A file's coordinate system may name a datum grid or an init file by its path; PROJ opens that path
    at the first transform (a named pipe or /dev/stdin stops the worker; other paths answer whether they
    exist). Such a CRS is refused, or rebuilt from the EPSG code it states."""

    def test_a_crs_naming_a_grid_or_an_init_file_is_refused(self):
        for proj in (
            "+proj=longlat +datum=WGS84 +nadgrids=/etc/passwd +no_defs",
            "+proj=longlat +ellps=WGS84 +geoidgrids=/dev/stdin +no_defs",
        ):
            with pytest.raises(UntrustedFileError, match="EPSG"):
                file_crs(SpatialReference(proj), declared_name="parcelles.zip")

    def test_a_crs_stating_its_epsg_code_is_rebuilt_from_it_without_the_grid(self):
        stated = SpatialReference(
            SpatialReference(32630).wkt.replace(
                'AUTHORITY["EPSG","32630"]]',
                'EXTENSION["PROJ4","+proj=utm +zone=30 +nadgrids=/etc/passwd"],AUTHORITY["EPSG","32630"]]',
            )
        )
        assert "nadgrids=/etc/passwd" in stated.wkt
        rebuilt = file_crs(stated, declared_name="parcelles.zip")
        assert rebuilt.srid == 32630 and "passwd" not in rebuilt.wkt + rebuilt.proj

    def test_ordinary_crs_pass_as_they_are_web_mercator_and_its_null_grid_too(self):
        for srs in (SpatialReference(4326), SpatialReference(32630), SpatialReference(3857), None):
            assert file_crs(srs, declared_name="parcelles.zip") is srs
