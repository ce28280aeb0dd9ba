"""A case opened by hand on registered land links a party typed by name to the registered person they are, as
the agreement's « Qui est … ? » does: the one holder of the parcel who bears that name is linked at once;
where other persons of the village bear the name, the page asks who this party is among them (the parcel's
holder said as such) or none of them. Found on the walk of the demo: typing the holder's name opened the
case with an unlinked party of the same name, as if a stranger to the register. Posted as the page renders it
(CSRF, the one-use token, the button)."""

import datetime as dt
import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.disputes.models import DisputeCase
from tests.base import make_person
from tests.browser_forms import form_with_field
from tests.disputes.helpers import DisputeTestCase


class OpenCaseRegisteredPartiesTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.disputes)

    def typed(self, **parties):
        return {
            "village": str(self.village_a.pk),
            "parcels": self.parcel_a.number,
            "kind": "inheritance",
            "subject": "Succession contestée",
            "party0_role": "holder",
            "party0_name": "OUÉDRAOGO Aminata",
            "party0_sex": "F",
            "party1_role": "heir",
            "party1_name": "ŊABA Ɓukari",
            "party1_sex": "M",
            **parties,
        }

    def post(self, page: str, **typed):
        form = form_with_field(page, "subject")
        return self.browser.post("/disputes/new/", form.data(form.button("1"), **typed))

    def opened(self, response) -> DisputeCase:
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        return DisputeCase.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[1])

    def test_the_parcels_holder_typed_by_name_is_the_registered_person(self):
        page = self.browser.get("/disputes/new/").content.decode()
        case = self.opened(self.post(page, **self.typed()))
        holder, heir = case.parties.order_by("id")
        assert (holder.name, holder.party) == ("OUÉDRAOGO Aminata", self.holder_a)
        assert heir.party is None  # no one of that name in the register
        shown = unescape(self.browser.get(f"/disputes/{case.pk}/").content.decode())
        parties = re.search(r'<ul class="case-parties">(.*?)</ul>', shown, re.S).group(1)
        # the registered person leads to their page (web.people); the heir typed by name stays plain text
        person = f'<li><a href="/people/{self.holder_a.pk}/">OUÉDRAOGO Aminata</a> — titulaire ('
        assert person in parties and "<li>ŊABA Ɓukari — héritier" in parties
        assert parties.count("(personne inscrite au registre)") == 1

    def test_namesakes_in_the_village_are_asked_about_and_the_one_chosen_is_linked(self):
        namesake = make_person(self.village_a, birth_date=dt.date(1990, 4, 2), domicile="Secteur 2")
        page = self.browser.get("/disputes/new/").content.decode()
        page = self.post(page, **self.typed()).content.decode()
        assert "Qui est OUÉDRAOGO Aminata\u202f?" in unescape(page)
        assert not DisputeCase.objects.exists()
        options = [
            (value, unescape(text))
            for value, text in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', page)
        ]
        holder_option = next(text for value, text in options if value == str(self.holder_a.pk))
        assert "titulaire de cette terre" in holder_option
        assert str(namesake.pk) in dict(options) and dict(options)["none"].startswith("Aucune")
        unanswered = self.post(page, **self.typed())
        assert "dites laquelle est cette partie" in unescape(unanswered.content.decode())
        case = self.opened(self.post(page, **self.typed(party0_person=str(self.holder_a.pk))))
        assert case.parties.get(role="holder").party == self.holder_a

    def test_none_of_the_namesakes_leaves_the_party_unregistered(self):
        make_person(self.village_a, birth_date=dt.date(1990, 4, 2))
        page = self.post(self.browser.get("/disputes/new/").content.decode(), **self.typed()).content.decode()
        case = self.opened(self.post(page, **self.typed(party0_person="none")))
        # The typed holder is none of the namesakes: she stays unregistered, and the parcel's registered
        # holder joins the case beside her (holders_joining): a case on registered land has its holders.
        holders = list(case.parties.filter(role="holder").order_by("id").values_list("party", flat=True))
        assert holders == [None, self.holder_a.pk]
