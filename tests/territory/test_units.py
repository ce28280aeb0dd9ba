import pytest
from django.db import IntegrityError, transaction

from landreg.territory.exceptions import TerritoryError
from landreg.territory.models import AdministrativeUnit, UnitLevel
from landreg.territory.services import unit_create
from tests.base import RegistryTestCase
from tests.geometries import bowtie


class UnitTests(RegistryTestCase):
    def test_units_nest_country_region_commune_village(self):
        assert self.village_a.path == "TC/TC-R/TC-C/TC-A/"
        assert self.village_a.ancestor_at(UnitLevel.COMMUNE) == self.commune
        assert set(AdministrativeUnit.objects.within(self.commune)) == {
            self.commune,
            self.village_a,
            self.village_b,
        }

    def test_a_village_cannot_sit_directly_under_a_region(self):
        with pytest.raises(TerritoryError, match="commune"):
            unit_create(level=UnitLevel.VILLAGE, code="TC-X", name="X", parent=self.region)

    def test_the_database_refuses_a_country_with_a_parent(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            AdministrativeUnit.objects.create(
                level=UnitLevel.COUNTRY, code="ZZ", name="Z", parent=self.country, path="ZZ/"
            )

    def test_unit_codes_are_unique(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            AdministrativeUnit.objects.create(level=UnitLevel.COUNTRY, code="TC", name="Dup", path="TC2/")

    def test_an_invalid_boundary_is_refused(self):
        with pytest.raises(TerritoryError, match="valid"):
            unit_create(
                level=UnitLevel.VILLAGE, code="TC-V", name="V", parent=self.commune, boundary=bowtie()
            )

    def test_the_official_crs_is_inherited_from_the_country(self):
        self.country.projected_srid = 32630
        self.country.save()
        village = AdministrativeUnit.objects.get(pk=self.village_a.pk)
        assert village.effective_projected_srid() == 32630
