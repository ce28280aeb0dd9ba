"""The API opens a case linking each party typed by name to the registered person they are, by the page's
rule (« Qui est … ? », selectors.party_typed): the one holder of the parcel who bears the name is linked at
once; where other persons of the village bear it, the answer is a 400 naming them with their ids and nothing
is opened, until the client says which one (``party``) or none (``not_registered``). It opened the case with
the holder's name unlinked, as if a stranger to the register. Documented in the OpenAPI schema."""

import datetime as dt

from landreg.disputes.models import DisputeCase
from tests.base import make_person
from tests.disputes.helpers import DisputeTestCase

URL = "/api/v1/disputes/"


class OpenCaseRegisteredPartiesApiTests(DisputeTestCase):
    def open(self, **holder):
        self.client.force_login(self.disputes)
        self.client.cookies["django_language"] = "fr"
        body = {
            "village": "TC-A",
            "kind": "inheritance",
            "subject": "Succession contestée",
            "parcels": [self.parcel_a.number],
            "parties": [
                {"role": "holder", "name": "OUÉDRAOGO  Aminata", "sex": "F", **holder},
                {"role": "heir", "name": "ŊABA Ɓukari", "sex": "M"},
            ],
        }
        return self.client.post(URL, body, content_type="application/json")

    def test_the_parcels_holder_typed_by_name_is_linked(self):
        answer = self.open()
        assert answer.status_code == 201, answer.content
        holder, heir = answer.json()["parties"]
        assert (holder["name"], holder["party"]) == ("OUÉDRAOGO Aminata", str(self.holder_a.pk))
        assert heir["party"] is None  # no one of that name in the register

    def test_namesakes_are_a_400_naming_their_ids_until_the_client_says_which(self):
        namesake = make_person(self.village_a, birth_date=dt.date(1990, 4, 2), domicile="Secteur 2")
        refused = self.open()
        assert refused.status_code == 400, refused.content
        said = refused.json()["parties"][0]["party"][0]
        assert "Des personnes inscrites du village portent le nom OUÉDRAOGO Aminata" in said
        assert f"titulaire de cette terre [{self.holder_a.pk}]" in said and f"[{namesake.pk}]" in said
        assert refused.json()["parties"][1] == {} and not DisputeCase.objects.exists()
        chosen = self.open(party=str(namesake.pk))
        assert chosen.status_code == 201 and chosen.json()["parties"][0]["party"] == str(namesake.pk)
        none = self.open(not_registered=True)
        assert none.status_code == 201 and none.json()["parties"][0]["party"] is None

    def test_a_person_of_another_village_is_refused(self):
        elsewhere = make_person(self.village_b, "Ouédraogo", "Aminata")
        refused = self.open(party=str(elsewhere.pk))
        assert refused.status_code == 400
        assert refused.json()["parties"][0]["party"] == [
            "Ce n’est pas une personne inscrite du village du dossier."
        ]
        assert not DisputeCase.objects.exists()

    def test_the_schema_documents_the_party_and_not_registered(self):
        self.client.force_login(self.disputes)
        schema = self.client.get("/api/schema/", {"format": "json"}, HTTP_HOST="127.0.0.1").json()
        party = schema["components"]["schemas"]["DisputeFileParty"]
        assert {"party", "not_registered"} <= set(party["properties"])
        assert "400" in party["description"] and "holder" in party["properties"]["party"]["description"]
