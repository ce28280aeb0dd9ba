"""The agent records an objection on the claim's page for someone else, who is named: a person registered in
the village, chosen in the list, or a person not registered, by name with how they were identified. The form
sent with the « opposant » left empty is refused in French with what was typed kept; it used to be recorded
in the agent's own name. Each post is what the page renders (CSRF, the one-use token, the button)."""

from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import Objection
from landreg.disputes.models import DisputeCase
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import form_posting_to

NAME_HIM = (
    "Nommez l’opposant\u202f: choisissez-le parmi les personnes enregistrées du village, ou écrivez son nom "
    "et comment il a été identifié."
)


class NamedObjectorPageTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim = self.accepted(self.submitted(self.draft()))
        self.objector = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", sex="F")
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.agent_a)
        self.url = f"/adjudication/claims/{self.claim.pk}/"

    def objection_form(self, html=None):
        return form_posting_to(html or self.browser.get(self.url).content.decode(), "/objection/")

    def test_an_objection_without_its_objector_is_refused_and_keeps_the_grounds(self):
        form = self.objection_form()
        response = self.browser.post(
            form.action, form.data(form.buttons[0], grounds="La limite nord empiète")
        )
        page = unescape(response.content.decode())
        assert response.status_code == 400 and NAME_HIM in page
        assert not Objection.objects.exists() and not DisputeCase.objects.exists()
        assert dict(self.objection_form(page).fields)["grounds"] == "La limite nord empiète"

    def test_a_person_registered_in_the_village_is_chosen_as_the_objector(self):
        form = self.objection_form()
        chosen = {"objector_party": str(self.objector.pk), "grounds": "La limite nord empiète"}
        response = self.browser.post(form.action, form.data(form.buttons[0], **chosen))
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        objection = Objection.objects.get()
        assert (objection.objector_name, objection.objector_user) == ("ŊABA Ɓintu Fatɛ", None)
        party = objection.dispute.parties.get(role="objector")
        assert (party.name, party.party, party.sex) == ("ŊABA Ɓintu Fatɛ", self.objector, "F")
        page = unescape(self.browser.get(response["Location"]).content.decode())
        named = f'<a href="/people/{self.objector.pk}/">ŊABA Ɓintu Fatɛ</a> — La limite nord empiète'
        assert named in page and "— agent_a —" not in page

    def test_a_registered_person_and_a_name_at_once_are_refused(self):
        form = self.objection_form()
        both = {
            "objector_party": str(self.objector.pk),
            "objector_name": "ZONGO Paul",
            "objector_id_reference": "CNIB B7654321",
            "grounds": "Limite",
        }
        response = self.browser.post(form.action, form.data(form.buttons[0], **both))
        assert response.status_code == 400 and not Objection.objects.exists()
        assert "Choisissez la personne enregistrée ou écrivez le nom" in unescape(response.content.decode())
