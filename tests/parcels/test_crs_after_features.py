"""A GeoJSON's crs member may stand after its features, deep in a large file (the writer put the
FeatureCollection's members in another order, or another member follows the crs). GDAL honours a member it
can read wherever it stands; one it cannot read (a link, an unknown code) it drops without a word and takes
the numbers for longitude/latitude. The registry reads every crs member of the file before GDAL opens it
(untrusted_files._refuse_unread_crs), so one deep in a large file is honoured or refused by name, never
misread: before, only the file's first 4 MB and last 64 kB were read, and a member between them, or across
the 4 MB mark, went unseen."""

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.test import TestCase
from django.utils import translation

from landreg.core.files.untrusted_files import SNIFF_BYTES, UntrustedFileError, open_vector
from landreg.parcels.importing import import_parcels
from landreg.parcels.models import Parcel
from tests.base import make_territory
from tests.geometries import ORIGIN_E, ORIGIN_N, square

UTM_30N = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32630"}}
# The registry cannot read it (GDAL drops it): the numbers would pass for degrees.
LINK = {
    "type": "link",
    "properties": {"href": "http://spatialreference.org/ref/epsg/32630/", "type": "proj4"},
}
FEATURES = 50
NOTE = 100_000  # characters of remarks a feature (200 kB in UTF-8), so that 50 features fill some 10 MB


def utm_feature(k: int) -> dict:
    """Parcel k, a 100 m square in UTM 30N metres from the test origin, with a long remark."""
    x, y = ORIGIN_E + 200 * k, ORIGIN_N
    ring = [[x, y], [x + 100, y], [x + 100, y + 100], [x, y + 100], [x, y]]
    return {
        "type": "Feature",
        "properties": {"id": f"KƆN-{k:03d}", "remarque": "Champ de Ɓoulsa, " + "ŋ" * NOTE},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def deep_collection(crs: dict, *, crs_at: int | None = None, features: int = FEATURES) -> bytes:
    """A FeatureCollection of some 10 MB (``features`` of 200 kB each): its features, then its crs member,
    then a description of 200 kB (beyond the file's last 64 kB). ``crs_at``: the byte where the crs member
    starts (a padding member before it puts it there)."""
    head = '{"type": "FeatureCollection", "features": '
    head += json.dumps([utm_feature(k) for k in range(features)], ensure_ascii=False)
    member = ', "crs": ' + json.dumps(crs)
    if crs_at is not None:
        before = head + ', "pad": "'
        padding = crs_at - len(before.encode()) - len('", ')
        assert padding >= 0
        head = before + " " * padding + '"'
        assert (head + member).encode().index(b'"crs"') == crs_at
    tail = ', "description": "' + "x" * 200_000 + '"}'
    return (head + member + tail).encode()


class CrsAfterFeaturesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, cls.other = make_territory()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def write(self, content: bytes) -> Path:
        path = self.tmp / "parcelles.geojson"
        path.write_bytes(content)
        assert path.stat().st_size > SNIFF_BYTES + 65_536  # the member is in neither part read before
        return path

    def test_a_crs_member_the_registry_cannot_read_after_the_features_is_refused_by_name(self):
        path = self.write(deep_collection(LINK))
        with translation.override("fr"), pytest.raises(UntrustedFileError, match="membre crs"):
            import_parcels(path=path, village=self.village)
        assert not Parcel.objects.exists()

    def test_a_crs_member_across_the_four_megabytes_read_first_is_seen(self):
        path = self.write(deep_collection(LINK, crs_at=SNIFF_BYTES - 4, features=5))
        with translation.override("en"), pytest.raises(UntrustedFileError, match="The GeoJSON's crs member"):
            open_vector(path)

    def test_utm_metres_named_after_the_features_land_where_they_are(self):
        path = self.write(deep_collection(UTM_30N))
        report = import_parcels(path=path, village=self.village)
        assert (report.imported, report.errors) == (FEATURES, []), report.errors
        parcel = Parcel.objects.get(source_id="KƆN-007")
        expected = GEOSGeometry(square(1400, 0).wkb, srid=4326)
        assert parcel.geometry.equals_exact(expected, tolerance=1e-7)
        assert parcel.area_m2 == pytest.approx(10_000, rel=0.01)
