"""Every figure of the statistics equals the same count made here in Python over the test's own objects, and
the other commune's records are never counted."""

import datetime as dt
from fractions import Fraction
from importlib import import_module

from django.db import connection
from django.utils import timezone, translation

from landreg.adjudication.models import ClaimEvent
from landreg.adjudication.states import ClaimState
from landreg.disputes.states import DisputeKind, DisputeStatus
from landreg.statistics import claims, disputes, holders, rights
from landreg.statistics.scope import scope_for
from tests.statistics import helpers as h
from tests.statistics.helpers import PERIOD, ProgrammeTestCase


def column(figure, name):
    return [row[figure.columns.index(name)] for row in figure.rows]


class FiguresTests(ProgrammeTestCase):
    def setUp(self):
        super().setUp()
        self.villages = h.villages_of(self.commune)
        self.scope = scope_for(self.registrar, start=PERIOD[0], end=PERIOD[1])

    def test_claims_and_certificates_per_month_match_the_events_counted_here(self):
        figure = claims.activity_per_month(self.scope)
        expected = h.expected_per_month(self.villages)
        self.assertEqual(len(figure.rows), 12)
        months = [dt.date(2030, m, 1) for m in range(1, 13)]
        self.assertEqual(column(figure, "Claims lodged"), [expected["lodged"][m] for m in months])
        self.assertEqual(column(figure, "Claims approved"), [expected["approved"][m] for m in months])
        self.assertEqual(column(figure, "Certificates issued"), [expected["issued"][m] for m in months])
        # What the test made: four claims lodged in A and B, one approved, one certificate (the other
        # commune's claim and certificate are not counted).
        self.assertEqual(sum(column(figure, "Claims lodged")), 4)
        self.assertEqual(sum(column(figure, "Claims approved")), 1)
        self.assertEqual(sum(column(figure, "Certificates issued")), 1)
        self.assertEqual(figure.chart.labels[0], "January 2030")

    def test_a_shorter_period_counts_only_its_own_months(self):
        january = (dt.date(2030, 1, 1), dt.date(2030, 1, 31))
        scope = scope_for(self.registrar, start=january[0], end=january[1])
        figure = claims.activity_per_month(scope)
        expected = h.expected_per_month(self.villages, january)
        self.assertEqual(
            [row[1:] for row in figure.rows],
            [
                [
                    expected["lodged"][january[0]],
                    expected["approved"][january[0]],
                    expected["issued"][january[0]],
                ]
            ],
        )
        states = claims.per_state(scope)
        counted = h.expected_states(self.villages, january)
        self.assertEqual(column(states, "Claims"), [counted[s.value] for s in ClaimState])

    def test_a_month_begins_at_midnight_in_the_time_zone_of_the_registry(self):
        """The month of a move is read against each month's first moment in the current time zone (not its
        UTC date): a lodging at 23:30 UTC on 31 January is on 1 February one hour east of Greenwich."""
        lodging = ClaimEvent.objects.filter(
            move="submit", from_state=ClaimState.DRAFT, claim__village__in=self.villages
        ).first()
        # History is append-only through the application's manager; the test backdates a move underneath it.
        ClaimEvent._base_manager.filter(pk=lodging.pk).update(
            occurred_at=dt.datetime(2030, 1, 31, 23, 30, tzinfo=dt.UTC)
        )

        def lodged(zone):
            with timezone.override(zone):
                scope = scope_for(self.registrar, start=PERIOD[0], end=PERIOD[1])
                figure = claims.activity_per_month(scope)
            return dict(zip(scope.months(), column(figure, "Claims lodged"), strict=True))

        utc, lagos = lodged("UTC"), lodged("Africa/Lagos")
        january, february = dt.date(2030, 1, 1), dt.date(2030, 2, 1)
        self.assertEqual(utc, {m: h.expected_per_month(self.villages)["lodged"][m] for m in utc})
        self.assertEqual(lagos[january], utc[january] - 1)
        self.assertEqual(lagos[february], utc[february] + 1)

    def test_per_village_rows_add_up_to_the_monthly_totals(self):
        figure = claims.per_village(self.scope)
        self.assertEqual(column(figure, "Village"), ["Village A (TC-A)", "Village B (TC-B)"])
        monthly = claims.activity_per_month(self.scope)
        for name in ("Claims lodged", "Claims approved", "Certificates issued"):
            self.assertEqual(sum(column(figure, name)), sum(column(monthly, name)))
        self.assertEqual(column(figure, "Claims lodged"), [3, 1])
        # In progress today: the claim under notice (A) and the one lodged in B.
        self.assertEqual(column(figure, "In progress today"), [1, 1])

    def test_claims_by_state_match(self):
        figure = claims.per_state(self.scope)
        expected = h.expected_states(self.villages)
        self.assertEqual(column(figure, "Claims"), [expected[s.value] for s in ClaimState])
        self.assertEqual(sum(column(figure, "Claims")), 5)

    def test_time_in_each_step_is_the_median_and_slowest_of_the_stays_counted_here(self):
        figure = claims.time_in_steps(self.scope)
        expected = h.expected_stays(self.villages)
        for row in figure.rows:
            state = next(s for s in ClaimState if s.label == row[0])
            stays, median, longest = expected.get(state.value, (0, None, None))
            self.assertEqual(row[1], stays, state)
            if stays:
                self.assertAlmostEqual(row[2], median, places=4, msg=state)
                self.assertAlmostEqual(row[3], longest, places=4, msg=state)
            else:
                self.assertIsNone(row[2])
        # The approved claim waited 2 days for screening, the rejected one 5: median 3.5, slowest 5.
        submitted = next(row for row in figure.rows if row[0] == ClaimState.SUBMITTED.label)
        self.assertEqual(submitted[1:4], [3, 3.0, 5.0])

    def test_the_migration_backfills_the_previous_move_the_transitions_record(self):
        """Moves recorded before ``previous_at`` existed get it from the data migration: the same as the
        transitions record live, so the time in each step is the same before and after."""
        live = dict(ClaimEvent.objects.values_list("pk", "previous_at"))
        before = claims.time_in_steps(self.scope).rows
        # Each claim's first move has none; every later move has its claim's previous move.
        self.assertEqual(
            sum(1 for v in live.values() if v is None), ClaimEvent.objects.distinct().values("claim").count()
        )
        for events in h.events_by_claim().values():
            self.assertEqual([live[e.pk] for e in events], [None, *[e.occurred_at for e in events[:-1]]])
        # As the moves were before the migration (underneath the append-only manager, as the migration was).
        ClaimEvent._base_manager.update(previous_at=None)
        self.assertEqual({row[1] for row in claims.time_in_steps(self.scope).rows}, {0})
        migration = import_module("landreg.adjudication.migrations.0019_claimevent_previous_at")
        with connection.cursor() as cursor:
            cursor.execute(migration.BACKFILL_PREVIOUS_AT)
        self.assertEqual(dict(ClaimEvent.objects.values_list("pk", "previous_at")), live)
        self.assertEqual(claims.time_in_steps(self.scope).rows, before)

    def test_holders_by_sex_with_exact_shares_match_the_rights_read_here(self):
        figure = holders.holders_by_sex(self.scope)
        expected = h.expected_holders(self.villages, self.scope.end_at)
        rows = {row[0]: row for row in figure.rows}
        labels = {
            "alone": "holding alone",
            "joint": "in joint holdings",
            "collective": "members of collective holdings",
        }
        for (category, sex), (persons, holdings, shares, hectares) in expected.items():
            row = rows[f"{'Women' if sex == 'F' else 'Men'} {labels[category]}"]
            self.assertEqual(row[1:4], [len(persons), holdings, shares], (category, sex))
            self.assertAlmostEqual(row[5], hectares, places=6)
        # Village A as built: women alone are Ɓaŋɔ Ɛlisabɛt, Ouédraogo Aminata and the approved claimant;
        # in joint holdings Kɔnɛ Awa 1/3 + 1/2, Ɓaŋɔ 1/2; in the family Ɓibata 2/5 and Fanta 1/5, in the
        # lineage (1/2 of its right) Salamata 1/3 → 1/6. Village B adds Zongo Fatimata alone.
        self.assertEqual(rows["Women holding alone"][1:4], [4, 4, Fraction(4)])
        self.assertEqual(rows["Women in joint holdings"][1:4], [2, 3, Fraction(4, 3)])
        self.assertEqual(
            rows["Women members of collective holdings"][1:4],
            [3, 3, Fraction(2, 5) + Fraction(1, 5) + Fraction(1, 6)],
        )
        self.assertEqual(
            rows["Men members of collective holdings"][1:4], [2, 2, Fraction(2, 5) + Fraction(1, 3)]
        )
        women, men = rows["Women, all holdings"], rows["Men, all holdings"]
        self.assertEqual(women[3] + men[3], 9)  # nine primary rights held by people, each shared out exactly
        self.assertAlmostEqual(women[6], float(women[3] / 9 * 100))

    def test_right_types_include_customary_and_secondary_rights(self):
        figure = rights.right_types(self.scope)
        expected = h.expected_right_types(self.villages, self.scope.end_at)
        counted = {(row[0], row[2]): row[3] for row in figure.rows}
        tenure = {"customary": "customary", "formal": "formal (statutory)"}
        self.assertEqual(counted, {(label, tenure[t]): n for (label, t), n in expected.items()})
        categories = {row[0]: row[1] for row in figure.rows}
        self.assertEqual(categories["Grazing"], "secondary right")
        self.assertEqual(categories["Customary ownership"], "primary right")
        self.assertEqual(categories["Mortgage"], "restriction")

    def test_disputes_by_type_and_outcome_with_time_to_resolution(self):
        expected = h.expected_disputes(self.villages)
        by_type = disputes.disputes_by_type(self.scope)
        for row in by_type.rows:
            kind = next(k for k in DisputeKind if k.label == row[0])
            e = expected["by_kind"].get(kind.value, {"opened": 0, "objections": 0, "open": 0, "days": []})
            self.assertEqual(row[1:5], [e["opened"], e["objections"], e["open"], len(e["days"])], kind)
            if e["days"]:
                self.assertAlmostEqual(row[5], sorted(e["days"])[len(e["days"]) // 2], places=4)
                self.assertAlmostEqual(row[6], max(e["days"]), places=4)
        self.assertEqual(sum(column(by_type, "Cases opened")), 3)  # the objection, the agreed case, B's case
        self.assertEqual(sum(column(by_type, "Of which objections")), 1)
        by_outcome = disputes.disputes_by_outcome(self.scope)
        self.assertEqual(column(by_outcome, "Cases"), [expected["by_status"][s.value] for s in DisputeStatus])
        conciliated = next(r for r in by_outcome.rows if r[0] == DisputeStatus.CONCILIATED.label)
        self.assertEqual(conciliated[1], 1)
        self.assertAlmostEqual(conciliated[2], 10.0, places=4)  # three days, then the session a week later

    def test_the_other_communes_registrar_counts_only_that_commune(self):
        scope = scope_for(self.registrar_d, start=PERIOD[0], end=PERIOD[1])
        other = h.villages_of(self.commune_d)
        monthly = claims.activity_per_month(scope)
        self.assertEqual(sum(column(monthly, "Claims lodged")), 1)
        self.assertEqual(sum(column(monthly, "Certificates issued")), 1)
        self.assertEqual(column(claims.per_village(scope), "Village"), ["Village D (TD-A)"])
        expected = h.expected_holders(other, scope.end_at)
        rows = {row[0]: row for row in holders.holders_by_sex(scope).rows}
        self.assertEqual(rows["Women holding alone"][2], expected["alone", "F"][1])
        self.assertEqual(sum(column(disputes.disputes_by_type(scope), "Cases opened")), 1)

    def test_a_commune_outside_the_users_roles_counts_nothing(self):
        """Asking for the other commune narrows the user's own villages: nothing is left to count."""
        scope = scope_for(self.registrar, start=PERIOD[0], end=PERIOD[1], commune=self.commune_d)
        self.assertFalse(scope.villages.exists())
        self.assertEqual(sum(column(claims.activity_per_month(scope), "Claims lodged")), 0)
        self.assertEqual(sum(column(holders.holders_by_sex(scope), "Holdings")[:6]), 0)

    def test_a_village_narrows_every_figure(self):
        scope = scope_for(self.registrar, start=PERIOD[0], end=PERIOD[1], village=self.village_b)
        self.assertEqual(column(claims.per_village(scope), "Claims lodged"), [1])
        rows = {row[0]: row for row in holders.holders_by_sex(scope).rows}
        self.assertEqual(rows["Women holding alone"][1:4], [1, 1, Fraction(1)])
        self.assertEqual(rows["Women in joint holdings"][2], 0)

    def test_labels_follow_the_language(self):
        with translation.override("fr"):
            figure = claims.per_state(self.scope)
        self.assertEqual(figure.rows[0][0], "brouillon")
