"""Later life of a right: transfer by inheritance, sale or donation. The old right ends, a new one begins.

``right_transfer`` records a transfer directly, which the land office may do only for kinds the commune's
profile puts through no step; otherwise a change application (``changes.change_draft``) walks the steps and
its approval calls ``transfer_apply``.
"""

from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes.consents import refuse_direct_disposal
from landreg.adjudication.changes.minors import check_parties_represented
from landreg.adjudication.exceptions import TransferError
from landreg.adjudication.models import Transfer, TransferKind
from landreg.adjudication.profiles import profile_for, require_documents, require_no_procedure
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.disputes.cases.freeze import require_no_open_case
from landreg.parties.services import representation_record
from landreg.rights.descriptions import transfer_description
from landreg.rights.holding import right_type_taken
from landreg.rights.legal_basis import inheritance_basis
from landreg.rights.models import Right, RightType
from landreg.rights.services import HolderShare, right_end, right_register


@transaction.atomic
def right_transfer(
    *,
    right: Right,
    kind: str,
    new_holders: Sequence[HolderShare],
    actor,
    reason: str,
    documents: Iterable = (),
    representatives: Mapping | None = None,
) -> Transfer:
    """Heirs (inheritance), a buyer (sale) or a donee (donation) take the right with their exact shares.

    The profile of the commune says which documents each kind needs. The old right's lifespan ends (its
    certificate then reads as superseded); the new right starts now; both stay in the register.
    ``representatives``: {party id: changes.minors.RepresentativeInput}, the legal representative named for a
    taker who is a minor, recorded for them with the transfer (as an application's approval records one);
    a minor taker with none named here or recorded already is refused.
    """
    village = right.parcel.village  # transfer_apply locks the right
    if not has_unit_perm(actor, "record_transactions", village):
        raise PermissionDeniedError(_("You may not record transactions in this village."))
    if kind not in TransferKind.values:
        raise TransferError(_("Unknown kind of transfer “%(kind)s”.") % {"kind": kind})
    profile = profile_for(village)
    require_no_procedure(profile, kind)
    refuse_direct_disposal(right=right, kind=kind)
    # A change application refuses a minor taker without a representative (changes.minors): so does this door.
    representatives = representatives or {}
    check_parties_represented(
        [h.party for h in new_holders], majority_age=profile.majority_age, named=representatives
    )
    for holder in new_holders:
        if holder.party.pk in representatives:
            named = representatives[holder.party.pk]
            representation_record(
                person=holder.party,
                representative_name=named.name,
                basis=named.basis,
                reference=named.reference,
                actor=actor,
            )
    documents = list(documents)
    present = [d.source_type for d in documents]
    require_documents(profile, kind, present, _("Documents missing for this transfer: %(docs)s."))
    return transfer_apply(
        right=right, kind=kind, new_holders=new_holders, actor=actor, reason=reason, documents=documents
    )


def _locked_right(right: Right) -> Right:
    # Lock the right: two clerks recording a transfer of the same right cannot both succeed.
    return Right.objects.select_for_update(of=("self",)).select_related("parcel__village").get(pk=right.pk)


def _basis(right: Right, kind: str, new_holders: Sequence[HolderShare], documents: Sequence) -> str:
    """The new right's legal basis: an inheritance rests on the succession (the deceased, the paper that
    proves it); a sale or a donation keeps the right's own basis, its deed listed among its documents."""
    if kind != TransferKind.INHERITANCE:
        return right.legal_basis
    old = [h.party for h in right.holders.select_related("party").order_by("id")]
    # The deceased are the holders who do not take the right again (a widow keeps her half; her husband's
    # goes to their children); when every holder takes it again, the succession is of them all.
    taking = {h.party.pk for h in new_holders}
    deceased = [party for party in old if party.pk not in taking] or old
    return inheritance_basis(
        deceased=[party.display_name for party in deceased], documents=documents, recorded_on=clock.today()
    )


def transfer_apply(
    *, right: Right, kind: str, new_holders: Sequence[HolderShare], actor, reason: str, documents: Sequence
) -> Transfer:
    """Write the transfer; the caller has checked the actor and the documents. Runs in the caller's
    transaction."""
    locked = _locked_right(right)
    # In force, not merely open in the register (rights.models.in_force_on): a lease or loan past its own end
    # date binds no one any more, so no one can sell, give or inherit it.
    if not locked.is_current:
        raise TransferError(_("This right has already ended; transfer its current successor."))
    if not locked.is_in_force(clock.today()):
        raise TransferError(
            _("This right's term is over (%(date)s): it can no longer be transferred.")
            % {"date": f"{locked.end_date:%d/%m/%Y}"}
        )
    require_no_open_case(rights=[locked], parcels=[locked.parcel])
    if not reason.strip():
        raise TransferError(_("Describe the transfer (deceased holder, deed, date)."))
    basis = _basis(locked, kind, new_holders, documents)
    ended = right_end(right=locked, actor=actor, reason=reason)
    # The takers' holding, not the sellers': a family's « Propriété collective » sold to one person is his own
    # land (rights.holding says the rule and why); the nature (statutory or customary) stays.
    taken = right_type_taken(
        right_type=locked.right_type_id,
        tenure_system=locked.tenure_system,
        holder_kinds=[h.party.kind for h in new_holders],
    )
    new_right = right_register(
        parcel=locked.parcel,
        right_type=locked.right_type if taken == locked.right_type_id else RightType.objects.get(pk=taken),
        holders=new_holders,
        tenure_system=locked.tenure_system,
        legal_basis=basis,
        start_date=clock.today(),
        # The registry's message, in English whatever the clerk's language, said in the reader's at display.
        description=transfer_description(kind=kind, reason=reason),
        created_by=actor,
    )
    transfer = Transfer.objects.create(
        kind=kind,
        parcel=locked.parcel,
        old_right=ended,
        new_right=new_right,
        recorded_by=actor,
        recorded_at=clock.now(),
        reason=reason,
    )
    transfer.documents.add(*documents)
    for source in documents:
        source.rights.add(new_right)
    audit_record(
        action=f"right.transfer.{kind}",
        obj=locked,
        actor=actor,
        payload={
            "new_right": str(new_right.pk),
            "holders": [f"{h.party.pk}:{h.share}" for h in new_holders],
            "reason": reason,
        },
    )
    return transfer
