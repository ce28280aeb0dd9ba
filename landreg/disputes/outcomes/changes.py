"""An agreement or a court decision written into the register through the registry's normal services.

Called by ``transitions.agree`` and ``transitions.decide`` inside their transaction, once the case is no
longer open (so its own freeze does not stop it). A change that cannot be applied (an overlap, a right that
ended meanwhile) raises, and the whole outcome is rolled back: nothing is half written.
"""

import uuid

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.geojson_crs import LegacyCrsError, geometry_in_wgs84
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import DisputeOutcome
from landreg.disputes.states import AgreedChange, DisputeOrigin, OutcomeKind
from landreg.rights.legal_basis import agreement_basis, judgment_basis

ACTIVE_CLAIM_EXCLUDED = {"ready_for_certificate", "rejected", "withdrawn"}


def _geometry(value) -> GEOSGeometry:
    try:
        return geometry_in_wgs84(value)
    except LegacyCrsError as exc:
        raise DisputeError(str(exc)) from exc
    except (GEOSException, GDALException, ValueError, TypeError) as exc:
        raise DisputeError(_("The agreed boundary is not a readable GeoJSON or WKT geometry.")) from exc


def _one_message(what: str) -> str:
    return _("The case must concern exactly one %(what)s for this change; open one case per %(what)s.") % {
        "what": what
    }


def _one(items: list, what: str):
    if len(items) != 1:
        raise DisputeError(_one_message(what))
    return items[0]


def _active_claims(case):
    return [c for c in case.claims.all() if c.state not in ACTIVE_CLAIM_EXCLUDED]


# What the agreement withdraws where the case was opened against a claim: the objection lodged during the
# public notice, or the disagreement a neighbour stated at the site verification (not an objection: see
# AgreedChange.LIFT_DISAGREEMENT).
WITHDRAWN_BY_ORIGIN = {
    AgreedChange.WITHDRAW_OBJECTION: DisputeOrigin.OBJECTION,
    AgreedChange.REJECT_OBJECTION: DisputeOrigin.OBJECTION,
    AgreedChange.LIFT_DISAGREEMENT: DisputeOrigin.SITE_VISIT,
}


def change_refusal(case, change: str, *, kind: str = OutcomeKind.AGREEMENT) -> str | None:
    """Why ``change`` cannot be what an outcome of ``kind`` (an agreement or a court decision) on ``case``
    writes into the register, or None when it can: an objection is withdrawn (by an agreement) or rejected
    (by a court) only where one was made, a claim withdrawn only by an agreement (its applicant's act, never a
    court's) and only where the case concerns one in progress, a boundary revised for one claim or one
    registered parcel, holders revised or a right ended for one current right (as the change is applied
    below). Pages offer only the changes that apply (``changes_that_apply``); the moves refuse the others,
    whatever sent them."""
    claims = _active_claims(case)
    if change == AgreedChange.WITHDRAW_OBJECTION and case.origin == DisputeOrigin.SITE_VISIT:
        return _(
            "No objection was lodged in this case: it was opened by a neighbour's disagreement at the site "
            "verification. If the neighbour now agrees, the disagreement is lifted."
        )
    if change == AgreedChange.WITHDRAW_OBJECTION and (case.origin != DisputeOrigin.OBJECTION or not claims):
        return _("No objection was lodged in this case: there is none to withdraw.")
    if change == AgreedChange.REJECT_OBJECTION and (case.origin != DisputeOrigin.OBJECTION or not claims):
        return _("No objection was lodged in this case: there is none to reject.")
    if change == AgreedChange.WITHDRAW_OBJECTION and kind == OutcomeKind.COURT_DECISION:
        return _(
            "A court does not withdraw an objection, only the objector does: a decision against the "
            "objection rejects it."
        )
    if change == AgreedChange.REJECT_OBJECTION and kind != OutcomeKind.COURT_DECISION:
        return _("Only a court rejects an objection: agreed at the conciliation, the objection is withdrawn.")
    if change == AgreedChange.LIFT_DISAGREEMENT and (case.origin != DisputeOrigin.SITE_VISIT or not claims):
        return _("No disagreement at a site verification opened this case: there is none to lift.")
    if change == AgreedChange.WITHDRAW_CLAIM and not claims:
        return _("This case concerns no claim in progress: there is none to withdraw.")
    if change == AgreedChange.WITHDRAW_CLAIM and kind == OutcomeKind.COURT_DECISION:
        # Withdrawing a claim is its applicant's act (agreed at the conciliation, or at the land office), not
        # a court's decision; decisions recorded with it before say what they did (states.change_said).
        return _(
            "A court does not withdraw a claim, only its applicant does: record what the court decided (the "
            "boundary or the holders it set, the objection it rejected), or nothing to change in the "
            "register."
        )
    if (change == AgreedChange.WITHDRAW_CLAIM or change in WITHDRAWN_BY_ORIGIN) and len(claims) > 1:
        return _one_message(_("claim in progress"))
    if change == AgreedChange.BOUNDARY:
        if len(claims) > 1:
            return _one_message(_("claim"))
        if not claims and len([p for p in case.parcels.all() if p.is_current]) != 1:
            return _one_message(_("current parcel"))
    if change in (AgreedChange.SHARES, AgreedChange.END_RIGHT) and len(_rights_for(case, change)) != 1:
        return _one_message(_("current right"))
    return None


def _rights_for(case, change: str) -> list:
    """The case's rights an outcome's change may act on. New holders and shares take a right in force today
    (rights.models.in_force_on): a lease past its term on the same parcel is not a second right to revise.
    Ending a right takes any right the register has not closed, past its term too: a court may order the
    register to close a loan or lease whose term is over and whose holder stayed."""
    if change == AgreedChange.SHARES:
        today = clock.today()
        return [r for r in case.rights.all() if r.is_in_force(today)]
    return [r for r in case.rights.all() if r.is_current]


def changes_that_apply(case, offered, *, kind: str) -> list:
    """The changes among ``offered`` that an outcome of ``kind`` (an agreement or a decision) on ``case`` may
    write."""
    return [change for change in offered if change_refusal(case, change, kind=kind) is None]


# What an outcome's change writes as its reason (a right's description, a boundary's correction): the
# registry's message, kept in English with the outcome's kind, and said in the reader's language wherever it
# shows, the kind too (disputes.apps puts it in core.stored_messages.LABELLED_VALUES). References written
# before in the language of whoever recorded the outcome (« décision de justice du … ») read the same way.
REFERENCE = gettext_noop("%(kind)s of %(date)s, case %(number)s")


def _reference(outcome: DisputeOutcome) -> str:
    with translation.override("en"):
        return REFERENCE % {
            "kind": outcome.get_kind_display(),
            "date": f"{outcome.decided_on:%d/%m/%Y}",
            "number": outcome.case.number,
        }


def _revise_boundary(outcome: DisputeOutcome, actor, reference: str) -> dict:
    from landreg.adjudication.changes.later_life import correction_apply
    from landreg.adjudication.claims import transitions

    geometry = _geometry(outcome.change_data.get("geometry"))
    claims = _active_claims(outcome.case)
    if claims:
        claim = transitions.claim_boundary_revise(
            claim=_one(claims, _("claim")), actor=actor, geometry=geometry, reason=reference
        )
        restarted = bool(claim.profile.dispute_new_notice and claim.notice_start)
        if restarted:
            transitions.notice_restart(claim=claim, actor=actor, reason=reference)
        return {"claim": str(claim.pk), "notice_restarted": restarted}
    parcel = _one([p for p in outcome.case.parcels.all() if p.is_current], _("current parcel"))
    corrected = correction_apply(record=parcel, changes={"geometry": geometry}, actor=actor, reason=reference)
    return {"parcel": corrected.number, "version": corrected.version}


def _withdraw_claim(outcome: DisputeOutcome, actor, reference: str) -> dict:
    from landreg.adjudication.claims import transitions

    claim = _one(_active_claims(outcome.case), _("claim in progress"))
    transitions.claim_withdraw_settled(claim=claim, actor=actor, reason=reference)
    return {"claim": str(claim.pk)}


def _current_right(outcome: DisputeOutcome, change: str):
    return _one(_rights_for(outcome.case, change), _("current right"))


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _revise_shares(outcome: DisputeOutcome, actor, reference: str) -> dict:
    from landreg.parties.models import Party
    from landreg.rights.services import HolderShare, right_end, right_register

    right = _current_right(outcome, AgreedChange.SHARES)
    rows = outcome.change_data.get("holders") or []
    # Only identifiers are looked up: anything else (a name typed, JSON sent to the API) is no one found,
    # refused below with the reason rather than a server error.
    wanted = [str(r.get("party")) for r in rows if isinstance(r, dict) and _is_uuid(r.get("party"))]
    parties = {str(p.pk): p for p in Party.objects.filter(pk__in=wanted)}
    if not rows or any(not isinstance(r, dict) or str(r.get("party")) not in parties for r in rows):
        raise DisputeError(_("Name the registered holders and their shares agreed."))
    holders = [HolderShare(parties[str(r["party"])], str(r.get("share", "1"))) for r in rows]
    basis = _basis(outcome)
    right_end(right=right, actor=actor, reason=reference)
    new = right_register(
        parcel=right.parcel,
        right_type=right.right_type,
        holders=holders,
        tenure_system=right.tenure_system,
        legal_basis=basis,
        start_date=clock.today(),
        description=reference,
        created_by=actor,
    )
    outcome.case.rights.add(new)
    return {"old_right": str(right.pk), "new_right": str(new.pk)}


def _basis(outcome: DisputeOutcome) -> str:
    """The revised right's legal basis: the court's judgment (its number on the decision's paper, else the
    case's reference at the court), or the conciliation agreement with its case, not the law the ended right
    rested on."""
    case = outcome.case
    if outcome.kind == OutcomeKind.COURT_DECISION:
        paper = outcome.document
        return judgment_basis(
            reference=(paper.reference if paper is not None else "") or case.court_reference,
            court=case.court_name,
            decided_on=outcome.decided_on,
        )
    return agreement_basis(decided_on=outcome.decided_on, case_number=case.number)


def _end_right(outcome: DisputeOutcome, actor, reference: str) -> dict:
    from landreg.rights.services import right_end

    right = _current_right(outcome, AgreedChange.END_RIGHT)
    right_end(right=right, actor=actor, reason=reference)
    return {"right": str(right.pk)}


_APPLY = {
    AgreedChange.BOUNDARY: _revise_boundary,
    AgreedChange.WITHDRAW_CLAIM: _withdraw_claim,
    AgreedChange.SHARES: _revise_shares,
    AgreedChange.END_RIGHT: _end_right,
}


def outcome_apply(*, outcome: DisputeOutcome, actor) -> DisputeOutcome:
    """Write the outcome's change. ``none``, ``withdraw_objection``, ``reject_objection`` and
    ``lift_disagreement`` change nothing in the register: the case's closing is what releases the claim."""
    function = _APPLY.get(outcome.change)
    result = function(outcome, actor, _reference(outcome)) if function else {}
    outcome.applied_at = clock.now()
    outcome.save(update_fields=["applied_at", "updated_at"])
    audit_record(
        action="dispute.apply", obj=outcome.case, actor=actor, payload={"change": outcome.change, **result}
    )
    return outcome
