"""The agreement's boundary map checks the boundary while it is drawn for whoever may record the agreement:
the conciliation committee, who records it, and the dispute administrator (the court's decision). The map
asked the check API with the form's village choice, which the agreement's form does not have, and the API
answered only those who record claims (the agent): the committee never saw a check. The editor now carries
the case's village and the parcel the agreement revises (left out of its own findings), and the API answers
the committee and the dispute administrator of that village; another village's users still get 404."""

import re
from html import unescape

from django.contrib.gis.geos import GEOSGeometry
from django.test import Client
from django.utils import translation

from landreg.disputes.cases.services import PartyInput
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import square

URL = "/api/v1/parcels/check/"


class AgreementBoundaryCheckTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.parcel = self.parcel_held(east=300)
        self.case = self.file_case(
            subject="Limite est contestée par le voisin",
            kind="boundary",
            parcels=[self.parcel],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("neighbour", "ŊABA Ɓukari", "M"),
            ],
        )
        self.held_session(self.case)

    def editor(self, user) -> dict:
        """The data the agreement's boundary editor is given on the case page, as the script reads them."""
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        html = unescape(browser.get(f"/disputes/{self.case.pk}/").content.decode())
        form = html[html.index(f'action="/disputes/{self.case.pk}/moves/agree/"') :]
        tag = re.search(r'<div class="boundary-editor"([^>]*)>', form).group(1)
        return dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag))

    def check(self, user, **body):
        self.client.force_login(user)
        return self.client.post(URL, body, content_type="application/json")

    def test_the_committee_s_map_is_checked_in_the_case_s_village_leaving_out_the_parcel_it_revises(self):
        editor = self.editor(self.conciliator)
        assert editor["village"] == str(self.village_a.pk) and editor["parcel"] == str(self.parcel.pk)
        drawn = GEOSGeometry(self.parcel.geometry.geojson, srid=4326)  # the map starts from the parcel's
        answer = self.check(
            self.conciliator, village=editor["village"], geometry=drawn.json, parcel=editor["parcel"]
        )
        assert answer.status_code == 200, answer.content
        assert answer.json()["valid"] and self.parcel.number not in [
            f["parcel"] for f in answer.json()["findings"]
        ]
        # Without the parcel left out, its own boundary is an overlap: the editor must send it.
        alone = self.check(self.conciliator, village=editor["village"], geometry=drawn.json).json()
        assert self.parcel.number in [f["parcel"] for f in alone["findings"] if f["kind"] == "overlap"]

    def test_the_dispute_administrator_is_answered_and_another_village_s_agent_is_not(self):
        assert (
            self.check(
                self.disputes, village=str(self.village_a.pk), geometry=square(300, 0).json
            ).status_code
            == 200
        )
        assert (
            self.check(self.agent_b, village=str(self.village_a.pk), geometry=square(300, 0).json).status_code
            == 404
        )
        assert self.check(self.stranger, village="TC-A", geometry=square(300, 0).json).status_code == 404
