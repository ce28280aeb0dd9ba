"""Who may read which register of which village, and the register itself, scoped like every other read.

The registers of possessions and of transactions are read by whoever may see the village's records; the
register of conciliations names the parties of disputes, so it is for those who handle them (the dispute
administrator, the conciliation committee) and for the land office that keeps the registers (registrars).
ID documents appear only for readers who may see the village's personal data.
"""

import datetime as dt

from django.db.models import QuerySet

from landreg.accounts.selectors import villages_covered
from landreg.registers.conciliations import conciliations_register
from landreg.registers.kinds import Register, RegisterKind
from landreg.registers.possessions import possessions_register
from landreg.registers.transactions import transactions_register
from landreg.territory.models import AdministrativeUnit, UnitLevel

READERS = {
    RegisterKind.POSSESSIONS: ("view_records",),
    RegisterKind.TRANSACTIONS: ("view_records",),
    RegisterKind.CONCILIATIONS: ("record_transactions", "manage_disputes", "conciliate"),
}
BUILDERS = {
    RegisterKind.POSSESSIONS: possessions_register,
    RegisterKind.TRANSACTIONS: transactions_register,
    RegisterKind.CONCILIATIONS: conciliations_register,
}


def villages_with_register(user, kind: RegisterKind) -> QuerySet[AdministrativeUnit]:
    villages = AdministrativeUnit.objects.none()
    for codename in READERS[kind]:
        villages = villages | villages_covered(user, codename)
    return villages.distinct()


def villages_with_registers(user) -> QuerySet[AdministrativeUnit]:
    """The villages of which the user may read at least one register."""
    villages = AdministrativeUnit.objects.none()
    for kind in RegisterKind:
        villages = villages | villages_with_register(user, kind)
    return villages.distinct().select_related("parent").order_by("name")


def kinds_readable(user, village: AdministrativeUnit) -> list[RegisterKind]:
    return [k for k in RegisterKind if villages_with_register(user, k).filter(pk=village.pk).exists()]


def register_read(
    *, user, kind: RegisterKind, village: AdministrativeUnit, start: dt.date, end: dt.date
) -> Register:
    """The register, or ``LookupError`` when the user may not read it (the page answers 404: it does not
    say whether the village exists)."""
    if kind not in kinds_readable(user, village):
        raise LookupError(kind)
    personal = villages_covered(user, "view_personal_data").filter(pk=village.pk).exists()
    commune = village.ancestor_at(UnitLevel.COMMUNE)
    return BUILDERS[kind](village=village, commune=commune, start=start, end=end, personal=personal)
