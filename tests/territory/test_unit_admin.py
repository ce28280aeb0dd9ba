"""Adding a village in the admin, as the system administrator does: drawn or from a boundary file."""

import json

from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from landreg.accounts.roles import Role
from landreg.audit.models import AuditEvent
from landreg.territory.models import AdministrativeUnit, UnitLevel
from tests.base import RegistryTestCase, make_user

SQUARE = {
    "type": "MultiPolygon",
    "coordinates": [[[[-1.50, 12.30], [-1.49, 12.30], [-1.49, 12.31], [-1.50, 12.31], [-1.50, 12.30]]]],
}
# Its neighbour to the east, sharing its east limit: a commune's villages do not overlap.
SQUARE_EAST = {
    "type": "MultiPolygon",
    "coordinates": [[[[-1.49, 12.30], [-1.48, 12.30], [-1.48, 12.31], [-1.49, 12.31], [-1.49, 12.30]]]],
}
# The same kind of square, 1 km a side, in UTM zone 30N (EPSG:32630), as a surveyor's file gives it;
# its centre (640500 E, 1360500 N) is about 1.7080° W, 12.3039° N.
UTM_FILE = {
    "type": "FeatureCollection",
    "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32630"}},
    "features": [
        {
            "type": "Feature",
            "properties": {"nom": "Sabtenga-Est"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [640000, 1360000],
                        [641000, 1360000],
                        [641000, 1361000],
                        [640000, 1361000],
                        [640000, 1360000],
                    ]
                ],
            },
        }
    ],
}


class UnitAdminTests(RegistryTestCase):
    def setUp(self):
        self.admin_user = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        self.admin_user.is_superuser = True
        self.admin_user.save()
        self.client.force_login(self.admin_user)

    def _post(self, code, *, parent=None, boundary=SQUARE, **extra):
        # What the add page posts: the map's hidden textarea, and the file input when a file is chosen.
        return self.client.post(
            reverse("admin:territory_administrativeunit_add"),
            {
                "level": UnitLevel.VILLAGE,
                "code": code,
                "name": f"Village {code}",
                "parent": (parent or self.commune).pk,
                "boundary": json.dumps(boundary) if boundary else "",
                "projected_srid": "",
                "_save": "Enregistrer",
            }
            | extra,
        )

    def test_a_village_added_in_the_admin_sits_under_its_commune(self):
        # Before: the admin saved the row itself and the path, which scopes every grant, stayed empty; the
        # second village added failed on the path's unique constraint (a server error).
        assert self._post("TC-E").status_code == 302
        assert AdministrativeUnit.objects.get(code="TC-E").path == f"{self.commune.path}TC-E/"
        assert self._post("TC-F", boundary=SQUARE_EAST).status_code == 302
        assert AdministrativeUnit.objects.get(code="TC-F").path == f"{self.commune.path}TC-F/"
        assert AdministrativeUnit.objects.within(self.commune).filter(code__in=["TC-E", "TC-F"]).count() == 2

    def test_a_village_added_or_renamed_is_recorded_and_on_the_home_page_at_once(self):
        # The home page keeps its figures until the next registry write (the audit chain's head): an admin
        # edit that wrote no event left the new village off its table for up to ten minutes in the demo.
        assert "Sabtenga-Ɓɛŋ" not in self.client.get("/").content.decode()
        assert self._post("TC-E", name="Sabtenga-Ɓɛŋ").status_code == 302
        village = AdministrativeUnit.objects.get(code="TC-E")
        assert "Sabtenga-Ɓɛŋ" in self.client.get("/").content.decode()
        added = AuditEvent.objects.get(action="admin.add", object_id=str(village.pk))
        assert added.actor == self.admin_user and added.object_type == "territory.administrativeunit"

        change = reverse("admin:territory_administrativeunit_change", args=[village.pk])
        renamed = {"name": "Sabtenga-Nɔɔrɛ", "boundary": json.dumps(SQUARE), "projected_srid": ""}
        posted = self.client.post(change, renamed | {"_save": "1"})
        assert posted.status_code == 302, posted.content.decode()[:3000]
        home = self.client.get("/").content.decode()
        assert "Sabtenga-Nɔɔrɛ" in home and "Sabtenga-Ɓɛŋ" not in home
        changed = AuditEvent.objects.get(action="admin.change", object_id=str(village.pk))
        assert changed.payload == {"fields": ["name"]}

    def test_a_village_under_a_region_is_refused_on_the_form_with_what_was_typed(self):
        response = self._post("TC-G", parent=self.region)
        assert response.status_code == 200
        page = response.content.decode()
        assert "doit être directement rattachée" in page
        assert 'value="TC-G"' in page
        assert not AdministrativeUnit.objects.filter(code="TC-G").exists()

    def test_a_boundary_file_in_utm_gives_the_village_its_boundary_in_wgs84(self):
        upload = SimpleUploadedFile(
            "sabtenga-est.geojson", json.dumps(UTM_FILE).encode(), "application/geo+json"
        )
        response = self._post("TC-H", boundary=None, boundary_file=upload)
        assert response.status_code == 302, response.content.decode()[-3000:]
        village = AdministrativeUnit.objects.get(code="TC-H")
        assert village.boundary.srid == 4326 and village.boundary.geom_type == "MultiPolygon"
        assert village.boundary.contains(Point(-1.7080, 12.3039, srid=4326))

    def test_a_file_that_is_not_a_boundary_is_refused_on_the_form(self):
        upload = SimpleUploadedFile("contour.txt", b"hello", "text/plain")
        response = self._post("TC-I", boundary=None, boundary_file=upload)
        assert response.status_code == 200
        assert "pas accepté" in response.content.decode()
        assert not AdministrativeUnit.objects.filter(code="TC-I").exists()

    def test_a_unit_keeps_its_place_in_the_tree_once_created(self):
        response = self.client.get(
            reverse("admin:territory_administrativeunit_change", args=[self.village_a.pk])
        )
        assert response.status_code == 200
        assert 'name="code"' not in response.content.decode()
        assert 'name="parent"' not in response.content.decode()

    def test_the_map_drawing_toolbar_speaks_french(self):
        # Before: django-leaflet's admin widget wrote its toolbar labels only for forms it included itself,
        # so the toolbar read "Draw a polygon" on the French admin page.
        page = self.client.get(reverse("admin:territory_administrativeunit_add")).content.decode()
        assert "Dessiner un polygone" in page
        assert '<script id="with-forms" type="application/json">true</script>' in page
