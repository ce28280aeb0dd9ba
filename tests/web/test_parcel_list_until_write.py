"""The parcel list's content kept until the registry changes (web.parcels.listing, kept_until_write): the same
page, byte for byte, as the one built; built again after a write; never shown to another scope; and the
header (the user's name, the CSRF tokens) written for each user."""

import re
import unittest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.accounts.roles import Role
from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_record
from landreg.rights.models import RightType
from landreg.territory.models import AdministrativeUnit
from tests.adjudication.helpers import AdjudicationTestCase, make_user
from tests.geometries import square
from tests.kept_pages import assert_same_page


def masked(page: bytes) -> bytes:
    # The header's forms hold a CSRF token masked anew for every page.
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"csrf", page)


class ParcelListUntilWriteTests(AdjudicationTestCase):
    def page(self, url="/parcels/", client=None) -> bytes:
        response = (client or self.client).get(url)
        assert response.status_code == 200
        return response.content

    def test_the_kept_page_is_the_one_built_in_each_language(self):
        self.client.force_login(self.registrar)
        for language in ("fr", "en"):
            self.client.cookies["django_language"] = language
            for url in ("/parcels/", "/parcels/?sort=-area", "/parcels/?village=TC-B", "/parcels/?page=9"):
                cache.clear()
                built = masked(self.page(url))
                with CaptureQueriesContext(connection) as captured:
                    kept = masked(self.page(url))
                assert_same_page(kept, built, language, url)
                # Kept: the chain's head read, not the parcels, their rights nor their count.
                read = [q["sql"] for q in captured]
                assert not any('"parcels_parcel"' in sql or '"rights_right"' in sql for sql in read), read
        # Each language its own kept page.
        for language, title in (("fr", "<h1>Parcelles</h1>"), ("en", "<h1>Parcels</h1>")):
            self.client.cookies["django_language"] = language
            assert title in self.page().decode()

    def test_a_page_kept_by_one_process_serves_the_others(self):
        # The server's workers share the kept pages (a folder here): a worker whose own memory holds nothing
        # reads the page another built.
        import tempfile

        from django.core.cache import caches
        from django.test import override_settings

        with tempfile.TemporaryDirectory() as folder:
            shared = {"BACKEND": "landreg.tiles.filecache.TileFileCache", "LOCATION": folder}
            with override_settings(CACHES={**self.settings_caches(), "pages": shared}):
                self.client.force_login(self.registrar)
                built = masked(self.page("/parcels/?page=2"))
                cache.clear()  # the process's own memory
                del caches["pages"]  # another process: its own handle on the folder
                with CaptureQueriesContext(connection) as captured:
                    kept = masked(self.page("/parcels/?page=2"))
                assert kept == built
                read = [q["sql"] for q in captured]
                assert not any('"parcels_parcel"' in sql for sql in read), read

    def settings_caches(self) -> dict:
        from django.conf import settings

        return dict(settings.CACHES)

    def test_a_write_shows_on_the_next_page(self):
        self.client.force_login(self.registrar)
        before = self.page().decode()
        parcel = parcel_record(village=self.village_b, geometry=square(3000, 0), survey_method="gps")
        assert parcel.number not in before
        assert parcel.number in self.page().decode()

    def test_another_villages_agent_is_never_shown_the_communes_page(self):
        self.client.force_login(self.registrar)
        commune = self.page().decode()
        assert self.parcel_a.number in commune and self.parcel_b.number in commune
        self.client.force_login(self.agent_b)
        village_b = self.page().decode()
        assert self.parcel_b.number in village_b and self.parcel_a.number not in village_b
        # Nor the commune's village A through the filter: it is not among the agent's choices.
        chosen = self.page("/parcels/?village=TC-A").decode()
        assert self.parcel_a.number not in chosen and 'value="TC-A"' not in chosen

    def test_each_user_of_a_scope_sees_their_own_header(self):
        other = make_user("registrar-ŋ", Role.REGISTRAR, self.commune)
        other.first_name, other.last_name = "Ŋaba", "Kɔnɛ"
        other.save(update_fields=["first_name", "last_name"])
        self.client.force_login(self.registrar)
        first = self.page()
        self.client.force_login(other)
        with CaptureQueriesContext(connection) as captured:
            second = self.page()
        assert not any("parcels_parcel" in q["sql"] for q in captured), "the registrar's page was not kept"
        assert "Ŋaba Kɔnɛ" in second.decode() and "Ŋaba Kɔnɛ" not in first.decode()
        token = rb'name="csrfmiddlewaretoken" value="([^"]+)"'
        tokens = [re.findall(token, page) for page in (first, second)]
        assert tokens[0] and tokens[1] and not set(tokens[0]) & set(tokens[1])

    def test_a_village_renamed_or_a_right_type_relabelled_shows_at_the_next_page(self):
        # Neither is a registry write (no audit event): the key holds them as read at each page.
        self.client.force_login(self.registrar)
        self.client.cookies["django_language"] = "fr"
        page = self.page().decode()
        assert "<td>Village B</td>" in page and "Possession coutumière — " in page
        AdministrativeUnit.objects.filter(pk=self.village_b.pk).update(name="Village Bè")
        RightType.objects.filter(code="customaryType").update(label_fr="Possession coutumière (PFR)")
        page = self.page().decode()
        assert "<td>Village B</td>" not in page and "<td>Village Bè</td>" in page
        assert '<option value="TC-B">Village Bè (TC-B)</option>' in page
        assert "Possession coutumière (PFR) — " in page

    def test_the_count_is_kept_for_the_filters_until_a_write(self):
        self.client.force_login(self.registrar)
        self.client.cookies["django_language"] = "en"
        current = Parcel.objects.filter(end_lifespan__isnull=True).count()
        assert f"of {current} rows" in self.page().decode()

        def counts(url):
            with CaptureQueriesContext(connection) as captured:
                page = self.page(url).decode()
            return [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()], page

        # Another sort, another language: the page is built, the list not counted again.
        counted, page = counts("/parcels/?sort=-area")
        assert not counted and f"of {current} rows" in page
        self.client.cookies["django_language"] = "fr"
        assert not counts("/parcels/?sort=village")[0]
        # Other filters: counted, once.
        assert len(counts("/parcels/?village=TC-B")[0]) == 1
        assert not counts("/parcels/?village=TC-B&sort=area")[0]
        # A write: counted again.
        self.client.cookies["django_language"] = "en"
        parcel_record(village=self.village_b, geometry=square(3000, 0), survey_method="gps")
        counted, page = counts("/parcels/?sort=-area")
        assert len(counted) == 1 and f"of {current + 1} rows" in page
        # Another scope: its own count.
        self.client.force_login(self.agent_b)
        counted, page = counts("/parcels/?sort=-area")
        village_b = Parcel.objects.filter(end_lifespan__isnull=True, village=self.village_b).count()
        assert len(counted) == 1 and f"of {village_b} rows" in page

    def test_a_page_built_reads_the_villages_and_right_types_once(self):
        # Once for the key and the filters' choices (list_filters.read_once), not once each.
        self.client.force_login(self.registrar)
        with CaptureQueriesContext(connection) as captured:
            page = self.page("/parcels/?sort=-area").decode()
        assert '<option value="TC-B">Village B (TC-B)</option>' in page
        read = [q["sql"] for q in captured]
        assert len([sql for sql in read if '"territory_administrativeunit"."code"' in sql]) == 1, read
        assert len([sql for sql in read if 'FROM "rights_righttype"' in sql]) == 1, read
        assert any('"parcels_parcel"' in sql for sql in read)

    @unittest.skipUnless(connection.vendor == "postgresql", "one round trip on PostgreSQL only")
    def test_a_kept_page_is_one_round_trip(self):
        # The chain's head, the villages and the right types sent together (core.db.kept.rows_together).
        self.client.force_login(self.registrar)
        self.page("/parcels/?sort=-area")
        with CaptureQueriesContext(connection) as captured:
            self.page("/parcels/?sort=-area")
        assert len(captured) == 1, [q["sql"] for q in captured]
        assert "audit_audithead" in captured[0]["sql"] and "rights_righttype" in captured[0]["sql"]
