"""The demo has cases for the dispute logins: one waiting for its session, one before the court (its parcel
frozen), one conciliated; loading it twice changes nothing."""

import io
from html import unescape

from django.core.management import call_command
from django.test import Client, TestCase, override_settings

from landreg.accounts.models import User
from landreg.adjudication.models import Claim
from landreg.core import clock
from landreg.disputes.cases.freeze import open_cases
from landreg.disputes.models import DisputeCase
from landreg.disputes.selectors import open_cases_for
from tests.browser_forms import form_posting_to, forms


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DisputeDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", quiet=True, verbosity=0)
        call_command("load_adjudication_demo", verbosity=0)
        call_command("load_disputes_demo", stdout=io.StringIO())

    def test_the_dispute_logins_have_cases_waiting_and_the_court_case_freezes_its_parcel(self):
        call_command("load_disputes_demo", stdout=io.StringIO())
        assert sorted(DisputeCase.objects.values_list("status", flat=True)) == [
            "conciliated",
            "conciliation",
            "in_court",
        ]
        assert len(open_cases_for(User.objects.get(username="conciliation"))) == 2
        assert len(open_cases_for(User.objects.get(username="litiges"))) == 2
        court = DisputeCase.objects.get(status="in_court")
        assert open_cases(parcels=court.parcels.all()).exists()
        objection = DisputeCase.objects.get(origin="objection")
        claim = objection.claims.get()
        assert claim.state == "public_notice" and claim.notice_end < clock.today()  # ended, lodged in time
        assert objection.sessions.get().scheduled_for == clock.today()
        # The notice still running is left for objections made by hand on the claim page.
        running = Claim.objects.get(
            purpose="first_registration", state="public_notice", notice_end__gte=clock.today()
        )
        assert not running.objections.exists()

    def test_the_objected_claim_walks_from_conciliation_to_the_vote_the_day_the_demo_is_loaded(self):
        """The walk of the demo: public notice → objection → conciliation → committee vote, at once. The
        conciliation committee records today's session and the agreement (the objection withdrawn) on the case
        page, the registrar closes the notice on the claim page, the village committee votes: each form posted
        as the page renders it, CSRF enforced."""
        case = DisputeCase.objects.get(origin="objection")
        claim = case.claims.get()
        committee = Client(enforce_csrf_checks=True)
        committee.force_login(User.objects.get(username="conciliation"))
        url = f"/disputes/{case.pk}/"
        form = form_posting_to(committee.get(url).content.decode(), "/moves/session_hold/")
        typed = {
            "conciliators": "Naaba Saaga, KONATÉ Mariam",
            "language": "mooré",
            "minutes": "Parties entendues.",
        }
        typed |= {name: "on" for name in form.controls if name.startswith("present_")}
        held = committee.post(form.action, form.data(form.button("session_hold"), **typed), follow=True)
        assert held.status_code == 200, unescape(held.content.decode())[:3000]
        form = form_posting_to(held.content.decode(), "/moves/agree/")
        agreed = committee.post(
            form.action,
            form.data(
                form.button("agree"),
                summary="Ɓoukary reconnaît la borne est ; il retire son opposition.",
                signatures="Empreintes des deux parties",
                change="withdraw_objection",
            ),
            follow=True,
        )
        assert agreed.status_code == 200, unescape(agreed.content.decode())[:3000]
        case.refresh_from_db()
        assert case.status == "conciliated"
        registrar = Client(enforce_csrf_checks=True)
        registrar.force_login(User.objects.get(username="guichet"))
        page = registrar.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        form = form_posting_to(page, "/moves/notice_close/")
        closed = registrar.post(form.action, form.data(form.button("notice_close")), follow=True)
        assert closed.status_code == 200
        claim.refresh_from_db()
        assert claim.state == "committee_validation"
        member = Client(enforce_csrf_checks=True)
        member.force_login(User.objects.get(username="membre_centre"))
        form = form_posting_to(member.get(f"/adjudication/claims/{claim.pk}/").content.decode(), "/vote/")
        assert form.buttons, "the committee member is offered the vote"

    def test_every_form_of_every_demo_case_page_submitted_as_is_answers_no_server_error(self):
        """The site-wide walk (tests/web/test_crawl.py) stops at 50 pages a role, before the case pages: here
        each dispute login opens every case it sees and submits each form as rendered (CSRF enforced, its
        button). An open case offers its file's forms (party, document), a conciliated one only the
        homologation's, to the dispute administrator."""
        for username in ["conciliation", "litiges"]:
            browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
            browser.force_login(User.objects.get(username=username))
            posted = set()
            for case in DisputeCase.objects.all():
                url = f"/disputes/{case.pk}/"
                page = browser.get(url)
                assert page.status_code == 200
                for form in forms(page.content.decode()):
                    if form.method != "post" or not form.action.startswith(url):
                        continue
                    response = browser.post(form.action, form.data(form.buttons[0] if form.buttons else None))
                    assert response.status_code < 500, (username, form.action, response.status_code)
                    posted.add((case.status, form.action.removeprefix(url)))
            with self.subTest(user=username):
                assert ("in_court", "parties/") in posted and ("in_court", "documents/") in posted
                # A conciliated case's file is closed; the dispute administrator records there the court's
                # homologation of the agreement, and nothing else.
                conciliated = {action for status, action in posted if status == "conciliated"}
                assert conciliated == ({"homologation/"} if username == "litiges" else set())
