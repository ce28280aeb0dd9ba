"""The parties' joint withdrawal (désistement conjoint) of an agreement that awaits the court's homologation.

Where the procedure gives a signed agreement effect only once a court homologates it, parties who never go to
court would leave the case open and the land frozen for ever. Together, they may set the agreement aside:
every party of the case signs the withdrawal (a signature, a fingerprint or a cross, as on the site record);
one side alone cannot undo what both signed. The dispute administrator records it with its date and the
signed paper (its scan, or the paper kept at the office under its reference), and in one move the agreement
is set aside (its change never applied), the case closes as withdrawn and the freeze on its land lifts.

A move like the others of a case (``disputes.cases.transitions``): the case re-read under its row lock, the
allowed-moves table (``RECORD_MOVES``), the actor's permission, an append-only event chained into the audit
history, in one transaction. The same withdrawal sent again (a retry) is the one recorded.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.core import clock
from landreg.core.exceptions import ConflictError
from landreg.disputes.cases.transitions import (
    _MOVES,
    RECORD_MOVES,
    TransitionNotAllowed,
    _close,
    _lock,
    _may,
    _text,
)
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import SIGNED_MARKS, DisputeCase, JointWithdrawal, WithdrawalMark
from landreg.disputes.outcomes.homologation import _agreement, _one_line, paper_filed, paper_matches
from landreg.disputes.states import DisputeStatus
from landreg.documents.models import SourceType

S = DisputeStatus
MARKS = {value for value, _label in SIGNED_MARKS}


@dataclass(frozen=True)
class PartyMark:
    """How one party of the case signed the withdrawal."""

    party_id: int
    mark: str
    mark_reference: str = ""


class AlreadyWithdrawn(DisputeError, ConflictError):
    """The agreement is withdrawn already, by another signed withdrawal than the one sent (409 at the API)."""


def withdrawal_offered(user, case: DisputeCase) -> bool:
    """Whether the page offers the user to record the parties' joint withdrawal of the agreement now."""
    return case.status == S.HOMOLOGATION_PENDING and _may(
        user, RECORD_MOVES["withdraw_jointly"][case.status], case
    )


def _not_pending(case: DisputeCase) -> str:
    return _(
        "The case is “%(status)s”: a joint withdrawal sets aside an agreement awaiting the court's "
        "homologation."
    ) % {"status": case.get_status_display()}


def _marks(case: DisputeCase, marks: Sequence[PartyMark]) -> list[PartyMark]:
    """One mark for each party of the case, or why not."""
    parties = list(case.parties.all())
    known = {p.pk for p in parties}
    signed = {}
    for given in marks:
        if given.party_id not in known:
            raise DisputeError(_("A mark names someone who is not a party of this case; reload the case."))
        if given.mark not in MARKS:
            raise DisputeError(_("Choose each party's mark: signature, fingerprint or cross."))
        signed[given.party_id] = PartyMark(given.party_id, given.mark, _one_line(given.mark_reference))
    missing = [p.name for p in parties if p.pk not in signed]
    if missing:
        raise DisputeError(
            _(
                "Every party of the case signs a joint withdrawal: no signature or fingerprint mark of "
                "%(names)s."
            )
            % {"names": ", ".join(missing)}
        )
    return [signed[p.pk] for p in parties]


def _same_withdrawal(done: JointWithdrawal, *, signed_on, reference, marks, file: File | None) -> bool:
    """Whether the withdrawal sent is the one recorded (a retry: same date, reference, marks and paper)."""
    recorded = {(m.party_id, m.mark, m.mark_reference) for m in done.marks.all()}
    sent = {(m.party_id, m.mark, _one_line(m.mark_reference)) for m in marks}
    return (
        (done.signed_on, done.reference) == (signed_on, reference)
        and recorded == sent
        and paper_matches(
            done.document_id, source_type=SourceType.DEED, dated=signed_on, reference=reference, file=file
        )
    )


@transaction.atomic
def withdraw_jointly(
    *,
    case: DisputeCase,
    actor,
    signed_on: dt.date,
    reference: str,
    marks: Sequence[PartyMark],
    file: File | None = None,
) -> tuple[JointWithdrawal, bool]:
    """Record the withdrawal, signed by every party of the case, of the agreement awaiting homologation: the
    signed paper joins the case's file; the agreement is set aside (never applied), the case closes as
    withdrawn and final, and its land is released, in the timeline and the audit chain. Sent again (a retry),
    the one recorded is returned (``False``); another withdrawal is refused."""
    locked = _lock(case, "withdraw_jointly", actor, not_now=_not_pending)
    agreement = _agreement(locked)
    if agreement is None:
        raise TransitionNotAllowed(_not_pending(locked))
    done = JointWithdrawal.objects.filter(outcome=agreement).first()
    reference = _one_line(reference)
    if locked.status == S.WITHDRAWN:  # withdrawn already: by this withdrawal (a retry) or otherwise
        if done is None:
            raise TransitionNotAllowed(_not_pending(locked))
        if _same_withdrawal(done, signed_on=signed_on, reference=reference, marks=marks, file=file):
            return done, False
        raise AlreadyWithdrawn(
            _("The parties withdrew the agreement already: withdrawal %(reference)s signed on %(date)s.")
            % {"reference": done.reference, "date": done.signed_on.strftime("%d/%m/%Y")}
        )
    reference = _text(reference, _("Give the reference of the signed withdrawal."))
    if signed_on > clock.today():
        raise DisputeError(_("The withdrawal is recorded once signed: its date cannot be in the future."))
    if signed_on < agreement.decided_on:
        raise DisputeError(
            _(
                "The parties withdraw the agreement signed on %(date)s: their withdrawal cannot be dated "
                "before it."
            )
            % {"date": agreement.decided_on.strftime("%d/%m/%Y")}
        )
    signed = _marks(locked, marks)
    document = paper_filed(
        locked, source_type=SourceType.DEED, dated=signed_on, reference=reference, file=file, actor=actor
    )
    withdrawal = JointWithdrawal.objects.create(
        outcome=agreement,
        signed_on=signed_on,
        reference=reference,
        document=document,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    WithdrawalMark.objects.bulk_create(
        WithdrawalMark(
            withdrawal=withdrawal, party_id=m.party_id, mark=m.mark, mark_reference=m.mark_reference
        )
        for m in signed
    )
    locked.outcome_note = f"{reference} ({signed_on:%d/%m/%Y})"
    _MOVES.record(
        locked,
        "withdraw_jointly",
        actor,
        S.WITHDRAWN,
        reason=locked.outcome_note,
        # Closed, and so released, with the agreement's change never applied (disputes.outcomes.changes is not
        # called).
        fields=["outcome_note", *_close(locked, final=True)],
        payload={
            "outcome": str(agreement.pk),
            "signed_on": signed_on.isoformat(),
            "reference": reference,
            "document": str(document.pk),
            "marks": {str(m.party_id): m.mark for m in signed},
        },
    )
    return withdrawal, True
