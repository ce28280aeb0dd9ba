"""`/api/v1/sync/`: a mobile app's batches up, its villages' changes down (see collect/sync.py)."""

import uuid

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from landreg.accounts.selectors import villages_covered
from landreg.adjudication.api import drafting
from landreg.collect.corrections import returned_read, returned_with_client_ids
from landreg.collect.sync import HEAD, SyncItem, applied_digests, changes_since, digest, sync_batch
from landreg.core.collector import collection_held
from landreg.core.db.kept import rows_together
from landreg.parcels.checks import AreaLimits, BoundaryErrors, check_boundaries
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


def plain_record_values(raw: dict) -> dict | None:
    """``SyncRecordSerializer``'s values for a record in the plain case (see
    ``drafting.plain_claim_values``), else None."""
    client_id, base_version = raw.get("client_id"), raw.get("base_version", "")
    if type(client_id) is not str or type(base_version) is not str or len(base_version.strip()) > 64:
        return None
    base_version = base_version.strip()
    if "\x00" in base_version or drafting.has_surrogates(base_version):
        return None
    try:
        client_id = uuid.UUID(hex=client_id)
    except ValueError:
        return None
    claim = drafting.plain_claim_values(raw.get("claim"))
    if claim is None:
        return None
    return {"client_id": client_id, "base_version": base_version, "claim": claim}


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
        villages = villages_covered(request.user, "record_claims")
        # The audit's head and, whatever the cursor, every claim of the agent's still waiting for a correction
        # with the reasons: read together (one round trip on PostgreSQL), before the claims changed since.
        returned = returned_read(request.user)
        head, *claims = rows_together((HEAD, {}), *([returned] if returned else []))
        items, next_cursor = changes_since(
            agent=request.user, villages=villages, cursor=cursor, head_rows=head
        )
        returned = returned_with_client_ids(agent=request.user, claims=claims[0] if claims else [])
        return Response({"cursor": next_cursor, "claims": items, "returned": returned})

    @extend_schema(request=SyncBatchSerializer, responses={200: dict})
    def post(self, request):
        with collection_held():  # see core/collector.py: a full collection mid-batch was a third of it
            return self.apply(request)

    def apply(self, request):
        batch = SyncBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        raws = batch.validated_data["records"]
        answers: list[dict | None] = [None] * len(raws)
        valid = {}  # index -> validated record
        checker = SyncRecordSerializer()  # one for all: its fields are built once, not per record
        for index, raw in enumerate(raws):
            valid[index] = plain_record_values(raw)
            if valid[index] is None:  # not the plain case: the serializer decides, and words the errors
                try:
                    valid[index] = checker.run_validation(raw)
                except ValidationError as error:
                    del valid[index]
                    answers[index] = rejected(str(raw.get("client_id", ""))[:100], error.detail)
        items, indexes = self.items(request.user, raws, valid, answers)
        for index, result in zip(indexes, sync_batch(agent=request.user, items=items), strict=True):
            answers[index] = result.as_dict()
            if result.result == "conflict":
                answers[index]["client"] = raws[index].get("claim")  # both versions, for the agent to choose
        return Response({"results": answers})

    def items(self, user, raws, valid, answers) -> tuple[list[SyncItem], list[int]]:
        """The valid records as the sync's items, in the batch's order (their content checked, unless
        resent unchanged); the others' answers filled in. A record twice in a batch is refused the second
        time: the device sends a record's last version once."""
        applied = applied_digests(agent=user, client_ids=[str(v["client_id"]) for v in valid.values()])
        villages = {v.code: v for v in villages_covered(user, "record_claims")}
        items, pending, seen = {}, {}, set()  # pending: village -> [(index, digest)] to check
        for index, values in valid.items():
            client_id = str(values["client_id"])
            if client_id in seen:
                answers[index] = rejected(
                    client_id, {"client_id": [_("This record is already in the batch.")]}
                )
                continue
            seen.add(client_id)
            raw_digest = digest(raws[index].get("claim"))
            village = villages.get(values["claim"]["village"])
            if applied.get(client_id) == raw_digest:
                items[index] = SyncItem(client_id, values["base_version"], raw_digest, None)
            elif village is None:
                answers[index] = rejected(client_id, {"village": [_("Not a village you record claims in.")]})
            else:
                pending.setdefault(village, []).append((index, raw_digest))
        parties = parties_visible_to(user).current()
        for village, records in pending.items():
            geometries = [valid[index]["claim"]["geometry"] for index, _digest in records]
            # Each boundary serialised once here, for its checks, screenings, row and version.
            wkbs = [bytes(geometry.wkb) for geometry in geometries]
            limits = AreaLimits.for_village(village)
            checked = check_boundaries(geometries, village=village, limits=limits, wkbs=wkbs)
            for (index, raw_digest), geometry, wkb, boundary in zip(
                records, geometries, wkbs, checked, strict=True
            ):
                values = valid[index]
                client_id = str(values["client_id"])
                try:
                    if isinstance(boundary, BoundaryErrors):
                        raise drafting.boundary_errors(boundary)
                    content = drafting.claim_content(
                        values["claim"],
                        village=village,
                        parties=parties,
                        boundary=boundary,
                        wkb=wkb if boundary is geometry else None,  # else checked into another polygon
                    )
                except ValidationError as error:
                    answers[index] = rejected(client_id, error.detail)
                    continue
                label = values["claim"]["local_name"] or client_id
                items[index] = SyncItem(client_id, values["base_version"], raw_digest, content, label)
        order = sorted(items)
        return [items[index] for index in order], order


def rejected(client_id: str, errors) -> dict:
    return {"client_id": client_id, "result": "rejected", "errors": errors}
