"""PostgreSQL answers a name typed in the header search in one statement (landreg.web.search.sql): the same
rows, counts and order as the ORM's statements (the reference, SQLite's way), the user's scope kept."""

import re
from unittest import mock, skipUnless

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.adjudication.claims.services import ClaimantInput
from landreg.certificates.issuing.services import certificate_issue
from landreg.parties.models import Sex
from landreg.web.search import views as search_module
from landreg.web.search.views import search
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person

# Names written on claims: not registered (with and without accents, Ɓ ɛ ŋ, in either order, in part) and
# registered (the Zongo of the cast, one of them a witness only).
QUERIES = ("Bationo Tene", "tɛnɛ ɓationo", "Bationo", "Zongo Issa", "Zongo", "Kone Ngaba", "Kone N")


def by_orm(user, query):
    scope = search_module.villages_in_scope(user)
    villages = search_module._found(search_module.villages_found(user, query, scope))
    return {"villages": villages, **search_module._search_by_orm(user, query)}


@skipUnless(connection.vendor == "postgresql", "the one statement is PostgreSQL's")
class OneStatementTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # 60 Zongo, spelt four ways, with first names that share a key two by two (namesakes: the id decides),
        # so that the first fifty shown and the order among equal scores are put to the test.
        spellings = ["Zongo", "Zongho", "Songo", "Zôngo"]
        firsts = ["Issa", "Isa", "Awa", "Aoua", "Salif", "Issaka"]
        cls.zongos = [
            make_person(cls.village_a, last_name=spellings[i % 4], first_names=firsts[i % 6], sex=Sex.MALE)
            for i in range(60)
        ]
        cls.zongo_b = make_person(cls.village_b, last_name="Zongo", first_names="Issa", sex=Sex.MALE)

    def setUp(self):
        super().setUp()
        # 55 parcels held by Zongo of village A (past the fifty shown), one by the Zongo of village B.
        self.held = [self.parcel_held(3000 + 200 * i, holder=self.zongos[i]) for i in range(55)]

    def both(self, user, query):
        fast = search(user, query)
        assert search_module._in_one_statement("default", query), query
        return fast, by_orm(user, query)

    def test_names_find_the_same_rows_in_the_same_order_as_the_orm(self):
        queries = ["Zongo", "zongo issa", "Songo Aoua", "Zongho", "Zongo I", "Wedraogo", "ouedraogo aminata"]
        # Parts of names, from their start or inside them (« ongo »: every Zongo and Songo, not Zongho).
        queries += ["ouedr", "draog", "edrao amin", "ongo", "ong iss", "ssaka"]
        for user in (self.agent_a, self.registrar, self.agent_b):
            for query in queries:
                fast, orm = self.both(user, query)
                assert fast == orm, (user, query)
        fast, _orm = self.both(self.agent_a, "Zongo")
        assert fast["people"].count == 60 and len(fast["people"].rows) == 50
        assert fast["parcels"].count == 55 and len(fast["parcels"].rows) == 50

    def test_the_scope_is_kept_another_village_s_agent_sees_none_of_village_a(self):
        fast = search(self.agent_b, "Zongo")
        assert [p.pk for p in fast["people"].rows] == [self.zongo_b.pk]
        assert fast["parcels"].count == 0
        assert search(self.agent_b, "Ouédraogo Aminata")["people"].count == 0

    def test_claims_and_certificates_whose_numbers_hold_the_letters_typed_are_found_alike(self):
        claim = self.submitted(self.draft())
        certificate, _created = certificate_issue(right=self.right_a, actor=self.registrar)
        for number in (claim.receipt_number, certificate.number):
            letters = re.search(r"[A-Za-z]{2,}", number).group()
            assert letters, number
            fast, orm = self.both(self.registrar, letters)
            assert fast == orm, letters
            assert fast["claims"].count + fast["certificates"].count >= 1, letters

    def test_claims_naming_a_person_found_or_a_claimant_so_named_are_found_alike(self):
        """A claim is found by the name of a person it names (registered, or written on the claim only; not
        a witness), drafts without a receipt number after the numbered ones, in the user's villages."""
        lodged = [
            self.submitted(self.draft(east=100 + 300 * i, claimants=[applicant("Ɓationo", "Tɛnɛ", "F")]))
            for i in range(3)
        ]
        drafts = [
            self.draft(east=1000 + 300 * i, claimants=[applicant("Bationo", "Téné", "F")]) for i in range(3)
        ]
        zongo = self.submitted(self.draft(east=2000, claimants=[ClaimantInput(party=self.zongos[0])]))
        witnessed = self.draft(
            east=2300,
            claimants=[applicant("Kɔnɛ", "Ŋaba", "F"), ClaimantInput(party=self.zongos[1], role="witness")],
        )
        in_b = self.draft(
            east=2600,
            village=self.village_b,
            agent=self.agent_b,
            claimants=[applicant("Bationo", "Tene", "F")],
        )
        for user in (self.agent_a, self.registrar, self.agent_b):
            for query in (
                "Bationo Tene",
                "tɛnɛ ɓationo",
                "Bationo",
                "Zongo Issa",
                "Zongo",
                "Kone Ngaba",
                "Kone N",
                "ationo",
                "atio ten",
                "ɔnɛ ŋab",
            ):
                fast, orm = self.both(user, query)
                assert fast == orm, (user, query)
        found = search(self.agent_a, "tene bationo")["claims"]
        assert [c.pk for c in found.rows] == [
            c.pk for c in sorted(lodged, key=lambda c: c.receipt_number)
        ] + [c.pk for c in sorted(drafts, key=lambda c: c.pk)]
        assert [c.pk for c in search(self.registrar, "Bationo")["claims"].rows][-4:] == sorted(
            [in_b.pk, *(c.pk for c in drafts)]
        )
        assert [c.pk for c in search(self.agent_a, "Zongo Issa")["claims"].rows] == [zongo.pk]
        assert witnessed.pk not in [c.pk for c in search(self.agent_a, "Zongo")["claims"].rows]
        assert [c.pk for c in search(self.agent_b, "Bationo")["claims"].rows] == [in_b.pk]

    def test_one_statement_reads_them_however_many_are_found(self):
        self.client.force_login(self.agent_a)
        self.client.get("/search/", {"q": "Zongo"})  # the session and the process-wide caches, once

        def statements(query):  # found anew, not the lists kept since the last write (search_kept)
            with (
                mock.patch("landreg.web.search.kept.cache.get", return_value=None),
                CaptureQueriesContext(connection) as seen,
            ):
                assert self.client.get("/search/", {"q": query}).status_code == 200
            return [q["sql"] for q in seen.captured_queries]

        many, few = statements("Zongo"), statements("Wedraogo Aminata")
        assert len(many) == len(few)
        searched = [sql for sql in many if "%>" in sql]
        assert len(searched) == 1
        assert "rights_rightholder" in searched[0] and "adjudication_claim" in searched[0]
        # The villages of the user (the village search and the scope), then that statement.
        assert len([sql for sql in many if "territory_administrativeunit" in sql and "%>" not in sql]) == 1

    def test_text_with_digits_is_left_to_the_orm(self):
        assert not search_module._in_one_statement("default", "Zongo 12")
        assert not search_module._in_one_statement("default", "B12345678")
        assert not search_module._in_one_statement("default", "a")  # no word matched by spelling
