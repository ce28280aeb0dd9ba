"""The split and boundary-correction sections of the change page as the registrar uses them: the claim form's
map editor over each text area (the parcel dashed, its neighbours, the village), and what the page then
posts: the parts as the editor writes them (a FeatureCollection), a corrected boundary, every refusal said in
French beside nothing saved. Real parcels: AC 52 of Épinay-sur-Orge and its neighbours (Etalab)."""

import json
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import Claim
from tests.adjudication.real_parcels import grown, halves
from tests.adjudication.test_change_boundaries import RealBlockCase
from tests.browser_forms import flat, form_with_field


def collection(parts) -> str:
    """The parts as the map editor writes them into the text area."""
    features = [
        {"type": "Feature", "properties": {"part": n}, "geometry": json.loads(p.geojson)}
        for n, p in enumerate(parts, start=1)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features})


class ChangeMapPageTests(RealBlockCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)

    def url(self):
        return f"/adjudication/parcels/{self.real.pk}/change/"

    def post(self, html=None, **values):
        """What the page's form sends when « Déposer la demande » is clicked, with ``values`` typed in."""
        html = html or self.browser.get(self.url()).content.decode()
        form = form_with_field(html, "kind")
        return self.browser.post(self.url(), flat(form.data(**{"submit_now": [], **values})))

    def test_each_section_has_the_map_editor_with_the_parcel_its_village_and_the_check(self):
        html = self.browser.get(self.url()).content.decode()
        assert html.count('class="boundary-editor" data-check="/api/v1/parcels/check/"') == 2
        assert (
            html.count(f'data-parcel="{self.real.pk}"') == 2 and f'data-village="{self.village_e.pk}"' in html
        )
        assert 'data-parts="1"' in html and 'data-text-area="id_parts"' in html
        assert 'data-text-area="id_corrected_boundary"' in html
        assert f'data-original-area="{round(self.real.area_m2, 2)}"' in html
        assert "Somme des parties" in unescape(html)
        # The parcel, its village's outline and the GPS file loader, as on the claim form.
        assert 'id="id_parts_original"' in html and 'id="id_parts_villages"' in html
        assert 'class="boundary-file"' in html and html.count("web/maps/editor.js") == 1  # loaded once

    def test_the_registrar_drafts_a_split_drawn_in_two_parts(self):
        response = self.post(
            kind="split",
            reason="Partage entre héritiers, PV n°7",
            parts=collection(halves(self.real.geometry)),
        )
        application = Claim.objects.get(purpose="split")
        self.assertRedirects(
            response, f"/adjudication/claims/{application.pk}/", fetch_redirect_response=False
        )
        assert len(application.change_data["parts"]) == 2

    def test_a_part_drawn_into_a_neighbour_is_refused_in_french_and_the_parts_are_kept(self):
        west, east = halves(self.real.geometry)
        typed = collection([west, grown(east, 3.0)])
        response = self.post(kind="split", reason="Partage, PV n°8", parts=typed)
        assert response.status_code == 400 and not Claim.objects.exists()
        page = unescape(response.content.decode())
        assert "La partie 2 dépasse la parcelle de" in page and "La partie 2 chevauche TC-E-0000" in page
        assert form_with_field(response.content.decode(), "kind").data()["parts"] == [typed]

    def test_the_registrar_drafts_a_corrected_boundary_moved_on_the_map(self):
        corrected = grown(self.real.geometry, -0.3)
        response = self.post(
            kind="correction",
            reason="Levé contradictoire n°3",
            field="geometry",
            corrected_boundary=corrected.geojson,
        )
        application = Claim.objects.get(purpose="correction")
        self.assertRedirects(
            response, f"/adjudication/claims/{application.pk}/", fetch_redirect_response=False
        )
        assert application.change_data["changes"]["geometry"]["type"] == "Polygon"

    def test_a_corrected_boundary_over_the_neighbours_is_refused_naming_them(self):
        response = self.post(
            kind="correction",
            reason="Levé contradictoire n°4",
            field="geometry",
            corrected_boundary=grown(self.real.geometry, 3.0).geojson,
        )
        assert response.status_code == 400 and not Claim.objects.exists()
        page = unescape(response.content.decode())
        assert "Le contour rectifié chevauche" in page and self.around["91216000AC0375"].number in page

    def test_correcting_another_field_leaves_the_boundary_the_page_carries_aside(self):
        # The corrected boundary's text area holds the recorded boundary: posted with every correction.
        response = self.post(kind="correction", reason="Erreur de saisie", field="local_name", value="Ɓaŋre")
        application = Claim.objects.get(purpose="correction")
        assert response.status_code == 302 and application.change_data["changes"] == {"local_name": "Ɓaŋre"}
