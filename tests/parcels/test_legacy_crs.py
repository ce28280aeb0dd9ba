"""GeoJSON with the legacy crs member (GeoJSON 2008): a real parcel of the French cadastre, reprojected,
lands where it is, through the import, the API and the services that read a boundary's GeoJSON; a member the
registry cannot read is refused by name, never read as longitude/latitude.

Without this, GDAL read a member it did not know (a link, an unknown code) as nothing and took the numbers as
longitude/latitude: the same parcel in NTF (Paris) grads, named by a link, read so lies some 600 km away, in
the North Sea."""

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from django.contrib.gis.gdal import DataSource, OGRGeometry, SpatialReference
from django.contrib.gis.geos import GEOSGeometry
from django.test import TestCase
from django.utils import translation

from landreg.core.files.untrusted_files import UntrustedFileError
from landreg.core.geojson_crs import LegacyCrsError, crs_member_srid, geometry_in_wgs84
from landreg.parcels.importing import ImportFailed, import_parcels
from landreg.parcels.models import Parcel
from tests.base import RegistryTestCase, make_territory

DATA = Path(__file__).parents[2].parent / "shared" / "data"
FRENCH = DATA / "etalab-91216-epinay-sur-orge-parcels.geojson"
PARCEL = "91216000AB0037"  # 2.55 ha, official area 254,881 m² (see test_import_real_data)
LAMBERT_93 = 2154  # the French cadastre's own CRS
pytestmark = pytest.mark.skipif(not FRENCH.exists(), reason="shared data folder not present")


def name(code) -> dict:
    return {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{code}"}}


def real_parcel() -> tuple[OGRGeometry, dict]:
    """The parcel in longitude/latitude, as the file has it, and its properties."""
    layer = DataSource(str(FRENCH))[0]
    feature = next(f for f in layer if f.get("id") == PARCEL)
    return feature.geom.clone(), {"id": PARCEL, "contenance": feature.get("contenance")}


def reprojected(srid: int) -> dict:
    geometry, _properties = real_parcel()
    geometry.srs = SpatialReference(4326)
    geometry.transform(SpatialReference(srid))
    return json.loads(geometry.json)


def collection(geometry: dict, crs: dict | None) -> dict:
    _geometry, properties = real_parcel()
    fc = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": properties, "geometry": geometry}],
    }
    return {"type": "FeatureCollection", "crs": crs, "features": fc["features"]} if crs else fc


def same_place(stored: GEOSGeometry) -> bool:
    original = GEOSGeometry(real_parcel()[0].wkb, srid=4326)
    # 1e-7 degrees: about a centimetre; the whole parcel, not only its centre.
    return stored.srid == 4326 and stored.equals_exact(original, tolerance=1e-7)


class ImportWithLegacyCrsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, cls.other = make_territory()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def write(self, data: dict) -> Path:
        path = self.tmp / "parcelles.geojson"
        path.write_text(json.dumps(data))
        return path

    def test_a_parcel_in_lambert_93_named_by_its_crs_member_lands_where_it_is(self):
        forms = (name(LAMBERT_93), {"type": "name", "properties": {"name": "EPSG:2154"}})
        for crs, village in zip(forms, (self.village, self.other), strict=True):
            path = self.write(collection(reprojected(LAMBERT_93), crs))
            report = import_parcels(path=path, village=village)
            assert (report.imported, report.errors) == (1, []), report.errors
            parcel = Parcel.objects.get(source_id=PARCEL, village=village)
            assert same_place(parcel.geometry)
            assert parcel.area_m2 == pytest.approx(254881, rel=0.01)

    def test_utm_metres_named_by_the_old_epsg_form_land_where_they_are(self):
        crs = {"type": "EPSG", "properties": {"code": 32631}}
        report = import_parcels(path=self.write(collection(reprojected(32631), crs)), village=self.village)
        assert report.imported == 1
        assert same_place(Parcel.objects.get(source_id=PARCEL).geometry)

    def test_a_crs_member_the_registry_cannot_read_is_refused_by_name_not_read_as_degrees(self):
        # The parcel in NTF (Paris) grads: numbers that pass for degrees (-0.011, 54.09), 600 km off as such.
        grads = reprojected(4807)
        with translation.override("en"):
            for crs in (
                {
                    "type": "link",
                    "properties": {
                        "href": "http://spatialreference.org/ref/epsg/4807/proj4/",
                        "type": "proj4",
                    },
                },
                {"type": "name", "properties": {"name": "NTF (Paris)"}},
                name(999999),
            ):
                with pytest.raises(UntrustedFileError, match="parcelles.geojson: The GeoJSON's crs member"):
                    import_parcels(path=self.write(collection(grads, crs)), village=self.village)
        assert not Parcel.objects.exists()

    def test_a_file_whose_crs_member_writes_out_its_coordinate_system_is_read_through_it(self):
        # As a .prj without EPSG code: GDAL reads the definition (one naming files is refused, see
        # test_crs_naming_files).
        proj = "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80"
        crs = {"type": "name", "properties": {"name": proj}}
        report = import_parcels(
            path=self.write(collection(reprojected(LAMBERT_93), crs)), village=self.village
        )
        assert report.imported == 1
        assert (
            Parcel.objects.get(source_id=PARCEL).geometry.centroid.distance(
                GEOSGeometry(real_parcel()[0].wkb, srid=4326).centroid
            )
            < 1e-5
        )  # Lambert-93 without its towgs84: within a metre

    def test_the_same_numbers_named_by_their_epsg_code_land_where_they_are(self):
        report = import_parcels(
            path=self.write(collection(reprojected(4807), name(4807))), village=self.village
        )
        assert report.imported == 1
        assert same_place(Parcel.objects.get(source_id=PARCEL).geometry)

    def test_metres_without_a_crs_member_are_refused_not_placed(self):
        with pytest.raises(ImportFailed):
            import_parcels(path=self.write(collection(reprojected(LAMBERT_93), None)), village=self.village)
        assert not Parcel.objects.exists()


class ApiWithLegacyCrsTests(RegistryTestCase):
    URL = "/api/v1/parcels/check/"

    def check(self, geometry):
        self.client.force_login(self.agent_a)
        with translation.override("en"):
            return self.client.post(
                self.URL, {"village": "TC-A", "geometry": geometry}, content_type="application/json"
            )

    def test_a_boundary_in_lambert_93_is_checked_where_it_is(self):
        lonlat = self.check(json.loads(real_parcel()[0].json)).json()
        projected = self.check({**reprojected(LAMBERT_93), "crs": name(LAMBERT_93)}).json()
        assert lonlat["valid"] and projected["valid"], projected
        assert projected["area_m2"] == pytest.approx(lonlat["area_m2"], abs=0.01)

    def test_a_crs_member_the_registry_cannot_read_is_a_400_naming_it(self):
        for crs in (name(999999), {"type": "link", "properties": {"href": "http://example.org/crs"}}):
            response = self.check({**reprojected(4807), "crs": crs})
            assert response.status_code == 400
            [error] = response.json()["errors"]
            assert error["code"] == "unknown_crs" and "membre crs" in error["message"], error


class GeometryReaderTests(TestCase):
    def test_the_forms_gdal_documents_are_read(self):
        assert crs_member_srid(name(32630)) == 32630
        assert crs_member_srid({"type": "name", "properties": {"name": "EPSG:32630"}}) == 32630
        uri = "http://www.opengis.net/def/crs/EPSG/0/32630"
        assert crs_member_srid({"type": "name", "properties": {"name": uri}}) == 32630
        assert crs_member_srid({"type": "EPSG", "properties": {"code": 32630}}) == 32630
        for crs84 in ("urn:ogc:def:crs:OGC:1.3:CRS84", "http://www.opengis.net/def/crs/OGC/1.3/CRS84"):
            assert crs_member_srid({"type": "name", "properties": {"name": crs84}}) == 4326

    def test_anything_else_is_refused(self):
        for member in (
            None,
            "EPSG:32630",
            {"type": "name"},
            {"type": "name", "properties": {"name": "/etc/passwd"}},
            {"type": "name", "properties": {"name": "+proj=utm +zone=30 +nadgrids=/dev/stdin"}},
        ):
            with pytest.raises(LegacyCrsError):
                crs_member_srid(member)

    def test_the_services_that_read_a_boundarys_geojson_honour_it(self):
        from landreg.adjudication.api.later_life import _geometry as split_part
        from landreg.adjudication.changes.applications import _geometry as application_boundary
        from landreg.disputes.outcomes.changes import _geometry as agreed_boundary

        given = {**reprojected(LAMBERT_93), "crs": name(LAMBERT_93)}
        for read in (geometry_in_wgs84, split_part, application_boundary, agreed_boundary):
            assert same_place(read(given)), read
            assert same_place(read(json.dumps(given))), read
        assert same_place(geometry_in_wgs84(json.loads(real_parcel()[0].json)))  # no member: lon/lat
