"""Tiles at a registry's scale (issue 14, item 4): generalised and bounded at low zoom, cached until a
parcel in them changes, on SpatiaLite and PostGIS alike."""

import json
import tempfile
from pathlib import Path
from unittest import mock

import mapbox_vector_tile
import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from landreg.parcels.importing import import_parcels
from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_record, parcel_retire, parcel_update
from tests.base import RegistryTestCase, make_territory
from tests.geometries import square
from tests.tiles.test_tiles import tile_of

FRENCH = Path(__file__).parents[2].parent / "shared" / "data" / "etalab-91216-epinay-sur-orge-parcels.geojson"


def decode(response) -> list[dict]:
    assert response.status_code == 200
    return mapbox_vector_tile.decode(response.content).get("parcels", {}).get("features", [])


def numbers(response) -> set[str]:
    return {f["properties"]["number"] for f in decode(response)}


class TileCacheTests(RegistryTestCase):
    """A public tile is drawn once; recording, editing, retiring or importing a parcel redraws its tiles."""

    def tile_url(self, parcel, z=14):
        centre = parcel.geometry.centroid
        x, y = tile_of(centre.x, centre.y, z)
        return f"/tiles/parcels/{z}/{x}/{y}.mvt"

    def parcel_queries(self, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.client.get(url)
        return sum("parcels_parcel" in q["sql"] for q in captured.captured_queries)

    def test_a_tile_asked_twice_is_drawn_once(self):
        url = self.tile_url(self.parcel_a)
        assert self.parcel_queries(url) == 1
        assert self.parcel_queries(url) == 0

    def test_a_parcel_recorded_in_a_cached_tile_appears_at_once(self):
        url = self.tile_url(self.parcel_a)
        assert "TC-A-00001" in numbers(self.client.get(url))
        new = parcel_record(village=self.village_a, geometry=square(200, 0), survey_method="gps")
        assert new.number in numbers(self.client.get(url))

    def test_a_parcel_moved_away_leaves_its_old_tile_and_a_retired_one_leaves_the_map(self):
        url = self.tile_url(self.parcel_a, z=16)
        assert "TC-A-00001" in numbers(self.client.get(url))
        moved = parcel_update(parcel=self.parcel_a, geometry=square(0, 3000), reason="resurveyed")
        assert "TC-A-00001" not in numbers(self.client.get(url))
        new_url = self.tile_url(moved, z=16)
        assert "TC-A-00001" in numbers(self.client.get(new_url))
        parcel_retire(parcel=moved, reason="merged")
        assert "TC-A-00001" not in numbers(self.client.get(new_url))

    def test_an_imported_file_appears_in_the_tiles_already_drawn(self):
        url = self.tile_url(self.parcel_a, z=12)
        before = numbers(self.client.get(url))
        ring = [list(c) for c in square(300, 300).coords[0]]
        path = Path(tempfile.mkdtemp()) / "levé.geojson"
        path.write_text(
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"id": "levé-1"},
                            "geometry": {"type": "Polygon", "coordinates": [ring]},
                        }
                    ],
                }
            )
        )
        import_parcels(path=path, village=self.village_a)
        added = Parcel.objects.get(source_id="levé-1").number
        assert numbers(self.client.get(url)) == before | {added}

    def test_the_map_of_a_users_own_villages_is_never_served_from_the_shared_cache(self):
        url = self.tile_url(self.parcel_a, z=12)
        self.client.get(url)  # the public tile is cached
        self.client.force_login(self.agent_b)
        assert numbers(self.client.get(url + "?scope=mine")) == {"TC-B-00001"}


@pytest.mark.skipif(not FRENCH.exists(), reason="shared data folder not present")
class GeneralisationTests(TestCase):
    """300 parcels of the real Épinay-sur-Orge cadastre, seen from near and from far."""

    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, _b = make_territory()
        data = json.loads(FRENCH.read_text())
        data["features"] = data["features"][:300]
        path = Path(tempfile.mkdtemp()) / "epinay.geojson"
        path.write_text(json.dumps(data))
        import_parcels(path=path, village=cls.village)
        centre = Parcel.objects.get(source_id="91216000AB0037").geometry.centroid
        cls.lon, cls.lat = centre.x, centre.y

    def features(self, z):
        x, y = tile_of(self.lon, self.lat, z)
        return decode(self.client.get(f"/tiles/parcels/{z}/{x}/{y}.mvt"))

    @staticmethod
    def vertices(features) -> int:
        return sum(len(ring) for f in features for ring in _rings(f["geometry"]))

    def test_far_away_boundaries_are_simplified(self):
        whole = self.features(12)
        shown = {f["properties"]["number"] for f in whole}
        stored = Parcel.objects.filter(number__in=shown)
        stored_vertices = sum(p.geometry.num_points for p in stored)
        assert self.vertices(whole) < 0.6 * stored_vertices

    def test_parcels_smaller_than_a_pixel_are_left_out_far_away_and_shown_near(self):
        small = Parcel.objects.filter(area_m2__lt=2500).order_by("area_m2").first()
        assert small is not None and small.area_m2 < 2500
        centre = small.geometry.centroid
        far_x, far_y = tile_of(centre.x, centre.y, 10)
        near_x, near_y = tile_of(centre.x, centre.y, 17)
        far = {
            f["properties"]["number"]
            for f in decode(self.client.get(f"/tiles/parcels/10/{far_x}/{far_y}.mvt"))
        }
        near = {
            f["properties"]["number"]
            for f in decode(self.client.get(f"/tiles/parcels/17/{near_x}/{near_y}.mvt"))
        }
        assert small.number not in far and small.number in near

    def test_a_tile_holds_at_most_the_budget_largest_first(self):
        with mock.patch("landreg.tiles.mvt.FEATURE_BUDGET", 5):
            kept = {f["properties"]["number"] for f in self.features(13)}
        assert len(kept) == 5
        largest = set(Parcel.objects.order_by("-area_m2").values_list("number", flat=True)[:5])
        assert kept == largest


def _rings(geometry):
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]
