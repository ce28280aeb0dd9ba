"""The parcel list's rights and holders read by a statement built once per process (web.parcels.rows,
core.db.kept): the same page, byte for byte, as when the ORM builds it at every page, and on PostgreSQL, from
the second page on, not built by the ORM."""

import re
import unittest
from unittest import mock

from django.db import connection

from landreg.core.db import kept
from landreg.parcels.services import parcel_record
from landreg.parties.models import Sex
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.compiled import statements_compiled
from tests.geometries import square
from tests.kept_pages import assert_same_page


class ParcelListKeptTests(AdjudicationTestCase):
    def page(self, url) -> bytes:
        response = self.client.get(url)
        assert response.status_code == 200
        # The header's forms hold a CSRF token masked anew for every page.
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"csrf", response.content)

    def test_the_page_is_the_one_the_orm_built_with_joint_holders_and_parcels_without_rights(self):
        awa = make_person(self.village_a, last_name="Ɓaro", first_names="Awa <b>", sex=Sex.FEMALE)
        joint = parcel_record(village=self.village_a, geometry=square(0, 7000), survey_method="gps")
        right_register(
            parcel=joint,
            right_type="customaryType",
            holders=[HolderShare(self.holder_a, "1/2"), HolderShare(awa, "1/2")],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN",
        )
        for i in range(3):
            parcel_record(village=self.village_a, geometry=square(500 + 300 * i, 7000), survey_method="gps")
        self.client.force_login(self.registrar)
        pages = []
        for language in ("fr", "en"):
            self.client.cookies["django_language"] = language
            for url in ("/parcels/", "/parcels/?sort=-area", "/parcels/?village=TC-B"):
                page = self.page(url)
                with mock.patch.object(kept, "ENABLED", False):
                    built = self.page(url)
                assert_same_page(page, built, language, url)
                pages.append(page.decode())
        assert "Possession coutumière — OUÉDRAOGO Aminata, ƁARO Awa &lt;b&gt;" in pages[0], pages[0]

    @unittest.skipUnless(connection.vendor == "postgresql", "built once per process on PostgreSQL only")
    def test_from_the_second_page_on_the_orm_builds_neither_the_rights_nor_the_choices(self):
        self.client.force_login(self.registrar)
        self.page("/parcels/")
        with statements_compiled() as built:
            page = self.page("/parcels/?sort=-area").decode()
        assert "Possession coutumière — OUÉDRAOGO Aminata" in page
        assert built, "the page's other statements are still the ORM's"
        assert not any('FROM "rights_right"' in sql for sql in built), built
        # nor the filters' choices: the villages of the user's scope, the right types
        assert not any('"territory_administrativeunit"."code"' in sql for sql in built), built
        assert not any('FROM "rights_righttype"' in sql for sql in built), built
