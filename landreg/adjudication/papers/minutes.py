"""The minutes of the land committee's deliberation (procès-verbal de délibération de la commission): the
date, who sat, the quorum the profile asks and whether it was reached, each member's vote with its reason,
and the decision on each claim, for one claim or for every claim of a village decided on one day (a session).

A claim's deliberation is over when the committee validated it or rejected it: those moves are the decision
(``ClaimEvent``), the votes are ``CommitteeVote`` rows. Nothing personal beyond the names is printed.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from landreg.adjudication.committee.votes import round_votes, tally
from landreg.adjudication.models import ClaimEvent, VoteDecision
from landreg.adjudication.papers.layout import (
    build,
    facts,
    heading,
    mark_boxes,
    parcel_row,
    user_name,
)
from landreg.adjudication.states import ClaimState
from landreg.core.dates import long_date
from landreg.core.formats.pdf import grid_table, paragraph

DECIDED = Q(move="committee_validate") | Q(move="reject", from_state=ClaimState.COMMITTEE_VALIDATION)


def committee_decision(claim) -> ClaimEvent | None:
    """The move that ended the committee's deliberation on the claim (the last, if it came back to it)."""
    return claim.events.filter(DECIDED).select_related("actor").order_by("-occurred_at", "-id").first()


def session_decisions(*, claims: QuerySet, village, day: dt.date) -> list[ClaimEvent]:
    """The committee's decisions on the village's claims on that day, among ``claims`` (the user's)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    events = ClaimEvent.objects.filter(
        DECIDED,
        claim__in=claims.filter(village=village),
        occurred_at__gte=start,
        occurred_at__lt=start + dt.timedelta(days=1),
    )
    events = events.select_related("actor", "claim__profile", "claim__right_type", "claim__village")
    # A claim sent back to the committee and decided twice that day is deliberated once: its last decision.
    last = {e.claim_id: e for e in events.order_by("occurred_at", "id")}
    return sorted(last.values(), key=lambda e: (e.occurred_at, e.id))


def session_of(claim, claims: QuerySet) -> tuple[dt.date, int] | None:
    """The day of the committee's decision on the claim and how many claims of its village (among
    ``claims``) the committee decided that day; None before the committee has decided."""
    decision = committee_decision(claim)
    if decision is None:
        return None
    day = decision_day(decision)
    return day, len(session_decisions(claims=claims, village=claim.village, day=day))


def decision_day(event: ClaimEvent) -> dt.date:
    return timezone.localdate(event.occurred_at)


def minutes_pdf(*, village, decisions: list[ClaimEvent]) -> bytes:
    # French, as the other papers of the procedure (site_record.py says why); the English link says so.
    with translation.override("fr"):
        title = _("MINUTES OF THE DELIBERATION OF THE LAND COMMITTEE")
        return build(title, lambda width: _story(village, decisions, width, title))


def _decision_text(event: ClaimEvent, summary: str) -> str:
    claim = event.claim
    if event.move == "committee_validate":
        return _("The committee validates the claim (%(summary)s); it goes on to: %(state)s.") % {
            "summary": summary,
            "state": event.get_to_state_display(),
        }
    return _("The committee rejects the claim (%(summary)s): %(reason)s — %(note)s") % {
        "summary": summary,
        "reason": claim.get_rejection_reason_display(),
        "note": claim.rejection_note,
    }


def _claim_section(event: ClaimEvent, width: float) -> list:
    claim = event.claim
    counted = tally(claim)
    profile = claim.profile
    votes = [
        [_("Member"), pgettext("minutes", "Vote"), _("Reason")],
        *(
            [
                user_name(v.member),
                _("for") if v.decision == VoteDecision.APPROVE else _("against"),
                v.reason,
            ]
            for v in round_votes(claim).select_related("member").order_by("cast_at", "id")
        ),
    ]
    quorum = _("%(needed)s votes needed, %(cast)s cast: %(reached)s") % {
        "needed": profile.quorum_min_votes,
        "cast": counted.cast,
        "reached": _("quorum reached") if counted.quorum_reached else _("quorum not reached"),
    }
    return [
        paragraph(
            _("Claim no. %(number)s — %(claimants)s")
            % {
                "number": claim.receipt_number,
                "claimants": ", ".join(c.public_name for c in claim.applicants),
            },
            "subheading",
        ),
        facts(
            [
                (_("Right claimed"), str(claim.right_type)),
                parcel_row(claim),
                (_("Place"), claim.local_name),
                (_("Quorum"), quorum),
                (_("Approval rule"), str(profile.get_quorum_rule_display())),
            ],
            width,
        ),
        Spacer(1, 2 * mm),
        grid_table(votes, width, empty=_("No vote was cast.")),
        Spacer(1, 2 * mm),
        paragraph(_("Decision"), "cell_header"),
        paragraph(_decision_text(event, counted.summary)),
    ]


def _story(village, decisions: list[ClaimEvent], width: float, title: str) -> list:
    days = sorted({decision_day(e) for e in decisions})
    presidents = list(dict.fromkeys(e.actor for e in decisions))
    members = list(
        dict.fromkeys(
            v.member
            for e in decisions
            for v in round_votes(e.claim).select_related("member").order_by("cast_at", "id")
        )
    )
    reference = (
        _("Deliberation on claim no. %(number)s") % {"number": decisions[0].claim.receipt_number}
        if len(decisions) == 1
        else _("Session: %(count)s claims") % {"count": len(decisions)}
    )
    story = [
        *heading(village, title, reference),
        facts(
            [
                (_("Date"), ", ".join(long_date(d) for d in days)),
                (_("Presided by"), ", ".join(user_name(p) for p in presidents)),
                (_("Members present"), ", ".join(user_name(m) for m in members) or "—"),
            ],
            width,
        ),
    ]
    for event in decisions:
        story += _claim_section(event, width)
    signers = [(user_name(p), _("president of the committee")) for p in presidents]
    signers += [(user_name(m), _("member of the committee")) for m in members if m not in presidents]
    story.append(Spacer(1, 3 * mm))
    story.append(mark_boxes(signers, width))
    return story
