"""An agreement on the holders of a right names the persons registered in the village who are parties of the
case, not only those its land names already: a woman of the lineage who claims her customary share, added to
the case, is made a holder by the agreement. She was refused as « introuvable parmi les personnes inscrites de
cette terre », so the agreement could only keep the registered holders. Posts are what the page renders."""

from html import unescape

from landreg.disputes.cases.services import PartyInput
from tests.base import make_person
from tests.disputes.test_pages import PageTestCase


class AgreedHoldersTests(PageTestCase):
    def test_a_registered_claimant_party_of_the_case_is_named_a_holder_by_the_agreement(self):
        claimant = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ")  # registered, holds nothing here
        case = self.file_case(
            subject="Part coutumière de Ŋaba Ɓintu Fatɛ",
            rights=[self.right_a],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("other", "ŊABA Ɓintu Fatɛ", "F", claimant),
            ],
        )
        self.held_session(case)
        client = self.client_for(self.conciliator)
        response = self.post_move(
            client,
            case,
            "agree",
            summary="La part coutumière de Ɓintu Fatɛ est reconnue",
            signatures="OUÉDRAOGO Aminata (empreinte), ŊABA Ɓintu Fatɛ (croix)",
            change="shares",
            holders="OUÉDRAOGO Aminata = 1/2\nŊABA Ɓintu Fatɛ = 1/2",
        )
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        new = self.parcel_a.rights.current().get()
        assert sorted((h.party.display_name, str(h.share)) for h in new.holders.all()) == [
            ("OUÉDRAOGO Aminata", "1/2"),
            ("ŊABA Ɓintu Fatɛ", "1/2"),
        ]
        parcel_page = unescape(client.get(f"/parcels/{self.parcel_a.pk}/").content.decode())
        assert "ŊABA Ɓintu Fatɛ" in parcel_page
