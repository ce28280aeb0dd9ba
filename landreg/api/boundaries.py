"""A boundary before it is recorded: checked while it is drawn on the map, and at save.

``POST /api/v1/parcels/check/`` answers the map editor while the agent draws (static/web/maps/editor.js):
the geometry checks, containment in the village and its commune, overlaps, slivers and gaps with recorded
parcels, overlaps with claims in progress (the ones screening will compare it with) and the limits N/E/S/W.
"""

import math
import uuid

from django.db.models import Q
from django.utils.translation import gettext as _
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.claims.spatial import claims_in_progress, overlaps_of
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.parcels.checks import BoundaryErrors, check_boundary
from landreg.parcels.neighbours import direction_of
from landreg.parcels.topology import Tolerance, findings_for
from landreg.territory.models import AdministrativeUnit, UnitLevel


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def village_for_recording(user, value: str) -> AdministrativeUnit:
    """The village named by its code (API clients) or its id (the claim form's choice), if the user records
    claims there; 404 otherwise, so the answer does not tell which villages exist."""
    match = Q(code=value) | Q(pk=value) if _is_uuid(value) else Q(code=value)
    village = AdministrativeUnit.objects.filter(match, level=UnitLevel.VILLAGE).first()
    if village is None or not has_unit_perm(user, "record_claims", village):
        raise NotFound(_("No village with this code in your scope."))
    return village


def _tolerance(village) -> dict:
    try:
        profile = profile_for(village)
    except NoProcedureError:  # a village whose commune has no procedure yet: the registry's defaults
        default = Tolerance.default()
        return {"tolerance_m2": default.overlap_m2, "tolerance_pct": default.overlap_pct}
    return {"tolerance_m2": profile.overlap_tolerance_m2, "tolerance_pct": profile.overlap_tolerance_pct}


def _bearing(a, b) -> float:
    dx = (b.x - a.x) * math.cos(math.radians((a.y + b.y) / 2))
    return math.degrees(math.atan2(dx, b.y - a.y)) % 360


class BoundaryCheckApi(generics.GenericAPIView):
    """Check a boundary before recording it: the same checks, overlaps and neighbours as parcel_record.

    POST ``{"village": "CODE" or id, "geometry": <GeoJSON>, "repair": false, "claim": id}``. 200 with the
    area, what a repair would change, the overlaps/slivers/gaps with current parcels and their side (N/E/S/W),
    and the claims in progress it overlaps beyond the procedure's tolerance (``claim``, when the boundary is a
    claim's own, leaves that claim out); 400 with every problem (code, message, location). Nothing is saved.
    """

    class InputSerializer(serializers.Serializer):
        village = serializers.CharField()
        geometry = serializers.JSONField()
        repair = serializers.BooleanField(default=False)
        claim = serializers.UUIDField(required=False, allow_null=True)

    serializer_class = InputSerializer

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
        findings = findings_for(checked.polygon, checked.area_m2, metric_srid=checked.area_srid)
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
                        "side": direction_of(_bearing(centre, other.geometry.centroid)),
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
