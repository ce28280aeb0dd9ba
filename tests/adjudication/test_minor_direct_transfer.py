"""The direct transfer (``/api/v1/rights/{id}/transfers/``, for the kinds a commune's profile puts through no
step) refuses a minor taker without a legal representative recorded, as the change application does, with
the same message; once the register records her mother as representative, the same request goes through."""

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

    def inherit(self):
        body = {
            "kind": "inheritance",
            "reason": "Décès de OUÉDRAOGO Aminata, procès-verbal de succession n°7 du 2 janvier 2030",
            "holders": [
                {"party": str(self.widow.pk), "share": "1/2"},
                {"party": str(self.child.pk), "share": "1/2"},
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
