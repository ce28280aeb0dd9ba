"""Pages for each actor's part of the procedure and the public notice board; writes use transitions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from landreg.accounts.selectors import has_unit_perm, villages_covered
from landreg.adjudication.changes.applications import created_parcels, result_parcels
from landreg.adjudication.changes.consents import consents_needed
from landreg.adjudication.claims import transitions
from landreg.adjudication.claims.documents import claim_document_add
from landreg.adjudication.claims.names import NO_NAMES, claimant_names_of
from landreg.adjudication.claims.roles import claimant_role, giver_role
from landreg.adjudication.committee.votes import round_reset_by, round_votes, tally, vote_cast
from landreg.adjudication.models import Claimant
from landreg.adjudication.notice.boards import how_to_object, notice_board_pdf, notice_rows
from landreg.adjudication.notice.objections import may_record_for_others, objection_lodge
from landreg.adjudication.pages.change_details import change_details
from landreg.adjudication.pages.claim_filters import SORTS, ClaimListFilter
from landreg.adjudication.pages.claim_page_forms import DocumentForm, ObjectionForm, VoteForm
from landreg.adjudication.pages.claim_people import objections_shown
from landreg.adjudication.pages.history import claim_history
from landreg.adjudication.pages.move_forms import (
    CONSEQUENCES,
    MOVE_FORMS,
    RejectForm,
    move_consequence,
    move_label,
)
from landreg.adjudication.pages.site_forms import AttendeeFormSet, SiteVisitForm, initial_rows
from landreg.adjudication.papers.minutes import session_of
from landreg.adjudication.selectors import (
    QUEUE_NAMES,
    claim_queue,
    claims_on_notice,
    claims_to_act_on,
    claims_visible_to,
)
from landreg.adjudication.site.visits import present_applicants, site_visit_record, suggested_neighbours
from landreg.adjudication.states import ClaimState, Step
from landreg.certificates.selectors import print_queue
from landreg.core import clock
from landreg.core.exceptions import RegistryError
from landreg.core.refusals import refused
from landreg.disputes.cases.freeze import open_cases
from landreg.disputes.selectors import cases_visible_to
from landreg.documents.selectors import sources_openable_by
from landreg.parties.selectors import PARTY_VILLAGE, parties_seen_among
from landreg.territory.models import AdministrativeUnit, UnitLevel
from landreg.web.lists.page import list_page
from landreg.web.once import submitted_once

S = ClaimState
CLOSED = {S.READY_FOR_CERTIFICATE, S.REJECTED, S.WITHDRAWN}  # no document is added any more
QUEUE_LABELS = {
    "mine": gettext_lazy("My claims"),
    "changes": gettext_lazy("Changes"),
    "screening": gettext_lazy("Screening"),
    "notice": gettext_lazy("Public notice"),
    "site": gettext_lazy("Site verification"),
    "committee": gettext_lazy("Committee"),
    "approval": gettext_lazy("Approvals"),
    "all": gettext_lazy("All claims"),
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


def _first_to_act_on(user, queues: list[tuple]) -> str:
    """The tab the list opens on: the first (in the procedure's order, selectors._QUEUES) holding a claim that
    waits for the user's own act; else the first tab with claims; else every claim. The registrar opened on
    « Changes », every change application ever lodged, before the claims waiting for their screening."""
    for name, _label, _count in queues[:-1]:
        if claims_to_act_on(user, name, claim_queue(user, name)).exists():
            return name
    return queues[0][0]


@login_required
def claim_list(request):
    """The user's queues as tabs (``?queue=``), each list filtered, sorted and paged like every list."""
    user = request.user
    queues = [(name, QUEUE_LABELS[name], claim_queue(user, name).count()) for name in QUEUE_NAMES]
    queues = [(name, label, count) for name, label, count in queues if count]
    queues.append(("all", QUEUE_LABELS["all"], None))
    wanted = request.GET.get("queue") or _first_to_act_on(user, queues)
    current = next((q for q in queues if q[0] == wanted), queues[-1])
    claims = claims_visible_to(user) if current[0] == "all" else claim_queue(user, current[0])
    claims = claims.prefetch_related("subject_parcels")
    page = list_page(request, claims, filterset_class=ClaimListFilter, sorts=SORTS, default_sort="created")
    # Who claims each claim of the page, group members and mandatary too, read at once (claims.names).
    names = claimant_names_of([claim.pk for claim in page.rows])
    for claim in page.rows:
        claim.claimant_names = names.get(claim.pk, NO_NAMES)
    return render(
        request,
        "adjudication/claim_list.html",
        {
            "queues": queues,
            "current": current,
            "page": page,
            "can_draft": villages_covered(user, "record_claims").exists(),
        },
    )


def _visible_claim(request, pk):
    return get_object_or_404(claims_visible_to(request.user), pk=pk)


@login_required
def claim_detail(request, pk):
    return _detail_page(request, _visible_claim(request, pk))


def _parcels_to_certify(user, claim) -> list[str]:
    # Read through the certificates' own selector: a page is a door (the architecture's "Layers") and reads
    # through any app's selectors, as the home page's work lists read the same queue. The layers' order
    # (adjudication under certificates, which reads claims) binds what lies below the doors, and nothing of
    # adjudication below its pages reads certificates; a copy of the queue's rule here would drift from it.
    if claim.state != S.READY_FOR_CERTIFICATE:
        return []
    parcels = [*result_parcels(claim), *claim.subject_parcels.all()]
    waiting = print_queue(user).prefetch_related(None).filter(parcel__in=parcels)
    return sorted(set(waiting.values_list("parcel__number", flat=True)))


def _detail_page(request, claim, *, objection_form=None, vote_form=None, document_form=None, status=200):
    """The claim's page; a form that failed (document, objection, vote) comes back bound, with its errors."""
    user = request.user
    today = clock.today()
    for_others = may_record_for_others(user, claim)
    my_vote = round_votes(claim).filter(member=user).first() if user.is_authenticated else None
    # The claimants with their registered party, read once for the page, its consents and tally: a name was
    # one statement a claimant, a family's claim a dozen.
    claimants = Claimant.objects.select_related("party").annotate(**PARTY_VILLAGE)
    prefetch_related_objects([claim], Prefetch("claimants", queryset=claimants))
    # An application's right concerned, with each of its holders named: one statement a holder before.
    prefetch_related_objects([claim], "subject_right__holders__party")
    if claim.is_change:  # its parcels name it (change_heading) and are listed: read once
        prefetch_related_objects([claim], "subject_parcels")
    # Each person named by the part they play, as the claim now stands, in the feminine for a woman: read
    # from the rows prefetched above, which the template lists.
    for claimant in claim.claimants.all():
        claimant.role_said = claimant_role(claimant, claim)
    if claim.subject_right_id:
        for holder in claim.subject_right.holders.all():
            holder.role_said = giver_role(holder.party, claim)
    objections = objections_shown(claim)
    registered = [(c.party_id, c.party_village_path, c.party_village_level) for c in claim.claimants.all()]
    registered += [
        (o.objector_party_id, o.objector_village_path, o.objector_village_level) for o in objections
    ]
    moves = transitions.allowed_moves_for(user, claim)
    # Offered as the API lists them (transitions.moves_offered): « Valider (comité) » was offered from the
    # first vote, then refused on the click; « Clore la publicité » while the notice ran.
    counted = tally(claim) if claim.state == ClaimState.COMMITTEE_VALIDATION else None
    waiting = transitions.moves_waiting(claim, moves, counted=counted)
    return render(
        request,
        "adjudication/claim_detail.html",
        {
            "claim": claim,
            "history": claim_history(claim, user),
            "step_labels": [Step(s).label for s in claim.steps],
            "change_data": change_details(
                claim, personal=has_unit_perm(user, "view_personal_data", claim.village)
            ),
            # The parcels a split or merge made, not a lease's or a mortgage's own parcel.
            "created_parcels": created_parcels(claim) if claim.state == S.READY_FOR_CERTIFICATE else [],
            # Its parcels whose right waits in the user's print queue: a link there, filtered to the parcel,
            # for whoever issues certificates in its village (the queue's own scope); paged through before.
            "parcels_to_certify": _parcels_to_certify(user, claim),
            # The certificates issued from the claim (of its village, which the reader sees): it stays « prête
            # pour le certificat » once certified, and its page named no certificate.
            "certificates": claim.certificates.order_by("-issued_at", "number")
            if claim.state == S.READY_FOR_CERTIFICATE
            else [],
            "moves": [
                (move, move_label(move, claim), move in CONSEQUENCES) for move in moves if move not in waiting
            ],
            # « Clore la publicité » was offered while the notice ran, then refused on the click: the page
            # says from when it can be closed instead.
            "notice_closes_on": transitions.notice_closes_on(claim) if "notice_close" in waiting else None,
            "open_cases": open_cases(claims=[claim], parcels=claim.subject_parcels.all()).values_list(
                "number", flat=True
            ),
            "may_attach": claim.state not in CLOSED
            and has_unit_perm(user, claim.lodging_permission, claim.village),
            # Dated today unless changed, as on a dispute case: an empty date stopped the agent.
            "document_form": document_form or DocumentForm(initial={"document_date": clock.today()}),
            # Identity papers and photos of papers: listed to all, opened where personal data is seen.
            "openable": set(sources_openable_by(user).filter(claims=claim).values_list("pk", flat=True)),
            "personal": has_unit_perm(user, "view_personal_data", claim.village),
            # The registered claimants and objectors the user may see, each name leading to the person's page
            # (web.people).
            "people_seen": parties_seen_among(user, registered),
            "objections": objections,
            "consents": consents_needed(claim),
            "may_edit": claim.state in {ClaimState.DRAFT, ClaimState.RETURNED}
            and not claim.is_change
            and has_unit_perm(user, "record_claims", claim.village),
            "can_vote": claim.state == ClaimState.COMMITTEE_VALIDATION
            and has_unit_perm(user, "vote_committee", claim.village)
            and my_vote is None,
            # The member who voted reads their own vote (and no form): the tally alone does not say it.
            "my_vote": my_vote,
            "tally": counted,
            # A later round: the page says the votes were reset and why (the boundary revised, and by what).
            "round_reset": round_reset_by(claim) if counted is not None else None,
            "committee_session": session_of(claim, claims_visible_to(user)),
            "notice_open": claim.notice_start is not None and claim.notice_start <= today <= claim.notice_end,
            # Said when the window has closed: the form went away without a word, and the agent at the counter
            # with a late objector could not tell why.
            "notice_over": claim.notice_end is not None and claim.notice_end < today,
            "may_record_for_others": for_others,
            "objection_form": objection_form
            or ObjectionForm(for_others=for_others, village=claim.village, user=user),
            # Those who handle disputes go from an objection to its case; others read its number.
            "cases_to_open": set(cases_visible_to(user).filter(claims=claim).values_list("pk", flat=True)),
            "vote_form": vote_form or VoteForm(),
            "can_record_site": claim.state == ClaimState.SITE_VERIFICATION
            and (
                has_unit_perm(user, "vote_committee", claim.village)
                or has_unit_perm(user, "record_claims", claim.village)
            ),
        },
        status=status,
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
@submitted_once
def claim_move_view(request, pk, move):
    """GET: the move's confirmation page (what follows, the reason it needs). POST: the move itself.

    A move that needs confirming shows its page again, with what was typed, when its form or the registry
    refuses it; a one-click move comes back to the claim's page with the message.
    """
    claim = _visible_claim(request, pk)
    if move not in MOVE_FORMS:
        raise Http404
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if move not in transitions.allowed_moves_for(request.user, claim):
        messages.error(request, _("This action is not open to you on this claim now."))
        if request.method == "POST":
            # Refused where it was sent, with the claim's page and the message: a redirect read as done.
            return _detail_page(request, claim, status=403)
        return redirect("adjudication:claim-detail", pk=claim.pk)
    form_class = MOVE_FORMS[move]
    # The reasons for rejection offered are those that can apply to this claim now (claims.rejection).
    kwargs = {"claim": claim} if form_class is RejectForm else {}
    form = form_class(request.POST if request.method == "POST" else None, **kwargs)
    if form.is_valid():
        try:
            transitions.move_run(claim=claim, move=move, actor=request.user, values=form.cleaned_data)
        except RegistryError as exc:
            if move not in CONSEQUENCES:
                messages.error(request, str(exc))
                return redirect("adjudication:claim-detail", pk=claim.pk)
            form.add_error(None, str(exc))
        else:
            # What the move led to, not a bare « C’est fait. »: the mayor who clicked « Approuver et signer »
            # read nothing of where the claim now stands (ready for its certificate, not yet signed).
            claim.refresh_from_db(fields=["state", "receipt_number"])
            messages.success(
                request,
                _("Done. State of claim %(number)s: %(state)s.")
                % {"number": claim.receipt_number or _("draft"), "state": claim.state_said},
            )
            return redirect("adjudication:claim-detail", pk=claim.pk)
    # The page names every claimant: their registered names read with them, not one statement a claimant.
    named = Claimant.objects.select_related("party")
    prefetch_related_objects([claim], Prefetch("claimants", queryset=named))
    context = {
        "claim": claim,
        "move": move,
        "form": form,
        "label": move_label(move, claim),
        "consequence": move_consequence(move, claim),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "adjudication/claim_move_confirm.html", context, status=status)


@login_required
@require_POST
@submitted_once
def vote_view(request, pk):
    claim = _visible_claim(request, pk)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            vote_cast(
                claim=claim,
                member=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except RegistryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your vote is recorded."))
            return redirect("adjudication:claim-detail", pk=claim.pk)
    return _detail_page(request, claim, vote_form=form, status=400)


@login_required
@require_POST
@submitted_once
def claim_document(request, pk):
    """A document added from the claim's page; a refusal shows the page again with the type, date and
    reference typed and why beside the field (the file is chosen again: a browser cannot be given it back).
    The same document sent twice is attached once (claims.documents)."""
    claim = _visible_claim(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        values = form.cleaned_data
        try:
            _source, added = claim_document_add(
                claim=claim,
                actor=request.user,
                source_type=values["source_type"],
                document_date=values["document_date"],
                reference=values["reference"],
                file=values["file"],
            )
        except RegistryError as exc:
            status = refused(form, exc)
        else:
            if added:
                messages.success(request, _("The document is attached."))
            else:
                messages.info(request, _("This document was attached already."))
            return redirect("adjudication:claim-detail", pk=claim.pk)
    return _detail_page(request, claim, document_form=form, status=status)


@login_required
@require_POST
@submitted_once
def objection_view(request, pk):
    """Lodged from the claim page, so by someone who sees it (the API takes others' objections); a refusal
    shows the page again with what was typed and why."""
    claim = _visible_claim(request, pk)
    form = ObjectionForm(
        request.POST,
        for_others=may_record_for_others(request.user, claim),
        village=claim.village,
        user=request.user,
    )
    if form.is_valid():
        values = form.cleaned_data
        try:
            objection_lodge(
                claim=claim,
                recorded_by=request.user,
                grounds=values["grounds"],
                objector_name=values.get("objector_name", ""),
                objector_id_reference=values.get("objector_id_reference", ""),
                objector_party=values.get("objector_party"),
            )
        except RegistryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The objection is recorded and a dispute case is opened."))
            return redirect("adjudication:claim-detail", pk=claim.pk)
    return _detail_page(request, claim, objection_form=form, status=400)


@login_required
@submitted_once
def site_visit_view(request, pk):
    claim = _visible_claim(request, pk)
    if request.method == "POST":
        form = SiteVisitForm(request.POST)
        rows = AttendeeFormSet(request.POST, prefix="attendees")
        if form.is_valid() and rows.is_valid():
            values = form.cleaned_data
            try:
                site_visit_record(
                    claim=claim,
                    actor=request.user,
                    visit_date=values["visit_date"],
                    place=values["place"],
                    language=values["language"],
                    translated=values["translated"],
                    translation_language=values["translation_language"],
                    notes=values["notes"],
                    attendees=[a for a in (row.attendee() for row in rows) if a is not None],
                )
            except RegistryError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The site verification record is saved."))
                return redirect("adjudication:claim-detail", pk=claim.pk)
        status = 400
    else:
        form = SiteVisitForm(initial={"visit_date": clock.today(), "place": claim.local_name})
        prefilled = present_applicants(claim) + suggested_neighbours(claim)
        rows = AttendeeFormSet(initial=initial_rows(prefilled), prefix="attendees")
        status = 200
    return render(
        request,
        "adjudication/site_visit_form.html",
        {"claim": claim, "form": form, "rows": rows},
        status=status,
    )
