"""Which administrative units a user may act on. Every list in the registry is scoped through here."""

from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from landreg.territory.models import AdministrativeUnit, UnitLevel


def units_granted(user, codename: str) -> QuerySet[AdministrativeUnit]:
    """Units on which the user holds the permission directly (not those below them)."""
    if not user.is_authenticated or not user.is_active:
        return AdministrativeUnit.objects.none()
    if user.is_superuser:
        return AdministrativeUnit.objects.all()
    return get_objects_for_user(
        user,
        f"territory.{codename}",
        klass=AdministrativeUnit,
        accept_global_perms=False,
        with_superuser=False,
    )


def units_covered(user, codename: str) -> QuerySet[AdministrativeUnit]:
    """Units on which the permission applies: the granted units and every unit below them."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return AdministrativeUnit.objects.all()
    paths = list(units_granted(user, codename).values_list("path", flat=True))
    if not paths:
        return AdministrativeUnit.objects.none()
    prefix = Q()
    for path in paths:
        prefix |= Q(path__startswith=path)
    return AdministrativeUnit.objects.filter(prefix)


def villages_covered(user, codename: str) -> QuerySet[AdministrativeUnit]:
    return units_covered(user, codename).filter(level=UnitLevel.VILLAGE)


def has_unit_perm(user, codename: str, unit: AdministrativeUnit) -> bool:
    """True if the user holds the permission on the unit or on one of its ancestors."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return units_granted(user, codename).filter(path__in=_ancestor_paths(unit)).exists()


def _ancestor_paths(unit: AdministrativeUnit) -> list[str]:
    parts = unit.path.rstrip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
