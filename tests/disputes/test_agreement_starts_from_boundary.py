"""The agreement's « Limites convenues » map starts from the claim's boundary under objection, so the
conciliator moves the disputed limit rather than drawing the parcel again from an empty map of the whole
register (found on the walk of the demo: the map opened at the scale of the commune, empty). An agreement
that changes nothing is posted with that boundary in the form, as the page renders it, and is recorded.
Posted as the page renders (CSRF, the one-use token, the button)."""

import json
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from landreg.disputes.states import DisputeStatus
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import DisputeTestCase


class AgreementBoundaryStartTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim = self.walk_to(self.draft(east=100), ClaimState.PUBLIC_NOTICE)
        objection = objection_lodge(claim=self.claim, recorded_by=self.stranger, grounds="Limite ouest")
        self.case = objection.dispute
        self.held_session(self.case)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.conciliator)
        self.url = f"/disputes/{self.case.pk}/"

    def agreement_form(self):
        return form_posting_to(self.browser.get(self.url).content.decode(), "/moves/agree/")

    def test_the_agreed_boundary_starts_from_the_claimed_one(self):
        shown = json.loads(unescape(dict(self.agreement_form().fields)["geometry"]))
        self.claim.refresh_from_db()
        assert shown["type"] == "Polygon"
        ring = [tuple(round(c, 7) for c in point) for point in shown["coordinates"][0]]
        assert ring == [tuple(round(c, 7) for c in point) for point in self.claim.geometry.coords[0]]

    def test_an_agreement_that_changes_nothing_is_recorded_with_the_boundary_shown(self):
        form = self.agreement_form()
        assert dict(form.fields)["change"] == "none" and dict(form.fields)["geometry"]
        typed = {"summary": "ZONGO Paul retire son opposition.", "signatures": "Empreintes des parties"}
        response = self.browser.post(form.action, form.data(form.button("agree"), **typed))
        assert response.status_code == 302, unescape(response.content.decode())[:2000]
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.CONCILIATED
