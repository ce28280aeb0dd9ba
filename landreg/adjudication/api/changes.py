"""API to lodge an application for a later change; it then moves like any claim (``claims/<id>/moves/``)."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from landreg.adjudication.api.claims import ClaimOutput
from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims import transitions
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.states import CHANGE_KINDS, ClaimPurpose
from landreg.documents.models import Source
from landreg.parcels.selectors import parcels_visible_to
from landreg.parties.models import PartyKind, RepresentationBasis, Sex
from landreg.parties.selectors import parties_visible_to
from landreg.rights.models import Currency
from landreg.rights.selectors import rights_visible_to


class ChangeApplicationApi(APIView):
    """POST: lodge (and by default submit) an application for a transfer, split, merge, lease, loan, mortgage
    or correction that the commune's profile puts through steps. The answer is the application, with its
    receipt number and the steps it will go through."""

    @extend_schema_serializer(component_name="ChangeHolderInput")
    class HolderSerializer(serializers.Serializer):
        party = serializers.UUIDField(required=False, help_text="A registered person or group")
        last_name = serializers.CharField(required=False, allow_blank=True, default="")
        first_names = serializers.CharField(required=False, allow_blank=True, default="")
        sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True, default="")
        share = serializers.CharField(default="1")
        birth_date = serializers.DateField(
            required=False, allow_null=True, default=None, help_text="A new person's date of birth"
        )
        representative_name = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            max_length=200,
            help_text="The legal representative of a minor (refused without one)",
        )
        representative_basis = serializers.ChoiceField(
            choices=RepresentationBasis.choices, required=False, allow_blank=True, default=""
        )
        representative_reference = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            max_length=200,
            help_text="A guardian's family council minutes or judgment",
        )

        def validate(self, attrs):
            # A registered party has its sex on record; a new person must give it.
            if not attrs.get("party") and not attrs["sex"]:
                raise serializers.ValidationError({"sex": _("Give the sex of each new person.")})
            return attrs

    @extend_schema_serializer(component_name="ChangeApplicationInput")
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=CHANGE_KINDS)
        reason = serializers.CharField()
        right = serializers.UUIDField(required=False, help_text="The right transferred (inheritance, sale…)")
        parcels = serializers.ListField(child=serializers.UUIDField(), default=list)
        party = serializers.UUIDField(
            required=False, help_text="The person or group whose record is corrected"
        )
        holders = serializers.ListField(child=serializers.DictField(), default=list)
        parts = serializers.ListField(child=serializers.JSONField(), default=list, help_text="Split: GeoJSON")
        changes = serializers.DictField(required=False, help_text="Correction: field → corrected value")
        legal_basis = serializers.CharField(required=False, default="")
        start_date = serializers.DateField(required=False, allow_null=True, default=None)
        end_date = serializers.DateField(required=False, allow_null=True, default=None)
        creditor = serializers.UUIDField(
            required=False, help_text="Mortgage: the creditor, a registered organisation"
        )
        creditor_name = serializers.CharField(
            required=False,
            default="",
            help_text="Mortgage: or the name of a bank or microfinance institution",
        )
        amount = serializers.DecimalField(
            max_digits=16,
            decimal_places=0,
            required=False,
            default=None,
            help_text="Mortgage: amount secured",
        )
        currency = serializers.ChoiceField(choices=Currency.choices, required=False, default="")
        deed_date = serializers.DateField(required=False, allow_null=True, default=None)
        documents = serializers.ListField(child=serializers.UUIDField(), default=list)
        submit = serializers.BooleanField(default=True, help_text="Submit at once (receipt number)")

    def _holders(self, rows) -> list[ClaimantInput]:
        people = self.HolderSerializer(data=rows, many=True)
        people.is_valid(raise_exception=True)
        parties = parties_visible_to(self.request.user)
        holders = []
        for row in people.validated_data:
            party = None
            if row.get("party"):
                party = parties.filter(pk=row["party"]).first()
                if party is None:
                    raise serializers.ValidationError({"holders": [_("Unknown party.")]})
            holders.append(
                ClaimantInput(
                    last_name=row["last_name"],
                    first_names=row["first_names"],
                    sex=row["sex"],
                    share=row["share"],
                    party=party,
                    kind=party.kind if party else "natural",
                    extra={
                        "birth_date": None if party else row["birth_date"],
                        "representative_name": row["representative_name"],
                        "representative_basis": row["representative_basis"],
                        "representative_reference": row["representative_reference"],
                    },
                )
            )
        return holders

    def _creditor(self, values) -> list[ClaimantInput]:
        """A mortgage's creditor: a registered organisation the user sees, or a new one by its name."""
        if values.get("creditor"):
            party = parties_visible_to(self.request.user).filter(pk=values["creditor"]).first()
            if party is None:
                raise serializers.ValidationError({"creditor": [_("Unknown party.")]})
            return [ClaimantInput(kind=party.kind, party=party)]
        if values["creditor_name"].strip():
            return [ClaimantInput(kind=PartyKind.NON_NATURAL, name=values["creditor_name"].strip())]
        return []

    @extend_schema(request=InputSerializer, responses={201: ClaimOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        holders = self._holders(values["holders"])
        right = None
        if values.get("right"):
            right = rights_visible_to(request.user).filter(pk=values["right"]).first()
            if right is None:
                raise NotFound(_("Unknown right."))
        parcels = list(parcels_visible_to(request.user).filter(pk__in=values["parcels"]))
        if len(parcels) != len(set(values["parcels"])):
            raise NotFound(_("Unknown parcel."))
        party = None
        if values.get("party"):
            party = parties_visible_to(request.user).filter(pk=values["party"]).first()
            if party is None:
                raise NotFound(_("Unknown party."))
        village = right.parcel.village if right else parcels[0].village if parcels else None
        documents = list(Source.objects.filter(pk__in=values["documents"], village=village))
        details = {
            "reason": values["reason"],
            "parts": values["parts"],
            "changes": values.get("changes"),
            "legal_basis": values["legal_basis"],
            "start_date": values["start_date"],
            "end_date": values["end_date"],
            "amount": values["amount"],
            "currency": values["currency"],
            "deed_date": values["deed_date"],
        }
        if values["kind"] == ClaimPurpose.MORTGAGE:
            holders = [*self._creditor(values), *holders]
        with transaction.atomic():  # a refused submission leaves no draft behind
            claim = change_draft(
                actor=request.user,
                kind=values["kind"],
                right=right,
                parcels=parcels,
                party=party,
                new_holders=holders,
                data=details,
                documents=documents,
            )
            if values["submit"]:
                claim = transitions.claim_submit(claim=claim, actor=request.user)
        output = ClaimOutput(claim, context={"request": request}).data
        return Response(output, status=201, headers={"Location": f"/api/v1/claims/{claim.pk}/"})
