"""The demo as a visitor walks it, through its pages, with the logins `make demo` prints: a claim among
recorded parcels, whose neighbours' holders each sign the site visit and are printed on the certificate; each
village's committee reaching its quorum; a claim waiting at each step, offering its next move to the login the
guide names."""

import io
import re

from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.utils import translation

from landreg.adjudication.claims.spatial import neighbours_of
from landreg.adjudication.models import Claim, SiteVisit
from landreg.adjudication.profiles import profile_for
from landreg.adjudication.states import ClaimState
from landreg.certificates.models import Certificate
from landreg.demo.claims import CERTIFICATE, DISPUTE, OBJECTION, SITE_VISIT, VOTE
from landreg.demo.guide import stops
from landreg.parties.models import PartyKind
from landreg.rights.models import Right
from landreg.territory.models import AdministrativeUnit
from tests.browser_forms import form_posting_to, form_with_field, links
from tests.certificates.base import pdf_text
from tests.demo_story import load_demo_story

DEMO_PASSWORD = "demo-landreg"


def printed_logins() -> str:
    """What `make demo` prints just before serving: load_demo run again."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoWalkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_story()

    def browser(self, username) -> Client:
        """A browser logged in through the login page with the printed password."""
        browser = Client(enforce_csrf_checks=True)
        page = browser.get("/accounts/login/").content.decode()
        form = form_with_field(page, "username")
        answer = browser.post(
            form.action or "/accounts/login/",
            form.data(form.buttons[0] if form.buttons else None, username=username, password=DEMO_PASSWORD),
        )
        assert answer.status_code == 302, (username, answer.status_code)
        return browser

    def claim_of(self, state) -> Claim:
        return Claim.objects.get(village__code="SAB-C", purpose="first_registration", state=state)

    def neighbour_holders(self, claim, *, primary=False) -> dict[str, list]:
        """{neighbouring parcel's number: who holds a right in force on it (its primary right only: the
        certificate's limits name them; every right: the site visit's rows, a borrower and herders too)}"""
        found = {}
        near = neighbours_of(claim.geometry, gap_m=claim.profile.neighbour_gap_m, exclude_pk=claim.parcel_id)
        for n in near:
            rights = Right.objects.in_force().filter(parcel=n.parcel)
            rights = rights.filter(right_type__is_secondary=False) if primary else rights
            found[n.parcel.number] = list(dict.fromkeys(h.party for r in rights for h in r.holders.all()))
        return found

    def who_signs(self, holders: dict[str, list]) -> set[str]:
        """Each natural person holding, for a family its mandatary (a group without one by its name), as the
        site visit's rows name them."""
        names = set()
        for party in (p for parties in holders.values() for p in parties):
            if party.kind == PartyKind.NATURAL:
                names.add(party.display_name)
            else:
                mandataries = party.memberships.filter(is_mandatary=True, end_lifespan__isnull=True)
                names |= {m.member.display_name for m in mandataries} or {party.display_name}
        return names

    def test_the_site_visit_of_a_demo_claim_lists_its_neighbours_each_holder_in_a_row_to_sign(self):
        claim = self.claim_of(ClaimState.SITE_VERIFICATION)
        expected = self.neighbour_holders(claim)
        assert len(expected) >= 2, expected
        browser = self.browser("president_centre")
        url = f"/adjudication/claims/{claim.pk}/site-visit/"
        assert url in browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        form = form_with_field(browser.get(url).content.decode(), "attendees-TOTAL_FORMS")
        fields = dict(form.fields)
        rows = [
            fields[f"attendees-{i}-name"]
            for i in range(int(fields["attendees-TOTAL_FORMS"]))
            if fields[f"attendees-{i}-role"] == "neighbour" and fields[f"attendees-{i}-name"]
        ]
        assert len(rows) >= 2, rows
        assert set(rows) == self.who_signs(expected), (rows, expected)
        answer = browser.post(url, form.data(form.buttons[0], language="mooré", place="Champ de Kɔnkɔ"))
        assert answer.status_code == 302, answer.content.decode()[:2000]
        visit = SiteVisit.objects.get(claim=claim)
        assert visit.attendees.filter(role="neighbour").count() == len(rows)

    def test_the_certificate_of_the_approved_demo_claim_prints_its_neighbours(self):
        claim = self.claim_of(ClaimState.READY_FOR_CERTIFICATE)
        certificate = Certificate.objects.get(parcel__number=claim.parcel_number)
        expected = self.neighbour_holders(claim, primary=True)
        assert len(expected) >= 2, expected
        browser = self.browser("guichet")
        page = browser.get(f"/certificates/{certificate.pk}/").content.decode()
        form = form_posting_to(page, "/print/")
        pdf = browser.post(form.action, form.data(form.buttons[0] if form.buttons else None))
        text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
        for number, names in expected.items():
            assert number in text, number
            assert all(party.display_name in text for party in names), names
        # Its site visit, recorded by the demo, was signed by the same neighbours.
        signed = set(
            claim.site_visits.get().attendees.filter(role="neighbour").values_list("name", flat=True)
        )
        assert signed == self.who_signs(self.neighbour_holders(claim))

    def test_each_village_committee_reaches_its_quorum_with_the_printed_logins(self):
        printed = printed_logins()
        for village in AdministrativeUnit.objects.filter(code__in=["SAB-C", "SAB-N"]):
            line = next(li for li in printed.splitlines() if f"({village.code}): quorum" in li)
            logins = line.split(" — ", 1)[1].split(", ")
            assert len(logins) >= profile_for(village).quorum_min_votes, line
            for login in logins:
                said = next(li for li in printed.splitlines() if li.strip().startswith(login + " "))
                assert "committee" in said and village.name in said, said

    def test_a_claim_awaiting_the_committee_is_validated_by_the_votes_of_the_printed_logins(self):
        claim = self.claim_of(ClaimState.COMMITTEE_VALIDATION)
        line = next(li for li in printed_logins().splitlines() if "(SAB-C): quorum" in li)
        logins = line.split(" — ", 1)[1].split(", ")
        voted = set(claim.votes.values_list("member__username", flat=True))
        url = f"/adjudication/claims/{claim.pk}/"
        for login in [name for name in logins if name not in voted]:
            browser = self.browser(login)
            form = form_posting_to(browser.get(url).content.decode(), "/vote/")
            answer = browser.post(form.action, form.data(decision="approve", reason="Limites reconnues"))
            assert answer.status_code == 302, answer.content.decode()[:2000]
        president = self.browser("president_centre")
        form = form_posting_to(president.get(url).content.decode(), "/moves/committee_validate/")
        answer = president.post(form.action, form.data(form.button("committee_validate")), follow=True)
        assert answer.status_code == 200
        claim.refresh_from_db()
        assert claim.state == ClaimState.AUTHORITY_APPROVAL

    def test_the_printed_guide_names_a_claim_at_each_step_whose_page_offers_its_login_the_next_move(self):
        printed = printed_logins()
        found = stops()
        assert len(found) == 11
        for stop in found:
            url = f"/adjudication/claims/{stop.claim.pk}/"
            line = next(li for li in printed.splitlines() if url in li)
            with translation.override("en"):
                assert stop.demo.login in line.split() and stop.action in line, line
            page = self.browser(stop.demo.login).get(url).content.decode()
            move = stop.demo.next_move
            if move == SITE_VISIT:
                assert f"{url}site-visit/" in links(page)
            elif move == VOTE:
                form_posting_to(page, "/vote/")
            elif move == OBJECTION:
                form_posting_to(page, "/objection/")
            elif move == DISPUTE:
                assert any(re.search(r"/disputes/[0-9a-f-]+/$", link) for link in links(page)), stop.step
            elif move == CERTIFICATE:
                assert any(re.search(r"/certificates/[0-9a-f-]+/$", link) for link in links(page)), stop.step
            else:
                form = form_posting_to(page, f"/moves/{move}/")
                assert form.button(move), (stop.step, move)
