"""The land office records a neighbour's objection to a first claim in the neighbour's name, as the notice
board tells objectors to come « au service foncier de la commune ». Before: its page asked only the grounds
and recorded the registrar as the objector."""

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import Objection
from landreg.disputes.models import DisputeCase
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_with_field


class ObjectionAtTheLandOfficeTests(AdjudicationTestCase):
    def test_the_registrar_records_the_objection_of_a_neighbour_in_her_name(self):
        translation.activate("fr")
        claim = self.accepted(self.submitted(self.draft()))
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.registrar)
        page = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        form = form_with_field(page, "grounds")
        assert {"objector_name", "objector_id_reference", "objector_party"} <= form.controls
        typed = {
            "grounds": "La limite nord empiète sur mon champ de sorgho.",
            "objector_name": "Ɓaŋa Ɛsi",
            "objector_id_reference": "CNIB B12345678",
        }
        response = browser.post(form.action, form.data(form.buttons[0], **typed))
        assert response.status_code == 302, response.content.decode()[:2000]
        objection = Objection.objects.get(claim=claim)
        assert (objection.objector_name, objection.objector_user) == ("Ɓaŋa Ɛsi", None)
        assert objection.recorded_by == self.registrar
        parties = {p.name for p in DisputeCase.objects.get().parties.all()}
        assert "Ɓaŋa Ɛsi" in parties
