"""A boundary before it is recorded: checked while it is drawn on the map, and at save.

``POST /api/v1/boundaries/from-file/`` and ``/from-points/`` make the polygon from a GPS track or points file
(GPX, KML, GeoJSON, CSV) or from typed coordinates, for the editor to show and check; nothing is saved.
``POST /api/v1/parcels/check/`` answers the map editor while the agent draws (static/web/maps/editor.js):
the geometry checks, containment in the village and its commune, overlaps, slivers and gaps with recorded
parcels, overlaps with claims in progress (the ones screening will compare it with) and the limits N/E/S/W.
"""

import json
import tempfile
import uuid
from pathlib import Path

from django.contrib.gis.gdal import GDALException
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.claims.spatial import claims_in_progress, overlaps_of
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.api.parsers import JSONParser, MultiPartParser
from landreg.api.serializers import BoundaryField
from landreg.core.geometry import to_srid
from landreg.parcels.checks import BoundaryErrors, check_boundary
from landreg.parcels.neighbours import bearing, direction_of
from landreg.parcels.topology import Tolerance, findings_for
from landreg.parcels.tracks import (
    DRIVERS,
    MAX_FILE_BYTES,
    TrackError,
    boundary_from_file,
    points_from_text,
    polygon_from_points,
)
from landreg.territory.models import AdministrativeUnit, UnitLevel


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# Who draws a boundary the registry records in a village, and so may have it checked there: the agent (a
# claim's), the conciliation committee and the dispute administrator (the boundary an agreement or a court
# decision sets, disputes.cases.transitions: conciliate, manage_disputes) and the land office (a split's
# parts and a corrected boundary, adjudication.changes: record_transactions).
CHECKING = ("record_claims", "conciliate", "manage_disputes", "record_transactions")


def village_for_recording(user, value: str) -> AdministrativeUnit:
    """The village named by its code (API clients) or its id (the claim form's choice), if the user records
    boundaries there (CHECKING). 404 for a village the user does not see (none, or another village's), so the
    answer does not tell which villages exist; 403 for one the user sees without recording boundaries in it
    (a committee member, the mayor)."""
    match = Q(code=value) | Q(pk=value) if _is_uuid(value) else Q(code=value)
    village = AdministrativeUnit.objects.filter(match, level=UnitLevel.VILLAGE).first()
    if village is not None and any(has_unit_perm(user, codename, village) for codename in CHECKING):
        return village
    if village is not None and has_unit_perm(user, "view_records", village):
        raise PermissionDenied(_("You may not record boundaries in this village."))
    raise NotFound(_("No village with this code in your scope."))


def _tolerance(village) -> dict:
    try:
        profile = profile_for(village)
    except NoProcedureError:  # a village whose commune has no procedure yet: the registry's defaults
        default = Tolerance.default()
        return {"tolerance_m2": default.overlap_m2, "tolerance_pct": default.overlap_pct}
    return {"tolerance_m2": profile.overlap_tolerance_m2, "tolerance_pct": profile.overlap_tolerance_pct}


def _side(centre, other, srid: int) -> str:
    """N, E, S or W of ``other`` seen from ``centre``: the registry's bearing (parcels.neighbours), on the
    boundary's projected plane as the neighbours' sides are taken, not a second formula on degrees."""
    a, b = to_srid(centre, srid), to_srid(other, srid)
    return direction_of(bearing((a.x, a.y), (b.x, b.y)))


# The answers, documented: a GenericAPIView's serializer_class is its input, which drf-spectacular would
# otherwise also show as the answer.
_CODE_MESSAGE = {"code": serializers.CharField(), "message": serializers.CharField()}
CHECK_ANSWER = inline_serializer(
    "BoundaryCheckResult",
    {
        "valid": serializers.BooleanField(),
        "area_m2": serializers.FloatField(),
        "area_srid": serializers.IntegerField(help_text="The projected CRS the area was measured in."),
        "repaired": inline_serializer("BoundaryRepair", _CODE_MESSAGE, many=True),
        "findings": inline_serializer(
            "BoundaryFinding",
            {
                "kind": serializers.CharField(help_text="overlap, sliver or gap"),
                "parcel": serializers.CharField(help_text="The recorded parcel's number."),
                "area_m2": serializers.FloatField(),
                "share_pct": serializers.FloatField(),
                "distance_m": serializers.FloatField(),
                "side": serializers.CharField(help_text="N, E, S or W"),
            },
            many=True,
        ),
        "claims": inline_serializer(
            "BoundaryClaimOverlap",
            {
                "receipt": serializers.CharField(),
                "area_m2": serializers.FloatField(),
                "share_pct": serializers.FloatField(),
            },
            many=True,
        ),
    },
)
MADE_ANSWER = inline_serializer(
    "BoundaryMade",
    {
        "geometry": BoundaryField(help_text="The polygon, closed, in EPSG:4326; not yet checked."),
        "points": serializers.IntegerField(help_text="Its number of vertices."),
    },
)


class BoundaryCheckApi(generics.GenericAPIView):
    """Check a boundary before recording it: the same checks, overlaps and neighbours as parcel_record.

    POST ``{"village": "CODE" or id, "geometry": <GeoJSON>, "repair": false, "claim": id, "parcel": id}``.
    200 with the area, what a repair would change, the overlaps/slivers/gaps with current parcels and their
    side (N/E/S/W), and the claims in progress it overlaps beyond the procedure's tolerance (``claim``, when
    the boundary is a claim's own, leaves that claim out; ``parcel``, when it revises a recorded parcel's, an
    agreement's on registered land, leaves that parcel out); 400 with every problem (code, message,
    location). Nothing is saved. For whoever records boundaries in the village: the agent, the conciliation
    committee, the dispute administrator and the land office (CHECKING); 403 for another role of the
    village, 404 for another village.
    """

    @extend_schema_serializer(component_name="BoundaryCheckInput")
    class InputSerializer(serializers.Serializer):
        village = serializers.CharField()
        geometry = serializers.JSONField()
        repair = serializers.BooleanField(default=False)
        claim = serializers.UUIDField(
            required=False, allow_null=True, help_text="The claim whose boundary this is: left out."
        )
        parcel = serializers.UUIDField(
            required=False,
            allow_null=True,
            help_text="The recorded parcel whose boundary this revises (an agreement on registered land, a "
            "split's part, a corrected boundary): left out of the findings.",
        )

    serializer_class = InputSerializer

    @extend_schema(request=InputSerializer, responses=CHECK_ANSWER)
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        village = village_for_recording(request.user, values["village"])
        try:
            checked = check_boundary(values["geometry"], village=village, repair=values["repair"])
        except BoundaryErrors as exc:
            issues = [{"code": i.code, "message": str(i.message), "location": i.location} for i in exc.issues]
            return Response({"valid": False, "errors": issues}, status=400)
        findings = findings_for(
            checked.polygon, checked.area_m2, metric_srid=checked.area_srid, exclude_pk=values.get("parcel")
        )
        claims = overlaps_of(
            checked.polygon,
            queryset=claims_in_progress(exclude_pk=values.get("claim")),
            **_tolerance(village),
        )
        centre = checked.polygon.centroid
        return Response(
            {
                "valid": True,
                "area_m2": round(checked.area_m2, 2),
                "area_srid": checked.area_srid,
                "repaired": [{"code": i.code, "message": str(i.message)} for i in checked.repaired],
                "findings": [
                    {
                        "kind": f.kind,
                        "parcel": other.number,
                        "area_m2": round(f.area_m2, 3),
                        "share_pct": round(f.share_pct, 4),
                        "distance_m": round(f.distance_m, 3),
                        "side": _side(centre, other.geometry.centroid, checked.area_srid),
                    }
                    for f, other in findings
                ],
                "claims": [
                    {
                        "receipt": c.parcel_number,
                        "area_m2": round(c.area_m2, 3),
                        "share_pct": round(c.share_pct, 4),
                    }
                    for c in claims
                ],
            }
        )


def _made(polygon) -> Response:
    return Response({"geometry": json.loads(polygon.geojson), "points": polygon.num_coords - 1})


def _refused(exc: Exception) -> Response:
    return Response({"errors": [{"code": "no_boundary", "message": str(exc)}]}, status=400)


class BoundaryFromFileApi(generics.GenericAPIView):
    """A boundary from a file: a GPX track walked around the parcel (or its waypoints), a KML or GeoJSON
    polygon, line or points, or a CSV with longitude and latitude columns. Multipart ``file``. 200 with the
    polygon (GeoJSON, EPSG:4326), closed but not yet checked; 400 saying why none can be made."""

    parser_classes = [MultiPartParser]

    @extend_schema_serializer(component_name="BoundaryFromFileInput")
    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()

    serializer_class = InputSerializer

    @extend_schema(request=InputSerializer, responses=MADE_ANSWER)
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > MAX_FILE_BYTES:
            return _refused(
                TrackError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // 10**6})
            )
        suffix = Path(upload.name).suffix.lower()
        # Our own temporary name: only the suffix comes from the user, and only one the reader accepts.
        with tempfile.NamedTemporaryFile(suffix=suffix if suffix in (*DRIVERS, ".csv") else ".bin") as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
            stored.flush()
            try:
                return _made(boundary_from_file(stored.name, upload.name))
            except TrackError as exc:
                return _refused(exc)


class BoundaryFromPointsApi(generics.GenericAPIView):
    """A boundary from typed coordinates, in walking order: ``text`` (one point a line) or ``points``
    (``[[x, y], ...]``); ``latitude_first`` when the text gives latitude before longitude; ``srid`` for
    coordinates in a projected CRS (e.g. 32630, UTM zone 30N). 200 with the polygon in EPSG:4326."""

    parser_classes = [JSONParser]

    @extend_schema_serializer(component_name="BoundaryFromPointsInput")
    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(required=False, allow_blank=True, max_length=200_000)
        points = serializers.ListField(
            child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
            required=False,
            max_length=20_000,
        )
        latitude_first = serializers.BooleanField(default=False)
        srid = serializers.IntegerField(default=4326, min_value=1024, max_value=999_999)

    serializer_class = InputSerializer

    @extend_schema(request=InputSerializer, responses=MADE_ANSWER)
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            if values.get("points"):
                points = [tuple(p) for p in values["points"]]
            else:
                points = points_from_text(values.get("text", ""), latitude_first=values["latitude_first"])
            return _made(polygon_from_points(points, srid=values["srid"]))
        except TrackError as exc:
            return _refused(exc)
        except GDALException:
            return _refused(
                TrackError(_("Unknown coordinate system EPSG:%(srid)d.") % {"srid": values["srid"]})
            )
