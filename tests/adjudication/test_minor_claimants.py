"""A child who claims land at its first registration is named with their legal representative, on every
door of the claim as on a change application (adjudication.changes.minors): the agent's claim page says what
is missing beside the child's row, the API in its serializer's errors beside the claimant, and the service
refuses it whoever calls. A representative is a registered person chosen or a name typed, with the basis of
the representation (a guardian with the family council's minutes or the judgment); it is recorded for the
child when the claim is approved (claims.registration, tested with the heirs of test_minor_heirs.py).

Village C has a boundary drawn around a real parcel of the Etalab file; the clock stands at 7 January 2030
(tests.adjudication.helpers.START): Ɓintu, born on 4 March 2019, is ten."""

import json
from html import unescape

import pytest
from django.test import Client

from landreg.adjudication.changes.minors import MinorNotRepresentedError
from landreg.adjudication.claims.services import ClaimantInput, claim_draft
from landreg.adjudication.models import Claim
from landreg.parties.services import representation_record
from tests.adjudication.helpers import applicant
from tests.adjudication.test_claim_form import ClaimFormCase
from tests.base import make_person
from tests.browser_forms import flat, form_with_field

CHILD_BORN = "2019-03-04"
REFUSAL_FR = (
    "ŊABA Ɓintu est mineur(e) au jour de l’acte (né(e) le 04/03/2019)\u202f: nommez son représentant légal "
    "(père, mère ou tuteur) et le fondement de la représentation."
)


class MinorClaimantPageTests(ClaimFormCase):
    """The agent's claim page, posted as the page renders it (CSRF token included)."""

    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.agent_a)
        self.mother = make_person(self.village_c, "Ŋaba", "Fatɛ Awa", "F", birth_date="1988-05-02")

    def claim(self, **child):
        """The claim page's form as rendered: Ɓintu, ten, claims alone a real parcel of village C, with
        what ``child`` types into her row."""
        form = form_with_field(self.browser.get("/adjudication/claims/new/").content.decode(), "village")
        return flat(
            form.data(
                next(button for button in form.buttons if button[0] == "save"),
                village=str(self.village_c.pk),
                local_name="Champ de Ɓintu",
                geometry=self.real[0].geojson,
                limit_north="Piste de Ɓoulsa",
                **{
                    "holders-0-last_name": "Ŋaba",
                    "holders-0-first_names": "Ɓintu",
                    "holders-0-sex": "F",
                    "holders-0-birth_date": CHILD_BORN,
                    **{f"holders-0-{name}": value for name, value in child.items()},
                },
            )
        )

    def test_a_child_claiming_without_a_representative_is_refused_beside_her_row_and_nothing_is_drafted(self):
        response = self.browser.post("/adjudication/claims/new/", self.claim())
        assert response.status_code == 400
        page = unescape(response.content.decode())
        assert f'<span class="error" id="id_holders-0-representative_name_errors">{REFUSAL_FR}' in page
        assert 'value="Ɓintu"' in page  # what was typed is kept
        assert not Claim.objects.exists()

    def test_a_child_claims_with_her_registered_mother_as_representative(self):
        response = self.browser.post(
            "/adjudication/claims/new/",
            self.claim(representative_party=str(self.mother.pk), representative_basis="mother"),
        )
        claim = Claim.objects.get()
        assert response.status_code == 302, unescape(response.content.decode())
        child = claim.claimants.get()
        assert (child.representative_name, child.representative_basis) == ("ŊABA Fatɛ Awa", "mother")
        # (Approval records the representative named for the person: claims.registration, as for an heir.)

    def test_a_guardian_typed_by_name_is_named_with_the_family_councils_minutes(self):
        guardian = {"representative_name": "KABORÉ Ɛric", "representative_basis": "guardian_family_council"}
        response = self.browser.post("/adjudication/claims/new/", self.claim(**guardian))
        assert response.status_code == 400
        page = unescape(response.content.decode())
        assert (
            'id="id_holders-0-representative_reference_errors">Un tuteur agit en vertu du procès-verbal'
            in page
        )
        response = self.browser.post(
            "/adjudication/claims/new/",
            self.claim(**guardian, representative_reference="PV du conseil de famille n°3 du 28/12/2029"),
        )
        assert response.status_code == 302
        child = Claim.objects.get().claimants.get()
        assert (child.representative_name, child.representative_reference) == (
            "KABORÉ Ɛric",
            "PV du conseil de famille n°3 du 28/12/2029",
        )

    def test_an_adult_claims_with_no_representative_asked(self):
        response = self.browser.post("/adjudication/claims/new/", self.claim(birth_date="1990-01-01"))
        assert response.status_code == 302
        assert Claim.objects.get().claimants.get().representative_name == ""

    def test_a_registered_child_whose_representative_is_recorded_needs_none_named(self):
        child = make_person(self.village_c, "Ŋaba", "Ɓintu", "F", birth_date=CHILD_BORN)
        body = self.claim(**{"party": str(child.pk), "last_name": "", "first_names": "", "sex": ""})
        refused = self.browser.post("/adjudication/claims/new/", body)
        assert refused.status_code == 400 and REFUSAL_FR in unescape(refused.content.decode())
        representation_record(person=child, representative_name="ŊABA Fatɛ Awa", basis="mother")
        assert (
            self.browser.post("/adjudication/claims/new/", self.claim(party=str(child.pk))).status_code == 302
        )


class MinorClaimantApiTests(ClaimFormCase):
    """POST /api/v1/claims/: the serializer's errors name the claimant's field."""

    def setUp(self):
        super().setUp()
        self.mother = make_person(self.village_c, "Ŋaba", "Fatɛ Awa", "F", birth_date="1988-05-02")

    def send(self, **child):
        body = {
            "village": "TC-V",
            "geometry": json.loads(self.real[0].geojson),
            "local_name": "Champ de Ɓintu",
            "claimants": [
                {"last_name": "Ŋaba", "first_names": "Ɓintu", "sex": "F", "birth_date": CHILD_BORN, **child}
            ],
        }
        return self.client.post("/api/v1/claims/", body, content_type="application/json")

    def test_a_child_without_a_representative_is_refused_beside_her_representative_field(self):
        response = self.send()
        assert response.status_code == 400, response.content
        assert response.json()["claimants"]["0"]["representative_name"] == [REFUSAL_FR]
        assert not Claim.objects.exists()

    def test_a_representation_said_wrong_is_refused_field_by_field(self):
        response = self.send(representative_name="KABORÉ Ɛric", representative_basis="guardian_court")
        assert response.status_code == 400
        assert list(response.json()["claimants"]["0"]) == ["representative_reference"]
        response = self.send(representative_name="KABORÉ Ɛric")
        assert response.json()["claimants"]["0"]["representative_basis"] == [
            "Dites si le représentant de ŊABA Ɓintu est le père, la mère ou un tuteur."
        ]
        response = self.send(representative_party=str(self.mother.pk), representative_name="Ŋaba Fatɛ")
        assert response.json()["claimants"]["0"]["representative_name"] == [
            "Choisissez le représentant dans la liste ou saisissez un nom, pas les deux."
        ]
        response = self.send(representative_party="00000000-0000-0000-0000-000000000000")
        assert response.json()["claimants"]["0"]["representative_party"] == ["Personne inconnue."]

    def test_a_child_with_her_registered_mother_as_representative_is_drafted(self):
        response = self.send(representative_party=str(self.mother.pk), representative_basis="mother")
        assert response.status_code == 201, response.content
        child = Claim.objects.get().claimants.get()
        assert (child.representative_name, child.representative_basis) == ("ŊABA Fatɛ Awa", "mother")

    def test_a_guardian_named_by_a_court_is_drafted_with_the_judgment(self):
        response = self.send(
            representative_name="SƆMDA Ɓila",
            representative_basis="guardian_court",
            representative_reference="Jugement n°45/2028 du TGI de Koudougou",
        )
        assert response.status_code == 201, response.content
        child = Claim.objects.get().claimants.get()
        assert child.representative_reference == "Jugement n°45/2028 du TGI de Koudougou"


class MinorClaimantServiceTests(ClaimFormCase):
    def draft(self, claimant: ClaimantInput):
        return claim_draft(
            actor=self.agent_a,
            village=self.village_c,
            geometry=self.real[0],
            right_type="customaryType",
            claimants=[claimant],
        )

    def test_the_service_refuses_a_child_without_a_representative_whoever_calls_it(self):
        with pytest.raises(MinorNotRepresentedError, match="SƆMDA Ŋima est mineur"):
            self.draft(applicant("Sɔmda", "Ŋima", "M", birth_date="2015-06-01"))
        assert not Claim.objects.exists()

    def test_the_profiles_age_of_majority_decides(self):
        self.profile.majority_age = 21
        self.profile.save(update_fields=["majority_age"])
        with pytest.raises(MinorNotRepresentedError):  # twenty today
            self.draft(applicant("Sɔmda", "Ɛlise", "F", birth_date="2009-06-01"))
        named = applicant(
            "Sɔmda",
            "Ɛlise",
            "F",
            birth_date="2009-06-01",
            representative_name="SƆMDA Ɓila",
            representative_basis="father",
        )
        assert self.draft(named).claimants.get().representative_basis == "father"
