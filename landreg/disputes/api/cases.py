"""/api/v1/disputes/: the same cases, moves, figures and reminders as the pages, through the same services.

Input serializers check named fields; each view then calls one service or move with explicit arguments.
Errors users see (the registry's errors mapped by api.errors, as for every API view): 400 with the translated
message, 403 for a missing permission, 409 for a move the case's status does not allow.
"""

from datetime import timedelta

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from landreg.api.paging import PAGE_PARAMETERS, RegistryPagination, paged
from landreg.core import clock
from landreg.disputes.api.holders import ChangeDataIn, agreed_holders
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.figures import dispute_figures
from landreg.disputes.cases.grounds import grounds_said
from landreg.disputes.cases.services import (
    PartyInput,
    dispute_attach_documents,
    dispute_document_add,
    dispute_file,
    dispute_party_add,
    run_move,
)
from landreg.disputes.cases.transitions import JUDGEMENT_SCAN_REQUIRED
from landreg.disputes.models import (
    SIGNED_MARKS,
    DisputeCase,
    DisputeHomologation,
    DisputeSession,
    HomologationRefusal,
    JointWithdrawal,
)
from landreg.disputes.outcomes.homologation import homologate, homologation_refuse
from landreg.disputes.outcomes.joint_withdrawal import PartyMark, withdraw_jointly
from landreg.disputes.selectors import cases_visible_to, open_cases_for, party_typed, with_late_first
from landreg.disputes.states import AgreedChange, DisputeKind, DisputeRole
from landreg.documents.models import Source, SourceType
from landreg.documents.selectors import sources_visible_to
from landreg.parcels.selectors import parcels_visible_to
from landreg.parties.choice_labels import PartyLabels
from landreg.parties.models import Sex
from landreg.parties.selectors import parties_visible_to
from landreg.rights.selectors import rights_visible_to
from landreg.territory.models import AdministrativeUnit, UnitLevel


def _homologation(outcome) -> dict | None:
    """The court's homologation of an agreement; ``None`` for one not homologated or another outcome."""
    try:
        done = outcome.homologation
    except DisputeHomologation.DoesNotExist:
        return None
    return {
        "decided_on": done.decided_on,
        "court_name": done.court_name,
        "reference": done.reference,
        "document": str(done.document_id),
    }


def _refusal(outcome) -> dict | None:
    """The court's refusal to homologate an agreement that awaited it; ``None`` otherwise."""
    try:
        refused = outcome.homologation_refusal
    except HomologationRefusal.DoesNotExist:
        return None
    return {
        "decided_on": refused.decided_on,
        "court_name": refused.court_name,
        "reference": refused.reference,
        "grounds": refused.grounds,
        "document": str(refused.document_id),
    }


def _withdrawal(outcome) -> dict | None:
    """The parties' joint withdrawal of an agreement that awaited homologation; ``None`` otherwise."""
    try:
        withdrawn = outcome.joint_withdrawal
    except JointWithdrawal.DoesNotExist:
        return None
    return {
        "signed_on": withdrawn.signed_on,
        "reference": withdrawn.reference,
        "document": str(withdrawn.document_id),
        "signatures": [{"party": m.party_id, "mark": m.mark} for m in withdrawn.marks.all()],
    }


class CaseOutput(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code")
    parcels = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    claims = serializers.SlugRelatedField(slug_field="receipt_number", many=True, read_only=True)
    rights = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    parties = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()
    status_label = serializers.CharField(
        source="get_status_display", read_only=True, help_text="The status in the request's language."
    )
    grounds = serializers.SerializerMethodField(
        help_text="The grounds; those the registry wrote (a neighbour's disagreement at the site "
        "verification) in the request's language."
    )

    class Meta:
        model = DisputeCase
        fields = [
            "id", "number", "village", "kind", "origin", "status", "status_label", "final", "subject",
            "grounds", "opened_at", "first_session_due", "conciliation_due", "final_from", "closed_at",
            "court_name", "court_reference", "referred_on", "parcels", "claims", "rights", "parties",
            "documents", "sessions", "outcomes", "events", "allowed_moves",
        ]  # fmt: skip

    def get_grounds(self, case) -> str:
        return grounds_said(case)

    def get_parties(self, case) -> list[dict]:
        return [
            {
                "id": p.pk,
                "role": p.role,
                "name": p.name,
                "sex": p.sex,
                "party": str(p.party_id) if p.party_id else None,
                "represented_by": p.represented_by,
            }
            for p in case.parties.all()
        ]

    def get_documents(self, case) -> list[dict]:
        return [
            {
                "id": str(d.pk),
                "source_type": d.source_type,
                "document_date": d.document_date,
                "reference": d.reference,
                "has_file": bool(d.file),
            }
            for d in case.documents.all()
        ]

    def get_sessions(self, case) -> list[dict]:
        return [
            {
                "id": str(s.pk),
                "scheduled_for": s.scheduled_for,
                "place": s.place,
                "held_on": s.held_on,
                "cancelled_at": s.cancelled_at,
                "cancel_reason": s.cancel_reason,
                "minutes": s.minutes,
                "positions": [
                    {"party": p.party_id, "present": p.present, "position": p.position}
                    for p in s.positions.all()
                ],
            }
            for s in case.sessions.all()
        ]

    def get_outcomes(self, case) -> list[dict]:
        return [
            {
                "id": str(o.pk),
                "kind": o.kind,
                "decided_on": o.decided_on,
                "summary": o.summary,
                "change": o.change,
                # An agreement's rule kept from the profile when signed: none, optional or required (its
                # change then waits for the homologation); empty for another outcome.
                "homologation_rule": o.homologation_rule,
                "applied": o.applied_at is not None,
                "homologation": _homologation(o),
                "homologation_refusal": _refusal(o),
                "joint_withdrawal": _withdrawal(o),
            }
            for o in case.outcomes.all()
        ]

    def get_events(self, case) -> list[dict]:
        return [
            {
                "move": e.move,
                "from": e.from_status,
                "to": e.to_status,
                "at": e.occurred_at,
                "reason": e.reason,
            }
            for e in case.events.all()
        ]

    def get_allowed_moves(self, case) -> list[str]:
        # A list passes the rights of all its cases' villages, read once (no query per case).
        return moves.allowed_moves_for(self.context["request"].user, case, self.context.get("move_rights"))


@extend_schema_serializer(component_name="DisputeFileParty")
class PartyIn(serializers.Serializer):
    """A party of the case to open, linked to the registered person they are as the page's form links them
    (selectors.party_typed): the one holder of the case's parcels who bears the name, no other person of the
    village bearing it, is linked at once; where several persons of the village bear it (or one who holds
    none of the parcels), the answer is a 400 naming them with their ids, and the client says which one the
    party is (``party``) or that none is (``not_registered``), as the page asks « Qui est … ? »."""

    role = serializers.ChoiceField(choices=DisputeRole.choices)
    name = serializers.CharField(max_length=200)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default="")
    party = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The registered person this party is: one of the namesakes a 400 named, or any current "
        "person of the case's village the user may see. Without it, a party whose name only the parcels' "
        "one holder bears is linked to them.",
    )
    not_registered = serializers.BooleanField(
        required=False,
        default=False,
        help_text="None of the registered persons of the village who bear the name is this party: the party "
        "stays unregistered.",
    )

    def validate(self, attrs):
        if attrs["party"] is not None and attrs["not_registered"]:
            raise serializers.ValidationError(
                {
                    "not_registered": [
                        _("Give either the registered person (party) or not_registered, not both.")
                    ]
                }
            )
        return {**attrs, "name": " ".join(attrs["name"].split())}


def _candidate(person, typed, labels) -> str:
    """A namesake as the page's « Qui est … ? » offers them: the parcels' holder said as such."""
    if person.pk in typed.holding:
        return _("%(person)s, holder of this land") % {"person": labels(person)}
    return labels(person)


def _parties_named(user, village, parcels, rows: list[dict]) -> list[PartyInput]:
    """The parties of the body as the case takes them, each linked to the registered person they are by the
    page's rule (selectors.party_typed); a 400 naming, for each party the rule cannot tell, the namesakes and
    their ids (as the user may see them, PartyLabels): nothing is opened until the client says."""
    labels = PartyLabels(user)
    errors, parties = [], []
    for row in rows:
        typed = party_typed(village, parcels, row["name"], row["sex"])
        error, person = {}, typed.linked
        if row["party"] is not None:
            person = next((p for p in typed.people if p.pk == row["party"]), None) or (
                parties_visible_to(user)
                .filter(pk=row["party"], village=village, end_lifespan__isnull=True)
                .first()
            )
            if person is None:
                error = {"party": [_("Not a registered person of the case's village.")]}
        elif row["not_registered"]:
            person = None
        elif typed.to_ask:
            people = "; ".join(f"{_candidate(p, typed, labels)} [{p.pk}]" for p in typed.people)
            error = {
                "party": [
                    _(
                        "Registered persons of the village bear the name %(name)s: %(people)s. Give the id "
                        "(party) of the one who is this party, or not_registered true if none of them is."
                    )
                    % {"name": row["name"], "people": people}
                ]
            }
        errors.append(error)
        parties.append(
            PartyInput(row["role"], row["name"], row["sex"] or (person.sex if person else ""), person)
        )
    if any(errors):
        raise serializers.ValidationError({"parties": errors})
    return parties


class DisputeListApi(APIView):
    @extend_schema_serializer(component_name="DisputeFileInput")
    class InputSerializer(serializers.Serializer):
        village = serializers.CharField()
        kind = serializers.ChoiceField(choices=DisputeKind.choices)
        subject = serializers.CharField()
        grounds = serializers.CharField(required=False, default="", allow_blank=True)
        parcels = serializers.ListField(child=serializers.CharField(), default=list)
        rights = serializers.ListField(child=serializers.UUIDField(), default=list)
        parties = PartyIn(many=True)

    @extend_schema(
        operation_id="v1_disputes_list",
        parameters=[
            *PAGE_PARAMETERS,
            OpenApiParameter("all", bool, description="Every case, newest first (default: open cases)."),
        ],
        responses=paged("DisputeCasePage", CaseOutput(many=True)),
    )
    def get(self, request):
        """Open cases, overdue first then oldest (``?all=1``: every case, newest first), paged like every
        list of the API."""
        visible = cases_visible_to(request.user)
        if request.GET.get("all"):
            cases = visible.order_by("-opened_at", "pk")
        else:
            cases = with_late_first(visible.open()).order_by("late_first", "opened_at", "pk")
        cases = cases.prefetch_related(
            "parcels", "claims", "rights", "parties", "documents", "sessions__positions", "outcomes", "events"
        )
        paginator = RegistryPagination()
        page = paginator.paginate_queryset(cases, request, view=self)
        rights = moves.VillageRights(request.user, {case.village_id for case in page})
        return paginator.get_paginated_response(
            CaseOutput(page, many=True, context={"request": request, "move_rights": rights}).data
        )

    @extend_schema(request=InputSerializer, responses={201: CaseOutput})
    def post(self, request):
        """Open a case on registered parcels or rights of one village. Each party typed by name is linked to
        the registered person they are as the page links them (DisputeFileParty): a 400 names the namesakes
        the rule cannot choose among, with their ids, and nothing is opened. The current holders of the
        parcels and rights join the case as parties (role holder; a group as the group), once each."""
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        village = get_object_or_404(AdministrativeUnit, code=values["village"], level=UnitLevel.VILLAGE)
        parcels = list(
            parcels_visible_to(request.user).current().filter(village=village, number__in=values["parcels"])
        )
        rights = list(rights_visible_to(request.user).filter(pk__in=values["rights"]))
        if len(parcels) != len(set(values["parcels"])) or len(rights) != len(set(values["rights"])):
            return Response({"detail": _("Unknown parcel or right."), "error": "invalid"}, status=400)
        case = dispute_file(
            actor=request.user,
            village=village,
            kind=values["kind"],
            subject=values["subject"],
            grounds=values["grounds"],
            parcels=parcels,
            rights=rights,
            parties=_parties_named(request.user, village, parcels, values["parties"]),
        )
        return Response(CaseOutput(case, context={"request": request}).data, status=201)


class DisputeDetailApi(APIView):
    @extend_schema(responses=CaseOutput)
    def get(self, request, pk):
        case = get_object_or_404(cases_visible_to(request.user), pk=pk)
        return Response(CaseOutput(case, context={"request": request}).data)


class DisputePartyApi(APIView):
    """POST a party who joins the case (an heir, a neighbour, a representative): 201 with the case, or 200
    when the same party was added already (a retry)."""

    @extend_schema_serializer(component_name="DisputePartyInput")
    class InputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=DisputeRole.choices)
        name = serializers.CharField(max_length=200)
        sex = serializers.ChoiceField(choices=Sex.choices, required=False, default="")
        party = serializers.UUIDField(
            required=False,
            allow_null=True,
            default=None,
            help_text="A registered person of the case's village.",
        )
        represented_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={200: CaseOutput, 201: CaseOutput})
    def post(self, request, pk):
        case, values = _case_and_input(request, pk, self.InputSerializer)
        person = None
        if values["party"] is not None:
            # A person the user does not see, or of another village than the case's, is refused here with
            # the field named (the service checks the village and the lifespan again).
            person = parties_visible_to(request.user).filter(pk=values["party"], village=case.village).first()
            if person is None:
                raise serializers.ValidationError(
                    {"party": [_("Not a registered person of the case's village.")]}
                )
        _party, added = dispute_party_add(
            case=case,
            actor=request.user,
            data=PartyInput(
                role=values["role"],
                name=values["name"],
                sex=values["sex"],
                party=person,
                represented_by=values["represented_by"],
            ),
        )
        return _case_after(request, case, added)


class DisputeDocumentApi(APIView):
    """POST a document for the case's file: either a new one (type, date, reference, description and the
    file as multipart; the same sent again is attached once: 200) or ``sources``, documents already recorded
    in the case's village."""

    @extend_schema_serializer(component_name="DisputeDocumentInput")
    class InputSerializer(serializers.Serializer):
        source_type = serializers.ChoiceField(choices=SourceType.choices, required=False)
        document_date = serializers.DateField(required=False)
        reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
        description = serializers.CharField(required=False, allow_blank=True, default="")
        file = serializers.FileField(required=False, default=None)
        sources = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)

        def validate(self, attrs):
            new = attrs.get("source_type") or attrs.get("document_date") or attrs.get("file")
            if attrs["sources"] and new:
                raise serializers.ValidationError(_("Send either a new document or recorded ones, not both."))
            if not attrs["sources"]:
                missing = {
                    name: [serializers.Field.default_error_messages["required"]]
                    for name in ("source_type", "document_date")
                    if not attrs.get(name)
                }
                if missing:
                    raise serializers.ValidationError(missing)
            return attrs

    @extend_schema(request=InputSerializer, responses={200: CaseOutput, 201: CaseOutput})
    def post(self, request, pk):
        case, values = _case_and_input(request, pk, self.InputSerializer)
        if values["sources"]:
            wanted = set(values["sources"])
            sources = list(sources_visible_to(request.user).filter(pk__in=wanted))
            if len(sources) != len(wanted):
                raise serializers.ValidationError({"sources": [_("Unknown document.")]})
            dispute_attach_documents(case=case, actor=request.user, documents=sources)
            added = True
        else:
            _source, added = dispute_document_add(
                case=case,
                actor=request.user,
                source_type=values["source_type"],
                document_date=values["document_date"],
                reference=values["reference"],
                description=values["description"],
                file=values["file"],
            )
        return _case_after(request, case, added)


class DisputeHomologationApi(APIView):
    """POST the court's homologation of the conciliation that closed the case (the dispute administrator):
    the decision's date, court and reference, and the judgement's scan as multipart (required, as for every
    court's act: the register keeps its proof). 201 with the case; 200 when the same homologation was recorded
    already (a retry); 409 for a case not closed by an agreement or homologated by another decision."""

    @extend_schema_serializer(component_name="DisputeHomologationInput")
    class InputSerializer(serializers.Serializer):
        decided_on = serializers.DateField(help_text="Date of the court's decision.")
        court_name = serializers.CharField(max_length=200)
        reference = serializers.CharField(max_length=120, help_text="Reference of the court's decision.")
        file = serializers.FileField(
            help_text="The judgement's scan or photograph (PDF, JPEG or PNG): required, the register keeps "
            "the proof of every court's act.",
            error_messages={"required": JUDGEMENT_SCAN_REQUIRED},
        )

    @extend_schema(request=InputSerializer, responses={200: CaseOutput, 201: CaseOutput})
    def post(self, request, pk):
        case, values = _case_and_input(request, pk, self.InputSerializer)
        _homologation, added = homologate(
            case=case,
            actor=request.user,
            decided_on=values["decided_on"],
            court_name=values["court_name"],
            reference=values["reference"],
            file=values["file"],
        )
        return _case_after(request, case, added)


class DisputeHomologationRefusalApi(APIView):
    """POST the court's refusal to homologate the agreement that awaits it (the dispute administrator; a
    profile that requires homologation): the decision's date, court, reference and grounds, and the
    judgement's scan as multipart (required). The agreement does not take
    effect and the case goes to non-conciliation. 201 with the case; 200 for the same refusal sent again; 409
    for a case whose agreement does not await homologation."""

    @extend_schema_serializer(component_name="DisputeHomologationRefusalInput")
    class InputSerializer(DisputeHomologationApi.InputSerializer):
        grounds = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={200: CaseOutput, 201: CaseOutput})
    def post(self, request, pk):
        case, values = _case_and_input(request, pk, self.InputSerializer)
        _refusal, added = homologation_refuse(
            case=case,
            actor=request.user,
            decided_on=values["decided_on"],
            court_name=values["court_name"],
            reference=values["reference"],
            grounds=values["grounds"],
            file=values["file"],
        )
        return _case_after(request, case, added)


@extend_schema_serializer(component_name="DisputeWithdrawalSignature")
class WithdrawalMarkIn(serializers.Serializer):
    party = serializers.IntegerField(help_text="A party of the case: its id among the case's parties.")
    mark = serializers.ChoiceField(choices=SIGNED_MARKS)
    mark_reference = serializers.CharField(max_length=128, required=False, allow_blank=True, default="")


class DisputeJointWithdrawalApi(APIView):
    """POST the parties' joint withdrawal (désistement conjoint) of the agreement awaiting the court's
    homologation (the dispute administrator): its date and reference, the mark each party of the case signed
    it with, and the signed paper's scan as multipart (``signatures[0]party``, ``signatures[0]mark``...) or
    none for a paper kept at the office under the reference. The agreement is set aside, the case closes as
    withdrawn and its land is released. 201 with the case; 200 for the same withdrawal sent again; 400 for a
    party without a mark or a date out of place; 409 for a case whose agreement does not await
    homologation."""

    @extend_schema_serializer(component_name="DisputeJointWithdrawalInput")
    class InputSerializer(serializers.Serializer):
        signed_on = serializers.DateField(help_text="Date of the signed withdrawal.")
        reference = serializers.CharField(max_length=120, help_text="Reference of the signed withdrawal.")
        file = serializers.FileField(required=False, default=None, help_text="The signed withdrawal's scan.")
        signatures = WithdrawalMarkIn(many=True, help_text="One mark for each party of the case.")

    @extend_schema(request=InputSerializer, responses={200: CaseOutput, 201: CaseOutput})
    def post(self, request, pk):
        case, values = _case_and_input(request, pk, self.InputSerializer)
        _withdrawal, added = withdraw_jointly(
            case=case,
            actor=request.user,
            signed_on=values["signed_on"],
            reference=values["reference"],
            marks=[PartyMark(m["party"], m["mark"], m["mark_reference"]) for m in values["signatures"]],
            file=values["file"],
        )
        return _case_after(request, case, added)


def _case_and_input(request, pk, serializer_class) -> tuple[DisputeCase, dict]:
    """The case the user may see (else 404) and the body as ``serializer_class`` validated it (else 400)."""
    case = get_object_or_404(cases_visible_to(request.user), pk=pk)
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return case, data.validated_data


def _case_after(request, case: DisputeCase, added: bool) -> Response:
    """The case as it stands after a write to its file: 201 when something was added, 200 for a retry that
    found it recorded already."""
    case.refresh_from_db()
    return Response(CaseOutput(case, context={"request": request}).data, status=201 if added else 200)


class ScheduleIn(serializers.Serializer):
    scheduled_for = serializers.DateField()
    place = serializers.CharField()


class RescheduleIn(serializers.Serializer):
    session = serializers.UUIDField(help_text="A session of the case scheduled and not yet held.")
    scheduled_for = serializers.DateField(help_text="The day it now sits.")
    place = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Where it now sits; empty keeps the place."
    )
    reason = serializers.CharField(required=False, default="", allow_blank=True, help_text="Why it moves.")


class CancelSessionIn(serializers.Serializer):
    session = serializers.UUIDField(help_text="A session of the case scheduled and not yet held.")
    reason = serializers.CharField(help_text="Why it is called off.")


class PositionIn(serializers.Serializer):
    party = serializers.IntegerField()
    present = serializers.BooleanField()
    position = serializers.CharField(required=False, default="", allow_blank=True)


class HoldIn(serializers.Serializer):
    session = serializers.UUIDField()
    held_on = serializers.DateField()
    conciliators = serializers.CharField()
    language = serializers.CharField()
    translation_language = serializers.CharField(required=False, default="", allow_blank=True)
    minutes = serializers.CharField()
    positions = PositionIn(many=True)


@extend_schema_serializer(component_name="DisputeOutcomeInput")
class OutcomeIn(serializers.Serializer):
    decided_on = serializers.DateField()
    summary = serializers.CharField()
    signatures = serializers.CharField(required=False, default="", allow_blank=True)
    change = serializers.ChoiceField(
        choices=AgreedChange.choices,
        default=AgreedChange.NONE,
        help_text="What the outcome changes in the register, among those that apply to the case. A court's "
        "decision (decide) never withdraws a claim nor an objection, a party's act: it rejects an objection "
        "(reject_objection); an agreement withdraws them. Refused with the reason otherwise (400).",
    )
    change_data = ChangeDataIn(required=False)
    document = serializers.UUIDField(
        required=False,
        help_text="For decide: a document of type court_decision of the case's village, with the judgement's "
        "scan (the register records a court's act only with its proof).",
    )


class CourtIn(serializers.Serializer):
    court_name = serializers.CharField()
    court_reference = serializers.CharField()
    referred_on = serializers.DateField(required=False)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField()


MOVE_INPUTS = {
    "session_schedule": ScheduleIn,
    "session_hold": HoldIn,
    "session_reschedule": RescheduleIn,
    "session_cancel": CancelSessionIn,
    "agree": OutcomeIn,
    "non_conciliation": OutcomeIn,
    "refer": CourtIn,
    "decide": OutcomeIn,
    "appeal": CourtIn,
    "finalise": ReasonIn,
    "withdraw": ReasonIn,
}


def _move_data(move: str, case: DisputeCase, validated: dict, user) -> dict:
    """The serializer's fields, with the held session's positions, the decision's document (a Source of the
    case's village, by id) and the agreed holders (api.holders: parties named linked or registered) as the
    move takes them."""
    data = dict(validated)
    if move in ("agree", "non_conciliation", "decide"):
        data["change_data"] = dict(validated.get("change_data") or {})
    if move in ("agree", "decide") and data["change"] == AgreedChange.SHARES:
        rows = data["change_data"].get("holders") or []
        data["change_data"] = {"holders": agreed_holders(case=case, actor=user, rows=rows)}
    if move == "session_hold":
        data["positions"] = [
            moves.PositionInput(p["party"], p["present"], p["position"]) for p in validated["positions"]
        ]
    if move == "decide":
        data["document"] = Source.objects.filter(pk=validated.get("document"), village=case.village).first()
    return data


class DisputeMoveApi(APIView):
    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="DisputeMoveInput",
            serializers=[ScheduleIn, RescheduleIn, CancelSessionIn, HoldIn, OutcomeIn, CourtIn, ReasonIn],
            resource_type_field_name=None,
        ),
        responses=CaseOutput,
    )
    def post(self, request, pk, move):
        """One move of the case; the body's fields depend on the move (see the pages' forms): session_schedule
        ScheduleIn, session_reschedule RescheduleIn (a session scheduled and not yet held moved to another day
        or place), session_cancel CancelSessionIn (called off, with the reason: the case goes back to open
        when no other session is scheduled or held), session_hold HoldIn, agree, non_conciliation and decide
        DisputeOutcomeInput (its change_data.holders names each holder by id or by name: see
        DisputeAgreedHolder), refer and appeal CourtIn, finalise and withdraw ReasonIn."""
        case = get_object_or_404(cases_visible_to(request.user), pk=pk)
        if move not in MOVE_INPUTS:
            raise NotFound(_("Unknown move."))
        data = MOVE_INPUTS[move](data=request.data, context={"case": case, "user": request.user})
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            values = _move_data(move, case, data.validated_data, request.user)
            run_move(move=move, case=case, actor=request.user, data=values)
        case.refresh_from_db()
        return Response(CaseOutput(case, context={"request": request}).data)


class DisputeFiguresApi(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(dispute_figures(request.user))


class DisputeRemindersApi(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Overdue cases and the sessions of the coming week."""
        cases = open_cases_for(request.user)
        week = clock.today() + timedelta(days=7)
        sessions = DisputeSession.objects.filter(
            case__in=[c.pk for c in cases],
            held_on__isnull=True,
            cancelled_at__isnull=True,
            scheduled_for__lte=week,
        ).select_related("case")
        return Response(
            {
                "overdue": [
                    {
                        "id": str(c.pk),
                        "number": c.number,
                        "first_session_due": c.first_session_due,
                        "conciliation_due": c.conciliation_due,
                    }
                    for c in cases
                    if c.overdue
                ],
                "sessions": [
                    {"case": s.case.number, "scheduled_for": s.scheduled_for, "place": s.place}
                    for s in sessions
                ],
            }
        )
