"""ODK Collect asks a minor claimant's legal representative (form 2026120603): the questions show for a
claimant whose birth date makes them younger than the commune's age of majority (its profile's, written into
the village's form), and the server refuses a record naming a child without one, with the same reason as the
claim page and the API (adjudication.changes.minors), kept for the agent to correct.

Village C has a boundary drawn around a real parcel of the Etalab file; the clock stands at 7 January 2030
(tests.adjudication.helpers.START): Ɓintu, born on 4 March 2019, is ten."""

import re
import uuid

from django.contrib.gis.geos import MultiPolygon
from django.utils import translation

from landreg.accounts.roles import Role
from landreg.accounts.services import role_grant
from landreg.adjudication.models import Claim
from landreg.collect.models import Submission, SubmissionState
from landreg.core.stored_messages import message_said
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create
from tests.adjudication.test_claim_form import etalab_parcels
from tests.collect.test_openrosa import DeviceTestCase, geoshape


def child_record(boundary, **representation) -> bytes:
    """A record of village C as the form sends it: Ɓintu, ten, claims alone, with ``representation`` (the
    questions left empty when not answered, as ODK Collect sends a question it did not ask)."""
    asked = "".join(
        f"<{name}>{representation.get(name, '')}</{name}>"
        for name in ("representative_name", "representative_basis", "representative_reference")
    )
    return (
        '<?xml version="1.0"?><data id="landreg_parcel_TC-V" version="2026120603">'
        "<village>TC-V</village><local_name>Champ de Ɓintu</local_name>"
        f"<boundary>{geoshape(boundary)}</boundary><survey_method>gps</survey_method>"
        "<right_type>customaryType</right_type><holding>individual</holding><group_name/><group_type/>"
        "<claimant><last_name>Ŋaba</last_name><first_names>Ɓintu</first_names><sex>F</sex>"
        "<birth_date>2019-03-04</birth_date><share/><is_mandatary/><age>10</age><minor_note/>"
        f"{asked}<signature/><fingerprint/></claimant>"
        "<neighbour_north>Famille Zongo</neighbour_north><neighbour_east/><neighbour_south/><neighbour_west/>"
        f"<photo_parcel/><meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta></data>"
    ).encode()


class MinorClaimantRecordTests(DeviceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.real = etalab_parcels(1)
        hull = MultiPolygon(cls.real[0].convex_hull.buffer(0.0002), srid=4326)
        cls.village_c = unit_create(
            level=UnitLevel.VILLAGE, code="TC-V", name="Village C", parent=cls.commune, boundary=hull
        )
        role_grant(user=cls.agent_a, role=Role.FIELD_AGENT, unit=cls.village_c)

    def form(self) -> str:
        url = "/collect/forms/landreg_parcel_TC-V/form.xml"
        return self.client.get(url, **self.basic(self.agent_a)).content.decode()

    def test_the_form_asks_a_representative_for_a_claimant_younger_than_the_communes_age_of_majority(self):
        xml = self.form()
        bind = re.search(r'<bind nodeset="/data/claimant/representative_name"[^>]*>', xml).group(0)
        assert 'required="true()"' in bind and "../age  &lt; 18" in bind
        assert "Représentant légal (nom)" in xml and "Tuteur nommé par le conseil de famille" in xml
        self.profile.majority_age = 21
        self.profile.save(update_fields=["majority_age"])
        assert "../age  &lt; 21" in self.form()

    def test_a_child_recorded_without_a_representative_waits_with_that_reason(self):
        response = self.post(child_record(self.real[0]))
        assert response.status_code == 201
        submission = Submission.objects.get()
        assert submission.state == SubmissionState.NEEDS_CORRECTION and not Claim.objects.exists()
        with translation.override("fr"):  # kept as the registry's message, said in the reader's language
            assert [message_said(reason) for reason in submission.reasons] == [
                "ŊABA Ɓintu est mineur(e) au jour de l’acte (né(e) le 04/03/2019)\u202f: nommez son "
                "représentant légal (père, mère ou tuteur) et le fondement de la représentation."
            ]

    def test_a_guardian_without_the_reference_of_the_judgment_is_said_too(self):
        self.post(
            child_record(
                self.real[0], representative_name="SƆMDA Ɓila", representative_basis="guardian_court"
            )
        )
        with translation.override("en"):
            reasons = [message_said(reason) for reason in Submission.objects.get().reasons]
        assert reasons == [
            "A guardian acts under the family council's minutes or a court judgment: give its reference."
        ]

    def test_a_child_recorded_with_her_mother_as_representative_becomes_a_draft(self):
        record = child_record(
            self.real[0], representative_name="ŊABA Fatɛ Awa", representative_basis="mother"
        )
        assert self.post(record).status_code == 201
        child = Claim.objects.get().claimants.get()
        assert (child.representative_name, child.representative_basis) == ("ŊABA Fatɛ Awa", "mother")
        assert str(child.birth_date) == "2019-03-04"
