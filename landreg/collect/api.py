"""`/api/v1/sync/`: a mobile app's batches up, its villages' changes down (see collect/sync.py)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from landreg.accounts.selectors import villages_covered
from landreg.adjudication.api import drafting
from landreg.collect.sync import ClaimContent, changes_since, digest, sync_claim
from landreg.parties.selectors import parties_visible_to

MAX_BATCH = 1000


class SyncRecordSerializer(serializers.Serializer):
    client_id = serializers.UUIDField(help_text="The device's own id for the record")
    base_version = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=64, help_text="Version it was edited from"
    )
    claim = drafting.ClaimNewSerializer()


class SyncBatchSerializer(serializers.Serializer):
    records = serializers.ListField(child=serializers.DictField(), max_length=MAX_BATCH, allow_empty=True)


def claim_content(user, values: dict, raw) -> ClaimContent | dict:
    """Validated claim fields as the services' inputs, or the errors that reject the record."""
    villages = villages_covered(user, "record_claims")
    village = villages.filter(code=values["village"]).first()
    if village is None:
        return {"village": [_("Not a village you record claims in.")]}
    parties = parties_visible_to(user).current()
    claimants = drafting.claimant_inputs(values["claimants"], parties)
    secondary = drafting.secondary_inputs(values["secondary_rights"], parties)
    problem = next((r for r in (claimants, secondary) if not isinstance(r, list)), None)
    problem = problem or drafting.boundary_error(values["geometry"], village)
    if problem is not None:
        return problem.data
    return ClaimContent(
        village=village,
        geometry=values["geometry"],
        right_type=values["right_type"],
        tenure_system=values["tenure_system"],
        land_use=values["land_use"],
        local_name=values["local_name"],
        limits=values["limits"],
        claimants=claimants,
        secondary_rights=secondary,
        digest=digest(raw),
    )


class SyncApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", int, description="The cursor the last answer gave (0 at first)")
        ],
        responses={200: dict},
    )
    def get(self, request):
        try:
            cursor = int(request.query_params.get("cursor", "0"))
        except ValueError as exc:
            raise ValidationError({"cursor": [_("The cursor is a whole number.")]}) from exc
        if not 0 <= cursor < 2**62:
            raise ValidationError({"cursor": [_("The cursor is a whole number.")]})
        items, next_cursor = changes_since(
            agent=request.user, villages=villages_covered(request.user, "record_claims"), cursor=cursor
        )
        return Response({"cursor": next_cursor, "claims": items})

    @extend_schema(request=SyncBatchSerializer, responses={200: dict})
    def post(self, request):
        batch = SyncBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        results = []
        for raw in batch.validated_data["records"]:
            record = SyncRecordSerializer(data=raw)
            if not record.is_valid():
                client_id = str(raw.get("client_id", ""))[:100]
                results.append({"client_id": client_id, "result": "rejected", "errors": record.errors})
                continue
            values = record.validated_data
            content = claim_content(request.user, values["claim"], raw.get("claim"))
            if isinstance(content, dict):
                results.append(
                    {"client_id": str(values["client_id"]), "result": "rejected", "errors": content}
                )
                continue
            result = sync_claim(
                agent=request.user,
                client_id=str(values["client_id"]),
                base_version=values["base_version"],
                content=content,
            )
            answer = result.as_dict()
            if result.result == "conflict":
                answer["client"] = raw.get("claim")  # both versions, for the agent to choose on the device
            results.append(answer)
        return Response({"results": results})
