"""The claim form's map draws the boundary of the village the agent records in.

Walked in the demo: the map opened on every parcel of the register, with no village line; a square drawn in
the empty land beside the parcels was refused at the check (« Le contour sort du village ») and nothing on the
map showed where the village was.
"""

import json
import re

from django.contrib.gis.geos import MultiPolygon
from django.test import Client

from landreg.territory.models import AdministrativeUnit
from tests.base import RegistryTestCase
from tests.geometries import square


def outlines_on(page: str) -> dict | None:
    found = re.search(r'<script id="id_geometry_villages" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1)) if found else None


class ClaimMapVillageTests(RegistryTestCase):
    def page(self) -> str:
        browser = Client()
        browser.force_login(self.agent_a)
        response = browser.get("/adjudication/claims/new/")
        assert response.status_code == 200
        return response.content.decode()

    def test_the_map_carries_the_boundary_of_the_agents_village_and_says_what_the_dashed_line_is(self):
        AdministrativeUnit.objects.filter(pk=self.village_a.pk).update(
            boundary=MultiPolygon(square(-500, -500, side=2000))
        )
        AdministrativeUnit.objects.filter(pk=self.village_b.pk).update(
            boundary=MultiPolygon(square(3000, 0, side=1000))
        )
        page = self.page()
        outlines = outlines_on(page)
        # Keyed by the value of the village's option, which the map reads when the agent changes village.
        assert f'<option value="{self.village_a.pk}"' in page
        assert list(outlines) == [str(self.village_a.pk)]  # not village B, where the agent records nothing
        outline = outlines[str(self.village_a.pk)]  # simplified: the square's one part, its five corners
        assert outline["type"] == "Polygon" and len(outline["coordinates"][0]) == 5
        assert 'data-villages="id_geometry_villages"' in page
        assert (
            "La ligne en tirets est la limite du village choisi\u202f: tracez la parcelle à l’intérieur."
            in page
        )

    def test_a_village_without_a_boundary_draws_no_line_and_promises_none(self):
        page = self.page()
        assert outlines_on(page) is None
        assert "data-villages" not in page
        assert "La ligne en tirets" not in page
