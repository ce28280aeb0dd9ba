"""The API lodges a succession with a minor heir as the page does: refused without a representative, with the
child's name; recorded with one. A minor co-holder's consent posted through the API is given by their
representative."""

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.changes.consents import consents_needed
from landreg.adjudication.models import ChangeConsent, Claim
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person
from tests.geometries import square


class MinorApiTests(AdjudicationTestCase):
    def post(self, url, body):
        self.client.force_login(self.registrar)
        return self.client.post(url, body, content_type="application/json")

    def succession(self, **child):
        return {
            "kind": "inheritance",
            "reason": "Décès de OUÉDRAOGO Aminata, procès-verbal n°7",
            "right": str(self.right_a.pk),
            "submit": False,
            "holders": [
                {"last_name": "Ŋaba", "first_names": "Ɓintu", "sex": "F", "birth_date": "2019-03-04", **child}
            ],
        }

    def test_a_minor_heir_needs_a_representative_through_the_api_too(self):
        refused = self.post("/api/v1/changes/", self.succession())
        assert refused.status_code == 400
        assert refused.json()["error"] == "MinorNotRepresentedError"
        assert refused.json()["detail"].startswith("ŊABA Ɓintu est mineur(e) au jour de l’acte")
        assert not Claim.objects.exists()
        created = self.post(
            "/api/v1/changes/",
            self.succession(representative_name="ŊABA Fatɛ Awa", representative_basis="mother"),
        )
        assert created.status_code == 201, created.content
        assert Claim.objects.get().claimants.get().representative_name == "ŊABA Fatɛ Awa"

    def test_a_minor_co_holders_consent_is_posted_with_the_representative(self):
        mother = make_person(self.village_a, "Ŋaba", "Fatɛ Awa", "F", birth_date="1986-02-11")
        son = make_person(self.village_a, "Ŋaba", "Ɛdouard", "M", birth_date="2016-09-30")
        parcel = parcel_record(village=self.village_a, geometry=square(300, 0), survey_method="gps")
        right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(mother, "1/2"), HolderShare(son, "1/2")],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN",
        )
        claim = change_draft(
            actor=self.registrar,
            kind="loan",
            parcels=[parcel],
            new_holders=[applicant("Sɔmda", "Ɛlise", "F")],
            data={"reason": "Prêt", "legal_basis": "Accord coutumier", "start_date": "2030-02-01"},
        )
        url = f"/api/v1/claims/{claim.pk}/consents/"
        alone = self.post(url, {"party": str(son.pk), "agrees": True, "mark": "cross"})
        assert alone.status_code == 400 and alone.json()["error"] == "MinorConsentError"
        given = self.post(
            url,
            {
                "party": str(son.pk),
                "agrees": True,
                "mark": "fingerprint",
                "representative_name": "ŊABA Fatɛ Awa",
                "representative_basis": "mother",
            },
        )
        assert given.status_code == 201, given.content
        row = next(r for r in given.json() if r["party"] == str(son.pk))
        assert row["minor"] and row["given"] and row["given_by"] == "ŊABA Fatɛ Awa"
        assert ChangeConsent.objects.get(party=son).representative_basis == "mother"
        assert next(n for n in consents_needed(claim) if n.party == son).given
