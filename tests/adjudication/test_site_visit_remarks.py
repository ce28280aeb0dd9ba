"""The remarks the site visit's form proposes for a family's people (« mandataire de Famille … ») are the
registry's words: kept as its message and read in the reader's language, on the claim's page as on the
record; the records kept in French before are recognised; a remark the committee typed stays as typed.
Posted as the page renders (CSRF, the one-use token, the button)."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import SiteAttendee, SiteVisit
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.adjudication.test_group_site_visit import FAMILY, family_claimants
from tests.browser_forms import form_with_field


class SiteVisitRemarksTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        claim = self.draft(claimants=family_claimants(), right_type="commonOwnership")
        self.attach(claim, "mandate")
        self.claim = self.walk_to(claim, ClaimState.SITE_VERIFICATION)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.member_a)
        self.url = f"/adjudication/claims/{self.claim.pk}/site-visit/"

    def record_as_proposed(self, **typed) -> str:
        form = form_with_field(self.browser.get(self.url).content.decode(), "attendees-TOTAL_FORMS")
        response = self.browser.post(
            self.url, form.data(form.buttons[0], language="mooré", place="Kɔnkɔ", **typed)
        )
        assert response.status_code == 302, unescape(response.content.decode())[:2000]
        return response["Location"]

    def remarks_on(self, address: str, language: str) -> list[str]:
        self.browser.cookies["django_language"] = language
        page = unescape(self.browser.get(address).content.decode())
        # The site visit's attendees (the claimants' list above names the same people with their shares).
        return re.findall(r"<li>ŊABA [^<]* — (?:demandeur|applicant) — [^<]*</li>", page)

    def test_a_proposed_remark_is_kept_as_the_registry_s_message_and_read_in_either_language(self):
        claim_page = self.record_as_proposed()
        kept = list(SiteAttendee.objects.filter(visit__claim=self.claim).values_list("remark", flat=True))
        assert kept[:3] == [f"mandatary of {FAMILY}", f"member of {FAMILY}", f"member of {FAMILY}"]
        french = self.remarks_on(claim_page, "fr")
        assert french[0].endswith(f" — mandataire de {FAMILY}</li>"), french
        assert french[1].endswith(f" — membre de {FAMILY}</li>"), french
        english = self.remarks_on(claim_page, "en")
        assert english[0].endswith(f" — mandatary of {FAMILY}</li>"), english
        assert english[1].endswith(f" — member of {FAMILY}</li>") and "membre" not in "".join(english)

    def test_a_record_kept_in_french_before_reads_in_english(self):
        claim_page = self.record_as_proposed()
        SiteAttendee.objects.filter(remark=f"mandatary of {FAMILY}").update(remark=f"mandataire de {FAMILY}")
        english = self.remarks_on(claim_page, "en")
        assert english[0].endswith(f" — mandatary of {FAMILY}</li>"), english

    def test_a_remark_the_committee_typed_is_shown_as_typed(self):
        claim_page = self.record_as_proposed(**{"attendees-1-remark": "Ɓoukary montre la borne du puits"})
        assert (
            SiteVisit.objects.get(claim=self.claim)
            .attendees.filter(remark="Ɓoukary montre la borne du puits")
            .exists()
        )
        english = self.remarks_on(claim_page, "en")
        assert english[1].endswith(" — Ɓoukary montre la borne du puits</li>"), english
