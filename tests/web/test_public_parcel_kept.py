"""The public parcel page's statements built once per process (landreg.core.db.kept): the same page, byte for
byte, as when the ORM builds every statement on every request, and from the second page on no statement
built by the ORM (on PostgreSQL; on SpatiaLite the ORM builds them every time, the page is the same)."""

import re
import unittest
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import profile_assign
from landreg.adjudication.states import ClaimState
from landreg.core.db import kept
from landreg.disputes.cases.services import dispute_open
from landreg.parties.models import Sex
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.kept_pages import assert_same_page


class PublicParcelKeptTests(AdjudicationTestCase):
    profile_code = "bf-apfr"  # holders public

    def setUp(self):
        super().setUp()
        cache.clear()  # the throttle's counts

    def page(self, parcel) -> bytes:
        response = self.client.get(reverse("web:public-parcel", args=[parcel.pk]))
        assert response.status_code == 200
        # The header's language form holds a CSRF token masked anew for every page.
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"csrf", response.content)

    def test_the_page_is_the_one_the_orm_built_in_each_case_of_the_law_and_each_language(self):
        heir = make_person(self.village_a, "Ouédraogo", "Issa", Sex.MALE)
        claim = change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=self.right_a,
            new_holders=[ClaimantInput(party=heir, share="1")],
            data={"reason": "Décès"},
        )
        for _step in range(3):
            claim.refresh_from_db()
            if claim.state == ClaimState.PUBLIC_NOTICE:
                break
            self.step(claim)
        claim.refresh_from_db()
        assert claim.state == ClaimState.PUBLIC_NOTICE, claim.state
        dispute_open(village=self.village_a, subject="Limite", parcels=[self.parcel_b])
        seen = set()
        for profile in ("bf-apfr", "generic"):  # names public, then private
            profile_assign(commune=self.commune, profile=ProcedureProfile.objects.get(code=profile))
            for language in ("fr", "en"):
                self.client.cookies["django_language"] = language
                for parcel in (self.parcel_a, self.parcel_b):
                    page = self.page(parcel)
                    with mock.patch.object(kept, "ENABLED", False):
                        built = self.page(parcel)
                    assert_same_page(page, built, profile, language, parcel.number)
                    seen.add(page)
        pages = b"".join(seen).decode()
        # the cases covered: holders named and not, a procedure in notice, a dispute, both languages
        assert "OUÉDRAOGO Aminata" in pages and "Non public selon la loi de cette commune." in pages
        assert "objections until" in pages and "Un litige concernant cette parcelle est en cours." in pages

    def test_a_retired_or_unknown_parcel_is_not_found(self):
        unknown = "00000000-0000-0000-0000-000000000000"
        assert self.client.get(reverse("web:public-parcel", args=[unknown])).status_code == 404

    @unittest.skipUnless(connection.vendor == "postgresql", "built once per process on PostgreSQL only")
    def test_from_the_second_page_on_the_orm_builds_no_statement(self):
        self.page(self.parcel_a)
        with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as built:
            self.page(self.parcel_b)
        assert built.call_count == 0, built.call_args_list
