"""Which administrative units a user may act on. Every list in the registry is scoped through here."""

from contextlib import contextmanager
from contextvars import ContextVar

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


# Within a GET or HEAD request (ReadGrantsOnceMiddleware), the paths of the units on which a user holds a
# permission are read once per permission: a parcel's page asked guardian the same question up to six times.
# Reads do not change grants; other requests, commands and jobs always ask the database.
_grants_of_request: ContextVar[dict | None] = ContextVar("landreg_grants_of_request", default=None)


@contextmanager
def grants_read_once():
    token = _grants_of_request.set({})
    try:
        yield
    finally:
        _grants_of_request.reset(token)


def granted_paths(user, codename: str) -> list[str]:
    """The paths of the units on which the user holds the permission directly."""
    memo = _grants_of_request.get()
    key = (user.pk, codename)
    if memo is not None and key in memo:
        return memo[key]
    paths = list(units_granted(user, codename).values_list("path", flat=True))
    if memo is not None:
        memo[key] = paths
    return paths


class ReadGrantsOnceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with grants_read_once():
            return self.get_response(request)


def units_covered(user, codename: str) -> QuerySet[AdministrativeUnit]:
    """Units on which the permission applies: the granted units and every unit below them."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return AdministrativeUnit.objects.all()
    paths = granted_paths(user, codename)
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
    return not set(granted_paths(user, codename)).isdisjoint(_ancestor_paths(unit))


def _ancestor_paths(unit: AdministrativeUnit) -> list[str]:
    parts = unit.path.rstrip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
