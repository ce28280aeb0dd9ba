"""/api/v1/disputes/{id}/parties/ and /documents/: a party who joins a case and a document for its file,
through the same services as the page; and those services' own refusals, whatever the door."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from landreg.accounts.roles import Role
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.disputes.cases import transitions as dt_moves
from landreg.disputes.cases.services import PartyInput, dispute_attach_documents, dispute_party_add
from landreg.disputes.exceptions import DisputeError
from landreg.documents.models import Source
from landreg.documents.services import source_attach
from tests.adjudication.helpers import make_user
from tests.base import make_person
from tests.disputes.helpers import DisputeTestCase

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class CaseFileApiTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.file_case(parcels=[self.parcel_a])
        self.url = f"/api/v1/disputes/{self.case.pk}/"

    def post(self, user, path, body, multipart=False):
        self.client.force_login(user)
        if multipart:
            return self.client.post(self.url + path, body)
        return self.client.post(self.url + path, body, content_type="application/json")

    def test_the_committee_adds_an_heir_and_a_retry_adds_nothing_more(self):
        body = {"role": "heir", "name": "ƁAŊƆ Ɛlisabɛt", "sex": "F", "represented_by": "ŊGOMA Yɛro"}
        first = self.post(self.conciliator, "parties/", body)
        assert first.status_code == 201, first.content
        heir = [p for p in first.json()["parties"] if p["role"] == "heir"]
        assert heir == [
            {
                "id": heir[0]["id"],
                "role": "heir",
                "name": "ƁAŊƆ Ɛlisabɛt",
                "sex": "F",
                "party": None,
                "represented_by": "ŊGOMA Yɛro",
            }
        ]
        again = self.post(self.conciliator, "parties/", body)
        assert again.status_code == 200 and len(again.json()["parties"]) == 3

    def test_a_registered_person_of_the_village_is_linked(self):
        person = make_person(self.village_a, last_name="Sawadogo", first_names="Ɛnŋa", sex="M")
        body = {"role": "neighbour", "name": "SAWADOGO Ɛnŋa", "party": str(person.pk)}
        response = self.post(self.disputes, "parties/", body)
        assert response.status_code == 201, response.content
        assert self.case.parties.get(role="neighbour").party == person

    def test_bad_parties_are_refused_with_the_field_named(self):
        other = make_person(self.village_b, last_name="Zongo", first_names="Ɓila")
        cases = [
            ({"role": "heir", "name": "ZONGO Ɓila", "party": str(other.pk)}, 400, "party"),
            ({"role": "chief", "name": "NAABA Kiiba"}, 400, "role"),
            ({"role": "heir"}, 400, "name"),
            ({"role": "heir", "name": "   "}, 400, "name"),
            ({"role": "heir", "name": "KABORE Ɛli", "sex": "X"}, 400, "sex"),
        ]
        for body, status, field in cases:
            with self.subTest(body=body):
                response = self.post(self.disputes, "parties/", body)
                assert response.status_code == status and field in response.json(), response.content
        assert self.case.parties.count() == 2

    def test_a_closed_case_answers_409_and_another_village_or_role_404(self):
        conciliator_b = make_user("conciliator_b", Role.CONCILIATION_COMMITTEE, self.village_b)
        body = {"role": "heir", "name": "KABORE Ɛli"}
        for user in [conciliator_b, self.agent_a]:
            with self.subTest(user=user.username):
                assert self.post(user, "parties/", body).status_code == 404
        # The land office follows the case (it may open one) but does not add to its file.
        assert self.post(self.registrar, "parties/", body).status_code == 403
        dt_moves.withdraw(case=self.case, actor=self.disputes, reason="Retrait")
        closed = self.post(self.conciliator, "parties/", body)
        assert closed.status_code == 409 and closed.json()["error"] == "CaseClosedError"
        assert self.case.parties.count() == 2

    def test_a_scan_is_attached_once_however_often_it_is_sent(self):
        def body():
            return {
                "source_type": "sketch",
                "document_date": clock.today().isoformat(),
                "reference": "Croquis ŋ",
                "file": SimpleUploadedFile("croquis.pdf", PDF, content_type="application/pdf"),
            }

        first = self.post(self.conciliator, "documents/", body(), multipart=True)
        assert first.status_code == 201, first.content
        [document] = first.json()["documents"]
        assert (document["source_type"], document["reference"], document["has_file"]) == (
            "sketch",
            "Croquis ŋ",
            True,
        )
        again = self.post(self.conciliator, "documents/", body(), multipart=True)
        assert again.status_code == 200 and Source.objects.count() == 1

    def test_a_recorded_document_of_the_village_is_attached_and_one_of_another_village_refused(self):
        here = source_attach(source_type="site_record", document_date=clock.today(), village=self.village_a)
        there = source_attach(source_type="site_record", document_date=clock.today(), village=self.village_b)
        refused = self.post(self.disputes, "documents/", {"sources": [str(there.pk)]})
        assert refused.status_code == 400 and not self.case.documents.exists()
        unknown = self.post(self.conciliator, "documents/", {"sources": [str(self.case.pk)]})
        assert unknown.status_code == 400 and "sources" in unknown.json()
        attached = self.post(self.disputes, "documents/", {"sources": [str(here.pk)]})
        assert attached.status_code == 201 and list(self.case.documents.all()) == [here]

    def test_bad_documents_are_refused(self):
        forged = SimpleUploadedFile("scan.pdf", b"<html><script></script>", content_type="application/pdf")
        today = clock.today().isoformat()
        cases = [
            {"source_type": "other", "document_date": today, "file": forged},
            {"source_type": "selfie", "document_date": today},
            {"source_type": "other"},
        ]
        for body in cases:
            with self.subTest(body=sorted(body)):
                assert self.post(self.conciliator, "documents/", body, multipart=True).status_code == 400
        assert not Source.objects.exists() and not self.case.documents.exists()

    def test_the_schema_names_the_two_endpoints_and_their_fields(self):
        self.client.force_login(self.disputes)
        schema = self.client.get("/api/schema/?format=json").json()
        assert "/api/v1/disputes/{id}/parties/" in schema["paths"]
        assert "/api/v1/disputes/{id}/documents/" in schema["paths"]
        fields = schema["components"]["schemas"]["DisputePartyInput"]["properties"]
        assert {"role", "name", "sex", "party", "represented_by"} <= set(fields)


class CaseFileServiceTests(DisputeTestCase):
    def test_whoever_may_not_conciliate_in_the_village_is_refused(self):
        case = self.file_case(parcels=[self.parcel_a])
        for user in [self.registrar, self.agent_a, self.stranger]:
            with self.subTest(user=user.username), pytest.raises(PermissionDeniedError):
                dispute_party_add(case=case, actor=user, data=PartyInput("heir", "KABORE Ɛli"))
        assert case.parties.count() == 2

    def test_a_person_of_another_village_or_a_document_of_another_village_is_refused(self):
        case = self.file_case(parcels=[self.parcel_a])
        other = make_person(self.village_b, last_name="Zongo", first_names="Ɓila")
        with pytest.raises(DisputeError):
            dispute_party_add(
                case=case, actor=self.disputes, data=PartyInput("heir", "ZONGO Ɓila", party=other)
            )
        there = source_attach(source_type="other", document_date=clock.today(), village=self.village_b)
        with pytest.raises(DisputeError):
            dispute_attach_documents(case=case, actor=self.disputes, documents=[there])
        assert case.parties.count() == 2 and not case.documents.exists()

    def test_a_party_may_join_a_case_in_court_but_not_a_decided_one(self):
        case = self.file_case(parcels=[self.parcel_a])
        self.held_session(case)
        dt_moves.non_conciliation(case=case, actor=self.conciliator, decided_on=clock.today(), summary="Non")
        dt_moves.refer(
            case=case,
            actor=self.disputes,
            court_name="TGI",
            court_reference="RG 1",
            referred_on=clock.today(),
        )
        _party, added = dispute_party_add(
            case=case, actor=self.disputes, data=PartyInput("heir", "KABORE Ɛli")
        )
        assert added
        dt_moves.decide(
            case=case,
            actor=self.disputes,
            decided_on=clock.today(),
            summary="Rejet",
            document=self.court_decision(),
        )
        with pytest.raises(DisputeError):
            dispute_party_add(case=case, actor=self.disputes, data=PartyInput("heir", "KABORE Ɛlo"))
