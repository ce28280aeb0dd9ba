"""Pages of the dispute administrator and the conciliation committee: home, new case, case, PV in PDF.

Each form validates named fields; the view then calls one service or one move with explicit arguments.
A refused move shows its French message on the case page with the form as it was posted.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from landreg.accounts.selectors import villages_covered
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError, RegistryError
from landreg.core.refusals import refused
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.grounds import grounds_said
from landreg.disputes.cases.services import (
    OPEN_PERMISSIONS,
    PartyInput,
    dispute_document_add,
    dispute_file,
    dispute_party_add,
    dispute_party_identify,
    parties_may_join,
    require_case_perm,
    run_move,
)
from landreg.disputes.models import DisputeOutcome, DisputeSession
from landreg.disputes.outcomes.homologation import (
    homologate,
    homologation_offered,
    homologation_refuse,
    refusal_offered,
)
from landreg.disputes.outcomes.joint_withdrawal import withdraw_jointly, withdrawal_offered
from landreg.disputes.pages.done import move_done
from landreg.disputes.pages.filters import OPEN_SORTS, SORTS, CaseListFilter, OpenCaseFilter
from landreg.disputes.pages.forms import (
    MOVE_FORMS,
    AgreementForm,
    CaseDocumentForm,
    CaseOpenForm,
    HoldForm,
    HomologationForm,
    HomologationRefusalForm,
    JointWithdrawalForm,
    PartyAddForm,
    SessionChoiceForm,
    initial_for,
)
from landreg.disputes.papers.outcome_record import outcome_pdf
from landreg.disputes.selectors import (
    cases_visible_to,
    claiming_groups_among,
    parties_to_identify,
    people_of_case,
    with_late_first,
)
from landreg.disputes.states import OPEN_STATES, AgreedChange, OutcomeKind
from landreg.documents.selectors import sources_openable_by
from landreg.documents.services import source_attach
from landreg.parties.selectors import PARTY_VILLAGE, parties_seen_among
from landreg.web.lists.page import list_page
from landreg.web.once import submitted_once

MOVE_LABELS = {
    "open": gettext_lazy("Case opened"),
    "session_schedule": gettext_lazy("Schedule a conciliation session"),
    "session_hold": gettext_lazy("Record the session held"),
    "session_reschedule": gettext_lazy("Move a scheduled session"),
    "session_cancel": gettext_lazy("Cancel a scheduled session"),
    "agree": gettext_lazy("Agreement reached (record of conciliation)"),
    "non_conciliation": gettext_lazy("No agreement (record of non-conciliation)"),
    "refer": gettext_lazy("Referral to the court"),
    "decide": gettext_lazy("Court decision"),
    "appeal": gettext_lazy("Appeal"),
    "finalise": gettext_lazy("The case is final"),
    "withdraw": gettext_lazy("Withdrawal by the complainant"),
    "homologate": gettext_lazy("Homologation of the conciliation by the court"),
    "homologation_refuse": gettext_lazy("Refusal of the homologation by the court"),
    "withdraw_jointly": gettext_lazy("Joint withdrawal of the agreement by the parties"),
}

# Each move's form says on its button what it saves: the page shows several forms at once, and a walk of the
# demo read two (then four) buttons « Enregistrer » side by side, under different headings.
MOVE_BUTTONS = {
    "session_schedule": gettext_lazy("Schedule the session"),
    "session_hold": gettext_lazy("Record the session"),
    "session_reschedule": gettext_lazy("Move the session"),
    "session_cancel": gettext_lazy("Cancel the session"),
    "agree": gettext_lazy("Record the agreement"),
    "non_conciliation": gettext_lazy("Record the non-conciliation"),
    "refer": gettext_lazy("Record the referral"),
    "decide": gettext_lazy("Record the decision"),
    "appeal": gettext_lazy("Record the appeal"),
    "finalise": gettext_lazy("Record that the case is final"),
    "withdraw": gettext_lazy("Record the withdrawal"),
}


def _openable_villages(user):
    villages = None
    for codename in OPEN_PERMISSIONS:
        covered = villages_covered(user, codename)
        villages = covered if villages is None else villages | covered
    return villages.distinct().order_by("name")


REMINDERS = 20  # rows of each reminder list; a link leads to the full filtered list beyond


@login_required
def home(request):
    """Open cases, overdue first, paged like every list, with the reminders of what falls due this week."""
    today = clock.today()
    week = today + timedelta(days=7)
    open_cases = with_late_first(cases_visible_to(request.user).open(), today)
    page = list_page(
        request, open_cases, filterset_class=OpenCaseFilter, sorts=OPEN_SORTS, default_sort="overdue"
    )
    for case in page.rows:
        case.overdue = case.late_first == 0
        case.age_days = (today - case.opened_at.date()).days
    overdue = open_cases.filter(late_first=0).order_by("opened_at", "pk")
    upcoming = (
        DisputeSession.objects.filter(
            case__in=open_cases.values("pk"), held_on__isnull=True, cancelled_at__isnull=True
        )
        .filter(scheduled_for__lte=week)
        .select_related("case")
        .order_by("scheduled_for", "pk")
    )
    due_soon = open_cases.filter(late_first=1, conciliation_due__lte=week).order_by("conciliation_due", "pk")
    return render(
        request,
        "disputes/home.html",
        {
            "page": page,
            "overdue": list(overdue[:REMINDERS]),
            "overdue_count": overdue.count(),
            "upcoming": list(upcoming[:REMINDERS]),
            "due_soon": list(due_soon[:REMINDERS]),
            "may_open": _openable_villages(request.user).exists(),
            "closed": cases_visible_to(request.user)
            .filter(closed_at__isnull=False)
            .order_by("-closed_at")[:20],
        },
    )


@login_required
def case_list(request):
    """Every case the user may see, filtered (open, overdue, village, type, parties), sorted and paged."""
    cases = cases_visible_to(request.user)
    page = list_page(request, cases, filterset_class=CaseListFilter, sorts=SORTS, default_sort="-opened")
    return render(request, "disputes/case_list.html", {"page": page})


@login_required
@submitted_once
def case_new(request):
    villages = _openable_villages(request.user)
    if not villages.exists():
        raise Http404
    form = CaseOpenForm(request.POST or None, villages=villages, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = dispute_file(
                actor=request.user,
                village=data["village"],
                subject=data["subject"],
                grounds=data["grounds"],
                kind=data["kind"],
                parcels=data["parcel_objects"],
                # Every right the register has not closed, past its term too: the case may be about a loan
                # or lease whose term is over, and it holds it until its outcome (not in_force_on).
                rights=[r for p in data["parcel_objects"] for r in p.rights.current()],
                parties=[
                    PartyInput(role, name, sex, person) for role, name, sex, person in data["party_rows"]
                ],
            )
        except RegistryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Case %(number)s is opened.") % {"number": case.number})
            return redirect("disputes:case", pk=case.pk)
    return render(request, "disputes/case_new.html", {"form": form})


def _case(request, pk):
    return get_object_or_404(cases_visible_to(request.user), pk=pk)


def _boundary_start(case):
    """The boundary the agreed (or court's) boundary starts from, with the claim or the parcel it is: the
    case's one claim's (an objection), else the case's one current registered parcel's (a dispute opened on
    registered land), as the change to the register revises it (outcomes.changes). The map opened empty at the
    scale of the commune, and the conciliator drew the parcel again to move one limit; a case on registered
    land had no claim, so its map stayed empty. Several claims or parcels: no start, the change names one
    only. Returns (claim, parcel, boundary)."""
    claims = list(case.claims.all()[:2])
    if claims:
        return (claims[0], None, claims[0].geometry) if len(claims) == 1 else (None, None, None)
    parcels = list(case.parcels.current()[:2])
    return (None, parcels[0], parcels[0].geometry) if len(parcels) == 1 else (None, None, None)


def _form(move: str, case, data=None, files=None, user=None):
    form_class = MOVE_FORMS[move]
    # Each move's fields have ids of their own (« agree_summary », « non_conciliation_summary »): the page
    # shows several moves' forms, and a shared « id_summary » sent each label to the first form's field.
    kwargs = {"data": data, "files": files, "initial": initial_for(move), "auto_id": f"{move}_%s"}
    claim = parcel = None
    if issubclass(form_class, AgreementForm):  # the court's decision too
        kwargs["people"] = people_of_case(case, with_its_parties=True)
        kwargs["newcomers"] = parties_to_identify(case)
        kwargs["user"] = user
        kwargs["case"] = case
        claim, parcel, boundary = _boundary_start(case)
        if boundary is not None:
            kwargs["initial"] = {**kwargs["initial"], "geometry": boundary.geojson}
    if issubclass(form_class, SessionChoiceForm):  # moved or cancelled: one of those still to come
        kwargs["sessions"] = moves.sessions_scheduled(case)
    if form_class is HoldForm:
        kwargs["parties"] = case.parties.select_related("party")
        due = moves.session_due(case)
        kwargs["initial"] = {**kwargs["initial"], "session": due.pk if due else None}
    form = form_class(**kwargs)
    if "geometry" in form.fields:
        # The editor checks the boundary while it is drawn, in the case's village (the form has no village
        # choice: without it the check was never asked), for whoever may record the outcome (api.boundaries.
        # CHECKING); the claim's or parcel's own boundary is not an overlap it reports.
        widget = form.fields["geometry"].widget
        widget.village, widget.claim, widget.parcel = case.village, claim, parcel
    return form


def _may_add_to_file(user, case) -> bool:
    """The party and document forms are offered to who may use them, while the case is open (the party form
    not once the agreement awaits the court's homologation: services.parties_may_join)."""
    if case.status not in OPEN_STATES:
        return False
    try:
        require_case_perm(user, case, "conciliate")
    except PermissionDeniedError:
        return False
    return True


def _render_case(
    request,
    case,
    bound=None,
    status=200,
    party_form=None,
    document_form=None,
    homologation_form=None,
    refusal_form=None,
    withdrawal_form=None,
):
    allowed = moves.allowed_moves_for(request.user, case)
    forms = [
        (
            move,
            MOVE_LABELS[move],
            bound[1] if bound and bound[0] == move else _form(move, case, user=request.user),
            MOVE_BUTTONS[move],
        )
        for move in allowed
    ]
    documents = list(case.documents.order_by("document_date", "created_at"))
    parties = list(case.parties.annotate(**PARTY_VILLAGE).select_related("party"))
    context = {
        "case": case,
        "grounds": grounds_said(case),
        "forms": forms,
        "parties": parties,
        # The registered parties the user may see, each name leading to the person's page (web.people).
        "people_seen": parties_seen_among(
            request.user, [(p.party_id, p.party_village_path, p.party_village_level) for p in parties]
        ),
        "sessions": case.sessions.prefetch_related("positions__party"),
        "outcomes": case.outcomes.select_related(
            "document",
            "homologation__document",
            "homologation_refusal__document",
            "joint_withdrawal__document",
        ).prefetch_related("joint_withdrawal__marks__party"),
        "events": [(e, MOVE_LABELS.get(e.move, e.move)) for e in case.events.select_related("actor")],
        "claims": case.claims.all(),
        "parcels": case.parcels.all(),
        "rights": case.rights.select_related("right_type", "parcel"),
        "documents": documents,
        # Identity papers open only for who sees personal data (documents.selectors), like everywhere else.
        "openable": set(
            sources_openable_by(request.user)
            .filter(pk__in=[d.pk for d in documents])
            .values_list("pk", flat=True)
        ),
    }
    # A refused form is shown again with what was typed and why, even when the case has just closed.
    may_add = _may_add_to_file(request.user, case)
    if (may_add and parties_may_join(case)) or party_form is not None:
        context["party_form"] = party_form or PartyAddForm(people=people_of_case(case), user=request.user)
    if may_add or document_form is not None:
        context["document_form"] = document_form or CaseDocumentForm(initial={"document_date": clock.today()})
    if homologation_form is not None or homologation_offered(request.user, case):
        context["homologation_form"] = homologation_form or HomologationForm()
    if refusal_form is not None or refusal_offered(request.user, case):
        context["refusal_form"] = refusal_form or HomologationRefusalForm()
    if withdrawal_form is not None or withdrawal_offered(request.user, case):
        context["withdrawal_form"] = withdrawal_form or JointWithdrawalForm(
            parties=case.parties.select_related("party"), initial={"signed_on": clock.today()}
        )
    return render(request, "disputes/case_detail.html", context, status=status)


@login_required
def case_detail(request, pk):
    return _render_case(request, _case(request, pk))


def _holder_identified(row: dict, form, case, user) -> dict:
    """A holder row of the agreement's form as the outcome takes it: a registered person's as it is; a party
    of the case known only by name linked first to the namesake chosen, or registered as a new person of the
    village (services.dispute_party_identify), in the move's transaction."""
    if "case_party" not in row:
        return row
    case_party, person = form.identified[row["case_party"]]
    details = form.new_person_details.get(case_party.pk, {})
    party = dispute_party_identify(
        case=case,
        actor=user,
        case_party=case_party,
        person=person,
        birth_year=details.get("birth_year"),
        domicile=details.get("domicile", ""),
        id_document_type=details.get("id_document_type", ""),
        id_document_number=details.get("id_document_number", ""),
        claiming_groups=claiming_groups_among(party for party, _namesakes in form.newcomers.values()),
    )
    return {"party": str(party.pk), "share": row["share"]}


def _apply(move: str, case, form, user):
    """The form's fields, with the held session's positions and the uploaded court decision, as the move
    takes them (the same dispatch as the API: services.run_move)."""
    data = dict(form.cleaned_data)
    if move == "session_hold":
        data["positions"] = form.positions()
    if move in ("agree", "decide") and data.get("change") == AgreedChange.SHARES:
        holders = [_holder_identified(row, form, case, user) for row in data["change_data"]["holders"]]
        data["change_data"] = {"holders": holders}
    if move == "decide":
        data["document"] = source_attach(
            source_type="court_decision",
            document_date=data["decided_on"],
            village=case.village,
            reference=data["document_reference"],
            file=data["document"],
            recorded_by=user,
        )
    return run_move(move=move, case=case, actor=user, data=data)


@login_required
@require_POST
@submitted_once
def case_move(request, pk, move):
    case = _case(request, pk)
    if move not in MOVE_FORMS:
        raise Http404
    form = _form(move, case, request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Correct the form below."))
        return _render_case(request, case, bound=(move, form), status=400)
    try:
        with transaction.atomic():  # the decision's document and the move stand or fall together
            result = _apply(move, case, form, request.user)
    except RegistryError as exc:
        form.add_error(None, str(exc))
        messages.error(request, str(exc))
        case.refresh_from_db()
        return _render_case(request, case, bound=(move, form), status=400)
    case.refresh_from_db()
    messages.success(request, move_done(move, case, result))
    for case_party, person in getattr(form, "identified", {}).values():
        if person is None:  # registered by the agreement: said, so that the user knows a person was added
            messages.info(
                request,
                _("Registered as a person of %(village)s: %(name)s.")
                % {"village": case.village.name, "name": case_party.name},
            )
    return redirect("disputes:case", pk=case.pk)


def _case_file_posted(request, case, form, record, *, recorded: str, again: str, form_name: str):
    """The path the case file's forms share: ``record(values)`` calls the service with the form's cleaned
    values and says whether it added anything; a refusal shows the page again with what was typed and why
    beside the form, 400 (403 for whoever may not); sent twice, the same thing is recorded once."""
    status = 400
    if form.is_valid():
        try:
            added = record(form.cleaned_data)
        except RegistryError as exc:
            status = refused(form, exc)
            messages.error(request, str(exc))
        else:
            if added:
                messages.success(request, recorded)
            else:
                messages.info(request, again)
            return redirect("disputes:case", pk=case.pk)
    case.refresh_from_db()
    return _render_case(request, case, status=status, **{form_name: form})


@login_required
@require_POST
@submitted_once
def case_party(request, pk):
    """A party who joins the case."""
    case = _case(request, pk)

    def record(values) -> bool:
        data = PartyInput(
            role=values["role"],
            name=values["name"],
            sex=values["sex"],
            party=values["party"],
            represented_by=values["represented_by"],
        )
        return dispute_party_add(case=case, actor=request.user, data=data)[1]

    return _case_file_posted(
        request,
        case,
        PartyAddForm(request.POST, people=people_of_case(case), user=request.user),
        record,
        recorded=_("The party is added to the case."),
        again=_("This party was in the case already."),
        form_name="party_form",
    )


@login_required
@require_POST
@submitted_once
def case_document(request, pk):
    """A document brought to the case (the file is chosen again after a refusal: a browser cannot be given it
    back)."""
    case = _case(request, pk)

    def record(values) -> bool:
        return dispute_document_add(
            case=case,
            actor=request.user,
            source_type=values["source_type"],
            document_date=values["document_date"],
            reference=values["reference"],
            description=values["description"],
            file=values["file"],
        )[1]

    return _case_file_posted(
        request,
        case,
        CaseDocumentForm(request.POST, request.FILES),
        record,
        recorded=_("The document is attached to the case."),
        again=_("This document was attached already."),
        form_name="document_form",
    )


@login_required
@require_POST
@submitted_once
def case_homologation(request, pk):
    """The court's homologation of the case's conciliation (400 also for a case not closed by an agreement,
    homologated already by another decision, a date refused)."""
    case = _case(request, pk)

    def record(values) -> bool:
        return homologate(
            case=case,
            actor=request.user,
            decided_on=values["decided_on"],
            court_name=values["court_name"],
            reference=values["reference"],
            file=values["file"],
        )[1]

    return _case_file_posted(
        request,
        case,
        HomologationForm(request.POST, request.FILES),
        record,
        recorded=_("The homologation of the conciliation is recorded."),
        again=_("This homologation was recorded already."),
        form_name="homologation_form",
    )


@login_required
@require_POST
@submitted_once
def case_homologation_refusal(request, pk):
    """The court's refusal to homologate the agreement that awaits it (400 also for an agreement that does not
    await homologation, or refused already by another decision)."""
    case = _case(request, pk)

    def record(values) -> bool:
        return homologation_refuse(
            case=case,
            actor=request.user,
            decided_on=values["decided_on"],
            court_name=values["court_name"],
            reference=values["reference"],
            grounds=values["grounds"],
            file=values["file"],
        )[1]

    return _case_file_posted(
        request,
        case,
        HomologationRefusalForm(request.POST, request.FILES),
        record,
        recorded=_(
            "The court's refusal is recorded: the agreement does not take effect and the case is not "
            "conciliated."
        ),
        again=_("This refusal was recorded already."),
        form_name="refusal_form",
    )


@login_required
@require_POST
@submitted_once
def case_joint_withdrawal(request, pk):
    """The parties' joint withdrawal of the agreement awaiting homologation (400 also for a party without a
    mark, a date out of place, a case whose agreement does not await homologation; 403 for who may not)."""
    case = _case(request, pk)
    form = JointWithdrawalForm(request.POST, request.FILES, parties=case.parties.select_related("party"))

    def record(values) -> bool:
        return withdraw_jointly(
            case=case,
            actor=request.user,
            signed_on=values["signed_on"],
            reference=values["reference"],
            marks=form.marks(),
            file=values["file"],
        )[1]

    return _case_file_posted(
        request,
        case,
        form,
        record,
        recorded=_(
            "The joint withdrawal is recorded: the agreement does not take effect, the case is closed as "
            "withdrawn and its land is released."
        ),
        again=_("This joint withdrawal was recorded already."),
        form_name="withdrawal_form",
    )


@login_required
def outcome_record(request, pk, outcome_pk):
    """The procès-verbal of conciliation or non-conciliation, or the summary of a court decision, as PDF."""
    case = _case(request, pk)
    outcome = get_object_or_404(DisputeOutcome, pk=outcome_pk, case=case)
    name = {
        OutcomeKind.AGREEMENT: "pv-conciliation",
        OutcomeKind.NON_CONCILIATION: "pv-non-conciliation",
    }.get(outcome.kind, "decision")
    response = HttpResponse(outcome_pdf(outcome), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}-{case.number}.pdf"'
    return response
