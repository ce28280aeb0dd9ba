"""The parcel page's history and open dispute cases read by statements built once per process (core.kept): the
same page, byte for byte, as when the ORM builds every statement on every request, and on PostgreSQL, from the
second page on, neither statement built by the ORM."""

import re
import unittest
from unittest import mock

from django.db import connection
from django.urls import reverse

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims.services import ClaimantInput
from landreg.core import kept
from landreg.disputes.services import dispute_open
from landreg.parcels.services import parcel_update
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.compiled import statements_compiled


class ParcelDetailKeptTests(AdjudicationTestCase):
    def page(self, parcel) -> bytes:
        response = self.client.get(f"/parcels/{parcel.pk}/")
        assert response.status_code == 200
        # The header's forms hold a CSRF token masked anew for every page.
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"csrf", response.content)

    def test_the_page_is_the_one_the_orm_built_with_a_history_and_a_dispute_in_each_language(self):
        # Three versions of parcel A: a land use set by the registrar, then one left blank by no one.
        parcel_update(
            parcel=self.parcel_a, actor=self.registrar, reason="verger <planté>", land_use="orchard"
        )
        self.parcel_a.refresh_from_db()
        parcel_update(parcel=self.parcel_a, reason="usage inconnu", land_use="")
        self.parcel_a.refresh_from_db()
        heir = make_person(self.village_a, "Ouédraogo", "Issa", "M")
        application = change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=self.right_a,
            new_holders=[ClaimantInput(party=heir, share="1")],
            data={"reason": "Décès"},
        )
        dispute_open(village=self.village_a, subject="Limite", parcels=[self.parcel_a])
        self.client.force_login(self.registrar)
        pages = []
        for language in ("fr", "en"):
            self.client.cookies["django_language"] = language
            for parcel in (self.parcel_a, self.parcel_b):
                page = self.page(parcel)
                with mock.patch.object(kept, "ENABLED", False):
                    built = self.page(parcel)
                at = next((k for k, (a, b) in enumerate(zip(page, built, strict=False)) if a != b), None)
                assert built == page, (language, parcel.number, page[at - 80 : at + 80] if at else None)
                pages.append(page.decode())
        french = pages[0]
        assert french.count("<td>registrar</td>") == 1, french  # who made the version, else —
        assert "verger &lt;planté&gt;" in french and "usage inconnu" in french
        assert "verger / plantation" in french
        assert 'data-dispute="pending"' in french and 'data-dispute="pending"' not in pages[1]
        assert reverse("adjudication:claim-detail", args=[application.pk]) in french, french
        # the agent of village B sees neither parcel A nor its application
        self.client.force_login(self.agent_b)
        assert self.client.get(f"/parcels/{self.parcel_a.pk}/").status_code == 404

    @unittest.skipUnless(connection.vendor == "postgresql", "built once per process on PostgreSQL only")
    def test_from_the_second_page_on_the_orm_builds_neither_the_history_nor_the_cases(self):
        heir = make_person(self.village_a, "Ouédraogo", "Issa", "M")
        change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=self.right_a,
            new_holders=[ClaimantInput(party=heir, share="1")],
            data={"reason": "Décès"},
        )
        self.client.force_login(self.registrar)
        self.page(self.parcel_a)
        with statements_compiled() as built:
            page = self.page(self.parcel_a).decode()
        assert "Demandes de mutation" in page, page  # the application shown
        assert built, "the page's other statements are still the ORM's"
        assert not any("parcels_parcelversion" in sql or "disputes_disputecase" in sql for sql in built), (
            built
        )
