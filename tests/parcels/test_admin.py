"""A parcel added or edited in the Django admin goes through the boundary checks the services apply: an
invalid boundary is refused with what is wrong and where, and the computed area follows a new boundary."""

import pytest
from django.utils import translation

from landreg.parcels.checks import check_boundary
from landreg.parcels.exceptions import GeometryError
from landreg.parcels.models import Parcel
from tests.base import RegistryTestCase, versions_of
from tests.browser_forms import form_with_field
from tests.geometries import SQUARE_100M_AREA, bowtie, square


def what_the_checks_say(geometry, village) -> str:
    with translation.override("fr"), pytest.raises(GeometryError) as refused:
        check_boundary(geometry, village=village)
    return str(refused.value)


class ParcelAdminTests(RegistryTestCase):
    def setUp(self):
        super().setUp()
        self.mayor.is_staff = self.mayor.is_superuser = True
        self.mayor.save()
        self.client.force_login(self.mayor)

    def post(self, url, **values):
        """The admin's form as the page renders it, saved with its "Save" button, with ``values`` typed."""
        form = form_with_field(self.client.get(url).content.decode(), "geometry")
        save = next(button for button in form.buttons if button[0] == "_save")
        return self.client.post(url, form.data(save, **values))

    def test_an_edit_with_a_self_intersecting_boundary_is_refused_and_no_version_is_made(self):
        url = f"/admin/parcels/parcel/{self.parcel_a.pk}/change/"
        response = self.post(url, geometry=bowtie().geojson)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors["geometry"]
        assert errors == [what_the_checks_say(bowtie(), self.village_a)], errors
        assert "recoupe" in errors[0] or "intersect" in errors[0], errors
        parcel = Parcel.objects.get(pk=self.parcel_a.pk)
        assert parcel.version == 1 and parcel.geometry.equals_exact(self.parcel_a.geometry, 1e-9)

    def test_a_new_boundary_gives_the_new_version_its_computed_area(self):
        url = f"/admin/parcels/parcel/{self.parcel_a.pk}/change/"
        response = self.post(url, geometry=square(0, 0, side=50).geojson)
        assert response.status_code == 302, response.context["adminform"].form.errors
        old, new = versions_of(Parcel.objects.get(pk=self.parcel_a.pk))
        assert old.area_m2 == pytest.approx(SQUARE_100M_AREA, rel=1e-6)
        assert new.area_m2 == pytest.approx(2_500, rel=1e-6) and new.area_srid == 32630
        assert Parcel.objects.get(pk=self.parcel_a.pk).area_m2 == pytest.approx(2_500, rel=1e-6)

    def test_a_parcel_added_in_the_admin_is_checked_and_gets_its_area(self):
        url = "/admin/parcels/parcel/add/"
        values = {"number": "TC-A-00090", "village": str(self.village_a.pk), "survey_method": "gps"}
        refused = self.post(url, geometry=bowtie().geojson, **values)
        assert refused.status_code == 200
        assert refused.context["adminform"].form.errors["geometry"] == [
            what_the_checks_say(bowtie(), self.village_a)
        ]
        assert not Parcel.objects.filter(number="TC-A-00090").exists()
        added = self.post(url, geometry=square(3000, 0).geojson, **values)
        assert added.status_code == 302, added.context["adminform"].form.errors
        parcel = Parcel.objects.get(number="TC-A-00090")
        assert parcel.area_m2 == pytest.approx(SQUARE_100M_AREA, rel=1e-6) and parcel.area_srid == 32630
        assert [v.version for v in versions_of(parcel)] == [1]
