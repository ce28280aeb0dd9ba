"""The registers a rural land office keeps, and the shape every one of them is printed from.

Burkina Faso's rural land services (services fonciers ruraux, law 034-2009) keep a register of possessions
(registre des possessions foncières rurales), a register of transactions (registre des transactions foncières
rurales) and a register of conciliations (registre des conciliations foncières). Landreg writes none of them
by hand: each is read, for a village and a period, from the registry's own records, and printed (PDF) or
exported (CSV) from the same ``Register``.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from landreg.territory.models import AdministrativeUnit


class RegisterKind(models.TextChoices):
    POSSESSIONS = "possessions", _("Register of rural land possessions")
    TRANSACTIONS = "transactions", _("Register of rural land transactions")
    CONCILIATIONS = "conciliations", _("Register of land conciliations")


@dataclass(frozen=True)
class Register:
    """One register of one village over a period: column titles and one row of texts per entry.

    The first column is the entry's number in the village's register since its first entry, so an entry
    keeps its number whichever period is printed. A newline in a text starts a new line in its cell.
    """

    kind: RegisterKind
    village: AdministrativeUnit
    commune: AdministrativeUnit | None
    start: dt.date
    end: dt.date
    columns: list[str]
    rows: list[list[str]]

    @property
    def title(self) -> str:
        return str(self.kind.label)


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the registry's time zone: a period starts there."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def day_after(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` in the registry's time zone: a period includes its last day."""
    return day_start(day + dt.timedelta(days=1))
