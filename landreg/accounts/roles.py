"""Roles and the object permissions each one holds on the administrative unit it is granted on.

A role granted on a commune covers every village of the commune (permissions are checked on the unit and
its ancestors). Grants go through ``landreg.accounts.services`` only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FIELD_AGENT = "field_agent", _("field agent")
    COMMITTEE_MEMBER = "committee_member", _("land committee member")
    COMMITTEE_PRESIDENT = "committee_president", _("land committee president")
    CONCILIATION_COMMITTEE = "conciliation_committee", _("conciliation committee")
    SIGNING_AUTHORITY = "signing_authority", _("signing authority")
    REGISTRAR = "registrar", _("registrar")
    DISPUTE_ADMINISTRATOR = "dispute_administrator", _("dispute administrator")
    SYSTEM_ADMINISTRATOR = "system_administrator", _("system administrator")
    # Follows the programme's progress (statistics only: no names, no parcels, no personal data).
    PROGRAMME_OFFICER = "programme_officer", _("programme officer (monitoring)")


_EVERYTHING = [
    "view_records",
    "view_personal_data",
    "record_claims",
    "screen_claims",
    "vote_committee",
    "preside_committee",
    "conciliate",
    "approve_claims",
    "sign_certificates",
    "issue_certificates",
    "record_transactions",
    "manage_disputes",
    "administer_unit",
    "view_statistics",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.FIELD_AGENT: ["view_records", "view_personal_data", "record_claims"],
    Role.COMMITTEE_MEMBER: ["view_records", "vote_committee"],
    Role.COMMITTEE_PRESIDENT: ["view_records", "vote_committee", "preside_committee"],
    Role.CONCILIATION_COMMITTEE: ["view_records", "conciliate"],
    Role.SIGNING_AUTHORITY: ["view_records", "approve_claims", "sign_certificates", "view_statistics"],
    Role.REGISTRAR: [
        "view_records",
        "view_personal_data",
        "screen_claims",
        "issue_certificates",
        "record_transactions",
        "view_statistics",
    ],
    Role.DISPUTE_ADMINISTRATOR: ["view_records", "view_personal_data", "manage_disputes", "conciliate"],
    Role.SYSTEM_ADMINISTRATOR: _EVERYTHING,
    Role.PROGRAMME_OFFICER: ["view_statistics"],
}

# Roles whose holders use the Django admin (with the model permissions of the group below).
STAFF_ROLES = {Role.SYSTEM_ADMINISTRATOR}
# The stored name, which code looks the group up by (accounts.services): it is never translated.
ADMIN_GROUP_NAME = "system administrators"
# What people read instead (the admin's group list and pages, a user's groups, filters): their language.
GROUP_LABELS = {ADMIN_GROUP_NAME: _("system administrators")}


def group_label(group) -> str:
    """A group's name in the reader's language; a group made by hand in the admin keeps its given name."""
    return str(GROUP_LABELS.get(group.name, group.name))
