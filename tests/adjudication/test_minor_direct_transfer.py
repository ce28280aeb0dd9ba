"""The direct transfer (``/api/v1/rights/{id}/transfers/``, for the kinds a commune's profile puts through no
step) refuses a minor taker without a legal representative, as the change application does, with the same
message; the request names one in the child's row (a registered person or a name, the basis, a guardian's
reference), recorded for her with the transfer; or the register records one already."""

from landreg.parties.models import LegalRepresentation
from landreg.parties.services import representation_record
from landreg.rights.models import Right
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person


class MinorTakesARightDirectlyTests(AdjudicationTestCase):
    direct_changes = True

    def setUp(self):
        super().setUp()
        # The clock stands at 7 January 2030 (tests.adjudication.helpers.START): Ɓintu is ten, her mother 41.
        self.widow = make_person(self.village_a, "Ŋaba", "Fatɛ Awa", "F", birth_date="1988-05-02")
        self.child = make_person(self.village_a, "Ŋaba", "Ɓintu", "F", birth_date="2019-03-04")
        self.client.force_login(self.registrar)

    def inherit(self, **representative):
        body = {
            "kind": "inheritance",
            "reason": "Décès de OUÉDRAOGO Aminata, procès-verbal de succession n°7 du 2 janvier 2030",
            "holders": [
                {"party": str(self.widow.pk), "share": "1/2"},
                {"party": str(self.child.pk), "share": "1/2", **representative},
            ],
        }
        url = f"/api/v1/rights/{self.right_a.pk}/transfers/"
        return self.client.post(url, body, content_type="application/json")

    def test_a_minor_heir_without_a_recorded_representative_is_refused_and_the_right_stays(self):
        response = self.inherit()
        assert response.status_code == 400, response.content
        assert response.json()["error"] == "MinorNotRepresentedError"
        # The API speaks the office's language (French): the change application's message, word for word.
        assert response.json()["detail"].startswith(
            "ŊABA Ɓintu est mineur(e) au jour de l’acte (né(e) le 04/03/2019)\u202f: "
            "nommez son représentant légal"
        )
        assert Right.objects.get(pk=self.right_a.pk).is_current

    def test_a_minor_heir_whose_mother_is_recorded_as_representative_takes_her_share(self):
        representation_record(person=self.child, representative_name="ŊABA Fatɛ Awa", basis="mother")
        response = self.inherit()
        assert response.status_code == 201, response.content
        new_right = Right.objects.get(pk=response.json()["new_right"])
        assert {h.party for h in new_right.holders.all()} == {self.widow, self.child}

    def test_the_request_names_her_mother_as_representative_recorded_with_the_transfer(self):
        response = self.inherit(representative_party=str(self.widow.pk), representative_basis="mother")
        assert response.status_code == 201, response.content
        representation = LegalRepresentation.objects.current().get(person=self.child)
        assert (representation.representative_name, representation.basis) == ("ŊABA Fatɛ Awa", "mother")
        assert representation.recorded_by == self.registrar
        assert not Right.objects.get(pk=self.right_a.pk).is_current

    def test_a_guardian_typed_without_the_judgment_is_refused_beside_the_childs_row(self):
        response = self.inherit(representative_name="SƆMDA Ɓila", representative_basis="guardian_court")
        assert response.status_code == 400, response.content
        assert list(response.json()["holders"]["1"]) == ["representative_reference"]
        response = self.inherit(representative_name="SƆMDA Ɓila")
        assert response.json()["holders"]["1"]["representative_basis"] == [
            "Dites si le représentant de ŊABA Ɓintu est le père, la mère ou un tuteur."
        ]
        assert Right.objects.get(pk=self.right_a.pk).is_current
        assert not LegalRepresentation.objects.exists()
        response = self.inherit(
            representative_name="SƆMDA Ɓila",
            representative_basis="guardian_court",
            representative_reference="Jugement n°45/2028 du TGI de Koudougou",
        )
        assert response.status_code == 201, response.content
        assert LegalRepresentation.objects.get().reference == "Jugement n°45/2028 du TGI de Koudougou"
