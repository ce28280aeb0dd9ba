"""The court's word on a procès-verbal of conciliation: its homologation (``homologate``), which makes the
agreement enforceable and, where the procedure requires it, gives it effect; its refusal
(``homologation_refuse``), which leaves the agreement without effect and the case not conciliated; and what
the case page offers of them.

Moves like the others of a case (``disputes.cases.transitions``): the case re-read under its row lock, the
allowed-moves table (``RECORD_MOVES``), the actor's permission, an append-only event chained into the audit
history, in one transaction.
"""

import datetime as dt

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.adjudication.states import HomologationRule
from landreg.core import clock
from landreg.core.exceptions import ConflictError
from landreg.disputes.cases.transitions import (
    _MOVES,
    RECORD_MOVES,
    TransitionNotAllowed,
    _close,
    _final_from,
    _lock,
    _may,
    _text,
    require_judgement_scan,
)
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import (
    DisputeCase,
    DisputeHomologation,
    DisputeOutcome,
    HomologationRefusal,
    JointWithdrawal,
)
from landreg.disputes.states import DisputeStatus, OutcomeKind
from landreg.documents.models import Source, SourceType
from landreg.documents.services import source_attach, source_matching

S = DisputeStatus


class AlreadyHomologated(DisputeError, ConflictError):
    """The agreement is homologated already, by another decision than the one sent (409 at the API)."""


class AlreadyRefused(DisputeError, ConflictError):
    """The court's refusal of the agreement is recorded already, another decision than the one sent (409)."""


def _agreement(case: DisputeCase) -> DisputeOutcome | None:
    """The agreement of the case (one at most: an agreement ends conciliation), the record a court may
    homologate."""
    return case.outcomes.filter(kind=OutcomeKind.AGREEMENT).order_by("-decided_on", "-created_at").first()


def _refusal_said(refusal: HomologationRefusal) -> str:
    return _(
        "The court refused to homologate the agreement (%(court)s, decision %(reference)s of %(date)s): it "
        "does not take effect."
    ) % {
        "court": refusal.court_name,
        "reference": refusal.reference,
        "date": refusal.decided_on.strftime("%d/%m/%Y"),
    }


def _not_homologable(case: DisputeCase) -> str:
    refusal = HomologationRefusal.objects.filter(outcome__case=case).first()
    if refusal is not None:
        return _refusal_said(refusal)
    withdrawal = JointWithdrawal.objects.filter(outcome__case=case).first()
    if withdrawal is not None:
        return _(
            "The parties withdrew the agreement together (withdrawal %(reference)s signed on %(date)s): "
            "there is nothing left to homologate."
        ) % {"reference": withdrawal.reference, "date": withdrawal.signed_on.strftime("%d/%m/%Y")}
    if case.closed_at is None:
        return _(
            "The case is “%(status)s”: a court homologates the record of the agreement that closed the "
            "case, once it is closed."
        ) % {"status": case.get_status_display()}
    return _(
        "The case closed as “%(status)s”, not by an agreement reached in conciliation: there is no "
        "record of conciliation to homologate."
    ) % {"status": case.get_status_display()}


def _not_refusable(case: DisputeCase) -> str:
    return _(
        "The case is “%(status)s”: a refusal of homologation is recorded on an agreement awaiting the "
        "court's homologation."
    ) % {"status": case.get_status_display()}


def _not_in_procedure() -> str:
    return _(
        "The procedure of this case (its profile when the agreement was signed) does not include the "
        "court's homologation of a conciliation: there is none to record."
    )


def homologation_offered(user, case: DisputeCase) -> bool:
    """Whether the page offers the user to record the homologation of the case's agreement now."""
    starts = RECORD_MOVES["homologate"]
    if case.status not in starts or not _may(user, starts[case.status], case):
        return False
    agreement = _agreement(case)
    return (
        agreement is not None
        and agreement.homologation_rule != HomologationRule.NONE
        and not DisputeHomologation.objects.filter(outcome=agreement).exists()
    )


def refusal_offered(user, case: DisputeCase) -> bool:
    """Whether the page offers the user to record the court's refusal of the agreement that awaits it."""
    return case.status == S.HOMOLOGATION_PENDING and _may(
        user, RECORD_MOVES["homologation_refuse"][case.status], case
    )


def _same_decision(done, *, decided_on, court_name, reference, file: File | None) -> bool:
    """Whether a court's decision sent is the one recorded already (a retry: the same date, court,
    reference and judgement, its bytes or like it no file)."""
    same = (done.decided_on, done.court_name, done.reference) == (decided_on, court_name, reference)
    return same and paper_matches(
        done.document_id,
        source_type=SourceType.COURT_DECISION,
        dated=decided_on,
        reference=reference,
        file=file,
    )


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def _court_ruling(
    model, locked, agreement, actor, *, decided_on, court_name, reference, file, refused=False, **details
):
    """The court's decision on the agreement checked, its judgement's scan (require_judgement_scan, as for
    the court's decision on a case) put in the case's file, and recorded as ``model`` (a homologation or a
    refusal, with ``details``)."""
    court_name = _text(
        court_name,
        _("Name the court that refused the homologation.")
        if refused
        else _("Name the court that homologated the agreement."),
    )
    reference = _text(reference, _("Give the reference of the court's decision."))
    if decided_on > clock.today():
        raise DisputeError(
            _("The court's decision is recorded once given: its date cannot be in the future.")
        )
    if decided_on < agreement.decided_on:
        raise DisputeError(
            _(
                "The court homologates the record of conciliation of %(date)s: its decision "
                "cannot be dated before it."
            )
            % {"date": agreement.decided_on.strftime("%d/%m/%Y")}
        )
    require_judgement_scan(file)
    document = paper_filed(
        locked,
        source_type=SourceType.COURT_DECISION,
        dated=decided_on,
        reference=reference,
        file=file,
        actor=actor,
    )
    return model.objects.create(
        outcome=agreement,
        decided_on=decided_on,
        court_name=court_name,
        reference=reference,
        document=document,
        recorded_by=actor,
        recorded_at=clock.now(),
        **details,
    )


def _ruling_payload(ruling) -> dict:
    """What the timeline's audit event says of a court's ruling on the agreement."""
    return {
        "outcome": str(ruling.outcome_id),
        "decided_on": ruling.decided_on.isoformat(),
        "court": ruling.court_name,
        "reference": ruling.reference,
        "document": str(ruling.document_id),
    }


@transaction.atomic
def homologate(
    *,
    case: DisputeCase,
    actor,
    decided_on: dt.date,
    court_name: str,
    reference: str,
    file: File | None = None,
) -> tuple[DisputeHomologation, bool]:
    """The court's approval of the procès-verbal of conciliation, which makes the agreement enforceable: the
    judgement's scan (required, as for every court's act) joins the case's file and the homologation is
    recorded in the case's timeline and the audit chain.

    The agreement keeps the profile's rule of when it was signed. Optional: the case stays closed and
    conciliated, its change applied when signed. Required: the case awaited this decision; the agreed change
    is applied now (``outcome_apply``), the case closes as conciliated and its land is released, under the
    same lock and transaction. Not part of the procedure: refused. The same homologation sent again (a retry)
    is the one recorded (``False``); another one is refused."""
    from landreg.disputes.outcomes.changes import outcome_apply

    locked = _lock(case, "homologate", actor, not_now=_not_homologable)
    agreement = _agreement(locked)
    if agreement is None:
        raise TransitionNotAllowed(_not_homologable(locked))
    if agreement.homologation_rule == HomologationRule.NONE:
        raise TransitionNotAllowed(_not_in_procedure())
    court_name, reference = _one_line(court_name), _one_line(reference)
    done = DisputeHomologation.objects.filter(outcome=agreement).select_related("document").first()
    if done is not None:
        if _same_decision(done, decided_on=decided_on, court_name=court_name, reference=reference, file=file):
            return done, False
        raise AlreadyHomologated(
            _("The agreement is homologated already: %(court)s, decision %(reference)s of %(date)s.")
            % {
                "court": done.court_name,
                "reference": done.reference,
                "date": done.decided_on.strftime("%d/%m/%Y"),
            }
        )
    homologation = _court_ruling(
        DisputeHomologation,
        locked,
        agreement,
        actor,
        decided_on=decided_on,
        court_name=court_name,
        reference=reference,
        file=file,
    )
    awaited = locked.status == S.HOMOLOGATION_PENDING
    _MOVES.record(
        locked,
        "homologate",
        actor,
        S.CONCILIATED if awaited else locked.status,
        reason=f"{homologation.court_name} {homologation.reference} ({decided_on:%d/%m/%Y})",
        # The agreement awaited the court: the case closes before its change is applied, so that the freeze
        # it lifts does not stop its own change (as agree does).
        fields=_close(locked, final=True) if awaited else (),
        payload=_ruling_payload(homologation),
    )
    if awaited:
        outcome_apply(outcome=agreement, actor=actor)
    return homologation, True


@transaction.atomic
def homologation_refuse(
    *,
    case: DisputeCase,
    actor,
    decided_on: dt.date,
    court_name: str,
    reference: str,
    grounds: str = "",
    file: File | None = None,
) -> tuple[HomologationRefusal, bool]:
    """The court refuses to homologate an agreement that awaits its homologation: the agreement never takes
    effect (its change is not applied) and the case goes to non-conciliation, where the procedure opens the
    way to the court (refer), with the profile's period to seize it counted from the refusal (then finalise),
    or the complainant withdraws. The judgement joins the case's file; the move is in the timeline and the
    audit chain. The same refusal sent again (a retry) is the one recorded (``False``)."""
    locked = _lock(case, "homologation_refuse", actor, not_now=_not_refusable)
    agreement = _agreement(locked)
    if agreement is None:
        raise TransitionNotAllowed(_not_refusable(locked))
    court_name, reference = _one_line(court_name), _one_line(reference)
    done = HomologationRefusal.objects.filter(outcome=agreement).select_related("document").first()
    if locked.status == S.NOT_CONCILIATED:
        if done is None:
            raise TransitionNotAllowed(_not_refusable(locked))
        if _same_decision(done, decided_on=decided_on, court_name=court_name, reference=reference, file=file):
            return done, False
        raise AlreadyRefused(_refusal_said(done))
    refusal = _court_ruling(
        HomologationRefusal,
        locked,
        agreement,
        actor,
        decided_on=decided_on,
        court_name=court_name,
        reference=reference,
        file=file,
        refused=True,
        grounds=(grounds or "").strip(),
    )
    locked.final_from = _final_from(locked, "dispute_court_days", decided_on)
    _MOVES.record(
        locked,
        "homologation_refuse",
        actor,
        S.NOT_CONCILIATED,
        reason=" — ".join(
            filter(None, [f"{refusal.court_name} {refusal.reference} ({decided_on})", refusal.grounds])
        ),
        fields=["final_from"],
        payload=_ruling_payload(refusal),
    )
    return refusal, True


def paper_filed(
    case: DisputeCase, *, source_type: str, dated: dt.date, reference: str, file, actor
) -> Source:
    """The signed paper of a move on the case (a judgement, a withdrawal): its scan, or none for a paper kept
    at the office under its reference, filed among the case's documents."""
    document = source_attach(
        source_type=source_type,
        document_date=dated,
        village=case.village,
        reference=reference,
        file=file,
        recorded_by=actor,
    )
    case.documents.add(document)
    return document


def paper_matches(
    document_id, *, source_type: str, dated: dt.date, reference: str, file: File | None
) -> bool:
    """Whether the paper sent again with a move is the one ``paper_filed`` filed (a retry): same type, date
    and reference, and the same bytes, or like it no file."""
    return (
        source_matching(
            among=Source.objects.filter(pk=document_id),
            source_type=source_type,
            document_date=dated,
            reference=reference,
            file=file,
        )
        is not None
    )
