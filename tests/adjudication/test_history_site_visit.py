"""The claim's history shows its site verification: the hearing on the land with the neighbours was missing
from the timeline (a walk of the demo read « constat sur le terrain → publicité » and nothing of who came).
The row names the committee member who recorded it (their name, not their login), who came and how each
signed, who was called and did not come, who disagreed with the limits and why, and the case it opened. The
record is posted as the site visit page renders it (CSRF, the one-use token, the button)."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.accounts.models import User
from landreg.adjudication.models import SiteVisit
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from tests.adjudication.helpers import AdjudicationTestCase
from tests.adjudication.test_group_site_visit import FAMILY, family_claimants
from tests.browser_forms import form_with_field


def history_rows(page: str) -> list[list[str]]:
    table = page.split('<table class="list history">', 1)[1].split("</table>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


class SiteVisitInHistoryTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        User.objects.filter(pk=self.member_a.pk).update(first_name="Ɓibata", last_name="Kaboré")
        claim = self.draft(claimants=family_claimants(), right_type="commonOwnership")
        self.attach(claim, "mandate")
        self.claim = self.walk_to(claim, ClaimState.SITE_VERIFICATION)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.member_a)

    def record(self):
        url = f"/adjudication/claims/{self.claim.pk}/site-visit/"
        form = form_with_field(self.browser.get(url).content.decode(), "attendees-TOTAL_FORMS")
        fields = dict(form.fields)
        rows = int(fields["attendees-TOTAL_FORMS"])
        names = [fields[f"attendees-{i}-name"] for i in range(rows)]
        awa = names.index("ŊABA Awa")
        free = names.index("")
        typed = {
            "language": "mooré",
            "place": "Kɔnkɔ",
            f"attendees-{awa}-mark": "absent",
            f"attendees-{free}-name": "ZONGO Paul",
            f"attendees-{free}-role": "neighbour",
            f"attendees-{free}-direction": "E",
            f"attendees-{free}-agrees": "no",
            f"attendees-{free}-mark": "fingerprint",
            f"attendees-{free}-remark": "La borne est passe sur mon champ",
        }
        response = self.browser.post(url, form.data(form.buttons[0], **typed))
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        return response["Location"]

    def test_the_history_names_who_recorded_the_visit_who_came_and_who_disagreed(self):
        page = unescape(self.browser.get(self.record()).content.decode())
        visit = SiteVisit.objects.get(claim=self.claim)
        day = f"{clock.today():%d/%m/%Y}"
        rows = [row for row in history_rows(page) if "Constat sur le terrain du" in row[1]]
        assert len(rows) == 1, history_rows(page)
        _at, what, actor, note = rows[0]
        assert what == f"Constat sur le terrain du {day} enregistré (Kɔnkɔ)"
        assert actor == "Ɓibata Kaboré" and "member_a" not in page.split('class="list history"', 1)[1]
        assert note.startswith(
            "Présents\u202f: ŊABA Ɓintu Fatɛ (demandeur, signature), ŊABA Ɓoukary (demandeur, signature), "
            "OUÉDRAOGO Aminata (voisin, ouest, signature), ZONGO Paul (voisin, est, empreinte digitale)."
        ), note
        assert "Absents\u202f: ŊABA Awa (demandeur)." in note
        assert "En désaccord avec les limites\u202f: ZONGO Paul (La borne est passe sur mon champ)." in note
        assert f"Dossier de litige {visit.dispute.number} ouvert." in note
        assert FAMILY not in note  # the family is not a person who came

    def test_a_visit_where_everyone_agreed_says_so(self):
        url = f"/adjudication/claims/{self.claim.pk}/site-visit/"
        form = form_with_field(self.browser.get(url).content.decode(), "attendees-TOTAL_FORMS")
        response = self.browser.post(url, form.data(form.buttons[0], language="mooré", place="Kɔnkɔ"))
        assert response.status_code == 302
        page = unescape(self.browser.get(response["Location"]).content.decode())
        rows = [row for row in history_rows(page) if "Constat sur le terrain du" in row[1]]
        assert len(rows) == 1 and rows[0][3].endswith("Aucune personne présente n’a contesté les limites.")
        assert "Absents" not in rows[0][3] and "Dossier de litige" not in rows[0][3]
