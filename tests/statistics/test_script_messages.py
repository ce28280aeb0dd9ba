"""The words the page scripts show come translated from the pages, French typography included: the statistics
charts' tooltips ("{label} : {value}" with a narrow no-break space) and the parcel map's status and error
messages; the scripts themselves hold no English message."""

import json
import re
from pathlib import Path
from urllib.parse import urlencode

from tests.statistics.helpers import PERIOD, ProgrammeTestCase

STATIC = Path(__file__).resolve().parents[2] / "landreg"


def json_block(html: str, element_id: str) -> dict:
    block = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


class ScriptMessagesTests(ProgrammeTestCase):
    def get(self, url, language):
        self.client.force_login(self.registrar)
        self.client.cookies["django_language"] = language
        return self.client.get(url).content.decode()

    def test_the_chart_tooltips_read_label_and_value_with_french_typography(self):
        url = "/statistics/?" + urlencode({"start": PERIOD[0].isoformat(), "end": PERIOD[1].isoformat()})
        assert json_block(self.get(url, "fr"), "statistics-messages") == {"tooltip": "{label}\u202f: {value}"}
        assert json_block(self.get(url, "en"), "statistics-messages") == {"tooltip": "{label}: {value}"}
        script = (STATIC / "statistics/static/statistics/charts.js").read_text()
        assert 'getElementById("statistics-messages")' in script and "callbacks: {label:" in script

    def test_the_map_status_messages_come_from_the_page_in_french(self):
        for url in ("/map/", "/registre/carte/"):
            html = self.get(url, "fr")
            assert 'data-msg-loading="{loaded} parcelles dessinées sur {count}"' in html, url
            assert 'data-msg-error="Les parcelles n’ont pas pu être chargées (erreur {error})."' in html, url
        script = (STATIC / "web/static/web/map.js").read_text()
        assert '"Error ' not in script and "msgError" in script and "msgLoading" in script
