"""The header's search through the test client: each kind of result, folded names, scoping, login."""

import datetime as dt
from unittest import skipUnless

from django.db import connection
from django.urls import reverse

from landreg.certificates.issuing.services import certificate_issue
from landreg.core.search.folding import fold
from landreg.parcels.services import parcel_record
from landreg.parties.models import Sex
from landreg.parties.name_search import trigram_index_steered
from landreg.rights.services import HolderShare, right_register
from landreg.web.search.views import search
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import square
from tests.migrated_rows import FromMigratedRowsTestCase


class SearchTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # holder_a (village A) is "Ouédraogo Aminata", born on a known date, ID B12345678.
        cls.holder_a.birth_date = dt.date(1980, 4, 9)
        cls.holder_a.save(update_fields=["birth_date"])
        cls.bintou = make_person(cls.village_a, last_name="Ɓaŋɔ", first_names="Ɓintou", sex=Sex.FEMALE)

    def search(self, user, query):
        self.client.force_login(user)
        return self.client.get(reverse("web:search"), {"q": query})

    def test_the_header_offers_the_search_box_to_users_who_are_logged_in(self):
        self.client.force_login(self.agent_a)
        page = self.client.get(reverse("web:home")).content.decode()
        assert f'action="{reverse("web:search")}"' in page
        assert 'name="q"' in page

    def test_anonymous_users_get_the_login_page(self):
        response = self.client.get(reverse("web:search"), {"q": "ouedraogo"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_a_holder_name_without_accents_finds_the_person_and_their_parcel(self):
        response = self.search(self.agent_a, "ouedraogo")
        found = response.context["results"]
        assert [p.pk for p in found["people"].rows] == [self.holder_a.pk]
        assert [p.pk for p in found["parcels"].rows] == [self.parcel_a.pk]
        page = response.content.decode()
        assert "OUÉDRAOGO Aminata" in page
        assert reverse("web:parcel-detail", args=[self.parcel_a.pk]) in page
        # The field agent of her village may see her personal data: her year of birth (not the date) and ID
        # number tell her from a namesake (web/test_search_namesakes.py); a committee member sees neither.
        # (her name leads to her page, web.people)
        person = f'<a href="{reverse("web:person", args=[self.holder_a.pk])}">OUÉDRAOGO Aminata</a>'
        assert f"{person} (TC-A) — Village A — née en 1980 — pièce n°\u202fB12345678" in page
        assert "09/04" not in page
        page = self.search(self.member_a, "ouedraogo").content.decode()
        assert f"{person} (TC-A) — Village A — 1 parcelle détenue</li>" in page
        assert "B12345678" not in page and "1980" not in page

    def test_the_african_letters_fold_to_plain_ones(self):
        found = self.search(self.agent_a, "BINTOU bano").context["results"]
        assert [p.pk for p in found["people"].rows] == [self.bintou.pk]
        assert fold("Ɓaŋɔ Ɗɛ Ƙ") == "bano de k"

    def test_a_parcel_number_finds_the_parcel(self):
        response = self.search(self.agent_a, self.parcel_a.number.lower())
        assert [p.pk for p in response.context["results"]["parcels"].rows] == [self.parcel_a.pk]
        assert "Parcelles (1)" in response.content.decode()

    def test_a_receipt_number_finds_the_claim(self):
        claim = self.submitted(self.draft())
        assert claim.receipt_number
        response = self.search(self.agent_a, claim.receipt_number)
        assert [c.pk for c in response.context["results"]["claims"].rows] == [claim.pk]
        assert reverse("adjudication:claim-detail", args=[claim.pk]) in response.content.decode()

    def test_a_certificate_number_finds_the_certificate(self):
        certificate, _created = certificate_issue(right=self.right_a, actor=self.registrar)
        response = self.search(self.registrar, certificate.number)
        assert [c.pk for c in response.context["results"]["certificates"].rows] == [certificate.pk]
        assert reverse("certificates:detail", args=[certificate.pk]) in response.content.decode()

    def test_an_agent_of_village_b_finds_nothing_of_village_a(self):
        claim = self.submitted(self.draft())
        certificate, _created = certificate_issue(right=self.right_a, actor=self.registrar)
        for query in ("ouedraogo", "bintou", self.parcel_a.number, claim.receipt_number, certificate.number):
            found = self.search(self.agent_b, query).context["results"]
            assert all(kind.count == 0 and kind.rows == [] for kind in found.values()), query

    def test_results_stop_at_fifty_per_kind_with_a_hint(self):
        for i in range(52):
            make_person(self.village_a, last_name="Zongo", first_names=f"Issa {i}", sex=Sex.MALE)
        response = self.search(self.agent_a, "zongo")
        people = response.context["results"]["people"]
        assert people.count == 52 and len(people.rows) == 50
        assert "2 personnes de plus" in response.content.decode()

    def test_a_broad_query_finds_the_same_through_a_subquery(self):
        from unittest import mock

        for i in range(4):
            make_person(self.village_a, last_name="Ouédraogo", first_names=f"Awa {i}", sex=Sex.FEMALE)
        narrow = self.search(self.agent_a, "wedraogo").context["results"]
        with mock.patch("landreg.web.search.views.IDS_AT_ONCE", 3):
            broad = self.search(self.agent_a, "wedraogo").context["results"]
        for kind in ("people", "parcels"):
            assert broad[kind].count == narrow[kind].count
            assert [r.pk for r in broad[kind].rows] == [r.pk for r in narrow[kind].rows]
        assert narrow["people"].count == 5 and narrow["parcels"].count == 1

    def test_a_broad_query_reads_the_villages_of_the_people_shown_at_once(self):
        """Past IDS_AT_ONCE people, the rows shown came without their village: one query per person shown
        (50 more statements for a common surname in a commune of 100,000 parcels)."""
        from unittest import mock

        from django.test.utils import CaptureQueriesContext

        def statements():  # each search found anew, not the lists kept since the last write (search_kept)
            with (
                mock.patch("landreg.web.search.views.IDS_AT_ONCE", 3),
                mock.patch("landreg.web.search.kept.cache.get", return_value=None),
                CaptureQueriesContext(connection) as seen,
            ):
                assert self.client.get(reverse("web:search"), {"q": "wedraogo"}).status_code == 200
            return len(seen)

        for i in range(4):
            make_person(self.village_a, last_name="Ouédraogo", first_names=f"Awa {i}", sex=Sex.FEMALE)
        self.client.force_login(self.agent_a)
        statements()  # the session and the process-wide caches are read once
        few = statements()
        for i in range(6):
            make_person(self.village_a, last_name="Ouédraogo", first_names=f"Salif {i}", sex=Sex.MALE)
        assert statements() == few

    def test_a_query_of_one_letter_asks_for_more(self):
        response = self.search(self.agent_a, "o")
        assert response.context["results"] is None
        assert "au moins deux caractères" in response.content.decode()

    def test_percent_and_underscore_are_plain_characters(self):
        found = self.search(self.agent_a, "%_").context["results"]
        assert all(kind.count == 0 for kind in found.values())

    def test_misspelt_holder_names_find_ouedraogo_and_her_parcel(self):
        zongo = make_person(self.village_a, last_name="Zongo", first_names="Issa", sex=Sex.MALE)
        for query in ("Ouedrago", "Wedraogo", "wedraogo aminatta", "OUEDRAGO Aminata"):
            found = self.search(self.agent_a, query).context["results"]
            assert [p.pk for p in found["people"].rows] == [self.holder_a.pk], query
            assert [p.pk for p in found["parcels"].rows] == [self.parcel_a.pk], query
            assert zongo.pk not in [p.pk for p in found["people"].rows]

    def test_open_letters_and_accents_are_found_by_plain_spelling(self):
        kone = make_person(self.village_a, last_name="Kɔnɛ", first_names="Ŋaba", sex=Sex.MALE)
        for query in ("Kone", "koné", "KONE Ngaba"):
            found = self.search(self.agent_a, query).context["results"]
            assert [p.pk for p in found["people"].rows] == [kone.pk], query

    def test_common_variants_of_one_name_find_each_other(self):
        people = {
            name: make_person(self.village_a, last_name=name, first_names="Awa", sex=Sex.FEMALE)
            for name in ("Ouattara", "Diallo", "Coulibaly", "Tchiombiano")
        }
        for query, name in (
            ("Watara", "Ouattara"),
            ("Djalo", "Diallo"),
            ("Kulibali", "Coulibaly"),
            ("Chiombiano", "Tchiombiano"),
        ):
            found = self.search(self.agent_a, query).context["results"]
            assert [p.pk for p in found["people"].rows] == [people[name].pk], query

    def test_the_exact_spelling_comes_before_a_variant(self):
        variant = make_person(self.village_a, last_name="Wedraogo", first_names="Aminata", sex=Sex.FEMALE)
        people = self.search(self.agent_a, "Ouédraogo").context["results"]["people"].rows
        assert [p.pk for p in people] == [self.holder_a.pk, variant.pk]
        people = self.search(self.agent_a, "Wedraogo").context["results"]["people"].rows
        assert [p.pk for p in people] == [variant.pk, self.holder_a.pk]

    def test_people_of_the_same_name_come_in_the_same_order_at_every_search(self):
        """Ranked by score and name alone, people named alike came in whatever order the database's plan
        gave them: the fifty shown of a common name could change from one search to the next."""
        namesakes = [
            make_person(self.village_a, last_name="Zongo", first_names="Issa", sex=Sex.MALE) for _ in range(6)
        ]
        people = self.search(self.agent_a, "Zongo Issa").context["results"]["people"].rows
        assert [p.pk for p in people] == sorted(p.pk for p in namesakes)

    def test_the_lists_show_names_villages_and_links_only(self):
        found = self.search(self.agent_a, "ouedraogo").context["results"]
        [person] = found["people"].rows
        assert (person.name, person.village) == ("OUÉDRAOGO Aminata", self.village_a.name)
        [parcel] = found["parcels"].rows
        assert (parcel.number, parcel.village) == (self.parcel_a.number, self.village_a.name)
        assert parcel.url == reverse("web:parcel-detail", args=[self.parcel_a.pk])

    def test_a_part_of_a_name_finds_the_person_on_every_database(self):
        """« ouedr » typed at the counter found Ouédraogo on SQLite only when taken from inside the name: on
        PostgreSQL the word similarity of its key alone decided, and « draog » or « edrao » were too far."""
        for query in ("ouedr", "OUÉDR", "draog", "edrao", "draog amin", "aminat ouedr", "ɓint", "ntou baŋ"):
            found = self.search(self.agent_a, query).context["results"]
            expected = self.bintou if "nt" in query else self.holder_a
            assert [p.pk for p in found["people"].rows] == [expected.pk], query
            if expected == self.holder_a:
                assert [p.pk for p in found["parcels"].rows] == [self.parcel_a.pk], query
        # Still in the user's villages only.
        assert self.search(self.agent_b, "draog").context["results"]["people"].count == 0

    def test_a_name_too_far_from_any_is_not_found(self):
        for query in ("Sawadogo", "Ouedr Zongo", "Aminata Kaboré"):
            found = self.search(self.agent_a, query).context["results"]
            assert found["people"].count == 0, query

    def test_a_misspelt_name_of_village_a_is_not_found_from_village_b(self):
        found = self.search(self.agent_b, "Wedraogo").context["results"]
        assert found["people"].count == 0 and found["parcels"].count == 0

    def test_a_renamed_person_is_found_by_the_new_name_only(self):
        from landreg.parties.services import party_update

        party_update(party=self.bintou, last_name="Sawadogo", actor=self.agent_a, reason="erreur de saisie")
        assert self.search(self.agent_a, "Sawadogo").context["results"]["people"].count == 1
        assert self.search(self.agent_a, "Ɓaŋɔ").context["results"]["people"].count == 0

    def test_an_id_number_finds_the_person_for_users_who_may_see_personal_data(self):
        found = self.search(self.agent_a, "b12345678").context["results"]
        assert [p.pk for p in found["people"].rows] == [self.holder_a.pk]
        assert [p.pk for p in found["parcels"].rows] == [self.parcel_a.pk]
        # The committee member of village A sees the records but not personal data: no look-up by ID.
        found = self.search(self.member_a, "B12345678").context["results"]
        assert found["people"].count == 0 and found["parcels"].count == 0
        found = self.search(self.agent_b, "B12345678").context["results"]
        assert found["people"].count == 0

    def test_the_database_folds_like_python(self):
        from landreg.core.search.folding import Fold
        from landreg.parties.models import Party

        row = Party.objects.annotate(f=Fold("last_name")).get(pk=self.bintou.pk)
        assert row.f == fold(self.bintou.last_name) == "bano"
        assert connection.vendor in ("sqlite", "postgresql")


class VillageSearchTests(AdjudicationTestCase):
    """A village's name typed in the header's box finds the village, and its link lists the village's
    parcels (the parcel list filtered by that village)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from landreg.parcels.services import parcel_record
        from landreg.territory.models import UnitLevel
        from landreg.territory.services import unit_create
        from tests.geometries import square

        cls.tanghin = unit_create(level=UnitLevel.VILLAGE, code="TC-TGH", name="Tanghin", parent=cls.commune)
        cls.tanghin_parcels = [
            parcel_record(village=cls.tanghin, geometry=square(3000 + 200 * i, 0), survey_method="gps")
            for i in range(2)
        ]

    def header_search(self, user, query):
        """Type ``query`` in the header's search box of the home page and send it, as the browser does."""
        from tests.browser_forms import form_with_field

        self.client.force_login(user)
        form = form_with_field(self.client.get(reverse("web:home")).content.decode(), "q")
        assert form.method == "get" and form.action == reverse("web:search")
        return self.client.get(form.action, form.data(q=query))

    def test_a_village_name_finds_the_village_and_leads_to_its_parcels(self):
        from tests.browser_forms import links

        response = self.header_search(self.registrar, "tanghin")
        villages = response.context["results"]["villages"]
        assert [v.pk for v in villages.rows] == [self.tanghin.pk]
        assert villages.rows[0].parcel_count == 2
        page = response.content.decode()
        assert "Villages (1)" in page and "2 parcelles" in page
        listed = [href for href in links(page) if href.startswith(reverse("web:parcel-list") + "?")]
        assert listed == [f"{reverse('web:parcel-list')}?village=TC-TGH"]
        parcels = self.client.get(listed[0]).context["page"].rows
        assert sorted(p.pk for p in parcels) == sorted(p.pk for p in self.tanghin_parcels)

    def test_a_misspelt_or_accented_village_name_or_its_code_finds_it(self):
        for query in ("Tangin", "TANGHÎN", "tanghin", "tc-tgh", "Tanghine"):
            found = self.search_as(self.registrar, query)
            assert [v.pk for v in found["villages"].rows] == [self.tanghin.pk], query
        for query in ("Tenkodogo", "Village A", "ouedraogo"):
            found = self.search_as(self.registrar, query)
            assert self.tanghin.pk not in [v.pk for v in found["villages"].rows], query

    def search_as(self, user, query):
        self.client.force_login(user)
        return self.client.get(reverse("web:search"), {"q": query}).context["results"]

    def test_villages_outside_the_user_s_scope_are_not_found(self):
        assert self.search_as(self.agent_a, "Tanghin")["villages"].count == 0
        assert [v.pk for v in self.search_as(self.agent_a, "village")["villages"].rows] == [self.village_a.pk]

    def test_the_villages_names_are_folded_once_not_at_every_search(self):
        """Their folded names and keys were computed again at every search: the largest share of the search's
        Python (about 1 ms of 2.5 for a commune of 20 villages, more for a country's thousands)."""
        from unittest import mock

        from landreg.web.search import views as search_module

        search(self.registrar, "Tangin")  # a misspelt name: both the folded names and the keys are compared
        with mock.patch.object(search_module, "fold", wraps=search_module.fold) as folded:
            found = search(self.registrar, "Tangin")
        assert [v.pk for v in found["villages"].rows] == [self.tanghin.pk]
        assert [call.args[0] for call in folded.call_args_list] == ["Tangin", "Tangin"]  # the text typed only

    def test_no_village_section_when_none_matches(self):
        self.client.force_login(self.registrar)
        page = self.client.get(reverse("web:search"), {"q": "ouedraogo"}).content.decode()
        assert "Villages (" not in page


class NameFilterReadOnceTests(AdjudicationTestCase):
    """A common surname: the name filter runs in one statement and the parcels held are read once, the people
    found reaching that read as one parameter (core.db.id_lists), however many they are (2,715 "Sawadogo" in a
    commune of 100,000 parcels took 2.2 s on PostgreSQL, the name filter and the parcels held run five and
    two times, with a parameter per person)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.zongos = [
            make_person(cls.village_a, last_name="Zongo", first_names=f"Issa {i}", sex=Sex.MALE)
            for i in range(12)
        ]
        cls.held = []
        for i, person in enumerate(cls.zongos[:3]):
            parcel = parcel_record(
                village=cls.village_a, geometry=square(3000 + 200 * i, 0), survey_method="gps"
            )
            right_register(
                parcel=parcel,
                right_type="customaryType",
                holders=[HolderShare(party=person)],
                tenure_system="customary",
                legal_basis="Loi 034-2009/AN, art. 36",
            )
            cls.held.append(parcel)

    def statements(self, query):
        seen = []

        def keep(execute, sql, params, many, context):
            seen.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            found = search(self.agent_a, query)
        return seen, found

    def test_the_parcels_held_by_the_people_found_are_read_once_with_one_parameter_for_them(self):
        seen, found = self.statements("zongo")
        assert found["people"].count == 12
        assert [p.pk for p in found["parcels"].rows] == [
            p.pk for p in sorted(self.held, key=lambda p: p.number)
        ]
        assert found["parcels"].count == 3
        # (The people's own rows count each one's parcels, search.views.parcels_held_count: by the person's
        # row, not by a parameter.)
        held = [
            (sql, params)
            for sql, params in seen
            if "rights_rightholder" in sql and 'AS "parcels_held"' not in sql
        ]
        # The parcels held, the groups the rows shown are held through (search.views.held_via) and the
        # certificates of the rights held (search.views.rights_held): a statement each on SQLite, all in the
        # one statement on PostgreSQL (web.search.sql); the people found in one parameter each time.
        assert len(held) == (1 if connection.vendor == "postgresql" else 3), [sql for sql, _ in held]
        for _sql, params in held:
            assert len(params) < len(self.zongos), params

    def test_the_name_filter_runs_in_one_statement(self):
        marker = "%>" if connection.vendor == "postgresql" else "landreg_near_distance"
        seen, _found = self.statements("zongo")
        marked = [sql for sql, _ in seen if marker in sql]
        assert len([sql for sql in marked if "parties_party" in sql]) == 1
        # The names written on claims are matched alike, inside the claims' own statement (on PostgreSQL the
        # one statement of web.search.sql, the people's), not in a statement of their own.
        assert len([sql for sql in marked if "adjudication_claimant" in sql]) == 1

    @skipUnless(connection.vendor == "postgresql", "pg_trgm's GIN index is PostgreSQL's")
    def test_postgresql_reads_the_people_named_with_sequential_scans_off(self):
        """pg_trgm prices its operator as an addition: past a few thousand matches the planner read every
        party of a commune (250 ms for "Sawadogo") rather than the trigram index (40 ms). (The ORM's way,
        for a text with digits; a name alone is one statement, see test_search_one_statement.)"""
        states = []

        def seqscan_when_named(execute, sql, params, many, context):
            if "%>" in sql:
                with connection.cursor() as cursor:
                    cursor.execute("SHOW enable_seqscan")
                    states.append(cursor.fetchone()[0])
            return execute(sql, params, many, context)

        with connection.execute_wrapper(seqscan_when_named):
            search(self.agent_a, "zongo 1")
        assert states == ["off", "off"]  # the people named, and the claims naming someone so named

    @skipUnless(connection.vendor == "postgresql", "a PostgreSQL setting")
    def test_the_steer_ends_with_its_block_even_on_an_error(self):
        def seqscan():
            with connection.cursor() as cursor:
                cursor.execute("SHOW enable_seqscan")
                return cursor.fetchone()[0]

        with trigram_index_steered("default", "zongo"):
            assert seqscan() == "off"
        assert seqscan() == "on"
        with self.assertRaises(ZeroDivisionError), trigram_index_steered("default", "zongo"):
            1 / 0
        assert seqscan() == "on"
        with trigram_index_steered("default", "B12345678"):  # no name in it: nothing to steer
            assert seqscan() == "on"


@skipUnless(connection.vendor == "postgresql", "a PostgreSQL setting")
class SteerOutsideATransactionTests(FromMigratedRowsTestCase):
    """As a request runs it (autocommit): the steer's own transaction ends the setting with its commit, so
    no statement resets it."""

    def test_the_commit_ends_the_setting_without_a_reset(self):
        seen = []

        def keep(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        def seqscan():
            with connection.cursor() as cursor:
                cursor.execute("SHOW enable_seqscan")
                return cursor.fetchone()[0]

        assert not connection.in_atomic_block
        with connection.execute_wrapper(keep), trigram_index_steered("default", "zongo"):
            assert seqscan() == "off"
        assert seqscan() == "on"
        assert not any("TO DEFAULT" in sql for sql in seen), seen
        with self.assertRaises(ZeroDivisionError), trigram_index_steered("default", "zongo"):
            1 / 0
        assert seqscan() == "on"
