"""The villages of a commune share its land without overlapping: a village drawn over its neighbour is
refused, by the service, in the admin (drawn or from a file) and when its boundary is edited, with the
neighbour named and the area in common; limits that only touch, or differ by a digitising sliver, pass.

The boundaries are drawn in metres in UTM zone 30N (as a surveyor's file gives them) around the test
villages near Koudougou: Kɔkɔlogo to the west and Ɓaŋgo to the east of a common limit that follows a
stream, 1,100 m long, bending east and west as streams do. A boundary moved 20 m east over that limit
covers a band 20 m wide along its whole length: 20 m x 1,100 m = 22,000 m² of Ɓaŋgo.
"""

import json

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from landreg.accounts.roles import Role
from landreg.core.geometry import to_srid
from landreg.territory.models import AdministrativeUnit, UnitLevel
from landreg.territory.overlaps import VillageOutsideCommuneError, VillageOverlapError
from landreg.territory.services import unit_create, unit_update
from tests.base import RegistryTestCase, make_user
from tests.browser_forms import flat, form_with_field
from tests.geometries import ORIGIN_E, ORIGIN_N

# The stream between the two villages, south to north, in metres east and north of the test origin (4 km
# east of the test parcels).
STREAM = [(4000, 0), (4035, 180), (3980, 420), (4015, 650), (3990, 900), (4000, 1100)]
WEST_EDGE, EAST_EDGE = 2800, 5300


def village_shape(points: list[tuple[float, float]], shift_east: float = 0) -> MultiPolygon:
    """A boundary in EPSG:4326 from a ring in metres from the test origin (UTM zone 30N)."""
    ring = [(ORIGIN_E + x + shift_east, ORIGIN_N + y) for x, y in points]
    return MultiPolygon(to_srid(Polygon([*ring, ring[0]], srid=32630), 4326), srid=4326)


def west_of_stream(shift_east: float = 0) -> MultiPolygon:
    return village_shape([(WEST_EDGE, 0), *STREAM, (WEST_EDGE, 1100)], shift_east)


def east_of_stream() -> MultiPolygon:
    return village_shape([*STREAM, (EAST_EDGE, 1100), (EAST_EDGE, 0)])


def as_geojson(shape: MultiPolygon) -> str:
    return shape.json


class VillageOverlapTestCase(RegistryTestCase):
    def setUp(self):
        self.bango = unit_create(
            level=UnitLevel.VILLAGE,
            code="TC-BGO",
            name="Ɓaŋgo",
            parent=self.commune,
            boundary=east_of_stream(),
        )


class VillageOverlapServiceTests(VillageOverlapTestCase):
    def test_a_village_whose_limit_follows_its_neighbour_s_is_accepted(self):
        village = unit_create(
            level=UnitLevel.VILLAGE,
            code="TC-KKL",
            name="Kɔkɔlogo",
            parent=self.commune,
            boundary=west_of_stream(),
        )
        assert village.boundary.intersects(self.bango.boundary)  # along the stream, and nowhere else

    def test_a_village_drawn_twenty_metres_over_the_stream_is_refused_naming_the_neighbour_and_the_area(self):
        with pytest.raises(VillageOverlapError) as refused:
            unit_create(
                level=UnitLevel.VILLAGE,
                code="TC-KKL",
                name="Kɔkɔlogo",
                parent=self.commune,
                boundary=west_of_stream(shift_east=20),
            )
        [overlap] = refused.value.overlaps
        assert overlap.village == self.bango
        assert overlap.area_m2 == pytest.approx(22_000, rel=1e-3)
        assert "overlaps the village of Ɓaŋgo (TC-BGO) over 22,000 m²" in str(refused.value)
        assert not AdministrativeUnit.objects.filter(code="TC-KKL").exists()

    def test_a_digitising_sliver_under_a_square_metre_is_tolerated(self):
        # Half a millimetre over the stream along its 1,100 m: 0.0005 m x 1,100 m = 0.55 m².
        village = unit_create(
            level=UnitLevel.VILLAGE,
            code="TC-KKL",
            name="Kɔkɔlogo",
            parent=self.commune,
            boundary=west_of_stream(shift_east=0.0005),
        )
        assert village.pk

    def test_the_same_land_in_a_village_of_another_commune_is_not_compared(self):
        # Communes have their own villages; a village in two communes is another matter than this check's.
        other = unit_create(level=UnitLevel.COMMUNE, code="TC-D", name="Commune Ɛst", parent=self.region)
        village = unit_create(
            level=UnitLevel.VILLAGE, code="TC-D1", name="Ɓaŋgo-Ɛst", parent=other, boundary=east_of_stream()
        )
        assert village.pk

    def test_a_village_s_limit_moved_over_its_neighbour_is_refused_and_the_old_limit_kept(self):
        village = unit_create(
            level=UnitLevel.VILLAGE,
            code="TC-KKL",
            name="Kɔkɔlogo",
            parent=self.commune,
            boundary=west_of_stream(),
        )
        with pytest.raises(VillageOverlapError, match="TC-BGO"):
            unit_update(
                unit=village, name="Kɔkɔlogo", boundary=west_of_stream(shift_east=20), projected_srid=None
            )
        village.refresh_from_db()
        assert village.boundary.equals_exact(west_of_stream(), tolerance=1e-9)

    def test_a_village_edited_is_not_compared_with_itself(self):
        renamed = unit_update(
            unit=self.bango, name="Ɓaŋgo-Yaarɛ", boundary=east_of_stream(), projected_srid=32630
        )
        assert renamed.name == "Ɓaŋgo-Yaarɛ" and renamed.projected_srid == 32630


class VillageOverlapAdminTests(VillageOverlapTestCase):
    """The admin's add and change pages, posted as the browser posts them (the CSRF token from the page)."""

    def setUp(self):
        super().setUp()
        admin_user = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        admin_user.is_superuser = True
        admin_user.save()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(admin_user)
        self.browser.cookies["django_language"] = "fr"

    def post_form(self, url: str, changes: dict, files: dict | None = None):
        page = self.browser.get(url)
        assert page.status_code == 200
        form = form_with_field(page.content.decode(), "boundary")
        data = flat(form.data(form.button("Enregistrer"), **changes))
        return self.browser.post(url, data | (files or {}))

    def add(self, boundary: str, files: dict | None = None):
        return self.post_form(
            reverse("admin:territory_administrativeunit_add"),
            {
                "level": str(UnitLevel.VILLAGE),
                "code": "TC-KKL",
                "name": "Kɔkɔlogo",
                "parent": str(self.commune.pk),
                "boundary": boundary,
            },
            files,
        )

    def test_a_village_drawn_over_its_neighbour_is_refused_beside_the_map_and_the_drawing_kept(self):
        drawn = as_geojson(west_of_stream(shift_east=20))
        response = self.add(drawn)
        assert response.status_code == 200
        page = response.content.decode()
        said = "Le contour chevauche le village «\u202fƁaŋgo\u202f» (TC-BGO) sur 22\u202f000\u00a0m²"
        assert said in page, page[-4000:]
        assert "une parcelle ne peut pas se trouver dans deux villages" in page
        assert 'value="Kɔkɔlogo"' in page
        assert not AdministrativeUnit.objects.filter(code="TC-KKL").exists()
        assert self.add(as_geojson(west_of_stream())).status_code == 302
        assert AdministrativeUnit.objects.filter(code="TC-KKL", parent=self.commune).exists()

    def test_a_boundary_file_over_the_neighbour_is_refused_on_the_file_field(self):
        shape = to_srid(west_of_stream(shift_east=20), 32630)
        collection = {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32630"}},
            "features": [
                {"type": "Feature", "properties": {"nom": "Kɔkɔlogo"}, "geometry": json.loads(shape.json)}
            ],
        }
        upload = SimpleUploadedFile(
            "kokologo.geojson", json.dumps(collection).encode(), "application/geo+json"
        )
        response = self.add("", files={"boundary_file": upload})
        assert response.status_code == 200
        assert "chevauche le village «\u202fƁaŋgo\u202f» (TC-BGO)" in response.content.decode()
        assert not AdministrativeUnit.objects.filter(code="TC-KKL").exists()

    def test_a_limit_moved_over_the_neighbour_on_the_change_page_is_refused_and_nothing_changes(self):
        village = unit_create(
            level=UnitLevel.VILLAGE,
            code="TC-KKL",
            name="Kɔkɔlogo",
            parent=self.commune,
            boundary=west_of_stream(),
        )
        url = reverse("admin:territory_administrativeunit_change", args=[village.pk])
        moved = as_geojson(west_of_stream(shift_east=20))
        response = self.post_form(url, {"name": "Kɔkɔlogo-Yaarɛ", "boundary": moved})
        assert response.status_code == 200
        said = "chevauche le village «\u202fƁaŋgo\u202f» (TC-BGO) sur 22\u202f000\u00a0m²"
        assert said in response.content.decode()
        village.refresh_from_db()
        assert village.name == "Kɔkɔlogo" and village.boundary.equals_exact(west_of_stream(), tolerance=1e-9)
        renamed = self.post_form(url, {"name": "Kɔkɔlogo-Yaarɛ"})
        assert renamed.status_code == 302
        village.refresh_from_db()
        assert village.name == "Kɔkɔlogo-Yaarɛ"


class VillageInItsCommuneTests(RegistryTestCase):
    """A village drawn beyond its commune's boundary was saved, and every claim an agent then recorded on that
    land was refused (« Le contour sort de la commune »): the administrator is told when drawing it. The
    commune runs from the west edge to the east edge, 1,100 m from south to north; a village drawn 200 m past
    its east edge has 200 m x 1,100 m = 220,000 m² outside."""

    def setUp(self):
        self.commune.boundary = village_shape(
            [(WEST_EDGE, 0), (EAST_EDGE, 0), (EAST_EDGE, 1100), (WEST_EDGE, 1100)]
        )
        self.commune.save()

    def beyond_the_east_edge(self, metres: float) -> MultiPolygon:
        return village_shape([(4500, 0), (EAST_EDGE + metres, 0), (EAST_EDGE + metres, 1100), (4500, 1100)])

    def test_a_village_drawn_past_its_commune_s_edge_is_refused_with_the_area_outside(self):
        with pytest.raises(VillageOutsideCommuneError) as refused:
            unit_create(
                level=UnitLevel.VILLAGE,
                code="TC-YR",
                name="Yaarɛ",
                parent=self.commune,
                boundary=self.beyond_the_east_edge(200),
            )
        assert refused.value.commune == self.commune
        assert refused.value.area_m2 == pytest.approx(220_000, rel=1e-3)
        assert "goes outside the commune of Test commune (TC-C) over 220,000 m²" in str(refused.value)
        assert not AdministrativeUnit.objects.filter(code="TC-YR").exists()

    def test_a_village_on_its_commune_s_edge_or_a_sliver_past_it_is_accepted(self):
        on_the_edge = unit_create(
            level=UnitLevel.VILLAGE,
            code="TC-YR",
            name="Yaarɛ",
            parent=self.commune,
            boundary=self.beyond_the_east_edge(0),
        )
        # Half a millimetre past the edge along its 1,100 m: 0.55 m².
        unit_update(
            unit=on_the_edge, name="Yaarɛ", boundary=self.beyond_the_east_edge(0.0005), projected_srid=None
        )

    def test_a_village_moved_past_its_commune_s_edge_keeps_its_old_boundary(self):
        village = unit_create(
            level=UnitLevel.VILLAGE,
            code="TC-YR",
            name="Yaarɛ",
            parent=self.commune,
            boundary=self.beyond_the_east_edge(0),
        )
        with pytest.raises(VillageOutsideCommuneError):
            unit_update(
                unit=village, name="Yaarɛ", boundary=self.beyond_the_east_edge(200), projected_srid=None
            )
        village.refresh_from_db()
        assert village.boundary.equals_exact(self.beyond_the_east_edge(0), tolerance=1e-9)

    def test_the_admin_says_it_beside_the_map_in_french_and_keeps_the_drawing(self):
        admin_user = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        admin_user.is_superuser = True
        admin_user.save()
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(admin_user)
        browser.cookies["django_language"] = "fr"
        url = reverse("admin:territory_administrativeunit_add")
        page = browser.get(url)
        form = form_with_field(page.content.decode(), "boundary")
        fields = {
            "level": str(UnitLevel.VILLAGE),
            "code": "TC-YR",
            "name": "Yaarɛ",
            "parent": str(self.commune.pk),
        }
        drawn = as_geojson(self.beyond_the_east_edge(200))
        response = browser.post(url, flat(form.data(form.button("Enregistrer"), **fields, boundary=drawn)))
        assert response.status_code == 200
        said = "Le contour sort de la commune «\u202fTest commune\u202f» (TC-C) sur 220\u202f000\u00a0m²"
        assert said in response.content.decode()
        assert 'value="Yaarɛ"' in response.content.decode()
        assert not AdministrativeUnit.objects.filter(code="TC-YR").exists()
        inside = as_geojson(self.beyond_the_east_edge(0))
        response = browser.post(url, flat(form.data(form.button("Enregistrer"), **fields, boundary=inside)))
        assert response.status_code == 302
        assert AdministrativeUnit.objects.filter(code="TC-YR", parent=self.commune).exists()
