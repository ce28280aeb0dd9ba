"""The demo has cases for the dispute logins: one waiting for its session, one before the court (its parcel
frozen), one conciliated; loading it twice changes nothing."""

import io

from django.core.management import call_command
from django.test import Client, TestCase, override_settings

from landreg.accounts.models import User
from landreg.disputes.cases.freeze import open_cases
from landreg.disputes.models import DisputeCase
from landreg.disputes.selectors import open_cases_for
from tests.browser_forms import forms


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
        assert objection.claims.get().state == "public_notice"

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
