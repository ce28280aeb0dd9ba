"""The API records an objection for someone else as the claim's page does: the objector is a person
registered in the claim's village (``objector_party``, the page's « Opposant enregistré dans le village »,
missing from the API) or a person not registered, by name with how they were identified; one of the two. Both
empty, or both given, are refused by the service whatever the door; the registered person is one of the
claim's village the user may see; the OpenAPI schema documents the field."""

from django.utils import translation

from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import Objection
from landreg.adjudication.notice.objections import objection_lodge
from landreg.disputes.models import DisputeCase
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import party_create
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person

NAME_HIM = (
    "Nommez l’opposant\u202f: choisissez-le parmi les personnes enregistrées du village, ou écrivez son nom "
    "et comment il a été identifié."
)
NOT_BOTH = (
    "Choisissez la personne enregistrée ou écrivez le nom d’une personne non enregistrée, pas les deux."
)
NOT_OF_THE_VILLAGE = "Ce n’est pas une personne enregistrée dans le village de la demande."


class ObjectionApiTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim = self.accepted(self.submitted(self.draft()))
        self.url = f"/api/v1/claims/{self.claim.pk}/objections/"
        self.lineage = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Lignage Ɓɔɔ", group_type=GroupType.LINEAGE
        )
        self.objector = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", sex="F")
        self.elsewhere = make_person(self.village_b, "Zongo", "Ɛlisabɛt", sex="F")

    def post(self, body, user=None):
        self.client.force_login(user or self.agent_a)
        return self.client.post(
            self.url,
            {"grounds": "La limite nord empiète sur la jachère"} | body,
            content_type="application/json",
        )

    def assert_nothing_recorded(self):
        assert not Objection.objects.exists() and not DisputeCase.objects.exists()

    def test_the_agent_names_a_person_registered_in_the_village_as_the_objector(self):
        response = self.post({"objector_party": str(self.objector.pk)})
        assert response.status_code == 201, response.content
        objection = Objection.objects.get()
        assert response.json() == {"id": str(objection.pk), "dispute": objection.dispute.number}
        assert (objection.objector_name, objection.objector_user) == ("ŊABA Ɓintu Fatɛ", None)
        party = objection.dispute.parties.get(role="objector")
        assert (party.name, party.party, party.sex) == ("ŊABA Ɓintu Fatɛ", self.objector, "F")

    def test_a_lineage_registered_in_the_village_objects_through_the_agent(self):
        response = self.post({"objector_party": str(self.lineage.pk)})
        assert response.status_code == 201, response.content
        party = Objection.objects.get().dispute.parties.get(role="objector")
        assert (party.name, party.party) == ("Lignage Ɓɔɔ", self.lineage)

    def test_no_objector_or_both_at_once_are_refused_and_nothing_is_recorded(self):
        empty = self.post({})
        assert empty.status_code == 400 and empty.json()["detail"] == NAME_HIM
        both = self.post(
            {
                "objector_party": str(self.objector.pk),
                "objector_name": "ZONGO Paul",
                "objector_id_reference": "CNIB B7654321",
            }
        )
        assert both.status_code == 400 and both.json()["detail"] == NOT_BOTH, both.content
        self.assert_nothing_recorded()

    def test_a_person_of_another_village_or_unknown_is_refused_on_the_field(self):
        for party in (str(self.elsewhere.pk), "5f0c8a63-4f1e-4b43-9a0e-0d6a4f9c2b11"):
            with self.subTest(party=party):
                response = self.post({"objector_party": party})
                assert response.status_code == 400
                assert response.json()["objector_party"] == [NOT_OF_THE_VILLAGE], response.content
        response = self.post({"objector_party": "Ŋaba"})
        assert response.status_code == 400 and "objector_party" in response.json()
        self.assert_nothing_recorded()

    def test_someone_without_the_agents_right_may_not_name_another_objector(self):
        response = self.post({"objector_party": str(self.objector.pk)}, user=self.stranger)
        assert response.status_code == 400 and response.json()["objector_party"] == [NOT_OF_THE_VILLAGE]
        self.assert_nothing_recorded()
        own = self.post({}, user=self.stranger)
        assert own.status_code == 201 and Objection.objects.get().objector_user == self.stranger

    def test_the_service_refuses_both_a_registered_person_and_a_name(self):
        with self.assertRaisesMessage(ClaimError, NOT_BOTH):
            objection_lodge(
                claim=self.claim,
                recorded_by=self.agent_a,
                grounds="La limite nord empiète",
                objector_party=self.objector,
                objector_name="ZONGO Paul",
                objector_id_reference="CNIB B7654321",
            )
        self.assert_nothing_recorded()

    def test_the_schema_documents_the_registered_objector(self):
        schema = self.client.get("/api/schema/", {"format": "json"}, HTTP_HOST="127.0.0.1").json()
        field = schema["components"]["schemas"]["ClaimObjectionInput"]["properties"]["objector_party"]
        assert (field["type"], field["format"], field.get("nullable")) == ("string", "uuid", True), field
        assert "Opposant enregistré dans le village" in field["description"]
        assert "objector_party" not in schema["components"]["schemas"]["ClaimObjectionInput"].get(
            "required", []
        )
