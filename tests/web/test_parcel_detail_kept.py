"""The parcel page's statements built once per process (core.db.kept; the parcel, its rights and holders, its
documents, history, open dispute cases and applications): the same page, byte for byte, as when the ORM
builds every statement on every request, and on PostgreSQL, from the second page on, no statement built by
the ORM."""

import datetime as dt
import re
import unittest
from unittest import mock

from django.db import connection
from django.urls import reverse

from landreg.core.db import kept
from landreg.disputes.cases.services import dispute_open
from landreg.documents.services import source_attach
from landreg.parcels.services import parcel_update
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import draft_inheritance, make_person
from tests.compiled import statements_compiled
from tests.kept_pages import assert_same_page


class ParcelDetailKeptTests(AdjudicationTestCase):
    def page(self, parcel) -> bytes:
        response = self.client.get(f"/parcels/{parcel.pk}/")
        assert response.status_code == 200
        # The header's forms hold a CSRF token masked anew for every page, and the extract's button a one-use
        # token drawn for each page (web.once).
        page = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"csrf", response.content)
        return re.sub(rb'name="submission_token" value="[0-9a-f]+"', b"token", page)

    def test_the_page_is_the_one_the_orm_built_with_a_history_and_a_dispute_in_each_language(self):
        # Three versions of parcel A: a land use set by the registrar, then one left blank by no one.
        parcel_update(
            parcel=self.parcel_a, actor=self.registrar, reason="verger <planté>", land_use="orchard"
        )
        self.parcel_a.refresh_from_db()
        parcel_update(parcel=self.parcel_a, reason="usage inconnu", land_use="")
        self.parcel_a.refresh_from_db()
        heir = make_person(self.village_a, "Ouédraogo", "Issa", "M")
        application = draft_inheritance(registrar=self.registrar, right=self.right_a, heir=heir)
        dispute_open(village=self.village_a, subject="Limite", parcels=[self.parcel_a])
        # A second right of parcel A held by a person of village B (whose ID document the registrar of the
        # commune sees, the agent of village A does not), and documents of both villages.
        neighbour = make_person(
            self.village_b, "Zongo", "Bob <b>", "M", id_document_type="national_id", id_document_number="B-9"
        )
        lease = right_register(
            parcel=self.parcel_a,
            right_type="customaryType",
            holders=[HolderShare(neighbour, "1/3"), HolderShare(heir, "2/3")],
            tenure_system="customary",
            legal_basis="Bail <oral>",
        )
        for kind, reference, village, parcels, rights in [
            ("id_document", "CNI <A>", self.village_a, [self.parcel_a], []),
            ("id_document", "CNI B", self.village_b, [], [lease]),
            ("deed", "Acte 7", self.village_a, [], [self.right_a]),
            ("deed", "Acte B", self.village_b, [self.parcel_a], [lease]),
        ]:
            source_attach(
                source_type=kind,
                document_date=dt.date(2020, 1, 2 + len(reference)),
                village=village,
                reference=reference,
                parcels=parcels,
                rights=rights,
            )
        pages = []
        for user in (self.registrar, self.agent_a):
            self.client.force_login(user)
            for language in ("fr", "en"):
                self.client.cookies["django_language"] = language
                for parcel in (self.parcel_a, self.parcel_b) if user == self.registrar else (self.parcel_a,):
                    page = self.page(parcel)
                    with mock.patch.object(kept, "ENABLED", False):
                        built = self.page(parcel)
                    assert_same_page(page, built, user.username, language, parcel.number)
                    pages.append(page.decode())
        french = pages[0]
        assert french.count("<td>registrar</td>") == 1, french  # who made the version, else —
        assert "verger &lt;planté&gt;" in french and "usage inconnu" in french
        assert "verger / plantation" in french
        assert 'data-dispute="pending"' in french and 'data-dispute="pending"' not in pages[1]
        assert reverse("adjudication:claim-detail", args=[application.pk]) in french, french
        # the holders in the order written; ID documents where the user sees the personal data of the holder's
        # village; each name leads to the holder's page where the user sees the holder's village (web.people)
        zongo, issa = (f'<a href="{reverse("web:person", args=[p.pk])}">' for p in (neighbour, heir))
        assert f"<li>{zongo}ZONGO Bob &lt;b&gt;</a> — 1/3 · carte nationale d’identité B-9</li>" in french, (
            french
        )
        assert f"<li>{issa}OUÉDRAOGO Issa</a> — 2/3</li>" in french.split("ZONGO Bob")[1], french
        assert "Bail &lt;oral&gt;" in french
        assert all(
            f"{reference} (0" in french for reference in ("CNI &lt;A&gt;", "CNI B", "Acte 7", "Acte B")
        )
        agent_a = pages[4]
        assert "<li>ZONGO Bob &lt;b&gt; — 1/3</li>" in agent_a, agent_a  # of village B: not linked
        assert f"<li>{issa}OUÉDRAOGO Issa</a> — 2/3</li>" in agent_a, agent_a
        # the agent of village A: the documents of village A; an identity paper where personal data is seen
        assert "Acte 7" in agent_a and "CNI &lt;A&gt;" in agent_a
        assert "CNI B" not in agent_a and "Acte B" not in agent_a
        # the agent of village B sees neither parcel A nor its application
        self.client.force_login(self.agent_b)
        assert self.client.get(f"/parcels/{self.parcel_a.pk}/").status_code == 404

    @unittest.skipUnless(connection.vendor == "postgresql", "built once per process on PostgreSQL only")
    def test_from_the_second_page_on_the_orm_builds_no_statement_of_the_page(self):
        heir = make_person(self.village_a, "Ouédraogo", "Issa", "M")
        draft_inheritance(registrar=self.registrar, right=self.right_a, heir=heir)
        self.client.force_login(self.registrar)
        self.page(self.parcel_a)
        with statements_compiled() as built:
            page = self.page(self.parcel_a).decode()
        assert "Demandes de mutation" in page, page  # the application shown
        assert not built, built
