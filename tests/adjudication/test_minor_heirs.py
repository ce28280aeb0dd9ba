"""A child who inherits (or is given, or buys) land is named with their legal representative: the succession
page refuses a minor heir without one, beside the row, and the representative named is recorded for the child
when the application is approved. Minority is read from the birth date on the day of the act, against the
age of majority of the commune's procedure profile."""

from html import unescape

import pytest
from django.test import Client

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.changes.minors import MinorNotRepresentedError
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.parties.models import LegalRepresentation, Party
from landreg.parties.services import representation_record
from landreg.rights.models import Right
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person
from tests.browser_forms import flat, form_with_field

# The clock stands at 7 January 2030 (tests.adjudication.helpers.START): Ɓintu is ten.
CHILD_BORN = "2019-03-04"


class MinorHeirPageTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)
        self.widow = make_person(self.village_a, "Ŋaba", "Fatɛ Awa", "F", birth_date="1988-05-02")

    def url(self):
        return f"/adjudication/parcels/{self.parcel_a.pk}/change/"

    def succession(self, **child):
        """The page's form as rendered, for the succession of OUÉDRAOGO Aminata: her widow's half and the
        child's half, with what ``child`` types into the child's row."""
        form = form_with_field(self.browser.get(self.url()).content.decode(), "kind")
        return flat(
            form.data(
                kind="inheritance",
                reason="Décès de OUÉDRAOGO Aminata, procès-verbal de succession n°7 du 2 janvier 2030",
                right=str(self.right_a.pk),
                source_type="customary_attestation",
                document_date="2030-01-05",
                reference="AC-7",
                **{
                    "holders-0-party": str(self.widow.pk),
                    "holders-0-share": "1/2",
                    "holders-1-last_name": "Ŋaba",
                    "holders-1-first_names": "Ɓintu",
                    "holders-1-sex": "F",
                    "holders-1-share": "1/2",
                    "holders-1-birth_date": CHILD_BORN,
                    **{f"holders-1-{name}": value for name, value in child.items()},
                },
            )
        )

    def test_a_minor_heir_is_registered_with_her_mother_as_legal_representative(self):
        response = self.browser.post(
            self.url(), self.succession(representative_name="ŊABA Fatɛ Awa", representative_basis="mother")
        )
        application = Claim.objects.get(purpose="inheritance")
        self.assertRedirects(response, f"/adjudication/claims/{application.pk}/")
        assert application.state == ClaimState.SUBMITTED
        self.walk_to(application, ClaimState.READY_FOR_CERTIFICATE)
        child = Party.objects.current().get(last_name="Ŋaba", first_names="Ɓintu")
        representation = LegalRepresentation.objects.current().get(person=child)
        assert (representation.representative_name, representation.basis) == ("ŊABA Fatɛ Awa", "mother")
        new_right = Right.objects.current().get(parcel=self.parcel_a)
        assert {h.party for h in new_right.holders.all()} == {self.widow, child}

    def test_a_minor_heir_without_a_representative_is_refused_beside_her_row_and_nothing_is_lodged(self):
        response = self.browser.post(self.url(), self.succession())
        assert response.status_code == 400
        page = unescape(response.content.decode())
        assert (
            "ŊABA Ɓintu est mineur(e) au jour de l’acte (né(e) le 04/03/2019)\u202f: nommez son représentant "
            "légal (père, mère ou tuteur) et le fondement de la représentation." in page
        )
        assert 'value="Ɓintu"' in page  # what was typed is kept
        assert not Claim.objects.exists()

    def test_a_guardian_is_named_with_the_family_councils_minutes(self):
        response = self.browser.post(
            self.url(),
            self.succession(
                representative_name="KABORÉ Ɛric", representative_basis="guardian_family_council"
            ),
        )
        assert response.status_code == 400
        page = unescape(response.content.decode())
        assert "en vertu du procès-verbal du conseil de famille ou d’un jugement" in page
        response = self.browser.post(
            self.url(),
            self.succession(
                representative_name="KABORÉ Ɛric",
                representative_basis="guardian_family_council",
                representative_reference="PV du conseil de famille n°3 du 28/12/2029",
            ),
        )
        assert response.status_code == 302
        child = Claim.objects.get().claimants.get(first_names="Ɓintu")
        assert child.representative_reference == "PV du conseil de famille n°3 du 28/12/2029"


class MinorHeirServiceTests(AdjudicationTestCase):
    def inheritance(self, heir):
        return change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=self.right_a,
            new_holders=[heir],
            data={"reason": "Décès de OUÉDRAOGO Aminata"},
        )

    def test_the_service_refuses_a_minor_heir_without_a_representative_whoever_calls_it(self):
        with pytest.raises(MinorNotRepresentedError, match="SƆMDA Ŋima is a minor"):
            self.inheritance(applicant("Sɔmda", "Ŋima", "M", birth_date="2015-06-01"))
        assert not Claim.objects.exists()

    def test_a_registered_child_whose_representative_is_recorded_needs_none_named(self):
        child = make_person(self.village_a, "Sɔmda", "Ŋima", "M", birth_date="2015-06-01")
        representation_record(
            person=child,
            representative_name="SƆMDA Ɓila",
            basis="guardian_court",
            reference="Jugement n°45/2028 du TGI de Koudougou",
            actor=self.registrar,
        )
        assert self.inheritance(_registered(child)).claimants.count() == 1

    def test_majority_is_the_profiles_age(self):
        self.profile.majority_age = 21
        self.profile.save(update_fields=["majority_age"])
        with pytest.raises(MinorNotRepresentedError):  # twenty on the day of the act
            self.inheritance(applicant("Sɔmda", "Ɛlise", "F", birth_date="2009-06-01"))
        self.profile.majority_age = 18
        self.profile.save(update_fields=["majority_age"])
        assert self.inheritance(applicant("Sɔmda", "Ɛlise", "F", birth_date="2009-06-01"))


def _registered(party):
    return ClaimantInput(party=party, kind=party.kind, share="1")
