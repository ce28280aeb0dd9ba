"""The public village list's statements built once per process (landreg.core.db.kept): each page the same,
byte for byte, as when the ORM builds them on every request (first, middle and last pages, past the end,
a page number that is none, an empty village), and from the second page on no statement built by the ORM
(on PostgreSQL; elsewhere the ORM builds them every time)."""

import re
import unittest
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse

from landreg.core.db import kept
from landreg.territory.models import AdministrativeUnit, UnitLevel
from tests.adjudication.helpers import AdjudicationTestCase


class PublicVillageKeptTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()  # the throttle's counts

    def page(self, code, **query) -> bytes:
        response = self.client.get(reverse("web:public-village", args=[code]), query)
        assert response.status_code == 200
        # The header's language form holds a CSRF token masked anew for every page.
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"csrf", response.content)

    def test_each_page_is_the_one_the_orm_built(self):
        for i in range(105):
            parcel = self.parcel_held(2000 + 150 * i)
            if i % 7 == 0:
                parcel.local_name = f'Bas-fond <b>"{i}"</b> & co'
                parcel.save()
        empty = AdministrativeUnit.objects.create(
            level=UnitLevel.VILLAGE, code="TC-EMPTY", name="Village sans parcelle", parent=self.commune
        )
        seen = []
        # (the page asked for is read beside the count, and read again when it is not the page shown)
        pages = ("1", "2", "3", "99", "abc", "", "0", "-1", "2.0", "3 ")
        for code, page in [(self.village_a.code, n) for n in pages] + [(empty.code, "1")]:
            kept_page = self.page(code, page=page)
            with mock.patch.object(kept, "ENABLED", False):
                assert self.page(code, page=page) == kept_page, (code, page)
            seen.append(kept_page.decode())
        assert "Page 3 sur 3" in seen[2] and "Page 3 sur 3" in seen[3]  # past the end: the last page
        assert "Page 1 sur 3" in seen[4] and "Page 1 sur 3" in seen[5]  # no page number: the first
        assert "106 parcelles enregistrées" in seen[0] and "&lt;b&gt;" in seen[0]
        assert "Page 3 sur 3" in seen[6] and "Page 3 sur 3" in seen[7]  # a page number under 1: the last
        assert "Aucune parcelle" in seen[-1]
        assert self.client.get(reverse("web:public-village", args=["NOWHERE"])).status_code == 404
        # a commune's code is no village's
        assert self.client.get(reverse("web:public-village", args=[self.commune.code])).status_code == 404

    @unittest.skipUnless(connection.vendor == "postgresql", "built once per process on PostgreSQL only")
    def test_from_the_second_page_on_the_orm_builds_no_statement(self):
        self.page(self.village_a.code)
        with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as built:
            self.page(self.village_a.code, page="2")
        assert built.call_count == 0, built.call_args_list
