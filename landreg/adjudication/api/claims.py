"""API for each actor's part: claims, their moves, votes, objections, site records and transfers.

Thin classes: input serializers check shapes, then the same services and transitions as the pages run.
Errors users see come back as 400 (or 403 for a missing permission) with the translated message.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.api import drafting
from landreg.adjudication.api.filters import ClaimFilter
from landreg.adjudication.api.move_inputs import MOVE_INPUTS
from landreg.adjudication.api.representatives import RepresentativeFields
from landreg.adjudication.changes.applications import change_data_for
from landreg.adjudication.changes.minors import RepresentativeInput, party_takers, representation_faults
from landreg.adjudication.changes.transfers import right_transfer
from landreg.adjudication.claims import transitions
from landreg.adjudication.claims.content import draft_from, update_from
from landreg.adjudication.claims.documents import claim_document_add
from landreg.adjudication.committee.votes import tally, vote_cast
from landreg.adjudication.models import Claim
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.adjudication.selectors import claims_visible_to
from landreg.adjudication.site.visits import AttendeeInput, site_visit_record
from landreg.api.paging import PAGE_PARAMETERS, RegistryPagination, paged
from landreg.documents.models import Source, SourceType
from landreg.parcels.models import Parcel
from landreg.parties.minority import DEFAULT_MAJORITY_AGE
from landreg.parties.models import Party, PartyKind
from landreg.parties.selectors import parties_visible_to
from landreg.rights.selectors import rights_visible_to
from landreg.rights.services import HolderShare
from landreg.territory.models import AdministrativeUnit


class ClaimOutput(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code")
    profile = serializers.CharField(source="profile.code")
    state_label = serializers.CharField(source="get_state_display")
    claimants = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()
    steps = serializers.ListField(child=serializers.CharField(), read_only=True)
    subject_parcels = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    change_data = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "village",
            "profile",
            "purpose",
            "steps",
            "state",
            "state_label",
            "receipt_number",
            "parcel_number",
            "survey_method",
            "notice_start",
            "notice_end",
            "return_reasons",
            "rejection_reason",
            "rejection_note",
            "parcel",
            "right",
            "subject_right",
            "subject_parcels",
            "subject_party",
            "change_data",
            "transfer",
            "parcel_change",
            "claimants",
            "allowed_moves",
        ]

    def get_claimants(self, claim) -> list[dict]:
        return [{"name": c.public_name, "role": c.role, "share": str(c.share)} for c in claim.claimants.all()]

    def get_change_data(self, claim) -> dict:
        personal = has_unit_perm(self.context["request"].user, "view_personal_data", claim.village)
        return change_data_for(claim, personal=personal)

    def get_allowed_moves(self, claim) -> list[str]:
        return transitions.moves_offered(self.context["request"].user, claim)


class ClaimListApi(generics.GenericAPIView):
    """GET: claims the caller may see (``?queue=mine|screening|committee|...``, ``?state=``, ``?village=``).
    POST: a new draft."""

    serializer_class = drafting.ClaimNewSerializer  # what POST reads (OPTIONS describes it)
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter
    pagination_class = None  # RegistryPagination, called below; its parameters are documented once

    def get_queryset(self):
        return claims_visible_to(self.request.user)

    @extend_schema(
        operation_id="v1_claims_list",
        responses=paged("ClaimPage", ClaimOutput(many=True)),
        parameters=PAGE_PARAMETERS,
        filters=True,
    )
    def get(self, request):
        claims = self.filter_queryset(self.get_queryset())
        claims = claims.prefetch_related("claimants__party", "subject_parcels").order_by("created_at", "pk")
        paginator = RegistryPagination()
        page = paginator.paginate_queryset(claims, request, view=self)
        return paginator.get_paginated_response(
            ClaimOutput(page, many=True, context={"request": request}).data
        )

    @extend_schema(request=drafting.ClaimNewSerializer, responses={201: ClaimOutput})
    def post(self, request):
        data = drafting.ClaimNewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        village = AdministrativeUnit.objects.filter(code=values["village"]).first()
        if village is None:
            return Response({"village": [_("Unknown village code.")]}, status=400)
        parties = parties_visible_to(request.user).current()
        content = drafting.claim_content(values, village=village, parties=parties)
        key = request.headers.get("Idempotency-Key", "").strip()
        if key:  # a retry with the same key and body gives the same claim back, never a second one
            return self.post_once(request, key, content)
        claim = draft_from(content, actor=request.user)
        return Response(ClaimOutput(claim, context={"request": request}).data, status=201)

    def post_once(self, request, key, content):
        from landreg.collect.sync import digest, sync_claim

        if len(key) > 100:
            return Response(
                {"detail": _("The Idempotency-Key is at most 100 characters."), "error": "invalid"},
                status=400,
            )
        result = sync_claim(
            agent=request.user,
            client_id=f"key:{key}",
            base_version="-",
            content=content,
            content_digest=digest(request.data),
        )
        if result.result == "rejected":
            return Response({"detail": " ".join(result.errors), "error": "invalid"}, status=400)
        if result.result != "created" and result.result != "unchanged":
            return Response(
                {"detail": _("This Idempotency-Key was used for another request."), "error": "conflict"},
                status=409,
            )
        claim = Claim.objects.get(pk=result.claim_id)
        status = 201 if result.result == "created" else 200
        return Response(ClaimOutput(claim, context={"request": request}).data, status=status)


class _ClaimApi(APIView):
    def claim(self, pk) -> Claim:
        try:
            return claims_visible_to(self.request.user).get(pk=pk)
        except Claim.DoesNotExist as exc:
            raise NotFound from exc

    def done(self, claim, code=200):
        claim = Claim.objects.get(pk=claim.pk)
        return Response(ClaimOutput(claim, context={"request": self.request}).data, status=code)


class ClaimDetailApi(_ClaimApi):
    @extend_schema(request=drafting.ClaimInputSerializer, responses={200: ClaimOutput})
    def put(self, request, pk):
        """Replace a draft's (or a returned claim's) boundary, right, claimants and secondary rights."""
        claim = self.claim(pk)
        data = drafting.ClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parties = parties_visible_to(request.user).current()
        content = drafting.claim_content(data.validated_data, village=claim.village, parties=parties)
        claim = update_from(content, actor=request.user, claim=claim)
        return self.done(claim)

    @extend_schema(responses=ClaimOutput)
    def get(self, request, pk):
        claim = self.claim(pk)
        body = ClaimOutput(claim, context={"request": request}).data
        t = tally(claim)
        body["votes"] = {"cast": t.cast, "approve": t.approve, "reject": t.reject, "quorum": t.quorum_reached}
        body["open_objections"] = claim.objections.filter(dispute__closed_at__isnull=True).count()
        return Response(body)


class ClaimMoveApi(_ClaimApi):
    """POST a move by name; the body carries that move's own fields (see the move's input)."""

    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="ClaimMoveInput",
            serializers=list(dict.fromkeys(MOVE_INPUTS.values())),
            resource_type_field_name=None,
        ),
        parameters=[OpenApiParameter("move", str, OpenApiParameter.PATH, enum=list(MOVE_INPUTS))],
        responses={200: ClaimOutput, 201: ClaimOutput},
    )
    def post(self, request, pk, move):
        claim = self.claim(pk)
        if move not in MOVE_INPUTS:  # said by name: a bare "Not found." read as if the claim were missing
            raise NotFound(
                _("Unknown move “%(move)s”.") % {"move": move}
                + " "
                + _("The moves are: %(moves)s.") % {"moves": ", ".join(MOVE_INPUTS)}
            )
        data = MOVE_INPUTS[move](data=request.data)
        data.is_valid(raise_exception=True)
        claim = transitions.move_run(claim=claim, move=move, actor=request.user, values=data.validated_data)
        return self.done(claim)


# The attached document's id: 201 when attached, 200 when the same document was sent again.
DOCUMENT_ANSWER = inline_serializer("ClaimDocumentAnswer", {"id": serializers.UUIDField()})


class ClaimDocumentApi(_ClaimApi):
    """POST a document (type, date, reference; optionally a file as multipart) attached to the claim."""

    @extend_schema_serializer(component_name="ClaimDocumentInput")
    class InputSerializer(serializers.Serializer):
        source_type = serializers.ChoiceField(choices=SourceType.choices)
        document_date = serializers.DateField()
        reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
        description = serializers.CharField(required=False, allow_blank=True, default="")
        file = serializers.FileField(required=False, default=None)

    @extend_schema(
        request=InputSerializer,
        responses={200: DOCUMENT_ANSWER, 201: DOCUMENT_ANSWER},
    )
    def post(self, request, pk):
        claim = self.claim(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        # Sent again (a retry after a cut), the same document is attached once: 200 with its id.
        source, added = claim_document_add(
            claim=claim,
            actor=request.user,
            source_type=values["source_type"],
            document_date=values["document_date"],
            reference=values["reference"],
            description=values["description"],
            file=values["file"],
        )
        return Response({"id": str(source.pk)}, status=201 if added else 200)


class ClaimVoteApi(_ClaimApi):
    @extend_schema_serializer(component_name="ClaimVoteInput")
    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=["approve", "reject"])
        reason = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: ClaimOutput, 201: ClaimOutput})
    def post(self, request, pk):
        claim = self.claim(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote_cast(
            claim=claim,
            member=request.user,
            decision=data.validated_data["decision"],
            reason=data.validated_data["reason"],
        )
        return self.done(claim, 201)


NOT_OF_THE_VILLAGE = gettext_lazy("Not a person registered in the claim's village.")


class ClaimObjectionApi(APIView):
    """Anyone authenticated objects in their own name. An agent of the village records the objection of
    someone else, named as on the claim's page: a person registered in the claim's village
    (``objector_party``), or a person without an account (``objector_name`` with ``objector_id_reference``),
    one of the two (both, or neither, are refused)."""

    @extend_schema_serializer(component_name="ClaimObjectionInput")
    class InputSerializer(serializers.Serializer):
        grounds = serializers.CharField()
        documents = serializers.ListField(child=serializers.UUIDField(), default=list)
        objector_party = serializers.PrimaryKeyRelatedField(
            queryset=Party.objects.none(),  # the claim's village's people the user sees (__init__)
            pk_field=serializers.UUIDField(),
            required=False,
            allow_null=True,
            default=None,
            help_text="For an agent of the village: the objector, a person registered in the claim's village "
            "(the French page's “Opposant enregistré dans le village”). Or objector_name with "
            "objector_id_reference for a person not registered; not both.",
            error_messages={"does_not_exist": NOT_OF_THE_VILLAGE},
        )
        objector_name = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            help_text="For an agent of the village: the name of an objector not registered (with "
            "objector_id_reference); or objector_party.",
        )
        objector_id_reference = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            help_text="How the objector named by objector_name was identified (ID document or witnesses).",
        )

        def __init__(self, *args, people=None, **kwargs):
            super().__init__(*args, **kwargs)
            if people is not None:
                self.fields["objector_party"].queryset = people

    @extend_schema(
        request=InputSerializer,
        responses={
            201: inline_serializer(
                "ClaimObjectionAnswer",
                {
                    "id": serializers.UUIDField(),
                    "dispute": serializers.CharField(help_text="the case's number"),
                },
            )
        },
    )
    def post(self, request, pk):
        claim = get_object_or_404(Claim, pk=pk, notice_start__isnull=False)  # claims on notice are public
        # The registered objector is one of the claim's village's current people the user may see: another
        # village's person, or one the user does not see, is an unknown id (400 on the field).
        people = parties_visible_to(request.user).current().filter(village=claim.village_id)
        data = self.InputSerializer(data=request.data, people=people)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        objection = objection_lodge(
            claim=claim,
            recorded_by=request.user,
            grounds=values["grounds"],
            objector_name=values["objector_name"],
            objector_id_reference=values["objector_id_reference"],
            objector_party=values["objector_party"],
            documents=Source.objects.filter(pk__in=values["documents"], village=claim.village),
        )
        return Response({"id": str(objection.pk), "dispute": objection.dispute.number}, status=201)


class ClaimSiteVisitApi(_ClaimApi):
    @extend_schema_serializer(component_name="ClaimSiteVisitAttendee")
    class AttendeeSerializer(serializers.Serializer):
        role = serializers.CharField()
        name = serializers.CharField()
        agrees = serializers.BooleanField()
        mark = serializers.CharField()
        mark_reference = serializers.CharField(required=False, allow_blank=True, default="")
        remark = serializers.CharField(required=False, allow_blank=True, default="")
        direction = serializers.CharField(required=False, allow_blank=True, default="")
        neighbour_parcel = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema_serializer(component_name="ClaimSiteVisitInput")
    class InputSerializer(serializers.Serializer):
        visit_date = serializers.DateField()
        place = serializers.CharField()
        language = serializers.CharField()
        translated = serializers.BooleanField(default=False)
        translation_language = serializers.CharField(required=False, allow_blank=True, default="")
        notes = serializers.CharField(required=False, allow_blank=True, default="")
        documents = serializers.ListField(child=serializers.UUIDField(), default=list)

    @extend_schema(
        request=InputSerializer,
        responses={201: inline_serializer("ClaimSiteVisitAnswer", {"id": serializers.UUIDField()})},
    )
    def post(self, request, pk):
        claim = self.claim(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        people = self.AttendeeSerializer(data=request.data.get("attendees", []), many=True)
        people.is_valid(raise_exception=True)
        attendees = []
        for row in people.validated_data:
            parcel_id = row["neighbour_parcel"]
            attendees.append(
                AttendeeInput(
                    role=row["role"],
                    name=row["name"],
                    agrees=row["agrees"],
                    mark=row["mark"],
                    mark_reference=row["mark_reference"],
                    remark=row["remark"],
                    direction=row["direction"],
                    neighbour_parcel=Parcel.objects.filter(pk=parcel_id).first() if parcel_id else None,
                )
            )
        values = data.validated_data
        visit = site_visit_record(
            claim=claim,
            actor=request.user,
            attendees=attendees,
            visit_date=values["visit_date"],
            place=values["place"],
            language=values["language"],
            translated=values["translated"],
            translation_language=values["translation_language"],
            notes=values["notes"],
            documents=Source.objects.filter(pk__in=values["documents"], village=claim.village),
        )
        return Response({"id": str(visit.pk)}, status=201)


class RightTransferApi(APIView):
    """A transfer recorded directly (the kinds a commune's profile puts through no step). A holder who is a
    minor today is named with their legal representative (a registered person or a name, the basis, a
    guardian's reference), recorded for them with the transfer, unless the register records one already
    (adjudication.changes.minors)."""

    @extend_schema_serializer(component_name="RightTransferHolder")
    class HolderSerializer(RepresentativeFields):
        party = serializers.UUIDField()
        share = serializers.CharField()

        def validate(self, attrs):
            self.refuse_two_representatives(attrs)
            return attrs

    @extend_schema_serializer(component_name="RightTransferInput")
    class InputSerializer(serializers.Serializer):
        kind = serializers.CharField()
        reason = serializers.CharField()
        documents = serializers.ListField(child=serializers.UUIDField(), default=list)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: inline_serializer(
                "RightTransferAnswer",
                {"id": serializers.UUIDField(), "new_right": serializers.UUIDField()},
            )
        },
    )
    def post(self, request, pk):
        right = get_object_or_404(rights_visible_to(request.user), pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        holders = self.HolderSerializer(data=request.data.get("holders", []), many=True)
        holders.is_valid(raise_exception=True)
        from landreg.documents.models import Source

        parties = parties_visible_to(request.user)
        try:
            new_holders = [
                HolderShare(party=parties.get(pk=h["party"]), share=h["share"])
                for h in holders.validated_data
            ]
        except Party.DoesNotExist:  # unknown, or of a village the caller cannot see
            raise serializers.ValidationError({"holders": [_("Unknown party.")]}) from None
        representatives = _representatives_named(
            holders.validated_data, new_holders, parties, village=right.parcel.village
        )
        documents = list(
            Source.objects.filter(pk__in=data.validated_data["documents"], village=right.parcel.village)
        )
        transfer = right_transfer(
            right=right,
            kind=data.validated_data["kind"],
            new_holders=new_holders,
            actor=request.user,
            reason=data.validated_data["reason"],
            documents=documents,
            representatives=representatives,
        )
        return Response({"id": str(transfer.pk), "new_right": str(transfer.new_right_id)}, status=201)


def _representatives_named(rows, new_holders, parties, *, village) -> dict:
    """{party id: RepresentativeInput} of the holders whose row names a representative; a representation
    said wrong (no basis, a guardian without reference) is refused beside the row's field, as a claimant's
    (changes.minors); a minor with none is left to the service, which reads the profile and the register."""
    named, errors = {}, {}
    for index, (row, holder) in enumerate(zip(rows, new_holders, strict=True)):
        name = row["representative_name"].strip()
        if row["representative_party"]:
            person = parties.filter(pk=row["representative_party"], kind=PartyKind.NATURAL).first()
            if person is None:
                errors[index] = {"representative_party": [_("Unknown party.")]}
                continue
            name = person.display_name
        if not (name or row["representative_basis"]):
            continue
        named[holder.party.pk] = RepresentativeInput(
            name=name, basis=row["representative_basis"], reference=row["representative_reference"].strip()
        )
    takers = party_takers([h.party for h in new_holders if h.party.pk in named], named)
    positions = {h.party.pk: i for i, h in enumerate(new_holders)}

    def majority_age() -> int:  # read only for a minor given a basis and no name
        try:
            return profile_for(village).majority_age
        except NoProcedureError:
            return DEFAULT_MAJORITY_AGE  # the service refuses the transfer and says why

    for taker_index, found in representation_faults(takers, majority_age=majority_age).items():
        row_errors = errors.setdefault(positions[takers[taker_index].party_id], {})
        for field, message in found.items():
            row_errors.setdefault(field, []).append(message)
    if errors:
        raise serializers.ValidationError({"holders": errors})
    return named
