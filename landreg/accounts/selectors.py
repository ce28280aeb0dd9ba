"""Which administrative units a user may act on. Every list in the registry is scoped through here."""

import datetime as dt
import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from guardian.models import GroupObjectPermission, UserObjectPermission
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


# Within a GET or HEAD request (ReadGrantsOnceMiddleware) a user's permissions on units are read once, all
# permissions in one statement (a parcel's page asked guardian up to six times), and kept by the process under
# (user id, user.grants_key) for the next reads: the key is changed by every grant and revocation in their
# transaction, and the user's row (with its key) is read from the database at every request, so a revoked
# role stops working at the next request in every process. Other requests, commands and jobs always ask the
# database. The time limit only bounds what the key cannot see: object permissions written outside the grant
# services (none are, see accounts.services) or given to a group.
_grants_of_request: ContextVar[dict | None] = ContextVar("landreg_grants_of_request", default=None)
GRANTS_KEPT_SECONDS = 300
GRANTS_KEPT_USERS = 2000
_kept: OrderedDict[tuple, tuple[float, dict[str, list[str]]]] = OrderedDict()
_kept_lock = threading.Lock()


@contextmanager
def grants_read_once():
    token = _grants_of_request.set({})
    try:
        yield
    finally:
        _grants_of_request.reset(token)


def _read_grants(user) -> dict[str, list[str]]:
    """Every permission the user holds on units, directly or through a group: {codename: [unit paths]}."""
    unit_type = ContentType.objects.get_for_model(AdministrativeUnit)
    direct = UserObjectPermission.objects.filter(user=user, content_type=unit_type)
    through_groups = GroupObjectPermission.objects.filter(group__user=user, content_type=unit_type)
    rows = list(
        direct.values_list("permission__codename", "object_pk").union(
            through_groups.values_list("permission__codename", "object_pk")
        )
    )
    if not rows:
        return {}
    paths = dict(
        AdministrativeUnit.objects.filter(pk__in={pk for _codename, pk in rows}).values_list("pk", "path")
    )
    grants: dict[str, list[str]] = {}
    for codename, object_pk in rows:
        path = paths.get(uuid.UUID(object_pk))
        if path is not None:
            grants.setdefault(codename, []).append(path)
    return grants


def _grants_kept(user) -> dict[str, list[str]]:
    key = (user.pk, user.grants_key)
    now = time.monotonic()
    with _kept_lock:
        kept = _kept.get(key)
        if kept is not None and kept[0] > now:
            _kept.move_to_end(key)
            return kept[1]
    grants = _read_grants(user)
    with _kept_lock:
        _kept[key] = (now + GRANTS_KEPT_SECONDS, grants)
        while len(_kept) > GRANTS_KEPT_USERS:
            _kept.popitem(last=False)
    return grants


def granted_paths(user, codename: str) -> list[str]:
    """The paths of the units on which the user holds the permission directly."""
    memo = _grants_of_request.get()
    plain = user.is_authenticated and user.is_active and not user.is_superuser
    if memo is None or not plain or getattr(user, "grants_key", None) is None:
        return list(units_granted(user, codename).values_list("path", flat=True))
    if user.pk not in memo:
        memo[user.pk] = _grants_kept(user)
    return memo[user.pk].get(codename, [])


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


def covers_path(user, codename: str, path: str) -> bool:
    """True if the permission applies to the unit at ``path`` (granted on it or on a unit above it): as
    ``unit in units_covered(user, codename)``, from the unit's path alone (no statement once the user's
    permissions are read)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return any(path.startswith(granted) for granted in granted_paths(user, codename))


def sees_village_records(user, path: str, level: str) -> bool:
    """As ``villages_covered(user, "view_records")`` for a unit read as its path and level: a village where
    the user sees the records (its parcels, claims, people), from the permissions read once a request."""
    return level == UnitLevel.VILLAGE and covers_path(user, "view_records", path)


def _ancestor_paths(unit: AdministrativeUnit) -> list[str]:
    parts = unit.path.rstrip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def administers_system(user) -> bool:
    """Whether the user administers the registry as a whole (backups hold every village's personal data):
    a superuser, or a system administrator on a country, the top of the tree (a path of one code, "BF/"),
    rather than on a region, commune or village below it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(path.count("/") == 1 for path in granted_paths(user, "administer_unit"))


def role_holder(*, role: str, unit: AdministrativeUnit, on: dt.date):
    """The user who held ``role`` on ``unit`` that day (the latest granted if several), else the one who
    holds it now, else None: the papers of a village name its committee's president."""
    from landreg.accounts.models import RoleAssignment

    held = RoleAssignment.objects.filter(role=role, unit=unit).select_related("user").order_by("-granted_at")
    still = Q(revoked_at__isnull=True) | Q(revoked_at__date__gt=on)
    then = held.filter(still, granted_at__date__lte=on)
    found = then.first() or held.filter(revoked_at__isnull=True).first()
    return found.user if found else None
