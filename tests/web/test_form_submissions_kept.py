"""The rows that make a form recorded once (core.FormSubmission, web/once.py): deleted once older than the
retention (LANDREG_FORM_SUBMISSION_RETENTION_DAYS, 30 days by default) by the worker's nightly task and by
``manage.py purge_form_submissions``; and, on PostgreSQL, two sendings of one form at the same moment (two
connections) record it once, the second answered with the first's page."""

import datetime as dt
import io
import threading
import unittest
from html import unescape

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import translation

from landreg.accounts.roles import Role
from landreg.adjudication.claims.services import ClaimantInput, claim_draft
from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.pages import claims as claim_pages
from landreg.adjudication.profiles import profile_assign
from landreg.core import clock
from landreg.core.models import FormSubmission
from landreg.documents.models import Source
from landreg.web.tasks import form_submissions_purge
from tests.base import RegistryTestCase, make_territory, make_user
from tests.browser_forms import form_posting_to
from tests.geometries import square
from tests.migrated_rows import FromMigratedRowsTestCase

NOW = dt.datetime(2030, 3, 1, 8, 0, tzinfo=dt.UTC)
AGAIN = "Ce formulaire a été envoyé deux fois\u202f: il n’est enregistré qu’une fois, comme ci-dessous."


class PurgeTests(RegistryTestCase):
    def sent(self, days_ago: float, key: str) -> FormSubmission:
        return FormSubmission.objects.create(
            key=key.ljust(64, "0"),
            user=self.agent_a,
            path="/adjudication/claims/new/",
            answer="/adjudication/claims/x/",
            sent_at=NOW - dt.timedelta(days=days_ago),
        )

    def setUp(self):
        super().setUp()
        frozen = clock.frozen_at(NOW)
        frozen.__enter__()
        self.addCleanup(frozen.__exit__, None, None, None)
        for days, key in ((45, "a"), (30.01, "b"), (29.9, "c"), (8, "d"), (0, "e")):
            self.sent(days, key)

    def kept(self) -> list[str]:
        return sorted(key[0] for key in FormSubmission.objects.values_list("key", flat=True))

    def test_the_nightly_task_deletes_the_forms_sent_more_than_30_days_ago(self):
        form_submissions_purge.call_local()
        assert self.kept() == ["c", "d", "e"]

    @override_settings(LANDREG_FORM_SUBMISSION_RETENTION_DAYS=7)
    def test_the_retention_is_a_setting(self):
        form_submissions_purge.call_local()
        assert self.kept() == ["e"]

    def test_the_command_deletes_them_too_and_says_how_many(self):
        out = io.StringIO()
        call_command("purge_form_submissions", stdout=out)
        assert self.kept() == ["c", "d", "e"] and out.getvalue().startswith(
            "2 form sendings older than 30 days"
        )
        call_command("purge_form_submissions", "--days", "5", stdout=out)
        assert self.kept() == ["e"]

    def test_the_command_refuses_a_retention_under_a_day(self):
        with self.assertRaisesMessage(CommandError, "at least 1"):
            call_command("purge_form_submissions", "--days", "0", stdout=io.StringIO())
        assert self.kept() == ["a", "b", "c", "d", "e"]


@unittest.skipUnless(connection.vendor == "postgresql", "two connections at once need PostgreSQL")
class SentTwiceAtOnceTests(FromMigratedRowsTestCase):
    """The same document form sent by a double click on two connections at once (SQLite serialises writes)."""

    def test_two_sendings_at_once_record_one_document_and_the_second_gets_the_first_page(self):
        translation.activate("fr")
        self.addCleanup(translation.deactivate)
        _country, _region, commune, village, _b = make_territory()
        profile_assign(commune=commune, profile=ProcedureProfile.objects.get(code="generic"))
        agent = make_user("agent_ŋ", Role.FIELD_AGENT, village)
        claim = claim_draft(
            actor=agent,
            village=village,
            geometry=square(100, 0),
            right_type="customaryType",
            claimants=[ClaimantInput(last_name="Ŋaba", first_names="Ɓintu Fatɛ", sex="F")],
        )
        first = Client(enforce_csrf_checks=True)
        first.force_login(agent)
        page = first.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        form = form_posting_to(page, "/documents/")
        body = form.data(
            form.buttons[0],
            source_type="application_form",
            document_date="2030-02-27",
            reference="Demande n°1",
        )
        second = Client(enforce_csrf_checks=True)
        second.cookies = first.cookies  # the same browser: its session and CSRF cookie

        # The first sending holds its transaction open inside the view until the second one waits on the
        # form's unique key (PostgreSQL shows it waiting on a lock), then finishes.
        first_in_view, overlapped = threading.Event(), []
        attach = claim_pages.claim_document_add

        def attach_then_wait(**kwargs):
            result = attach(**kwargs)
            if not first_in_view.is_set():
                first_in_view.set()
                with connection.cursor() as cursor:
                    for _ in range(100):
                        # Inside a transaction the activity view is read once unless its snapshot is cleared.
                        cursor.execute("SELECT pg_stat_clear_snapshot()")
                        cursor.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            "AND datname = current_database()"
                        )
                        if cursor.fetchone()[0]:
                            overlapped.append(True)
                            break
                        threading.Event().wait(0.05)
            return result

        answers = {}

        def send(name, client):
            try:
                if name == "second":
                    first_in_view.wait(10)
                answers[name] = client.post(form.action, body)
            finally:
                connection.close()

        claim_pages.claim_document_add = attach_then_wait
        try:
            threads = [
                threading.Thread(target=send, args=pair) for pair in (("first", first), ("second", second))
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
        finally:
            claim_pages.claim_document_add = attach
        assert overlapped == [True], "the second sending never waited for the first"
        assert FormSubmission.objects.count() == 1
        assert Source.objects.filter(reference="Demande n°1").count() == 1
        assert answers["first"].status_code == answers["second"].status_code == 302
        assert (
            answers["second"]["Location"]
            == answers["first"]["Location"]
            == f"/adjudication/claims/{claim.pk}/"
        )
        shown = unescape(second.get(answers["second"]["Location"]).content.decode())
        assert AGAIN in shown and shown.count("Demande n°1") == 1
