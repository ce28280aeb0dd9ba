"""API classes are thin: they read through selectors and write through services."""

import json

import django_filters
from django.contrib.gis.geos import Polygon
from django.db import connection
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework_gis.pagination import GeoJsonPagination

from landreg.api.serializers import ParcelFeatureSerializer
from landreg.parcels import geojson
from landreg.parcels.models import LandUse, Parcel
from landreg.parcels.selectors import parcels_visible_to


class ParcelPagination(GeoJsonPagination):
    page_size = 200
    page_size_query_param = "page_size"
    max_page_size = 1000


class BBoxFilter(django_filters.CharFilter):
    """``bbox=minx,miny,maxx,maxy`` in EPSG:4326; parcels that intersect the box (exact, index-assisted)."""

    def filter(self, qs, value):
        if not value:
            return qs
        try:
            minx, miny, maxx, maxy = (float(v) for v in value.split(","))
        except ValueError as exc:
            raise ValidationError({"bbox": _("Expected four numbers: minx,miny,maxx,maxy.")}) from exc
        if (
            minx > maxx
            or miny > maxy
            or not (-180 <= minx <= 180 and -90 <= miny <= 90 and maxx <= 180 and maxy <= 90)
        ):
            raise ValidationError({"bbox": _("The box must be minx,miny,maxx,maxy in longitude/latitude.")})
        box = Polygon.from_bbox((minx, miny, maxx, maxy))
        box.srid = 4326
        return qs.filter(**{f"{self.field_name}__intersects": box})


class ParcelFilter(django_filters.FilterSet):
    bbox = BBoxFilter(field_name="geometry", label="minx,miny,maxx,maxy (EPSG:4326)")
    village = django_filters.CharFilter(field_name="village__code", label="village code")
    land_use = django_filters.ChoiceFilter(choices=LandUse.choices)
    current = django_filters.BooleanFilter(
        field_name="end_lifespan", lookup_expr="isnull", label="current only"
    )

    class Meta:
        model = Parcel
        fields = ["bbox", "village", "land_use", "current"]


class ParcelListApi(generics.ListAPIView):
    """Parcels the caller may see, as a GeoJSON FeatureCollection (``?bbox=minx,miny,maxx,maxy``)."""

    serializer_class = ParcelFeatureSerializer
    pagination_class = ParcelPagination
    filterset_class = ParcelFilter

    def get_queryset(self):
        return parcels_visible_to(self.request.user).select_related("village").order_by("number")

    def list(self, request, *args, **kwargs):
        # The same FeatureCollection the serializer gives, with the GeoJSON written by the database.
        queryset = self.filter_queryset(self.get_queryset())
        if connection.vendor == "postgresql":
            page = self.paginate_queryset(queryset.values_list("id", flat=True))
            features = geojson.features_in_database(list(page))
        else:
            page = self.paginate_queryset(geojson.rows(queryset))
            features = ", ".join(geojson.feature(row) for row in page)
        paginator = self.paginator
        head = json.dumps(
            {
                "type": "FeatureCollection",
                "count": paginator.page.paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
            }
        )
        return HttpResponse(f'{head[:-1]}, "features": [{features}]}}', content_type="application/json")


class ParcelDetailApi(generics.RetrieveAPIView):
    serializer_class = ParcelFeatureSerializer

    def get_queryset(self):
        return parcels_visible_to(self.request.user).select_related("village")


class ParcelCheckApi(generics.GenericAPIView):
    """Check a boundary before recording it: the same checks, overlaps and neighbours as parcel_record.

    POST ``{"village": "CODE", "geometry": <GeoJSON>, "repair": false}``. 200 with the area, what a
    repair would change, the overlaps/slivers/gaps with current parcels and the limits (N/E/S/W);
    400 with every problem (code, message, location). Nothing is saved.
    """

    class InputSerializer(serializers.Serializer):
        village = serializers.CharField()
        geometry = serializers.JSONField()
        repair = serializers.BooleanField(default=False)

    serializer_class = InputSerializer

    def post(self, request):
        from landreg.accounts.selectors import has_unit_perm
        from landreg.parcels.checks import BoundaryErrors, check_boundary
        from landreg.parcels.neighbours import direction_of
        from landreg.parcels.topology import findings_for
        from landreg.territory.models import AdministrativeUnit

        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        village = AdministrativeUnit.objects.filter(code=data.validated_data["village"], level=4).first()
        if village is None or not has_unit_perm(request.user, "record_claims", village):
            raise NotFound(_("No village with this code in your scope."))
        try:
            checked = check_boundary(
                data.validated_data["geometry"], village=village, repair=data.validated_data["repair"]
            )
        except BoundaryErrors as exc:
            issues = [{"code": i.code, "message": str(i.message), "location": i.location} for i in exc.issues]
            return Response({"valid": False, "errors": issues}, status=400)
        findings = findings_for(checked.polygon, checked.area_m2, metric_srid=checked.area_srid)
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
            }
        )


def _bearing(a, b) -> float:
    import math

    dx = (b.x - a.x) * math.cos(math.radians((a.y + b.y) / 2))
    return math.degrees(math.atan2(dx, b.y - a.y)) % 360
