"""Every state-changing form of a Sabtenga-Centre page, posted as the page renders it (CSRF token, button
name and value) by a user of the wrong village or of the wrong role, is refused and changes nothing.

The forms are those the system administrator's pages show for Centre's claims, certificates, dispute cases,
the print queue and the import page (the administrator sees every button). Each is posted by the field agent
of Sabtenga-Nord (wrong village), by a committee member of Centre (a role that may do none of these but vote)
and by the programme officer (statistics only); the answer must be 403, 404 or a form refused (400), and no
row of the registry may be added, removed or change state. (The import page refuses its form beside the
village field with 200, as its own tests hold.)

Before: a claim's move, a certificate's issue, print or signature refused for the role came back as a 302
to the page with a message, as if done; now 403 with the page and the message.
"""

from collections import deque
from urllib.parse import urldefrag, urljoin, urlparse

from django.apps import apps
from django.test import Client, TestCase

from landreg.accounts.models import User
from landreg.adjudication.models import Claim
from landreg.certificates.models import Certificate
from landreg.disputes.models import DisputeCase
from landreg.parcels import topology  # noqa: F401 - shapely loaded before a command imports it: else a crash
from landreg.territory.models import AdministrativeUnit
from tests.browser_forms import forms
from tests.demo_story import load_demo_story

SKIP_ACTIONS = ("/i18n/", "/logout", "/search/", "/accounts/login/")
# Forms a visitor of any role may send: the public verification and notice pages.
PUBLIC = ("/registre/",)
VOTER = "membre_centre"  # may vote on Centre's claims: the vote form is his role's, not a wrong one
# He also sees Centre's parcels: the extract of the registers is printed for him, and recorded in the audit
# journal as read (the other two are refused it, 404).
VOTER_FORMS = ("/vote", "/extract")


def fingerprint() -> dict:
    """Each model's row count, and the state or status of every row that has one."""
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith("landreg.") or model._meta.label in {"accounts.User"}:
            continue
        rows = model._default_manager.all()
        found[model._meta.label] = rows.count()
        for name in ("state", "status", "stage"):
            if any(f.name == name for f in model._meta.concrete_fields):
                found[f"{model._meta.label}.{name}"] = sorted(map(str, rows.values_list("pk", name)))
    return found


class StateChangesRefusedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_story()
        cls.centre = AdministrativeUnit.objects.get(code="SAB-C")

    def pages(self) -> list[str]:
        urls = ["/certificates/", "/parcels/import/", "/adjudication/claims/new/", "/disputes/new/"]
        urls += [f"/adjudication/claims/{c.pk}/" for c in Claim.objects.filter(village=self.centre)]
        urls += [f"/adjudication/claims/{c.pk}/consents/" for c in Claim.objects.filter(village=self.centre)]
        urls += [f"/certificates/{c.pk}/" for c in Certificate.objects.filter(village=self.centre)]
        urls += [f"/disputes/{c.pk}/" for c in DisputeCase.objects.filter(village=self.centre)]
        return urls

    def rendered_forms(self) -> list[tuple[str, str, object]]:
        """(page, action, form) of every POST form the administrator's pages show for Centre."""
        browser = Client()
        browser.force_login(User.objects.get(username="admin"))
        found, seen = [], set()
        queue = deque(self.pages())
        while queue:
            page = queue.popleft()
            response = browser.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in forms(response.content.decode()):
                action = urldefrag(urljoin("http://testserver" + page, form.action or page))[0]
                parsed = urlparse(action)
                path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
                if form.method != "post" or any(s in path for s in SKIP_ACTIONS + PUBLIC):
                    continue
                for button in form.buttons or [None]:
                    key = (path, button)
                    if key not in seen:
                        seen.add(key)
                        found.append((page, path, form, button))
        return found

    def test_every_state_changing_form_of_centre_is_refused_to_other_villages_and_roles(self):
        posted = self.rendered_forms()
        actions = {path.split("/")[1] + "/" + path.rstrip("/").split("/")[-1] for _p, path, _f, _b in posted}
        assert len(posted) >= 15, actions
        before = fingerprint()
        accepted = []
        for username in ("agent_nord", VOTER, "programme"):
            browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
            browser.force_login(User.objects.get(username=username))
            browser.get("/")  # the CSRF cookie, as a browser holds it
            token = browser.cookies["csrftoken"].value
            for page, path, form, button in posted:
                if (username == VOTER and path.rstrip("/").endswith(VOTER_FORMS)) or (
                    button and button[0] == "search"
                ):
                    continue  # his own role's form; a search among people (it reads, writes nothing)
                data = form.data(button)
                data["csrfmiddlewaretoken"] = [token]  # this user's, not the administrator's
                response = browser.post(path, data, HTTP_REFERER=f"http://testserver{page}")
                status = response.status_code
                after = fingerprint()
                if after != before:
                    changed = sorted(k for k in after if after[k] != before.get(k))
                    accepted.append(f"CHANGED {username} POST {path} {button}: {status} {changed}")
                    before = after
                elif status not in (400, 403, 404) and not (path == "/parcels/import/" and status == 200):
                    accepted.append(f"{username} POST {path} {button} ({page}): {status}")
                assert b"CSRF" not in response.content, (username, path)  # refused for its reason, not CSRF
        assert not accepted, "\n".join(accepted)
        assert fingerprint() == before

    def test_every_state_changing_api_call_on_centre_is_refused_to_other_villages_and_roles(self):
        from rest_framework.test import APIClient

        from landreg.adjudication.claims.transitions import ALLOWED_MOVES as CLAIM_MOVES
        from landreg.disputes.cases.transitions import ALLOWED_MOVES as CASE_MOVES
        from landreg.rights.models import Right

        calls = []
        for claim in Claim.objects.filter(village=self.centre):
            calls += [f"/api/v1/claims/{claim.pk}/moves/{move}/" for move in CLAIM_MOVES]
            calls += [
                f"/api/v1/claims/{claim.pk}/{kind}/" for kind in ("documents", "site-visits", "consents")
            ]
        for certificate in Certificate.objects.filter(village=self.centre):
            calls += [
                f"/api/v1/certificates/{certificate.pk}/{act}/"
                for act in ("sign", "revoke", "deliver", "print")
            ]
        for case in DisputeCase.objects.filter(village=self.centre):
            calls += [f"/api/v1/disputes/{case.pk}/moves/{move}/" for move in CASE_MOVES]
            calls += [
                f"/api/v1/disputes/{case.pk}/{kind}/" for kind in ("parties", "documents", "withdrawal")
            ]
        right = Right.objects.filter(parcel__village=self.centre, end_lifespan__isnull=True).first()
        bodies = {"reason": "Essai", "date": "2026-01-05", "right": str(right.pk), "decision": "approve"}
        before = fingerprint()
        accepted = []
        for username in ("agent_nord", VOTER, "programme"):
            api = APIClient()
            api.force_authenticate(User.objects.get(username=username))
            for url in [*calls, "/api/v1/certificates/issue/"]:
                status = api.post(url, bodies, format="json").status_code
                if status not in (400, 403, 404):
                    accepted.append(f"{username} POST {url}: {status}")
        assert not accepted, "\n".join(accepted)
        assert fingerprint() == before
