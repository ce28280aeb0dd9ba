"""The office's base map from one local file (MBTiles or PMTiles), served by the registry itself: no internet.
Each test makes its own tiny file; the tiles are distinct byte strings standing for images."""

import sqlite3
import tempfile
from pathlib import Path

from django.test import override_settings
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from landreg.accounts.roles import Role
from tests.base import RegistryTestCase, make_user

PNG = b"\x89PNG\r\n\x1a\n"
TILES = {(0, 0, 0): PNG + b"world", (1, 0, 0): PNG + b"north-west", (1, 1, 1): PNG + b"south-east"}


def make_mbtiles(path, tiles=TILES, image_format="png"):
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name text, value text)")
        db.execute("CREATE TABLE tiles (zoom_level int, tile_column int, tile_row int, tile_data blob)")
        db.executemany(
            "INSERT INTO metadata VALUES (?, ?)",
            [("name", "Sabtenga 2025"), ("format", image_format), ("minzoom", "0"), ("maxzoom", "1")],
        )
        # MBTiles counts rows from the south (TMS), the web from the north.
        db.executemany(
            "INSERT INTO tiles VALUES (?, ?, ?, ?)",
            [(z, x, 2**z - 1 - y, d) for (z, x, y), d in tiles.items()],
        )
    return str(path)


def make_pmtiles(path, tiles=TILES):
    with open(path, "wb") as handle:
        writer = Writer(handle)
        for (z, x, y), data in sorted(tiles.items(), key=lambda item: zxy_to_tileid(*item[0])):
            writer.write_tile(zxy_to_tileid(z, x, y), data)
        bounds = {"min_lon_e7": -1_800_000_000, "min_lat_e7": -850_000_000, "max_lon_e7": 1_800_000_000}
        writer.finalize(
            {
                "tile_type": TileType.PNG,
                "tile_compression": Compression.NONE,
                **bounds,
                "max_lat_e7": 850_000_000,
                "center_zoom": 0,
                "center_lon_e7": 0,
                "center_lat_e7": 0,
            },
            {"attribution": "Sabtenga 2025"},
        )
    return str(path)


class BasemapTests(RegistryTestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def tiles_from(self, path):
        self.client.force_login(self.agent_a)
        with override_settings(LANDREG_BASEMAP_FILE=path):
            return {key: self.client.get(f"/basemap/{key[0]}/{key[1]}/{key[2]}") for key in TILES}

    def test_an_mbtiles_file_is_served_tile_by_tile_with_rows_counted_from_the_north(self):
        for (z, x, y), response in self.tiles_from(make_mbtiles(self.folder / "sabtenga.mbtiles")).items():
            assert response.status_code == 200 and response["Content-Type"] == "image/png"
            assert response.content == TILES[(z, x, y)]

    def test_a_pmtiles_file_is_served_the_same_way(self):
        for key, response in self.tiles_from(make_pmtiles(self.folder / "sabtenga.pmtiles")).items():
            assert response.status_code == 200 and response.content == TILES[key]

    def test_a_tile_outside_the_file_is_not_found(self):
        self.client.force_login(self.agent_a)
        with override_settings(LANDREG_BASEMAP_FILE=make_mbtiles(self.folder / "s.mbtiles")):
            assert self.client.get("/basemap/1/1/0").status_code == 404  # not in the file
            assert self.client.get("/basemap/5/0/0").status_code == 404  # beyond its zoom levels
            assert self.client.get("/basemap/1/2/0").status_code == 404  # no such tile at zoom 1

    def test_only_logged_in_users_get_tiles_and_without_a_file_there_are_none(self):
        with override_settings(LANDREG_BASEMAP_FILE=make_mbtiles(self.folder / "s.mbtiles")):
            assert self.client.get("/basemap/0/0/0").status_code == 302  # to the login page
        self.client.force_login(self.agent_a)
        assert self.client.get("/basemap/0/0/0").status_code == 404

    def test_the_maps_use_the_local_base_map_and_stop_at_its_last_zoom_level(self):
        self.client.force_login(self.agent_a)
        with override_settings(LANDREG_BASEMAP_FILE=make_mbtiles(self.folder / "s.mbtiles")):
            html = self.client.get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        assert 'data-basemap="/basemap/{z}/{x}/{y}" data-basemap-max-zoom="1"' in html

    def test_the_admin_s_unit_map_uses_the_same_base_map_and_enlarges_its_last_zoom_level(self):
        # Before: the admin's map widget read its tiles once, from LEAFLET_CONFIG at start-up, with no
        # last zoom level: a village's boundary (fitted at zoom 16 or 17) sat on a blank map.
        self.client.force_login(self.admin_user())
        change = f"/admin/territory/administrativeunit/{self.commune.pk}/change/"
        with override_settings(LANDREG_BASEMAP_FILE=make_mbtiles(self.folder / "s.mbtiles")):
            html = self.client.get(change).content.decode()
        assert (
            '"layers": [["Fond de carte", "/basemap/{z}/{x}/{y}", {"attribution": "", "maxNativeZoom": 1}]]'
            in html
        )
        assert '"maxzoom": 22' in html
        # Without a base map, no layer (no tile asked of a server that has none).
        assert '"layers": []' in self.client.get(change).content.decode()

    def admin_user(self):
        user = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        user.is_superuser = True
        user.save()
        return user

    def test_a_file_that_is_no_base_map_leaves_the_maps_without_one(self):
        broken = self.folder / "broken.mbtiles"
        broken.write_bytes(b"not sqlite at all" * 100)
        self.client.force_login(self.agent_a)
        with override_settings(LANDREG_BASEMAP_FILE=str(broken)), self.assertLogs("landreg.core.basemap"):
            html = self.client.get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        assert 'data-basemap=""' in html
