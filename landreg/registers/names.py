"""Holders as a register writes them: name and share, a group with its members and mandatary, and the ID
document only for readers allowed to see personal data."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from landreg.core.search.collation import NameOrder
from landreg.parties.models import GroupMembership, Party, PartyKind
from landreg.rights.models import RightHolder
from landreg.rights.mortgages import MORTGAGE


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


# What a register writes of a holder (``party_text``).
PARTY_COLUMNS = ("kind", "last_name", "first_names", "name", "id_document_type", "id_document_number")


def holders_by_right(rights: QuerySet) -> dict:
    """The holders of ``rights`` (a queryset) by right id, each with its party and, for a group, its current
    members (``party.current_members``): three statements for a whole register, whatever its length.

    A register of 5,000 entries through ``prefetch_related`` spent 6 s in Django making a queryset per
    right to keep each one's holders and certificates; grouping the rows here costs a dictionary lookup."""
    holders = list(
        RightHolder.objects.filter(right__in=rights.values("pk"))
        .select_related("party")
        .only(
            "share_numerator", "share_denominator", "right_id", *(f"party__{name}" for name in PARTY_COLUMNS)
        )
        .order_by("right_id", "pk")
    )
    groups = [h.party for h in holders if h.party.kind == PartyKind.GROUP]
    members: dict = {}
    if groups:
        in_groups = current_memberships().filter(
            group__in=RightHolder.objects.filter(
                right__in=rights.values("pk"), party__kind=PartyKind.GROUP
            ).values("party_id")
        )
        for membership in in_groups:
            members.setdefault(membership.group_id, []).append(membership)
    by_right: dict = {}
    for holder in holders:
        if holder.party.kind == PartyKind.GROUP:
            holder.party.current_members = members.get(holder.party_id, [])
        by_right.setdefault(holder.right_id, []).append(holder)
    return by_right


def current_memberships():
    """A group's current members, the mandatary first, then by name: a register prints them in the same order
    on every database (without an order PostgreSQL returns them as it finds them)."""
    return (
        GroupMembership.objects.filter(end_lifespan__isnull=True)
        .select_related("member")
        .order_by(
            "-is_mandatary",
            NameOrder("member__last_name"),
            NameOrder("member__first_names"),
            NameOrder("member__name"),
            "pk",
        )
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
    return holders_lines(right.holders.all(), personal=personal)


def holders_lines(holders, *, personal: bool) -> str:
    """``holders_text`` of holders already read (``holders_by_right``)."""
    lines = []
    for holder in holders:
        party = holder.party
        lines.append(f"{party_text(party, personal=personal)} ({holder.share})")
        if party.kind == PartyKind.GROUP:
            members = getattr(party, "current_members", None)
            if members is None:
                members = current_memberships().filter(group=party)
            lines += ["  · " + _member_text(m, personal) for m in members]
    return "\n".join(lines) or "—"


def right_holders_lines(right, holders, *, personal: bool) -> str:
    """``holders_lines`` of a right's holders; a mortgage's creditor said as such (« Caisse populaire …
    (créancier) »), not as the holder of a share « (1) » of the land."""
    if right.right_type_id != MORTGAGE:
        return holders_lines(holders, personal=personal)
    creditor = _("creditor")
    return "\n".join(f"{party_text(h.party, personal=personal)} ({creditor})" for h in holders) or "—"
