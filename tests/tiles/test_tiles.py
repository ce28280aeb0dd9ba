"""Vector tiles of the parcels: PostGIS ST_AsMVT or the SpatiaLite path, same content."""

import math

import mapbox_vector_tile

from landreg.parcels.services import parcel_retire
from landreg.tiles.mvt import tile_bounds_3857, tile_bounds_4326
from tests.base import RegistryTestCase


def tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


class TileTests(RegistryTestCase):
    def get(self, z, x, y):
        response = self.client.get(f"/tiles/parcels/{z}/{x}/{y}.mvt")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
        return mapbox_vector_tile.decode(response.content)

    def test_a_z14_tile_holds_the_parcel_with_its_public_attributes(self):
        centre = self.parcel_a.geometry.centroid
        x, y = tile_of(centre.x, centre.y, 14)
        layer = self.get(14, x, y)["parcels"]
        numbers = {f["properties"]["number"] for f in layer["features"]}
        assert "TC-A-00001" in numbers
        feature = next(f for f in layer["features"] if f["properties"]["number"] == "TC-A-00001")
        assert set(feature["properties"]) == {"id", "number", "land_use", "area_m2"}
        assert feature["geometry"]["type"] == "Polygon"
        assert layer["extent"] == 4096

    def test_an_empty_tile_is_empty_and_retired_parcels_are_not_drawn(self):
        assert self.get(14, 0, 0) == {}
        parcel_retire(parcel=self.parcel_a, reason="merged")
        centre = self.parcel_a.geometry.centroid
        x, y = tile_of(centre.x, centre.y, 16)
        assert "TC-A-00001" not in str(self.get(16, x, y))

    def test_the_map_scope_keeps_only_the_callers_villages(self):
        centre = self.parcel_a.geometry.centroid
        x, y = tile_of(centre.x, centre.y, 12)  # parcel_b is 1 km east: same z12 tile
        assert {f["properties"]["number"] for f in self.get(12, x, y)["parcels"]["features"]} == {
            "TC-A-00001",
            "TC-B-00001",
        }
        self.client.force_login(self.agent_b)
        mine = mapbox_vector_tile.decode(self.client.get(f"/tiles/parcels/12/{x}/{y}.mvt?scope=mine").content)
        assert [f["properties"]["number"] for f in mine["parcels"]["features"]] == ["TC-B-00001"]
        self.client.force_login(self.stranger)
        assert self.client.get(f"/tiles/parcels/12/{x}/{y}.mvt?scope=mine").content == b""

    def test_a_programme_officer_reads_the_parcels_of_the_villages_they_follow_on_the_map(self):
        # Seen on the demo: the programme officer's map was empty (its tiles asked for the villages whose
        # records they read: none, their role gives statistics only).
        from landreg.accounts.roles import Role
        from tests.base import make_user

        officer = make_user("programme_tc", Role.PROGRAMME_OFFICER, self.commune)
        centre = self.parcel_a.geometry.centroid
        x, y = tile_of(centre.x, centre.y, 12)
        self.client.force_login(officer)
        assert self.client.get(f"/tiles/parcels/12/{x}/{y}.mvt?scope=mine").content == b""
        followed = self.client.get(f"/tiles/parcels/12/{x}/{y}.mvt?scope=followed")
        features = mapbox_vector_tile.decode(followed.content)["parcels"]["features"]
        assert {f["properties"]["number"] for f in features} == {"TC-A-00001", "TC-B-00001"}
        assert set(features[0]["properties"]) == {"id", "number", "land_use", "area_m2"}  # public only
        page = self.client.get("/map/").content.decode()
        assert "mvt?scope=followed" in page and "scope=mine" not in page and "/registre/parcelles/" in page
        self.client.force_login(self.agent_b)
        assert "mvt?scope=mine" in self.client.get("/map/").content.decode()
        self.client.force_login(self.stranger)
        assert self.client.get(f"/tiles/parcels/12/{x}/{y}.mvt?scope=followed").content == b""

    def test_a_tile_outside_the_grid_is_404(self):
        assert self.client.get("/tiles/parcels/3/8/0.mvt").status_code == 404

    def test_tile_bounds_agree_between_mercator_and_degrees(self):
        minx, miny, maxx, maxy = tile_bounds_3857(1, 0, 0)
        assert (minx, maxy) == (-20037508.342789244, 20037508.342789244) and maxx == 0 and miny == 0
        assert tile_bounds_4326(1, 1, 1)[:3] == (0.0, -85.0511287798066, 180.0)


def test_the_tolerance_in_degrees_is_never_coarser_than_one_tile_unit():
    # Boundaries are simplified in degrees before projection: a vertex moved by the tolerance in longitude
    # or in latitude, anywhere in the tile, moves by at most one tile unit in Web Mercator.
    from landreg.tiles.mvt import EXTENT, generalisation, tile_bounds_3857, tolerance_degrees

    for z, y_frac in ((0, 0.0), (4, 0.3), (8, 0.35), (12, 0.36), (14, 0.4), (16, 0.9)):
        y = int(y_frac * 2**z)
        tolerance, _min_area = generalisation(z, y)
        degrees = tolerance_degrees(tolerance, z, y)
        minx, miny, maxx, maxy = tile_bounds_3857(z, 0, y)
        unit = (maxx - minx) / EXTENT
        assert degrees > 0
        for mercator_y in (miny, (miny + maxy) / 2, maxy):
            lat = math.degrees(2 * math.atan(math.exp(mercator_y / 6378137.0)) - math.pi / 2)
            north = math.log(math.tan(math.pi / 4 + math.radians(min(lat + degrees, 85.06)) / 2)) * 6378137.0
            east = math.radians(degrees) * 6378137.0
            assert east <= unit * 1.000001
            assert north - mercator_y <= unit * 1.01
