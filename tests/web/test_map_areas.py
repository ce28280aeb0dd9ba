"""The map's popups give a parcel's area as the pages do, « 1 ha 23 a 45 ca » (core.geometry.format_ha_a_ca):
they gave square metres (« 3 281 m² ») where the parcel's page, the lists and the certificate give hectares,
ares and centiares. The tiles and the API send the area in square metres; static/web/areas.js writes it as
the pages do, loaded before map.js on both maps."""

import json
import shutil
import subprocess
from pathlib import Path
from unittest import skipUnless

from django.test import SimpleTestCase
from django.urls import reverse

from landreg.core.geometry import format_ha_a_ca
from tests.base import RegistryTestCase

STATIC = Path(__file__).resolve().parents[2] / "landreg/web/static/web"
# Half square metres (Python rounds them to the even one), whole hectares, thousands of hectares.
AREAS = [0, 0.4, 0.5, 1.5, 2.5, 99.5, 100, 3281.27, 9999.6, 10000, 12345.5, 54321.49, 1234567, 123456789.4]


class AreaWrittenAsThePagesTests(SimpleTestCase):
    @skipUnless(shutil.which("node"), "node (installed with the map libraries) runs the script")
    def test_the_script_writes_every_area_as_the_pages_do(self):
        script = (
            f"const f = require({json.dumps(str(STATIC / 'areas.js'))});"
            f"console.log(JSON.stringify({json.dumps(AREAS)}.map(f)));"
        )
        written = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
        assert json.loads(written) == [format_ha_a_ca(area) for area in AREAS]
        assert format_ha_a_ca(123456789.4) == "12\u202f345\u00a0ha\u00a067\u00a0a\u00a089\u00a0ca"

    def test_the_popup_writes_the_area_with_it_not_in_square_metres(self):
        script = (STATIC / "map.js").read_text()
        assert "landregHaACa(props.area_m2)" in script
        assert "m²" not in script


class MapPagesLoadItTests(RegistryTestCase):
    def test_both_maps_load_the_area_script_before_the_map_s(self):
        self.client.force_login(self.agent_a)
        for url in (reverse("web:map"), reverse("web:public-map")):
            html = self.client.get(url).content.decode()
            assert "web/map.js" in html, url
            assert "web/areas.js" in html, url
            assert html.index("web/areas.js") < html.index("web/map.js"), url
