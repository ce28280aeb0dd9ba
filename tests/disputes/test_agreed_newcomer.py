"""An agreement on the holders may name a party of the case known only by name, a customary claimant
written on the case without being registered: the page asks who they are, offering the persons of the village
registered under the same name, or to register them as a new person of the village. Chosen, the case's party
is linked to that person, and the agreement makes them a holder; a namesake chosen is not registered a second
time. Before, such a claimant was « introuvable parmi les personnes inscrites de cette terre »: the agreement
could not name them. Posts are what the page renders."""

from html import unescape

from landreg.disputes.cases.services import PartyInput
from landreg.parties.models import Party
from tests.base import make_person
from tests.browser_forms import form_posting_to
from tests.disputes.test_pages import PageTestCase

HOLDERS = "OUÉDRAOGO Aminata = 1/2\nŊABA Ɓintu Fatɛ = 1/2"


class AgreedNewcomerTests(PageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.file_case(
            subject="Part coutumière de Ŋaba Ɓintu Fatɛ",
            rights=[self.right_a],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("other", "ŊABA Ɓintu Fatɛ", "F"),  # written on the case, not registered
            ],
        )
        self.held_session(self.case)
        self.newcomer = self.case.parties.get(party__isnull=True)
        self.client_ = self.client_for(self.conciliator)
        self.field = f"person_{self.newcomer.pk}"

    def agree(self, **values):
        return self.post_move(
            self.client_,
            self.case,
            "agree",
            summary="La part coutumière de Ɓintu Fatɛ est reconnue",
            signatures="OUÉDRAOGO Aminata (empreinte), ŊABA Ɓintu Fatɛ (croix)",
            change="shares",
            holders=HOLDERS,
            **values,
        )

    def holders(self):
        new = self.parcel_a.rights.current().get()
        return sorted((h.party.display_name, str(h.share), h.party.pk) for h in new.holders.all())

    def test_the_agreement_registers_the_claimant_as_a_person_of_the_village_once_asked(self):
        people = Party.objects.count()
        refused = self.agree()
        page = unescape(refused.content.decode())
        assert refused.status_code == 400
        assert "Qui est ŊABA Ɓintu Fatɛ\u202f?" in page
        assert "Pas encore inscrite\u202f: l’inscrire comme nouvelle personne de Village A" in page
        assert "choisissez la personne inscrite du même nom si c’est elle, ou inscrivez-la" in page
        assert Party.objects.count() == people and self.parcel_a.rights.current().get() == self.right_a
        response = self.agree(**{self.field: "new"})
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        registered = Party.objects.get(last_name="ŊABA")
        assert (registered.first_names, registered.sex, registered.village) == (
            "Ɓintu Fatɛ",
            "F",
            self.village_a,
        )
        assert Party.objects.count() == people + 1
        self.newcomer.refresh_from_db()
        assert self.newcomer.party == registered
        assert [(name, share) for name, share, _pk in self.holders()] == [
            ("OUÉDRAOGO Aminata", "1/2"),
            ("ŊABA Ɓintu Fatɛ", "1/2"),
        ]
        assert "ŊABA Ɓintu Fatɛ" in unescape(
            self.client_.get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        )

    def test_a_person_of_the_village_of_the_same_name_is_offered_and_not_registered_twice(self):
        namesake = make_person(
            self.village_a, "Ŋaba", "Ɓintu Fatɛ", id_document_type="national_id", id_document_number="B7731"
        )
        elsewhere = make_person(self.village_b, "Ŋaba", "Ɓintu Fatɛ")  # another village: not offered
        page = unescape(self.client_.get(f"/disputes/{self.case.pk}/").content.decode())
        form = form_posting_to(page, f"/disputes/{self.case.pk}/moves/agree/")
        assert self.field in form.controls
        assert f'value="{namesake.pk}"' in page and f'value="{elsewhere.pk}"' not in page
        people = Party.objects.count()
        response = self.agree(**{self.field: str(namesake.pk)})
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        assert Party.objects.count() == people
        self.newcomer.refresh_from_db()
        assert self.newcomer.party == namesake
        assert [pk for _name, _share, pk in self.holders()] == [self.holder_a.pk, namesake.pk]
