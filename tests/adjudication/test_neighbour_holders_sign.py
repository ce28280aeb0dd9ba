"""Each holder of a neighbouring parcel has a row, and so a place to sign, on the site visit's record; a
family holding it signs through its mandatary.

Before: the form proposed one neighbour row naming the joined holders « ƁAŊƆ Ɛlisabɛt, KABRÉ Jôsé », one
person on the record with one box to sign for both, and a row naming the family itself, whom no one present
could be."""

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import SiteVisit
from landreg.adjudication.states import ClaimState
from landreg.parcels.services import parcel_record
from landreg.parties.models import PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import form_with_field
from tests.certificates.base import pdf_text
from tests.geometries import square


def held(village, east, north, *holders):
    parcel = parcel_record(village=village, geometry=square(east, north), survey_method="gps")
    right_register(
        parcel=parcel,
        right_type="customaryType",
        holders=[HolderShare(party=h, share=f"1/{len(holders)}") for h in holders],
        tenure_system="customary",
        legal_basis="Loi n°034-2009/AN, art. 36",
    )
    return parcel


class NeighbourHoldersSignTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        wife = make_person(self.village_a, last_name="Ɓaŋɔ", first_names="Ɛlisabɛt")
        husband = make_person(self.village_a, last_name="Kabré", first_names="Jôsé", sex="M")
        self.north = held(self.village_a, 100, 100, wife, husband)  # the spouses' field, north of the claim
        family = party_create(
            kind=PartyKind.GROUP, village=self.village_a, group_type="family", name="Famille Ŋɔmbɔ"
        )
        elder = make_person(self.village_a, last_name="Ŋɔmbɔ", first_names="Ɓila", sex="M")
        group_set_members(
            group=family,
            members=[
                MemberShare(member=elder, share="1/2", is_mandatary=True),
                MemberShare(
                    member=make_person(self.village_a, last_name="Ŋɔmbɔ", first_names="Awa"), share="1/2"
                ),
            ],
        )
        self.east = held(self.village_a, 200, 0, family)  # the family's field, east
        self.claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.member_a)
        self.url = f"/adjudication/claims/{self.claim.pk}/site-visit/"

    def test_each_holder_of_a_neighbouring_parcel_signs_in_a_row_of_their_own(self):
        form = form_with_field(self.browser.get(self.url).content.decode(), "attendees-TOTAL_FORMS")
        fields = dict(form.fields)
        rows = [
            (
                fields[f"attendees-{i}-name"],
                fields[f"attendees-{i}-direction"],
                fields[f"attendees-{i}-remark"],
            )
            for i in range(int(fields["attendees-TOTAL_FORMS"]))
            if fields[f"attendees-{i}-role"] == "neighbour" and fields[f"attendees-{i}-name"]
        ]
        assert sorted(rows) == [
            ("KABRÉ Jôsé", "N", ""),
            ("OUÉDRAOGO Aminata", "W", ""),
            ("ŊƆMBƆ Ɓila", "E", "mandataire de Famille Ŋɔmbɔ"),
            ("ƁAŊƆ Ɛlisabɛt", "N", ""),
        ]
        response = self.browser.post(self.url, form.data(form.buttons[0], language="mooré", place="Kɔnkɔ"))
        assert response.status_code == 302, response.content.decode()[:2000]
        visit = SiteVisit.objects.get(claim=self.claim)
        neighbours = {(a.name, a.neighbour_parcel_id) for a in visit.attendees.filter(role="neighbour")}
        assert ("ƁAŊƆ Ɛlisabɛt", self.north.pk) in neighbours and ("KABRÉ Jôsé", self.north.pk) in neighbours
        assert ("ŊƆMBƆ Ɓila", self.east.pk) in neighbours
        # The record's boxes: one for each of them, to sign or put a thumbprint in.
        pdf = self.browser.get(f"/adjudication/claims/{self.claim.pk}/papers/site-visits/{visit.pk}.pdf")
        text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
        signatures = text.split("Signatures ou marques", 1)[1]
        for name in ("ƁAŊƆ Ɛlisabɛt", "KABRÉ Jôsé", "ŊƆMBƆ Ɓila"):
            assert name in signatures
        assert "ƁAŊƆ Ɛlisabɛt, KABRÉ Jôsé" not in text
