"""Every page a demo user can reach from the home page, and every form on it submitted with its defaults,
as each demo role and as an anonymous visitor: no server error anywhere (issues 9 and 10).

The walk is bounded (pages per role, same site only) so that it stays a few seconds per role; the forms are
submitted as a browser would (CSRF enforced, the first submit button), so a form the template renders but
the view cannot take shows up here as a 500.
"""

from collections import deque
from urllib.parse import urlencode

from django.test import Client, TestCase

from landreg.accounts.models import User
from landreg.adjudication.models import Claimant
from landreg.demo.management.commands.load_demo import DEMO_USERS
from landreg.parties.models import Party, PartyKind
from tests.browser_forms import forms, links, same_site_path
from tests.demo_story import load_demo_story

MAX_PAGES = 50  # per role; the demo's menu, queues, claims and certificates fit well within it
SKIP = ("/static/", "/media/", "/logout", "/i18n/", "/api/docs", "/api/schema")


class CrawlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_story(disputes=False)
        # The pages of people (web.people), reached from parcels, certificates and the search, opened as every
        # role: a holder, a family holding with its members, a person named on a claim.
        holder = Party.objects.filter(kind=PartyKind.NATURAL, holdings__isnull=False).order_by("pk").first()
        group = Party.objects.filter(kind=PartyKind.GROUP, memberships__isnull=False).order_by("pk").first()
        claimant = Claimant.objects.filter(party__isnull=False).order_by("pk").first().party
        cls.people = [f"/people/{party.pk}/" for party in (holder, group, claimant)]

    def crawl(self, username: str | None) -> tuple[list[str], int, int]:
        browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
        if username:
            browser.force_login(User.objects.get(username=username))
        errors, seen, queue, submitted = [], set(), deque(["/", *self.people]), 0
        while queue and len(seen) < MAX_PAGES:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = browser.get(url)
            if response.status_code >= 500:
                errors.append(f"GET {url}: {response.status_code}")
                continue
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            for href in links(html):
                target = self.same_site(url, href)
                if target and target not in seen:
                    queue.append(target)
            for form in forms(html):
                error = self.submit(browser, url, form)
                submitted += 1
                if error:
                    errors.append(error)
        return errors, len(seen), submitted

    def same_site(self, base: str, href: str) -> str | None:
        return same_site_path(base, href, SKIP)

    def submit(self, browser: Client, page: str, form) -> str | None:
        action = self.same_site(page, form.action or page)
        if action is None:
            return None
        body = form.data(form.buttons[0] if form.buttons else None)
        if form.method == "get":
            query = urlencode(body, doseq=True)
            response = browser.get(action.split("?")[0] + (f"?{query}" if query else ""))
        else:
            response = browser.post(action, body)
        if response.status_code >= 500:
            return f"{form.method.upper()} {action} (form of {page}): {response.status_code}"
        return None

    def test_no_page_or_form_answers_a_server_error_to_any_role(self):
        report = {}
        for username in [None, *(row[0] for row in DEMO_USERS)]:
            with self.subTest(user=username or "anonymous"):
                errors, pages, submitted = self.crawl(username)
                report[username] = (pages, submitted)
                assert not errors, "\n".join(errors)
                assert pages > 1
        # The walk reaches the working pages of each role, not just the home page.
        assert report["guichet"][0] >= 10 and report["agent_centre"][1] >= 3, report
