"""API for the later life of parcels: split, merge, lease and loan (same services as everywhere)."""

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from landreg.adjudication.changes.later_life import parcel_merge, parcel_split, secondary_right_grant
from landreg.core.geojson_crs import LegacyCrsError, geometry_in_wgs84
from landreg.documents.models import Source
from landreg.parcels.selectors import parcels_visible_to
from landreg.parties.selectors import parties_visible_to
from landreg.rights.services import HolderShare


def _geometry(value):
    try:
        return geometry_in_wgs84(value)
    except LegacyCrsError as exc:
        raise serializers.ValidationError({"parts": [str(exc)]}) from exc
    except (GEOSException, GDALException, ValueError, TypeError) as exc:
        raise serializers.ValidationError({"parts": [_("Not a GeoJSON geometry.")]}) from exc


def _documents(ids, village):
    return list(Source.objects.filter(pk__in=ids, village=village))


# The change recorded and the numbers of the parcels it made.
CHANGE_ANSWER = inline_serializer(
    "ParcelChangeAnswer",
    {"id": serializers.UUIDField(), "new_parcels": serializers.ListField(child=serializers.CharField())},
)


def _change_output(change):
    return {"id": str(change.pk), "new_parcels": sorted(p.number for p in change.new_parcels.all())}


class ParcelSplitApi(APIView):
    @extend_schema_serializer(component_name="ParcelSplitInput")
    class InputSerializer(serializers.Serializer):
        parts = serializers.ListField(child=serializers.JSONField(), min_length=2)
        reason = serializers.CharField()
        documents = serializers.ListField(child=serializers.UUIDField(), default=list)

    @extend_schema(request=InputSerializer, responses={201: CHANGE_ANSWER})
    def post(self, request, pk):
        parcel = get_object_or_404(parcels_visible_to(request.user), pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        change = parcel_split(
            parcel=parcel,
            parts=[_geometry(p) for p in values["parts"]],
            actor=request.user,
            reason=values["reason"],
            documents=_documents(values["documents"], parcel.village),
        )
        return Response(_change_output(change), status=201)


class ParcelMergeApi(APIView):
    @extend_schema_serializer(component_name="ParcelMergeInput")
    class InputSerializer(serializers.Serializer):
        parcels = serializers.ListField(child=serializers.UUIDField(), min_length=2)
        reason = serializers.CharField()
        documents = serializers.ListField(child=serializers.UUIDField(), default=list)

    @extend_schema(request=InputSerializer, responses={201: CHANGE_ANSWER})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        parcels = list(parcels_visible_to(request.user).filter(pk__in=values["parcels"]))
        if len(parcels) != len(set(values["parcels"])):
            raise NotFound(_("Unknown parcel."))
        change = parcel_merge(
            parcels=parcels,
            actor=request.user,
            reason=values["reason"],
            documents=_documents(values["documents"], parcels[0].village),
        )
        return Response(_change_output(change), status=201)


class ParcelSecondaryRightApi(APIView):
    """POST a lease or a loan of land on the parcel."""

    @extend_schema_serializer(component_name="ParcelSecondaryRightHolder")
    class HolderSerializer(serializers.Serializer):
        party = serializers.UUIDField()
        share = serializers.CharField(default="1")

    @extend_schema_serializer(component_name="ParcelSecondaryRightInput")
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=["lease", "loan"])
        legal_basis = serializers.CharField()
        start_date = serializers.DateField()
        end_date = serializers.DateField(required=False, allow_null=True, default=None)
        documents = serializers.ListField(child=serializers.UUIDField(), default=list)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: inline_serializer(
                "ParcelSecondaryRightAnswer",
                {
                    "id": serializers.UUIDField(),
                    "type": serializers.CharField(help_text="the right type's code"),
                },
            )
        },
    )
    def post(self, request, pk):
        parcel = get_object_or_404(parcels_visible_to(request.user).current(), pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        holders = self.HolderSerializer(data=request.data.get("holders", []), many=True)
        holders.is_valid(raise_exception=True)
        values = data.validated_data
        parties = {
            p.pk: p
            for p in parties_visible_to(request.user).filter(
                pk__in=[h["party"] for h in holders.validated_data]
            )
        }
        if not holders.validated_data or len(parties) != len(holders.validated_data):
            raise serializers.ValidationError({"holders": [_("Unknown party.")]})
        right = secondary_right_grant(
            parcel=parcel,
            kind=values["kind"],
            holders=[HolderShare(parties[h["party"]], h["share"]) for h in holders.validated_data],
            actor=request.user,
            legal_basis=values["legal_basis"],
            start_date=values["start_date"],
            end_date=values["end_date"],
            documents=_documents(values["documents"], parcel.village),
        )
        return Response({"id": str(right.pk), "type": right.right_type_id}, status=201)
