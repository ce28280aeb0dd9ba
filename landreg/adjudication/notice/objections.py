"""Objections (oppositions): lodged only inside the public notice window; each opens a dispute case."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.exceptions import ClaimError, NoticeError
from landreg.adjudication.models import Claim, Objection
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.core.stored_messages import message_kept
from landreg.disputes.cases.services import PartyInput, dispute_open
from landreg.disputes.states import DisputeKind, DisputeOrigin, DisputeRole

# What an objection disputes, by what the claim asks (the case's type can be read at a glance on its list).
_KIND_OF_PURPOSE = {
    "first_registration": DisputeKind.BOUNDARY,
    "inheritance": DisputeKind.INHERITANCE,
    "split": DisputeKind.BOUNDARY,
    "merge": DisputeKind.BOUNDARY,
    "lease": DisputeKind.SECONDARY_RIGHT,
    "loan": DisputeKind.SECONDARY_RIGHT,
}


def may_record_for_others(user, claim: Claim) -> bool:
    """The village's agent, or the land office, records for other people: the notice board sends objectors
    « to the land office of the commune or to the field agent » (notice.boards). The land office recorded
    only for the changes it lodged: at its counter, a neighbour's objection to a first claim was recorded as
    the registrar's own."""
    return any(
        has_unit_perm(user, codename, claim.village)
        for codename in ("record_claims", "record_transactions", claim.lodging_permission)
    )


@transaction.atomic
def objection_lodge(
    *,
    claim: Claim,
    recorded_by,
    grounds: str,
    objector_name: str = "",
    objector_id_reference: str = "",
    objector_party=None,
    documents: Iterable = (),
) -> Objection:
    """Anyone identified may object. An account holder objects in their own name; an agent of the village
    records the objection of someone else, who is named: a person registered in the village
    (``objector_party``), or a person without an account (name and how they were identified), one of the two.
    An agent who names no one is refused (the objection would otherwise read as the agent's own), and so is
    one who names both (which of the two objects?), whatever the door: page, API."""
    documents = list(documents)
    # Lock the claim so an objection and the closing of the notice cannot cross.
    locked = Claim.objects.select_for_update(of=("self",)).select_related("village").get(pk=claim.pk)
    if not recorded_by.is_authenticated:
        raise PermissionDeniedError(_("Identify yourself to lodge an objection."))
    today = clock.today()
    if locked.notice_start is None or today < locked.notice_start:
        raise NoticeError(_("Objections open with the public notice, which has not started."))
    if today > locked.notice_end:
        raise NoticeError(
            _("The public notice ended on %(end)s; objections are no longer received.")
            % {"end": date_format(locked.notice_end, "d/m/Y")}
        )
    if not grounds.strip():
        raise ClaimError(_("State the grounds of the objection."))
    if objector_party is not None and objector_name.strip():
        raise ClaimError(
            _("Choose the registered person or write the name of someone not registered, not both.")
        )
    objector_sex = ""
    if objector_party is not None:
        if not may_record_for_others(recorded_by, locked):
            raise PermissionDeniedError(
                _("Only an agent of the village records objections for other people.")
            )
        if objector_party.village_id != locked.village_id or objector_party.end_lifespan is not None:
            raise ClaimError(_("The objector chosen is not a person registered in the village."))
        objector_name, objector_sex = objector_party.display_name, objector_party.sex
        objector_id_reference = objector_id_reference.strip() or _("registered in the village")
        objector_user = None
    elif objector_name.strip():
        if not may_record_for_others(recorded_by, locked):
            raise PermissionDeniedError(
                _("Only an agent of the village records objections for other people.")
            )
        if not objector_id_reference.strip():
            raise ClaimError(_("Record how the objector was identified (ID document or witnesses)."))
        objector_user = None
    elif may_record_for_others(recorded_by, locked):
        raise ClaimError(
            _(
                "Name the objector: choose them among the people registered in the village, or write their "
                "name and how they were identified."
            )
        )
    else:
        objector_name = recorded_by.get_full_name() or recorded_by.get_username()
        objector_id_reference = f"compte {recorded_by.get_username()}"
        objector_user = recorded_by
    # The same objection sent again (a double click on the claim page, a retry after a lost answer) is the one
    # recorded, not a second dispute case: the claim's row lock above makes the second request wait for the
    # first and find what it recorded.
    what = {
        "objector_name": objector_name,
        "objector_id_reference": objector_id_reference,
        "objector_user": objector_user,
        "recorded_by": recorded_by,
        "grounds": grounds,
        "lodged_on": today,
    }
    again = locked.objections.filter(**what).first()
    if again is not None:
        return again
    # The case holds the claim (and, for a change, the parcels and right it concerns) until its outcome.
    case = dispute_open(
        village=locked.village,
        # The registry's message, kept in English and said in the reader's language (core.stored_messages).
        subject=message_kept(_("Objection to claim %(receipt)s") % {"receipt": locked.receipt_number}),
        grounds=grounds,
        kind=_KIND_OF_PURPOSE.get(locked.purpose, DisputeKind.OWNERSHIP),
        origin=DisputeOrigin.OBJECTION,
        opened_by=recorded_by,
        parties=[
            PartyInput(DisputeRole.OBJECTOR, objector_name, objector_sex, objector_party),
            *(PartyInput(DisputeRole.CLAIMANT, c.public_name, c.sex, c.party) for c in locked.applicants),
        ],
        claims=[locked],
        parcels=locked.subject_parcels.all(),
        rights=[locked.subject_right] if locked.subject_right_id else [],
        documents=documents,
    )
    objection = Objection.objects.create(
        claim=locked,
        **what,
        dispute=case,
    )
    objection.documents.add(*documents)
    audit_record(
        action="claim.objection",
        obj=locked,
        actor=recorded_by,
        payload={"objection": str(objection.pk), "dispute": case.number},
    )
    return objection
