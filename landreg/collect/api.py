"""`/api/v1/sync/`: a mobile app's batches up, its villages' changes down (see collect/sync.py).

A push is JSON (``{"records": [...]}``), or multipart when it carries photos: a field ``records`` holding the
same list as JSON text, and each attachment's bytes as a part named by its id (collect/sync_attachments.py),
at most DATA_UPLOAD_MAX_NUMBER_FILES parts (Django's cap, 100): more and api.parsers refuses the push whole.
Its records (a JSON push's whole body, a multipart push's fields) weigh at most DATA_UPLOAD_MAX_MEMORY_SIZE
(2.5 MB, see settings): more and api.errors refuses it whole, advising several pushes.
"""

import base64
import binascii
import hashlib
import json
import math
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Polygon
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from landreg.accounts.selectors import villages_covered
from landreg.adjudication.api import drafting
from landreg.adjudication.claims.batch import boundaries_screen, draft_faults
from landreg.api.serializers import BoundaryField
from landreg.collect.corrections import returned_read, returned_with_client_ids
from landreg.collect.submissions import MAX_ATTACHMENT_BYTES  # one limit for ODK's and the sync API's
from landreg.collect.sync import HEAD, SyncItem, applied_digests, changes_since, digest, sync_batch
from landreg.collect.sync_attachments import (
    FIELD_TYPE_CHOICES,
    MAX_ATTACHMENTS,
    FieldAttachment,
    claim_attachments_add,
)
from landreg.core.collector import collection_held
from landreg.core.db.kept import rows_together
from landreg.core.exceptions import RegistryError
from landreg.documents.content import ACCEPTED, kind_of
from landreg.parcels.checks import AreaLimits, BoundaryErrors, check_boundaries, check_boundary
from landreg.parcels.models import SurveyMethod
from landreg.parties.selectors import parties_visible_to

MAX_BATCH = 1000


@extend_schema_serializer(component_name="SyncAttachment")
class AttachmentIn(serializers.Serializer):
    """A photo, signature or fingerprint of the record, its bytes inline (``data``) or, in a multipart push,
    the part named by its ``id``. Checked before the record is applied (see collect/sync_attachments.py)."""

    id = serializers.UUIDField(help_text="The device's own id for the attachment; the multipart part's name.")
    source_type = serializers.ChoiceField(choices=FIELD_TYPE_CHOICES, help_text="What it is.")
    reference = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default="", help_text="Whose mark, which paper."
    )
    content_type = serializers.ChoiceField(
        choices=["image/jpeg", "image/png", "image/tiff", "image/webp", "application/pdf"],
        help_text="Checked against the bytes.",
    )
    size = serializers.IntegerField(
        min_value=1, help_text=f"Bytes, at most {MAX_ATTACHMENT_BYTES}; checked against those received."
    )
    sha256 = serializers.RegexField(
        r"^[0-9a-fA-F]{64}$", required=False, help_text="Checked against the bytes received, when given."
    )
    data = serializers.CharField(
        required=False,
        trim_whitespace=False,
        max_length=4 * math.ceil(MAX_ATTACHMENT_BYTES / 3),
        help_text="The bytes in base64, in a JSON push; in a multipart push, the part named by id instead.",
    )

    def validate_size(self, value):
        if value > MAX_ATTACHMENT_BYTES:
            raise serializers.ValidationError(_("An attached file is larger than 10 MB."))
        return value

    def validate(self, attrs):
        content = self._content(attrs)
        if len(content) != attrs["size"]:
            raise serializers.ValidationError(
                _(
                    "The attachment has %(sent)s bytes, not the %(declared)s declared: it was cut off; "
                    "send it again."
                )
                % {"sent": len(content), "declared": attrs["size"]}
            )
        if attrs.get("sha256") and hashlib.sha256(content).hexdigest() != attrs["sha256"].lower():
            raise serializers.ValidationError(
                _("The attachment's bytes do not match its sha256: it was altered on the way; send it again.")
            )
        kind = kind_of(content[:16])
        if kind is None:
            raise serializers.ValidationError(
                _("The document must be a scan or a photograph (%(kinds)s).") % {"kinds": ACCEPTED}
            )
        if kind.content_type != attrs["content_type"]:
            raise serializers.ValidationError(
                {
                    "content_type": [
                        _("The attachment is declared %(declared)s but its bytes are %(found)s.")
                        % {"declared": attrs["content_type"], "found": kind.content_type}
                    ]
                }
            )
        return FieldAttachment(
            id=str(attrs["id"]),
            source_type=attrs["source_type"],
            reference=attrs["reference"],
            content=content,
        )

    def _content(self, attrs) -> bytes:
        if "data" in attrs:
            try:
                return base64.b64decode(attrs["data"], validate=True)
            except (binascii.Error, ValueError) as error:
                raise serializers.ValidationError({"data": [_("The attachment is not base64.")]}) from error
        upload = self.context.get("files", {}).get(str(attrs["id"]))
        if upload is None:
            raise serializers.ValidationError(
                {
                    "data": [
                        _(
                            "The attachment's bytes are missing: send them as data or as the part named by "
                            "its id."
                        )
                    ]
                }
            )
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise serializers.ValidationError(_("An attached file is larger than 10 MB."))
        upload.seek(0)
        return upload.read()


class SyncRecordSerializer(serializers.Serializer):
    client_id = serializers.UUIDField(help_text="The device's own id for the record")
    base_version = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=64, help_text="Version it was edited from"
    )
    claim = drafting.ClaimNewSerializer()
    attachments = AttachmentIn(many=True, required=False, max_length=MAX_ATTACHMENTS)


class SyncBatchSerializer(serializers.Serializer):
    records = serializers.ListField(child=serializers.DictField(), max_length=MAX_BATCH, allow_empty=True)


@extend_schema_serializer(component_name="SyncPush")
class SyncPushDoc(serializers.Serializer):
    """What a push holds, for the OpenAPI schema (each record is read on its own: see SyncApi.apply)."""

    records = SyncRecordSerializer(many=True, max_length=MAX_BATCH)


@extend_schema_serializer(component_name="SyncClaimant")
class SyncClaimantDoc(serializers.Serializer):
    role = serializers.CharField()
    kind = serializers.CharField()
    last_name = serializers.CharField()
    first_names = serializers.CharField()
    name = serializers.CharField(help_text="A group's or a legal person's name.")
    group_type = serializers.CharField()
    sex = serializers.CharField()
    share = serializers.CharField(help_text="An exact fraction, e.g. 1/3.")


@extend_schema_serializer(component_name="SyncClaim")
class SyncClaimDoc(serializers.Serializer):
    """A claim as the device shows it (collect.sync.claim_snapshot); its hash is the version sent up."""

    id = serializers.UUIDField()
    village = serializers.CharField(help_text="The village's code.")
    state = serializers.CharField()
    receipt_number = serializers.CharField()
    return_reasons = serializers.CharField()
    geometry = BoundaryField()
    right_type = serializers.CharField()
    tenure_system = serializers.CharField()
    land_use = serializers.CharField()
    survey_method = serializers.ChoiceField(
        choices=SurveyMethod.choices, help_text="How the boundary was surveyed, as the device sends it up."
    )
    local_name = serializers.CharField()
    limits = serializers.DictField(child=serializers.CharField(), help_text="north, east, south, west")
    claimants = SyncClaimantDoc(many=True)


@extend_schema_serializer(component_name="SyncChange")
class SyncChangeDoc(serializers.Serializer):
    client_id = serializers.UUIDField(allow_null=True, help_text="The device's id, for a record it sent.")
    version = serializers.CharField(help_text="The base_version to send with an edit of it.")
    claim = SyncClaimDoc()


@extend_schema_serializer(component_name="SyncReturned")
class SyncReturnedDoc(serializers.Serializer):
    claim_id = serializers.UUIDField()
    client_id = serializers.UUIDField(allow_null=True)
    return_reasons = serializers.CharField()


@extend_schema_serializer(component_name="SyncPull")
class SyncPullDoc(serializers.Serializer):
    """What a pull answers, for the OpenAPI schema (SyncApi.get)."""

    cursor = serializers.IntegerField(help_text="The cursor to send with the next pull.")
    claims = SyncChangeDoc(many=True)
    returned = SyncReturnedDoc(many=True, help_text="The agent's claims waiting for a correction.")


def _records_of(request):
    """The push's records: the JSON body's, or a multipart push's ``records`` field read as JSON."""
    data = request.data
    if request.content_type.startswith("multipart/"):
        try:
            return {"records": json.loads(data.get("records", ""))}
        except ValueError as error:
            raise ValidationError({"records": [_("The records field is not JSON.")]}) from error
    return data


def plain_record_values(raw: dict) -> dict | None:
    """``SyncRecordSerializer``'s values for a record in the plain case (see
    ``drafting.plain_claim_values``), else None."""
    if "attachments" in raw:  # checked by the serializer, with their bytes
        return None
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
    # What a device does with a push over DATA_UPLOAD_MAX_MEMORY_SIZE (api.errors.too_large).
    too_large_advice = gettext_lazy("Send the records in several pushes.")

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", int, description="The cursor the last answer gave (0 at first)")
        ],
        responses={200: SyncPullDoc},
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

    @extend_schema(
        request={"application/json": SyncPushDoc, "multipart/form-data": SyncPushDoc},
        responses={200: dict},
        description="A batch of records, each with its attachments' bytes inline (data, base64); or "
        "multipart, the field records holding the same list as JSON text and each attachment's bytes as the "
        f"part named by its id. A multipart push carries at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} "
        "attachment parts (the server's DATA_UPLOAD_MAX_NUMBER_FILES): a push with more is refused whole, "
        '400 {"detail": ..., "error": "too_many_files"}, and nothing of it is applied; send its records in '
        "several pushes. Its records (a JSON push's body, a multipart push's fields, the files apart) weigh "
        f"at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes (DATA_UPLOAD_MAX_MEMORY_SIZE): a push over it "
        'is refused whole likewise, 400 {"detail": ..., "error": "too_large", "limit": <bytes>}.',
    )
    def post(self, request):
        with collection_held():  # see core/collector.py: a full collection mid-batch was a third of it
            return self.apply(request)

    def apply(self, request):
        batch = SyncBatchSerializer(data=_records_of(request))
        batch.is_valid(raise_exception=True)
        raws = batch.validated_data["records"]
        answers: list[dict | None] = [None] * len(raws)
        valid = {}  # index -> validated record
        # One for all: its fields are built once, not per record.
        checker = SyncRecordSerializer(context={"files": request.FILES})
        refused = []  # indexes of the records the serializer refused
        for index, raw in enumerate(raws):
            valid[index] = plain_record_values(raw)
            if valid[index] is None:  # not the plain case: the serializer decides, and words the errors
                try:
                    valid[index] = checker.run_validation(raw)
                except ValidationError as error:
                    del valid[index]
                    answers[index] = rejected(str(raw.get("client_id", ""))[:100], error.detail)
                    refused.append(index)
        items, indexes = self.items(request.user, raws, valid, answers, refused)
        for index, result in zip(indexes, sync_batch(agent=request.user, items=items), strict=True):
            answers[index] = result.as_dict()
            if result.result == "conflict":
                answers[index]["client"] = raws[index].get("claim")  # both versions, for the agent to choose
            attachments = valid[index].get("attachments")
            if attachments and result.result in ("created", "updated", "unchanged"):
                self.attach(request.user, answers[index], attachments)
        return Response({"results": answers})

    def attach(self, user, answer: dict, attachments: list[FieldAttachment]) -> None:
        """The record's attachments as documents of its claim (stored once); a refusal (a claim closed
        meanwhile) is said beside the record's result, which stands."""
        try:
            answer["attachments"] = claim_attachments_add(
                agent=user, claim_id=answer["claim_id"], attachments=attachments
            )
        except RegistryError as error:
            answer["attachment_errors"] = [str(error)]

    def items(self, user, raws, valid, answers, refused=()) -> tuple[list[SyncItem], list[int]]:
        """The valid records as the sync's items, in the batch's order (their content checked, unless
        resent unchanged); the others' answers filled in. A record twice in a batch is refused the second
        time: the device sends a record's last version once. ``refused``: the records the serializer
        refused, whose answers hear of their boundary's faults and overlaps too (``Overlaps``)."""
        applied = applied_digests(agent=user, client_ids=[str(v["client_id"]) for v in valid.values()])
        villages = {v.code: v for v in villages_covered(user, "record_claims")}
        items, pending, seen = {}, {}, set()  # pending: village -> [(index, digest)] to check
        overlaps = Overlaps()
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
                if isinstance(boundary, BoundaryErrors):
                    errors = record_faults(values["claim"], village=village, parties=parties, found=boundary)
                    answers[index] = rejected(client_id, errors)
                    overlaps.add(errors, village, geometry, boundary)
                    continue
                # A record naming people the agent cannot name is refused, but screened and checked with
                # the others all the same (collect.sync): it hears of every fault at once.
                content, refusal = drafting.claim_checked(
                    values["claim"],
                    village=village,
                    parties=parties,
                    boundary=boundary,
                    wkb=wkb if boundary is geometry else None,  # else checked into another polygon
                )
                label = values["claim"]["local_name"] or client_id
                items[index] = SyncItem(
                    client_id, values["base_version"], raw_digest, content, label, refusal=refusal or None
                )
        for index in refused:
            overlaps.add_refused(answers[index]["errors"], raws[index].get("claim"), villages)
        # The batch's records as sent (a record resent unchanged too: a refused record sent again hears the
        # same), each named as the screening names it.
        overlaps.screen(
            (
                valid[index]["claim"]["local_name"] or str(valid[index]["client_id"]),
                valid[index]["claim"]["geometry"],
            )
            for index in items
        )
        order = sorted(items)
        return [items[index] for index in order], order


def record_faults(claim: dict, *, village, parties, found: BoundaryErrors) -> dict:
    """Every fault of a record whose boundary failed its checks, at once, as a record held back by the
    overlap screening hears them (collect.sync): the boundary's (``geometry``), its unknown parties'
    (``claimants``, ``secondary_rights``) and its right's and people's (``claim``, the drafting's checks, its
    unknown parties standing as the registered people the agent will name). The agent corrects them in one
    visit; nothing of the record is written."""
    errors = dict(drafting.boundary_errors(found).detail)
    # The boundary as sent, for the other checks only (they do not read it): the record is refused.
    content, refusal = drafting.claim_checked(
        claim, village=village, parties=parties, boundary=claim["geometry"]
    )
    errors.update(refusal)
    faults = draft_faults(content)
    if faults:
        errors["claim"] = faults
    return errors


# A failed boundary the overlap screening can still read: a valid polygon whose only faults are its area.
AREA_ONLY = frozenset({"zero_area", "absurd_area"})


class Overlaps:
    """The overlaps of the records the reader refused (their boundary's own checks, the serializer's), so
    that they hear of them with their other faults at once, as a record refused by the screening does
    (collect.sync): the sync's input checks refused them before their screening, and their overlap with a
    parcel or a claim in progress came back one push later. Screened against the parcels, the claims in
    progress and the batch's other records, never against one another; they hold back no other record:
    nothing of them is written, and a boundary refused for its area is no neighbour to heed."""

    def __init__(self):
        self.boundaries, self.targets = [], []

    def add(self, errors: dict, village, geometry, found: BoundaryErrors | None = None) -> None:
        """``geometry`` screened, its messages added to ``errors["geometry"]``, when it is a valid polygon
        in longitude/latitude (``found``: its boundary's faults, only of its area)."""
        if found is not None and not set(found.codes) <= AREA_ONLY:
            return
        if isinstance(geometry, Polygon) and geometry.srid == 4326 and geometry.valid:
            self.boundaries.append((village, geometry))
            self.targets.append(errors)

    def add_refused(self, errors, claim, villages: dict) -> None:
        """A record the serializer refused: its boundary, if it reads, checked as a valid record's is (its
        faults added to the claim's errors) and screened."""
        if (
            not isinstance(errors, dict)
            or not isinstance(claim, dict)
            or not isinstance(errors.get("claim"), dict)
        ):
            return
        village = villages.get(claim.get("village")) if isinstance(claim.get("village"), str) else None
        if village is None or "geometry" in errors["claim"]:
            return
        try:
            geometry = BoundaryField().run_validation(claim.get("geometry"))
            boundary = check_boundary(
                geometry,
                srid=4326,
                village=village,
                containment=False,
                limits=AreaLimits.for_village(village),
            ).polygon
        except ValidationError:
            return
        except BoundaryErrors as found:
            errors["claim"]["geometry"] = drafting.boundary_errors(found).detail["geometry"]
            self.add(errors["claim"], village, geometry, found)
            return
        self.add(errors["claim"], village, boundary)

    def screen(self, records: Iterable[tuple[str, GEOSGeometry]]) -> None:
        """Screen what was added; ``records``: (label, boundary) of the batch's records read (read only
        when something was added)."""
        if not self.boundaries:
            return
        records = [(label, geometry) for label, geometry in records if geometry.valid]
        found = boundaries_screen(
            self.boundaries, labels=[""] * len(self.boundaries), settled=records, among_themselves=False
        )
        for position, messages in found.items():
            target = self.targets[position]
            target["geometry"] = [*target.get("geometry", []), *messages]


def rejected(client_id: str, errors) -> dict:
    return {"client_id": client_id, "result": "rejected", "errors": errors}
