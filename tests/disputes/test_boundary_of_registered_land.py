"""A dispute on registered land (opened by the land office on a parcel, no claim): the agreement's « Limites
convenues » map starts from the parcel's registered boundary, as it starts from the claim's on an objection.
Found on the walk of the demo: the case page's map opened empty at the scale of the commune, since only a
claim's boundary was given. The agreement that moves the east limit is posted as the page renders it (CSRF,
the one-use token, the button), and the parcel's new version is the one agreed."""

from html import unescape

from django.contrib.gis.geos import GEOSGeometry, Polygon
from django.test import Client
from django.utils import translation

from landreg.disputes.cases.services import PartyInput
from landreg.disputes.states import DisputeStatus
from landreg.parcels.models import Parcel
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import DisputeTestCase


class RegisteredParcelBoundaryTests(DisputeTestCase):
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
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.conciliator)
        self.url = f"/disputes/{self.case.pk}/"

    def agreement_form(self):
        return form_posting_to(self.browser.get(self.url).content.decode(), "/moves/agree/")

    def test_the_agreed_boundary_starts_from_the_registered_parcel(self):
        shown = GEOSGeometry(unescape(dict(self.agreement_form().fields)["geometry"]), srid=4326)
        assert shown.equals_exact(self.parcel.geometry, tolerance=1e-9)

    def test_an_agreement_moving_the_east_limit_revises_the_parcel_from_the_boundary_shown(self):
        form = self.agreement_form()
        shown = GEOSGeometry(unescape(dict(form.fields)["geometry"]), srid=4326).transform(32630, clone=True)
        # The conciliator drags the two east corners of the parcel drawn ten metres back, as agreed.
        middle = shown.centroid.x
        ring = [(x - 10 if x > middle else x, y) for x, y in shown.coords[0]]
        agreed = Polygon(ring, srid=32630).transform(4326, clone=True)
        typed = {
            "summary": "La limite est recule de dix mètres.",
            "signatures": "Empreintes des parties",
            "change": "boundary",
            "geometry": agreed.geojson,
        }
        response = self.browser.post(form.action, form.data(form.button("agree"), **typed), follow=True)
        assert response.status_code == 200, unescape(response.content.decode())[:2000]
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.CONCILIATED
        revised = Parcel.objects.current().get(number=self.parcel.number)
        assert revised.version > self.parcel.version
        assert abs(revised.geometry.transform(32630, clone=True).area - 9_000) < 50  # 90 m x 100 m
