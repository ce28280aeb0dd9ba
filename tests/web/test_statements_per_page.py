"""The statements each page of the load benchmark's read mix (bench/locustfile_load.py) costs, pinned so that
they cannot creep back: under load every statement waits for a core (docs/scale.md, "Under load"). A
logged-in page reads no session (cached_db sessions), no user row once it is kept (accounts.user_cache) and no
permission once the user's permissions are kept (accounts.selectors); a public tile reads nothing, session
cookie or not."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from landreg.accounts.roles import Role
from landreg.certificates.issuing.services import certificate_issue_for_parcel
from landreg.core import clock
from landreg.core.db.kept import sent_together
from landreg.documents.services import source_attach
from landreg.parcels.services import parcel_update
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import RegistryTestCase, draft_inheritance, make_person, make_user

# Upper bounds (a page may do better): the page's own statements.
MOST = {
    # On PostgreSQL its ten statements go together, in one round trip (core.db.kept.rows_together); the
    # eighth says whether the parcel has past rights (web.parcels.page.PAST_RIGHTS), read further only then;
    # the last two the split or merge it came from and the one that retired it (links to the other parcels).
    "parcel detail": 1 if sent_together() else 10,
    "parcel list": 5,
    # A name asked again (the second request, as here): the lists kept until the registry changes
    # (web.search.kept), the user's villages and the audit chain's head read (in one round trip on
    # PostgreSQL). Found anew, the test_search_one_statement's statements: on PostgreSQL those two, then
    # people, parcels, claims and certificates in one statement (web.search.sql; it was 10).
    "search": 1 if sent_together() else 2,
    # On PostgreSQL the parcel, its procedures, its dispute, the audit chain's head and the split or merge it
    # came from (the parcels retired and the other parts) in one round trip, its rights in a second (the
    # procedure profile kept until the registry changes, register._names_public).
    "public parcel page": 2 if sent_together() else 7,
    # On PostgreSQL the village, its parcels' count and the page asked for in one round trip.
    "public village list": 1 if sent_together() else 3,
    # The certificate with whether a dispute holds it and whether the register moved around it; one that the
    # register changed since reads what changed in a second (tests/certificates/test_verify_register_changes).
    "certificate verification": 1,
    "sync (pull)": 2 if sent_together() else 3,
    "OGC items": 1,
    "OGC bbox": 1,
    "z15 tile": 0,
    "z15 tile with a session cookie": 0,
}


class StatementsPerPageTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.registrar = make_user("registrar", Role.REGISTRAR, cls.commune)
        cls.certificate, _new = certificate_issue_for_parcel(
            parcel=cls.parcel_a, actor=cls.registrar, base_url="http://testserver"
        )

    def statements(self, url, user=None) -> list[str]:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        self.client.get(url)  # the process's caches: permissions kept, content types, the tile
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return [q["sql"] for q in captured]

    def test_each_page_of_the_read_mix_stays_within_its_statements(self):
        tile = "/tiles/parcels/15/16384/16383.mvt"
        pages = {
            "parcel detail": (f"/parcels/{self.parcel_a.pk}/", self.registrar),
            "parcel list": ("/parcels/", self.registrar),
            "search": ("/search/?q=Ouédraogo", self.registrar),
            "public parcel page": (f"/registre/parcelles/{self.parcel_a.pk}/", None),
            "public village list": ("/registre/villages/TC-A/", None),
            "certificate verification": (f"/verify/{self.certificate.token}", None),
            "sync (pull)": ("/api/v1/sync/?cursor=0", self.agent_a),
            "OGC items": ("/ogcapi/collections/parcels/items?limit=100&offset=0&f=json", None),
            "OGC bbox": ("/ogcapi/collections/parcels/items?bbox=-1,-1,1,1&limit=100&f=json", None),
            "z15 tile": (tile, None),
            "z15 tile with a session cookie": (tile, self.registrar),
        }
        over = {}
        for name, (url, user) in pages.items():
            seen = self.statements(url, user)
            if len(seen) > MOST[name]:
                over[name] = seen
            assert not any("django_session" in sql for sql in seen), (name, seen)
            assert not any("guardian_" in sql for sql in seen), (name, seen)
            assert not any('FROM "accounts_user"' in sql for sql in seen), (name, seen)
        assert not over, {name: (len(seen), MOST[name], seen) for name, seen in over.items()}

    def test_the_public_village_list_does_not_read_the_boundaries(self):
        seen = self.statements("/registre/villages/TC-A/")
        # (on PostgreSQL the page's statements are sent together: one text, core.db.kept.rows_together)
        [rows] = [part for sql in seen for part in sql.split(";\n") if "ORDER BY" in part]
        # the village's id from its code in a subquery (read beside the village): no join to the units
        assert '"geometry"' not in rows and "JOIN" not in rows
        assert 'SELECT U0."id" AS "pk" FROM "territory_administrativeunit" U0' in rows, rows
        # the village and its commune: the names and code the page prints, not their boundaries or paths
        assert not any('"boundary"' in sql or '"path"' in sql for sql in seen), seen

    def test_the_public_parcel_page_reads_no_geometry_and_no_unit_boundary(self):
        seen = self.statements(f"/registre/parcelles/{self.parcel_a.pk}/")
        assert not any('"geometry"' in sql or '"boundary"' in sql for sql in seen), seen

    def test_the_sync_pull_reads_the_returned_claims_as_the_values_it_sends(self):
        [claims] = [
            sql
            for sql in self.statements("/api/v1/sync/?cursor=0", self.agent_a)
            if "adjudication_claim" in sql
        ]
        # the claim's id and reasons: not its geometry, its other columns or its village's row
        assert '"geometry"' not in claims and '"local_name"' not in claims, claims
        assert 'INNER JOIN "territory_administrativeunit"' not in claims, claims

    def test_the_verification_reads_neither_the_certificate_content_nor_the_parcel_geometry(self):
        [certificate] = self.statements(f"/verify/{self.certificate.token}")
        for column in ('"geometry"', '"content"', '"qr_matrix"'):
            assert column not in certificate, column
        # The dispute's check, in the same statement.
        assert '"disputes_disputecase"' in certificate, certificate
        page = self.client.get(f"/verify/{self.certificate.token}").content.decode()
        assert 'data-status="not_in_force"' in page, page  # issued, the authority's signature awaited
        assert f"<dd>{self.certificate.number}</dd>" in page, (self.certificate.number, page)


class CachedSessionTests(RegistryTestCase):
    def test_sessions_are_read_from_the_cache_and_kept_in_the_database(self):
        assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
        self.client.login(username="agent_a", password="pw-agent_a")
        with CaptureQueriesContext(connection) as captured:
            assert self.client.get(f"/parcels/{self.parcel_a.pk}/").status_code == 200
        assert not any("django_session" in q["sql"] for q in captured)
        from django.contrib.sessions.models import Session

        assert Session.objects.filter(session_key=self.client.session.session_key).exists()

    def test_a_logout_ends_the_session_for_whoever_holds_its_cookie(self):
        self.client.login(username="agent_a", password="pw-agent_a")
        cookie = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        other = self.client_class()
        other.cookies[settings.SESSION_COOKIE_NAME] = cookie
        assert other.get(f"/parcels/{self.parcel_a.pk}/").status_code == 200
        self.client.post("/accounts/logout/")
        assert other.get(f"/parcels/{self.parcel_a.pk}/").status_code == 302  # to the login page


class ParcelDetailStatementsTests(AdjudicationTestCase):
    """The parcel page reads only the columns it prints (web.views.parcel_detail): a column it prints but did
    not read would cost a statement per row, so the page is checked with every list it shows filled."""

    profile_code = "bf-apfr"

    def test_a_parcel_with_an_application_a_document_and_two_versions_stays_within_its_statements(self):
        heir = make_person(self.village_a, "Ouédraogo", "Issa", "M")
        application = draft_inheritance(
            registrar=self.registrar, right=self.right_a, heir=heir, reason="Décès de OUÉDRAOGO Aminata"
        )
        source_attach(
            source_type="deed",
            document_date=clock.today(),
            village=self.village_a,
            reference="Acte 12/2030",
            parcels=[self.parcel_a],
        )
        parcel_update(parcel=self.parcel_a, actor=self.registrar, reason="lieu-dit", local_name="Bas-fond")
        self.client.force_login(self.registrar)
        url = f"/parcels/{self.parcel_a.pk}/"
        self.client.get(url)
        with CaptureQueriesContext(connection) as captured:
            page = self.client.get(url).content.decode()
        assert len(captured) <= MOST["parcel detail"], [q["sql"] for q in captured]
        assert reverse("adjudication:claim-detail", args=[application.pk]) in page
        assert "Acte 12/2030" in page and "lieu-dit" in page and ">registrar<" in page
        assert "B12345678" in page  # the holder's ID document: the registrar sees the commune's personal data
