"""The site visit of a family's claim as the committee records it on its page: the form proposes the people
who can be there (the mandatary and the members), never the family itself, and a row naming the family is
refused with a French reason. Each post is what the page renders (CSRF, the one-use token, the button)."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import ClaimantRole, SiteVisit
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_with_field

FAMILY = "Famille Ŋaba de Kɔnkɔ"


def family_claimants():
    def member(first, sex, share, role=ClaimantRole.MEMBER):
        return ClaimantInput(last_name="Ŋaba", first_names=first, sex=sex, share=share, role=role)

    return [
        ClaimantInput(kind="group", name=FAMILY, group_type="family"),
        member("Ɓintu Fatɛ", "F", "1/2", ClaimantRole.MANDATARY),
        member("Ɓoukary", "M", "1/4"),
        member("Awa", "F", "1/4"),
    ]


class FamilySiteVisitPageTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        claim = self.draft(claimants=family_claimants(), right_type="commonOwnership")
        self.attach(claim, "mandate")
        self.claim = self.walk_to(claim, ClaimState.SITE_VERIFICATION)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.member_a)
        self.url = f"/adjudication/claims/{self.claim.pk}/site-visit/"

    def rows_of(self, form):
        fields = dict(form.fields)
        total = int(fields["attendees-TOTAL_FORMS"])
        return [
            (fields[f"attendees-{i}-role"], fields[f"attendees-{i}-name"], fields[f"attendees-{i}-remark"])
            for i in range(total)
        ]

    def test_the_form_proposes_the_mandatary_and_members_not_the_family(self):
        form = form_with_field(self.browser.get(self.url).content.decode(), "attendees-TOTAL_FORMS")
        rows = [row for row in self.rows_of(form) if row[1]]
        assert all(name != FAMILY for _role, name, _remark in rows), rows
        assert rows[:3] == [
            ("applicant", "ŊABA Ɓintu Fatɛ", f"mandataire de {FAMILY}"),
            ("applicant", "ŊABA Ɓoukary", f"membre de {FAMILY}"),
            ("applicant", "ŊABA Awa", f"membre de {FAMILY}"),
        ]
        response = self.browser.post(self.url, form.data(form.buttons[0], language="mooré", place="Kɔnkɔ"))
        assert response.status_code == 302, response.content.decode()[:2000]
        visit = SiteVisit.objects.get(claim=self.claim)
        names = [a.name for a in visit.attendees.filter(role="applicant")]
        assert names == ["ŊABA Ɓintu Fatɛ", "ŊABA Ɓoukary", "ŊABA Awa"]
        page = unescape(self.browser.get(response["Location"]).content.decode())
        record = page.split("<h2>Constat sur le terrain", 1)[1].split("</ul>", 1)[0]
        present = [item.split(" — ")[:2] for item in re.findall(r"<li>(.*?)</li>", record)]
        assert present[:3] == [
            ["ŊABA Ɓintu Fatɛ", "demandeur"],
            ["ŊABA Ɓoukary", "demandeur"],
            ["ŊABA Awa", "demandeur"],
        ]
        assert f"mandataire de {FAMILY}" in record and [FAMILY, "demandeur"] not in present

    def test_a_row_naming_the_family_as_present_is_refused_in_french(self):
        form = form_with_field(self.browser.get(self.url).content.decode(), "attendees-TOTAL_FORMS")
        free = next(i for i, row in enumerate(self.rows_of(form)) if not row[1])
        typed = {
            "language": "mooré",
            "place": "Kɔnkɔ",
            f"attendees-{free}-name": FAMILY,
            f"attendees-{free}-role": "applicant",
        }
        response = self.browser.post(self.url, form.data(form.buttons[0], **typed))
        assert response.status_code == 400
        page = unescape(response.content.decode())
        assert f"{FAMILY} est un groupe\u202f: nommez les membres ou le mandataire présents." in page, page[
            :3000
        ]
        assert not SiteVisit.objects.filter(claim=self.claim).exists()
        kept = dict(form_with_field(page, "attendees-TOTAL_FORMS").fields)
        assert kept[f"attendees-{free}-name"] == FAMILY and kept["language"] == "mooré"
