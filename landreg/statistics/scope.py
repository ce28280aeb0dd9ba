"""What a statistics page counts: the villages the user may see statistics of, narrowed to a commune or a
village, over a period of days. Every figure reads through a ``Scope``, so none counts another commune."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from landreg.accounts.selectors import villages_covered
from landreg.territory.models import AdministrativeUnit, UnitLevel

PERMISSION = "view_statistics"


def statistics_villages(user) -> QuerySet[AdministrativeUnit]:
    return villages_covered(user, PERMISSION)


def statistics_communes(user) -> QuerySet[AdministrativeUnit]:
    """Communes with at least one village the user may see statistics of."""
    return AdministrativeUnit.objects.filter(
        level=UnitLevel.COMMUNE, pk__in=statistics_villages(user).values("parent")
    ).order_by("name")


def may_view_statistics(user) -> bool:
    return statistics_villages(user).exists()


@dataclass(frozen=True)
class Scope:
    villages: QuerySet  # of AdministrativeUnit: the villages counted
    start: dt.date
    end: dt.date  # included
    commune: AdministrativeUnit | None = None
    village: AdministrativeUnit | None = None
    # Counts several figures share (claims by village and month, by state today), made once per scope.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period (the end day is included)."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))

    @property
    def village_ids(self) -> QuerySet:
        return self.villages.values("pk")

    def months(self) -> list[dt.date]:
        """First day of each month the period touches, in order."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return months


def scope_for(
    user,
    *,
    start: dt.date,
    end: dt.date,
    commune: AdministrativeUnit | None = None,
    village: AdministrativeUnit | None = None,
) -> Scope:
    """The user's villages, narrowed to the commune or the village chosen (the form offers only those the user
    may see; narrowing here again means a unit outside the user's scope counts nothing)."""
    villages = statistics_villages(user)
    if commune is not None:
        villages = villages.filter(path__startswith=commune.path)
    if village is not None:
        villages = villages.filter(pk=village.pk)
    return Scope(villages=villages, start=start, end=end, commune=commune, village=village)
