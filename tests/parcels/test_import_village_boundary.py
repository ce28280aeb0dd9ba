"""Importing into a village whose boundary is known: parcels inside are imported, those outside are named.

The village is drawn around section AB of the real Épinay-sur-Orge cadastre (its parcels' convex hull,
widened by about 10 m); the parcels of section AB lie inside, one parcel of section ZE lies outside.
"""

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.test import TestCase

from landreg.parcels.importing import ImportFailed, import_parcels
from landreg.parcels.models import Parcel
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create
from tests.base import make_territory

DATA = Path(__file__).parents[2].parent / "shared" / "data"
FRENCH = DATA / "etalab-91216-epinay-sur-orge-parcels.geojson"

pytestmark = pytest.mark.skipif(not FRENCH.exists(), reason="shared data folder not present")


def _features(section: str) -> list[dict]:
    features = json.loads(FRENCH.read_text())["features"]
    return [f for f in features if f["properties"]["section"] == section]


class VillageBoundaryImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        country, region, commune, _a, _b = make_territory()
        cls.section = _features("AB")
        hull = MultiPolygon(
            [GEOSGeometry(json.dumps(f["geometry"]), srid=4326) for f in cls.section], srid=4326
        ).convex_hull.buffer(1e-4)
        cls.village = unit_create(
            level=UnitLevel.VILLAGE, code="TC-AB", name="Section AB", parent=commune, boundary=hull
        )

    def write(self, features):
        path = Path(tempfile.mkdtemp()) / "parcelles.geojson"
        self.addCleanup(shutil.rmtree, path.parent)
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        return path

    def test_parcels_inside_the_village_boundary_are_imported(self):
        report = import_parcels(path=self.write(self.section), village=self.village)
        assert report.imported == len(self.section) > 10
        assert Parcel.objects.filter(village=self.village).count() == len(self.section)

    def test_a_parcel_outside_the_village_boundary_is_named_and_nothing_is_saved(self):
        outside = _features("ZE")[0]
        with pytest.raises(ImportFailed) as failed:
            import_parcels(path=self.write([*self.section, outside]), village=self.village)
        [error] = failed.value.report.errors
        assert error.feature_id == outside["properties"]["id"] and error.codes == ["outside_village"]
        assert Parcel.objects.filter(village=self.village).count() == 0
