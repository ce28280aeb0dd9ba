"""The API registers a party of the case known only by name (an agreement or a court decision naming them a
holder) with what the office knows of them, as the page's form does: their domicile and, for a user who may
see the personal data of the case's village, their ID document. Before, the API took a name, a sex and a year
of birth only, so a person registered through it lacked what the page records. The serializer checks them
(a number needs its document, an ID document a registered person of the village has is refused, given for a
registered person or a namesake they are refused, not dropped) and the schema documents them."""

import datetime as dt

from landreg.disputes.cases.services import PartyInput
from landreg.parties.models import Party
from tests.base import make_person
from tests.disputes.helpers import DisputeTestCase

NEWCOMER = "ŊABA Ɓintu Fatɛ"


class NewcomerDetailsApiTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.file_case(
            subject="Part coutumière de Ŋaba Ɓintu Fatɛ",
            rights=[self.right_a],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("other", NEWCOMER, "F"),
            ],
        )
        self.held_session(self.case)
        self.newcomer = self.case.parties.get(party__isnull=True)

    def agree(self, user, newcomer: dict):
        self.client.force_login(user)
        return self.client.post(
            f"/api/v1/disputes/{self.case.pk}/moves/agree/",
            {
                "decided_on": dt.date.today().isoformat(),
                "summary": "La part coutumière de Ɓintu Fatɛ est reconnue",
                "signatures": "OUÉDRAOGO Aminata (empreinte), ŊABA Ɓintu Fatɛ (croix)",
                "change": "shares",
                "change_data": {
                    "holders": [
                        {"party": str(self.holder_a.pk), "share": "1/2"},
                        {"name": NEWCOMER, "sex": "F", "share": "1/2", **newcomer},
                    ]
                },
            },
            content_type="application/json",
        )

    def errors_of(self, response) -> dict:
        assert response.status_code == 400, response.content
        body = response.json()
        assert self.parcel_a.rights.current().get() == self.right_a  # nothing written
        return body

    def test_the_dispute_administrator_registers_the_new_person_with_domicile_and_id_document(self):
        response = self.agree(
            self.disputes,
            {
                "domicile": "Secteur 3, Sabtenga",
                "id_document_type": "national_id",
                "id_document_number": "B99887766",
            },
        )
        assert response.status_code == 200, response.content
        registered = Party.objects.get(last_name="ŊABA")
        assert (registered.domicile, registered.id_document_type, registered.id_document_number) == (
            "Secteur 3, Sabtenga",
            "national_id",
            "B99887766",
        )
        self.newcomer.refresh_from_db()
        assert self.newcomer.party == registered

    def test_the_committee_gives_a_domicile_but_no_id_document(self):
        refused = self.agree(
            self.conciliator, {"id_document_type": "national_id", "id_document_number": "B99887766"}
        )
        assert "données personnelles" in str(self.errors_of(refused))
        response = self.agree(self.conciliator, {"domicile": "Secteur 3, Sabtenga"})
        assert response.status_code == 200, response.content
        registered = Party.objects.get(last_name="ŊABA")
        assert (registered.domicile, registered.id_document_number) == ("Secteur 3, Sabtenga", "")

    def test_an_id_document_is_checked_as_the_page_checks_it(self):
        no_kind = self.agree(self.disputes, {"id_document_number": "B99887766"})
        assert "Précisez de quelle pièce provient le numéro." in str(self.errors_of(no_kind))
        taken = self.agree(
            self.disputes, {"id_document_type": "national_id", "id_document_number": "B12345678"}
        )
        assert "inscrite avec cette pièce d’identité" in str(self.errors_of(taken))
        assert not Party.objects.filter(last_name="ŊABA").exists()

    def test_details_given_for_a_namesake_are_refused_not_dropped(self):
        namesake = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", birth_date=dt.date(1984, 6, 2))
        refused = self.agree(self.disputes, {"party": str(namesake.pk), "domicile": "Secteur 3, Sabtenga"})
        assert "nouvelle personne du village" in str(self.errors_of(refused))
        namesake.refresh_from_db()
        assert namesake.domicile == ""

    def test_the_schema_documents_the_new_persons_details(self):
        schema = self.client.get("/api/schema/", {"format": "json"}, HTTP_HOST="127.0.0.1").json()
        holder = schema["components"]["schemas"]["DisputeAgreedHolder"]["properties"]
        assert {"domicile", "id_document_type", "id_document_number"} <= set(holder)
        assert "view_personal_data" in holder["id_document_type"]["description"]
        assert holder["id_document_number"]["maxLength"] == 64
