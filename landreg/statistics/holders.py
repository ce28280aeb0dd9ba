"""Holders by sex: women and men holding alone, in joint holdings and as members of collective holdings
(families, lineages, associations…), with their exact shares (``core.shares``) and the land those shares
stand for.

Counted over the primary rights in force at the end of the period on the parcels of the scope. The database
groups holdings by sex and by share (numerator, denominator); only those few groups are added up here, as
exact fractions, so 1/3 + 1/3 + 1/3 is exactly 1 whatever the number of rows.
"""

from collections import defaultdict
from fractions import Fraction

from django.db.models import Count, F, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landreg.parties.models import GroupMembership, PartyKind, Sex
from landreg.rights.models import Right, RightHolder, RRRKind
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


def rights_in_force(scope: Scope):
    """Primary rights (not the secondary ones, nor restrictions such as a mortgage and its lender)."""
    return Right.objects.as_of(scope.end_at).filter(
        parcel__village__in=scope.village_ids, right_type__kind=RRRKind.RIGHT, right_type__is_secondary=False
    )


def holder_tallies(scope: Scope) -> dict[tuple[str, str], Tally]:
    rights = rights_in_force(scope).annotate(holder_count=Count("holders"))
    alone_rights = rights.filter(holder_count=1).values("pk")
    joint_rights = rights.filter(holder_count__gt=1).values("pk")
    tallies = defaultdict(Tally)
    persons = F("party")
    for category, right_ids in ((ALONE, alone_rights), (JOINT, joint_rights)):
        holders = RightHolder.objects.filter(right__in=right_ids, party__kind=PartyKind.NATURAL)
        for row in (
            holders.values("party__sex", "share_numerator", "share_denominator")
            .annotate(n=Count("pk"), area=Sum("right__parcel__area_m2"))
            .order_by()
        ):
            tallies[category, row["party__sex"]].add(
                count=row["n"],
                share=Fraction(row["share_numerator"], row["share_denominator"]),
                area_m2=row["area"],
            )
        for row in holders.values("party__sex").annotate(n=Count(persons, distinct=True)).order_by():
            tallies[category, row["party__sex"]].persons = row["n"]
    # A member's part of the land: the group's share of the right times the member's share of the group.
    members = GroupMembership.objects.filter(
        group__holdings__right__in=rights_in_force(scope).values("pk"),
        group__kind=PartyKind.GROUP,
        member__kind=PartyKind.NATURAL,
        begin_lifespan__lte=scope.end_at,
    ).exclude(end_lifespan__lte=scope.end_at)
    for row in (
        members.values(
            "member__sex",
            "share_numerator",
            "share_denominator",
            group_numerator=F("group__holdings__share_numerator"),
            group_denominator=F("group__holdings__share_denominator"),
        )
        .annotate(n=Count("pk"), area=Sum("group__holdings__right__parcel__area_m2"))
        .order_by()
    ):
        share = Fraction(row["share_numerator"], row["share_denominator"]) * Fraction(
            row["group_numerator"], row["group_denominator"]
        )
        tallies[COLLECTIVE, row["member__sex"]].add(count=row["n"], share=share, area_m2=row["area"])
    for row in members.values("member__sex").annotate(n=Count("member", distinct=True)).order_by():
        tallies[COLLECTIVE, row["member__sex"]].persons = row["n"]
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
