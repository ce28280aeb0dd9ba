"""Pages for each actor's part of the procedure and the public notice board; writes use transitions."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from landreg.accounts.selectors import has_unit_perm, villages_covered
from landreg.adjudication.changes.applications import change_data_for, result_parcels
from landreg.adjudication.changes.consents import consents_needed
from landreg.adjudication.claims import transitions
from landreg.adjudication.committee.votes import tally, vote_cast
from landreg.adjudication.models import AttendeeRole, Claim, Direction, RejectionReason, SignatureMark
from landreg.adjudication.notice.boards import how_to_object, notice_board_pdf, notice_rows
from landreg.adjudication.notice.objections import may_record_for_others, objection_lodge
from landreg.adjudication.selectors import QUEUE_NAMES, claim_queue, claims_on_notice, claims_visible_to
from landreg.adjudication.site.visits import AttendeeInput, site_visit_record, suggested_neighbours
from landreg.adjudication.states import ClaimState, Step
from landreg.core import clock
from landreg.core.exceptions import RegistryError
from landreg.documents.models import SourceType
from landreg.parcels.models import Parcel
from landreg.territory.models import AdministrativeUnit, UnitLevel

S = ClaimState
QUEUE_LABELS = {
    "mine": gettext_lazy("My claims"),
    "changes": gettext_lazy("Changes"),
    "screening": gettext_lazy("Screening"),
    "notice": gettext_lazy("Public notice"),
    "site": gettext_lazy("Site verification"),
    "committee": gettext_lazy("Committee"),
    "approval": gettext_lazy("Approvals"),
}


def _village(code: str) -> AdministrativeUnit:
    return get_object_or_404(AdministrativeUnit, code=code, level=UnitLevel.VILLAGE)


def notice_boards(request):
    """Public: every village with the number of claims under notice today."""
    today = clock.today()
    on_notice = Count(
        "claims",
        filter=Q(claims__state=ClaimState.PUBLIC_NOTICE)
        & Q(claims__notice_start__lte=today)
        & Q(claims__notice_end__gte=today),
    )
    villages = (
        AdministrativeUnit.objects.villages()
        .select_related("parent")
        .annotate(on_notice=on_notice)
        .order_by("parent__name", "name")
    )
    return render(request, "adjudication/notice_boards.html", {"villages": villages, "today": today})


def notice_board(request, village_code):
    village, today = _village(village_code), clock.today()
    rows = notice_rows(claims_on_notice(village, today))
    return render(
        request,
        "adjudication/notice_board.html",
        {"village": village, "rows": rows, "today": today, "how_to_object": how_to_object(village)},
    )


def notice_board_pdf_view(request, village_code):
    village, today = _village(village_code), clock.today()
    pdf = notice_board_pdf(village=village, claims=claims_on_notice(village, today), today=today)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="affichage-{village.code}-{today.isoformat()}.pdf"'
    return response


@login_required
def claim_list(request):
    queues = [(name, QUEUE_LABELS[name], claim_queue(request.user, name)) for name in QUEUE_NAMES]
    queues = [(name, label, claims) for name, label, claims in queues if claims.exists()]
    wanted = request.GET.get("queue") or (queues[0][0] if queues else "")
    current = next((q for q in queues if q[0] == wanted), None)
    return render(
        request,
        "adjudication/claim_list.html",
        {
            "queues": queues,
            "current": current,
            "claims": current[2].prefetch_related("subject_parcels") if current else [],
            "can_draft": villages_covered(request.user, "record_claims").exists(),
        },
    )


def _visible_claim(request, pk):
    return get_object_or_404(claims_visible_to(request.user), pk=pk)


@login_required
def claim_detail(request, pk):
    claim = _visible_claim(request, pk)
    user = request.user
    today = clock.today()
    return render(
        request,
        "adjudication/claim_detail.html",
        {
            "claim": claim,
            "step_labels": [Step(s).label for s in claim.steps],
            "change_data": change_data_for(
                claim, personal=has_unit_perm(user, "view_personal_data", claim.village)
            ),
            "result_parcels": result_parcels(claim) if claim.state == S.READY_FOR_CERTIFICATE else [],
            "moves": transitions.allowed_moves_for(user, claim),
            "rejection_reasons": RejectionReason.choices,
            "source_types": SourceType.choices,
            "personal": has_unit_perm(user, "view_personal_data", claim.village),
            "consents": consents_needed(claim),
            "may_edit": claim.state in {ClaimState.DRAFT, ClaimState.RETURNED}
            and not claim.is_change
            and has_unit_perm(user, "record_claims", claim.village),
            "can_vote": claim.state == ClaimState.COMMITTEE_VALIDATION
            and has_unit_perm(user, "vote_committee", claim.village)
            and not claim.votes.filter(member=user).exists(),
            "tally": tally(claim),
            "notice_open": claim.notice_start is not None and claim.notice_start <= today <= claim.notice_end,
            "may_record_for_others": may_record_for_others(user, claim),
            "can_record_site": claim.state == ClaimState.SITE_VERIFICATION
            and (
                has_unit_perm(user, "vote_committee", claim.village)
                or has_unit_perm(user, "record_claims", claim.village)
            ),
        },
    )


def _run(request, claim, action, success: str):
    try:
        action()
    except RegistryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("adjudication:claim-detail", pk=claim.pk)


@login_required
@require_POST
def claim_move_view(request, pk, move):
    claim = _visible_claim(request, pk)
    if move not in transitions.MOVE_HANDLERS:
        raise Http404
    data = request.POST.dict()
    return _run(
        request,
        claim,
        lambda: transitions.claim_move(claim=claim, move=move, actor=request.user, **data),
        _("Done."),
    )


@login_required
@require_POST
def vote_view(request, pk):
    claim = _visible_claim(request, pk)
    return _run(
        request,
        claim,
        lambda: vote_cast(
            claim=claim,
            member=request.user,
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
        ),
        _("Your vote is recorded."),
    )


@login_required
@require_POST
def objection_view(request, pk):
    # Anyone identified may object, also without access to the village's records: the claim is public.
    claim = get_object_or_404(Claim.objects.filter(notice_start__isnull=False), pk=pk)
    return _run(
        request,
        claim,
        lambda: objection_lodge(
            claim=claim,
            recorded_by=request.user,
            grounds=request.POST.get("grounds", ""),
            objector_name=request.POST.get("objector_name", ""),
            objector_id_reference=request.POST.get("objector_id_reference", ""),
        ),
        _("The objection is recorded and a dispute case is opened."),
    )


@login_required
def site_visit_view(request, pk):
    claim = _visible_claim(request, pk)
    if request.method == "POST":
        post = request.POST
        rows = zip(
            post.getlist("role"),
            post.getlist("name"),
            post.getlist("agrees"),
            post.getlist("mark"),
            post.getlist("direction"),
            post.getlist("neighbour_parcel"),
            strict=False,
        )
        parcels = {
            str(p.pk): p
            for p in Parcel.objects.filter(pk__in=[p for p in post.getlist("neighbour_parcel") if p])
        }
        attendees = [
            AttendeeInput(
                role=role,
                name=name,
                agrees=agrees == "yes",
                mark=mark,
                direction=direction,
                neighbour_parcel=parcels.get(parcel),
            )
            for role, name, agrees, mark, direction, parcel in rows
            if name.strip()
        ]
        try:
            visit_date = dt.date.fromisoformat(post.get("visit_date", ""))
        except ValueError:
            messages.error(request, _("Give the date as YYYY-MM-DD."))
            return redirect("adjudication:site-visit", pk=claim.pk)
        return _run(
            request,
            claim,
            lambda: site_visit_record(
                claim=claim,
                actor=request.user,
                visit_date=visit_date,
                place=post.get("place", ""),
                language=post.get("language", ""),
                translated=post.get("translated") == "on",
                translation_language=post.get("translation_language", ""),
                notes=post.get("notes", ""),
                attendees=attendees,
            ),
            _("The site verification record is saved."),
        )
    prefilled = [
        AttendeeInput(AttendeeRole.APPLICANT, c.public_name, True, SignatureMark.SIGNATURE)
        for c in claim.applicants
    ] + suggested_neighbours(claim)
    blanks = [AttendeeInput("", "", True, SignatureMark.SIGNATURE)] * 4
    return render(
        request,
        "adjudication/site_visit_form.html",
        {
            "claim": claim,
            "rows": prefilled + blanks,
            "roles": AttendeeRole.choices,
            "marks": SignatureMark.choices,
            "directions": Direction.choices,
            "today": clock.today(),
        },
    )
