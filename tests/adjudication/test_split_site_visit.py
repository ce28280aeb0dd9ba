"""The site visit of a split, as the committee records it on its page: the form proposes the family that holds
the land (its mandatary first, then its members) as present for the applicant, and the neighbours around,
never the parcel being split as its own « voisin ». Walking a split in the browser, the form proposed no
applicant (the record could not be closed until the names were typed) and named the family's own parcel as
a neighbour to sign. Each post is what the page renders (CSRF, the one-use token, the button)."""

import json
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.changes.consents import consent_record, consents_needed
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.models import SiteVisit
from landreg.adjudication.states import ClaimState
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import form_with_field
from tests.geometries import square

FAMILY = "Famille Ŋaba de Kɔnkɔ"


class SplitSiteVisitPageTests(AdjudicationTestCase):
    profile_code = "bf-apfr"  # a split: site verification, then the mayor

    def setUp(self):
        super().setUp()
        translation.activate("fr")
        village = self.village_a
        family = party_create(kind=PartyKind.GROUP, village=village, name=FAMILY, group_type=GroupType.FAMILY)
        awa = make_person(village, "Ŋaba", "Awa", "F")
        boukary = make_person(village, "Ŋaba", "Ɓoukary", "M")
        group_set_members(
            group=family, members=[MemberShare(boukary, "1/2"), MemberShare(awa, "1/2", is_mandatary=True)]
        )
        self.parcel = parcel_record(village=village, geometry=square(0, 200), survey_method="gps")
        right_register(
            parcel=self.parcel,
            right_type="commonOwnership",
            holders=[HolderShare(party=family)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        # The neighbour to the east, touching: the one the form should propose.
        self.east = parcel_record(village=village, geometry=square(100, 200), survey_method="gps")
        right_register(
            parcel=self.east,
            right_type="customaryType",
            holders=[HolderShare(party=make_person(village, "Zongo", "Ɓila", "M"))],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        halves = [
            square(0, 200, 50).union(square(0, 250, 50)),
            square(50, 200, 50).union(square(50, 250, 50)),
        ]
        split = change_draft(
            actor=self.registrar,
            kind="split",
            parcels=[self.parcel],
            data={"reason": "Partage entre les enfants", "parts": [json.loads(p.geojson) for p in halves]},
        )
        for needed in consents_needed(split):  # each member of the family consents to the split
            consent_record(
                claim=split,
                actor=self.registrar,
                role=needed.role,
                party=needed.party,
                agrees=True,
                mark="cross",
            )
        self.split = self.walk_to(split, ClaimState.SITE_VERIFICATION)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.president_a)
        self.url = f"/adjudication/claims/{self.split.pk}/site-visit/"

    def rows(self, form):
        fields = dict(form.fields)
        return [
            (fields[f"attendees-{i}-role"], fields[f"attendees-{i}-name"], fields[f"attendees-{i}-remark"])
            for i in range(int(fields["attendees-TOTAL_FORMS"]))
            if fields[f"attendees-{i}-name"]
        ]

    def test_the_form_proposes_the_familys_people_and_the_neighbours_not_the_parcel_split(self):
        form = form_with_field(self.browser.get(self.url).content.decode(), "attendees-TOTAL_FORMS")
        assert self.rows(form) == [
            ("applicant", "ŊABA Awa", f"mandataire de {FAMILY}"),
            ("applicant", "ŊABA Ɓoukary", f"membre de {FAMILY}"),
            ("neighbour", "ZONGO Ɓila", ""),
        ]
        neighbours = [v for k, v in form.fields if k.endswith("-neighbour_parcel") and v]
        assert neighbours == [str(self.east.pk)]
        # Posted as proposed, the record closes: the applicant is shown present.
        response = self.browser.post(self.url, form.data(form.buttons[0], language="mooré", place="Kɔnkɔ"))
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        visit = SiteVisit.objects.get(claim=self.split)
        assert [a.name for a in visit.attendees.filter(role="applicant")] == ["ŊABA Awa", "ŊABA Ɓoukary"]
        closed = t.site_verification_close(claim=self.split, actor=self.president_a)
        assert closed.state == ClaimState.AUTHORITY_APPROVAL
