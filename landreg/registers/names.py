"""Holders as a register writes them: name and share, a group with its members and mandatary, and the ID
document only for readers allowed to see personal data."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from landreg.parties.models import GroupMembership, Party, PartyKind
from landreg.rights.models import RightHolder


def holders_prefetch(path: str = "holders") -> Prefetch:
    """What a register reads of rights' holders (``path`` leads to them), in a few queries for the whole
    register rather than some for each entry."""
    return Prefetch(
        path,
        queryset=RightHolder.objects.select_related("party").prefetch_related(
            Prefetch(
                "party__memberships",
                queryset=current_memberships(),
                to_attr="current_members",
            )
        ),
    )


def current_memberships():
    """A group's current members, the mandatary first, then by name: a register prints them in the same order
    on every database (without an order PostgreSQL returns them as it finds them)."""
    return (
        GroupMembership.objects.filter(end_lifespan__isnull=True)
        .select_related("member")
        .order_by("-is_mandatary", "member__last_name", "member__first_names", "member__name", "pk")
    )


def day(moment) -> str:
    """A date or an aware time as the day it was in the registry's time zone, written dd/mm/yyyy."""
    if moment is None:
        return "—"
    if hasattr(moment, "tzinfo"):
        moment = timezone.localdate(moment)
    return date_format(moment, "d/m/Y")


def party_text(party: Party, *, personal: bool) -> str:
    text = party.display_name
    if personal and party.id_document_number:
        text += f" — {party.get_id_document_type_display()} {party.id_document_number}"
    return text


def _member_text(membership: GroupMembership, personal: bool) -> str:
    text = f"{party_text(membership.member, personal=personal)} ({membership.share})"
    return text + (", " + _("mandatary") if membership.is_mandatary else "")


def holders_text(right, *, personal: bool) -> str:
    """One line per holder with their share; a group's members (current ones) on the lines below it."""
    lines = []
    for holder in right.holders.all():
        party = holder.party
        lines.append(f"{party_text(party, personal=personal)} ({holder.share})")
        if party.kind == PartyKind.GROUP:
            members = getattr(party, "current_members", None)
            if members is None:
                members = current_memberships().filter(group=party)
            lines += ["  · " + _member_text(m, personal) for m in members]
    return "\n".join(lines) or "—"
