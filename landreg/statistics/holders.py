"""Holders by sex: women and men holding alone, in joint holdings and as members of collective holdings
(families, lineages, associations…), with their exact shares (``core.shares``) and the land those shares
stand for.

Counted over the primary rights in force at the end of the period on the parcels of the scope. The database
groups holdings by sex and by share (numerator, denominator); only those few groups are added up here, as
exact fractions, so 1/3 + 1/3 + 1/3 is exactly 1 whatever the number of rows.
"""

from collections import defaultdict
from fractions import Fraction

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landreg.parcels.models import Parcel
from landreg.parties.models import GroupMembership, Party, PartyKind, Sex
from landreg.rights.models import Right, RightHolder, RightType, RRRKind
from landreg.statistics import durations
from landreg.statistics.figure import Chart, Figure, Series
from landreg.statistics.scope import Scope

ALONE, JOINT, COLLECTIVE = "alone", "joint", "collective"
# Whole labels, not pieces put together: French agrees them in gender (« seules », « seuls »).
CATEGORIES = {
    ALONE: gettext_lazy("Individual holding"),
    JOINT: gettext_lazy("Joint holding"),
    COLLECTIVE: gettext_lazy("Collective holding (members)"),
}
SEXES = {Sex.FEMALE: gettext_lazy("Women"), Sex.MALE: gettext_lazy("Men")}
ROW_LABELS = {
    (ALONE, Sex.FEMALE): gettext_lazy("Women holding alone"),
    (ALONE, Sex.MALE): gettext_lazy("Men holding alone"),
    (JOINT, Sex.FEMALE): gettext_lazy("Women in joint holdings"),
    (JOINT, Sex.MALE): gettext_lazy("Men in joint holdings"),
    (COLLECTIVE, Sex.FEMALE): gettext_lazy("Women members of collective holdings"),
    (COLLECTIVE, Sex.MALE): gettext_lazy("Men members of collective holdings"),
}
TOTAL_LABELS = {Sex.FEMALE: gettext_lazy("Women, all holdings"), Sex.MALE: gettext_lazy("Men, all holdings")}


class Tally:
    """Persons, holdings, exact sum of shares and hectares of one category and sex."""

    def __init__(self):
        self.persons, self.holdings, self.shares, self.hectares = 0, 0, Fraction(0), 0.0

    def add(self, *, count: int, share: Fraction, area_m2: float | None) -> None:
        """``count`` holdings of the same ``share`` on parcels of ``area_m2`` in all."""
        self.holdings += count
        self.shares += share * count
        self.hectares += float(share) * (area_m2 or 0.0) / 10_000


def holder_tallies(scope: Scope) -> dict[tuple[str, str], Tally]:
    """One statement: the holdings of the primary rights in force; a group holder's row joined to its members
    in force (a holder that is not a group has none), so each holding or membership meets the persons table
    once, as the person it counts; then grouped by category, sex and shares, and the distinct persons per
    category and sex (hashed, not sorted).

    A holding is individual when its share is the whole right (numerator = denominator), joint otherwise: the
    shares of a right add up to exactly 1 (``right_register`` checks it, and it is the only writer of
    holders) and each is above 0, so a right has a single holder exactly when that holder's share is 1. This
    reads each holder's own row; counting each right's holders took a window over all the holdings, sorted
    by right (a quarter of the query's time on PostgreSQL, most of it on SQLite)."""
    villages_sql, villages_params = scope.village_ids.query.sql_with_params()
    moment = durations.datetime_param(scope.end_at)
    tables = {
        "holder": RightHolder._meta.db_table,
        "right": Right._meta.db_table,
        "type": RightType._meta.db_table,
        "parcel": Parcel._meta.db_table,
        "party": Party._meta.db_table,
        "member": GroupMembership._meta.db_table,
    }
    sql = f"""
        WITH held AS (
            SELECT h.party_id, h.share_numerator AS n, h.share_denominator AS d, p.area_m2 AS area
            FROM {tables["holder"]} h
            JOIN {tables["right"]} r ON r.id = h.right_id
            JOIN {tables["type"]} t ON t.code = r.right_type_id
            JOIN {tables["parcel"]} p ON p.id = r.parcel_id
            WHERE t.kind = %s AND t.is_secondary = %s
              AND r.begin_lifespan <= %s AND (r.end_lifespan IS NULL OR r.end_lifespan > %s)
              AND (r.end_date IS NULL OR r.end_date >= %s)
              AND p.village_id IN ({villages_sql})
        ),
        shares AS (
            SELECT CASE WHEN m.id IS NOT NULL THEN %s WHEN held.n = held.d THEN %s ELSE %s END AS category,
                   person.sex, person.id AS person,
                   COALESCE(m.share_numerator, held.n) AS n, COALESCE(m.share_denominator, held.d) AS d,
                   CASE WHEN m.id IS NULL THEN 1 ELSE held.n END AS gn,
                   CASE WHEN m.id IS NULL THEN 1 ELSE held.d END AS gd, held.area
            FROM held
            LEFT JOIN {tables["member"]} m ON m.group_id = held.party_id
              AND m.begin_lifespan <= %s AND (m.end_lifespan IS NULL OR m.end_lifespan > %s)
              AND m.group_id IN (SELECT grp.id FROM {tables["party"]} grp WHERE grp.kind = %s)
            JOIN {tables["party"]} person ON person.id = COALESCE(m.member_id, held.party_id)
            WHERE person.kind = %s
        )
        SELECT category, sex, n, d, gn, gd, COUNT(*), SUM(area), NULL FROM shares
        GROUP BY category, sex, n, d, gn, gd
        UNION ALL
        SELECT category, sex, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*)
        FROM (SELECT DISTINCT category, sex, person FROM shares) persons
        GROUP BY category, sex
    """  # noqa: S608 - table names from the models, the scope's SQL from the ORM; values as parameters
    params = [
        RRRKind.RIGHT,
        False,
        moment,
        moment,
        # A right's own term (rights.models.in_force_on), on the period's last day: a lease or loan whose end
        # date is past then binds no one, as on the parcel page when the period ends today.
        connection.ops.adapt_datefield_value(scope.end),
        *villages_params,
        COLLECTIVE,
        ALONE,
        JOINT,
        moment,
        moment,
        PartyKind.GROUP,
        PartyKind.NATURAL,
    ]
    tallies = defaultdict(Tally)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for category, sex, n, d, gn, gd, count, area, persons in cursor.fetchall():
            if persons is not None:
                tallies[category, sex].persons = persons
            else:
                tallies[category, sex].add(count=count, share=Fraction(n, d) * Fraction(gn, gd), area_m2=area)
    return tallies


def holders_by_sex(scope: Scope) -> Figure:
    tallies = holder_tallies(scope)
    rows = []
    total = {sex: Tally() for sex in SEXES}
    for category in CATEGORIES:
        for sex in SEXES:
            tally = tallies.get((category, sex), Tally())
            rows.append(
                [
                    ROW_LABELS[category, sex],
                    tally.persons,
                    tally.holdings,
                    tally.shares,
                    float(tally.shares),
                    tally.hectares,
                ]
            )
            total[sex].holdings += tally.holdings
            total[sex].shares += tally.shares
            total[sex].hectares += tally.hectares
    all_shares = sum((t.shares for t in total.values()), Fraction(0))
    for sex in SEXES:
        part = total[sex].shares / all_shares if all_shares else None
        rows.append(
            [
                TOTAL_LABELS[sex],
                None,
                total[sex].holdings,
                total[sex].shares,
                float(total[sex].shares),
                total[sex].hectares,
                float(part * 100) if part is not None else None,
            ]
        )
    for row in rows:
        row += [None] * (7 - len(row))
    labels = [str(label) for label in CATEGORIES.values()]
    return Figure(
        slug="holders-by-sex",
        title=_("Holders by sex"),
        description=_(
            "Women and men holding the primary rights in force at the end of the period: alone, jointly with "
            "others, and as members of a family, lineage or other group holding the right. Shares are exact: "
            "a member's share is the group's share of the right times the member's share of the group; the "
            "sum of shares counts parcels (1 = a whole parcel), the hectares the land those shares stand for."
        ),
        columns=[
            _("Holders"),
            _("Persons"),
            _("Holdings"),
            _("Sum of shares (exact)"),
            _("Sum of shares"),
            _("Hectares"),
            _("Part of all shares (%)"),
        ],
        rows=rows,
        chart=Chart(
            "bar",
            labels,
            [
                Series(str(sex_label), [float(tallies.get((c, sex), Tally()).shares) for c in CATEGORIES])
                for sex, sex_label in SEXES.items()
            ],
        ),
    )
