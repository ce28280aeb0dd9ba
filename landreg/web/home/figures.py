"""The figures of a logged-in user's home page: their villages' parcels, hectares and holdings by sex.

Every office user lands on this page, and its figures run over the user's whole scope: a registrar of a
commune of 100,000 parcels waited 1.4 s of PostgreSQL (3.8 s on SpatiaLite) for five statements that read
the current parcels three times (a count, a sum, a count per village grouped by every column of the
village, its boundary too) and the holdings twice (once per sex). Now the parcels are read once, grouped by
village (their counts and areas added up here), and the holdings once, grouped by sex: 0.8 s at 100,000.

And they are kept in the process's cache until the registry changes: the key holds the audit chain's head,
which every write moves (each write records an event), read before the figures, so what is shown is never
older than the last write and a user coming back home between writes reads one row instead of the scope.
The key holds the user's scope too (the units their grants cover), so no one reads another scope's figures
(web.kept_until_write).

They count the villages where the user sees records and those where they see statistics: a programme
officer, who sees statistics only (counts, no names), read « 0 parcelles » and « Aucun village dans votre
périmètre » here while the statistics page counted their commune. Counts and village names only, as the
statistics page shows them.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Sum

from landreg.accounts.selectors import granted_paths, villages_covered
from landreg.core import clock
from landreg.parcels.models import Parcel
from landreg.parties.models import PartyKind, Sex
from landreg.rights.models import RightHolder, RRRKind, in_force_on
from landreg.statistics.scope import PERMISSION as VIEW_STATISTICS
from landreg.web.kept_until_write import KEPT_SECONDS, kept_key


@dataclass(frozen=True)
class VillageRow:
    code: str
    name: str
    parcel_count: int


@dataclass(frozen=True)
class HomeFigures:
    villages: list[VillageRow]
    parcel_count: int
    total_area_ha: float
    women_holdings: int
    men_holdings: int


def home_figures(user) -> HomeFigures:
    # The statistics grants are part of the scope counted, so of the key (kept_key holds the records' ones).
    key = kept_key(user, "home-figures", *sorted(granted_paths(user, VIEW_STATISTICS)))
    figures = cache.get(key)
    if figures is None:
        figures = _figures(user)
        cache.set(key, figures, KEPT_SECONDS)
    return figures


def counted_villages(user):
    """The villages the home page counts: where the user sees records or statistics."""
    return villages_covered(user, "view_records") | villages_covered(user, VIEW_STATISTICS)


def _sees_every_village(user) -> bool:
    """The scope of accounts.selectors.units_covered for a superuser: every unit."""
    return user.is_authenticated and user.is_active and user.is_superuser


def _figures(user) -> HomeFigures:
    counted = counted_villages(user)
    current = Parcel.objects.filter(village__in=counted, end_lifespan__isnull=True)
    per_village = {
        row["village"]: row
        for row in current.order_by().values("village").annotate(parcels=Count("pk"), area=Sum("area_m2"))
    }
    villages = [
        VillageRow(code=code, name=name, parcel_count=per_village.get(pk, {}).get("parcels", 0))
        for pk, code, name in counted.order_by("path").values_list("pk", "code", "name")
    ]
    # Natural persons holding a current primary right, counted once per holding (sex-disaggregated), and the
    # members in force of the groups holding one (a family's, a lineage's members), once per membership: the
    # statistics' « Femmes, toutes détentions » and « Hommes, toutes détentions » (statistics.holders), which
    # the programme officer reads beside these. (The members were left out: the demo's home read 107 holdings
    # by women where the statistics counted 161.)
    primary = RightHolder.objects.filter(
        in_force_on(clock.today(), prefix="right__"),
        right__right_type__kind=RRRKind.RIGHT,
        right__right_type__is_secondary=False,
    ).order_by()
    if not _sees_every_village(user):
        # A superuser's scope is every village, so every parcel: the join of the holders to the parcels and
        # their villages only to keep them all cost the count nearly half its time (60 ms against 108 ms).
        primary = primary.filter(right__parcel__village__in=counted)
    by_sex = Counter(
        dict(
            primary.filter(party__kind=PartyKind.NATURAL)
            .values("party__sex")
            .annotate(holdings=Count("pk"))
            .values_list("party__sex", "holdings")
        )
    )
    by_sex.update(
        dict(
            primary.filter(
                party__kind=PartyKind.GROUP,
                party__memberships__end_lifespan__isnull=True,
                party__memberships__member__kind=PartyKind.NATURAL,
            )
            .values("party__memberships__member__sex")
            .annotate(holdings=Count("pk"))
            .values_list("party__memberships__member__sex", "holdings")
        )
    )
    return HomeFigures(
        villages=villages,
        parcel_count=sum(row["parcels"] for row in per_village.values()),
        total_area_ha=sum(row["area"] or 0 for row in per_village.values()) / 10_000,
        women_holdings=by_sex.get(Sex.FEMALE, 0),
        men_holdings=by_sex.get(Sex.MALE, 0),
    )
