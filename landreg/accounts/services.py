"""Grants and revocations of roles: the one module that writes object permissions.

A role on a unit gives its permissions (``roles.ROLE_PERMISSIONS``) as django-guardian object permissions
on that unit; checks look at the unit and its ancestors (``selectors``).
"""

import uuid

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from landreg.accounts.models import RoleAssignment, User
from landreg.accounts.roles import ADMIN_GROUP_NAME, ROLE_PERMISSIONS, STAFF_ROLES, Role
from landreg.core import clock
from landreg.territory.models import AdministrativeUnit

_ADMIN_APPS = ["territory", "parties", "parcels", "rights", "documents", "accounts"]
_ADMIN_APPS += ["adjudication", "disputes"]  # procedure profiles and dispute cases
# Read, never written, in the admin: the audit chain's events and its signed checkpoints (docs/audit.md:
# « read-only in the admin »), which the system administrator checks; without their view permissions the
# admin had no « Audit » section for them, only for a superuser.
ADMIN_READS = {"audit": ["auditevent", "auditcheckpoint"]}


def _grants_changed(user: User) -> None:
    """A new grants_key, in the grant's transaction: the permissions cached under the old one are not read
    again by any process (accounts.selectors)."""
    user.grants_key = uuid.uuid4()
    User.objects.filter(pk=user.pk).update(grants_key=user.grants_key)  # the user's kept row forgotten too


def _admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP_NAME)
    wanted = Permission.objects.filter(content_type__app_label__in=_ADMIN_APPS)
    for app_label, models in ADMIN_READS.items():
        wanted |= Permission.objects.filter(
            content_type__app_label=app_label, codename__in=[f"view_{model}" for model in models]
        )
    group.permissions.add(*wanted)
    return group


@transaction.atomic
def role_grant(
    *, user: User, role: Role | str, unit: AdministrativeUnit, granted_by: User | None = None
) -> RoleAssignment:
    """Idempotent: granting a role the user already holds on the unit returns the active assignment."""
    role = Role(role)
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        unit=unit,
        revoked_at=None,
        defaults={"granted_by": granted_by, "granted_at": clock.now()},
    )
    for codename in ROLE_PERMISSIONS[role]:
        assign_perm(f"territory.{codename}", user, unit)
    _grants_changed(user)
    if role in STAFF_ROLES:
        user.groups.add(_admin_group())
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, revoked_by: User | None = None) -> RoleAssignment:
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.revoked_at is not None:
        return assignment
    assignment.revoked_at, assignment.revoked_by = clock.now(), revoked_by
    assignment.save(update_fields=["revoked_at", "revoked_by"])
    # Keep the permissions that another active role of the user still gives on the same unit.
    still_held = set()
    for other in RoleAssignment.objects.filter(
        user=assignment.user, unit=assignment.unit, revoked_at__isnull=True
    ):
        still_held.update(ROLE_PERMISSIONS[other.role])
    for codename in set(ROLE_PERMISSIONS[assignment.role]) - still_held:
        remove_perm(f"territory.{codename}", assignment.user, assignment.unit)
    _grants_changed(assignment.user)
    staff_still = RoleAssignment.objects.filter(
        user=assignment.user, revoked_at__isnull=True, role__in=STAFF_ROLES
    )
    if assignment.role in STAFF_ROLES and not staff_still.exists():
        assignment.user.groups.remove(_admin_group())
        assignment.user.is_staff = False
        assignment.user.save(update_fields=["is_staff"])
    return assignment
