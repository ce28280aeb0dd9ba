"""The editor's helpers: a boundary from a GPS file or typed coordinates, ready to be shown and checked."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.base import RegistryTestCase
from tests.parcels.test_tracks import WALK, gpx


class BoundaryFromFileApiTests(RegistryTestCase):
    def upload(self, name, text):
        self.client.force_login(self.agent_a)
        with translation.override("fr"):
            return self.client.post(
                "/api/v1/boundaries/from-file/", {"file": SimpleUploadedFile(name, text.encode())}
            )

    def test_a_gpx_track_comes_back_as_a_closed_polygon_in_longitude_latitude(self):
        response = self.upload("champ-awa.gpx", gpx(WALK))
        assert response.status_code == 200
        body = response.json()
        assert body["points"] == 4 and body["geometry"]["type"] == "Polygon"
        assert (
            body["geometry"]["coordinates"][0][0] == body["geometry"]["coordinates"][0][-1] == list(WALK[0])
        )

    def test_a_track_of_two_points_is_refused_in_french(self):
        response = self.upload("champ.gpx", gpx(WALK[:2]))
        assert response.status_code == 400
        assert response.json()["errors"][0]["message"].startswith("Un contour demande au moins trois points")

    def test_nobody_logged_in_cannot_use_it(self):
        response = self.client.post(
            "/api/v1/boundaries/from-file/", {"file": SimpleUploadedFile("a.gpx", b"x")}
        )
        assert response.status_code in (401, 403)


class BoundaryFromPointsApiTests(RegistryTestCase):
    def post(self, body):
        self.client.force_login(self.agent_a)
        return self.client.post("/api/v1/boundaries/from-points/", body, content_type="application/json")

    def test_typed_latitude_longitude_lines_make_the_polygon(self):
        text = "\n".join(f"{lat}, {lon}" for lon, lat in WALK)
        body = self.post({"text": text, "latitude_first": True}).json()
        assert body["geometry"]["coordinates"][0][:4] == [list(p) for p in WALK]

    def test_utm_points_are_transformed(self):
        corners = [[500_000, 1_350_000], [500_100, 1_350_000], [500_100, 1_350_100], [500_000, 1_350_100]]
        body = self.post({"points": corners, "srid": 32630}).json()
        assert round(body["geometry"]["coordinates"][0][0][0], 6) == -3.0

    def test_a_line_that_is_no_point_is_named_in_french(self):
        response = self.post({"text": "-2.36 12.25\nau nord du puits"})
        assert response.status_code == 400 and response.json()["errors"][0]["message"].startswith("Ligne 2")
