"""API for mortgages (hypothèques): record one directly on a parcel and record its release (mainlevée), with
the same services as the land office's pages. A mortgage the commune's profile puts through steps, or on land
held by several persons, is lodged as an application (``changes/`` with ``kind`` « mortgage »)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from landreg.adjudication.changes.mortgages import current_mortgages, mortgage_register, mortgage_release
from landreg.documents.models import Source
from landreg.parcels.selectors import parcels_visible_to
from landreg.parties.selectors import parties_visible_to
from landreg.rights.models import Currency

MORTGAGE_ANSWER = inline_serializer(
    "ParcelMortgageAnswer",
    {
        "id": serializers.UUIDField(help_text="the mortgage (a right of type “mortgage”)"),
        "in_force": serializers.BooleanField(),
    },
)


class ParcelMortgageApi(APIView):
    """POST a mortgage on the parcel: its creditor (a registered organisation), the amount it secures, the
    deed's reference and date, its period (no ``end_date``: until repayment)."""

    @extend_schema_serializer(component_name="ParcelMortgageInput")
    class InputSerializer(serializers.Serializer):
        creditor = serializers.UUIDField(
            help_text="A registered organisation: the bank or microfinance institution"
        )
        amount = serializers.DecimalField(max_digits=16, decimal_places=0, min_value=1)
        currency = serializers.ChoiceField(choices=Currency.choices)
        deed_reference = serializers.CharField(max_length=255)
        deed_date = serializers.DateField()
        start_date = serializers.DateField()
        end_date = serializers.DateField(required=False, allow_null=True, default=None)
        documents = serializers.ListField(child=serializers.UUIDField(), default=list)

    @extend_schema(request=InputSerializer, responses={201: MORTGAGE_ANSWER})
    def post(self, request, pk):
        parcel = get_object_or_404(parcels_visible_to(request.user).current(), pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        creditor = parties_visible_to(request.user).filter(pk=values["creditor"]).first()
        if creditor is None:
            raise serializers.ValidationError({"creditor": [_("Unknown party.")]})
        right = mortgage_register(
            parcel=parcel,
            creditor=creditor,
            amount=values["amount"],
            currency=values["currency"],
            deed_reference=values["deed_reference"],
            deed_date=values["deed_date"],
            start_date=values["start_date"],
            end_date=values["end_date"],
            actor=request.user,
            documents=list(Source.objects.filter(pk__in=values["documents"], village=parcel.village)),
        )
        return Response({"id": str(right.pk), "in_force": True}, status=201)


class ParcelMortgageReleaseApi(APIView):
    """POST the release (mainlevée) of one of the parcel's mortgages: the deed's reference and date."""

    @extend_schema_serializer(component_name="ParcelMortgageReleaseInput")
    class InputSerializer(serializers.Serializer):
        deed_reference = serializers.CharField(max_length=255)
        deed_date = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={200: MORTGAGE_ANSWER})
    def post(self, request, pk, right_pk):
        parcel = get_object_or_404(parcels_visible_to(request.user).current(), pk=pk)
        right = get_object_or_404(current_mortgages(parcel), pk=right_pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ended = mortgage_release(
            right=right,
            actor=request.user,
            deed_reference=data.validated_data["deed_reference"],
            deed_date=data.validated_data["deed_date"],
        )
        return Response({"id": str(ended.pk), "in_force": False})
