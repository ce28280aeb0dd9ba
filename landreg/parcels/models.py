"""Parcels (LADM LA_SpatialUnit): polygon in EPSG:4326, number, village, areas, survey quality."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from landreg.core.geometry import hectares_ares_centiares
from landreg.core.models import Versioned


class LandUse(models.TextChoices):
    CROPLAND = "cropland", _("cropland")
    RAINFED_CROPLAND = "rainfed_cropland", _("rain-fed cropland")
    IRRIGATED_CROPLAND = "irrigated_cropland", _("irrigated cropland")
    RICE_FIELD = "rice_field", _("rice field")
    ORCHARD = "orchard", _("orchard / plantation")
    PASTURE = "pasture", _("pasture")
    FALLOW = "fallow", _("fallow")
    FOREST = "forest", _("forest / woodland")
    RESIDENTIAL = "residential", _("residential")
    MIXED = "mixed", _("mixed use")
    OTHER = "other", _("other")


class SurveyMethod(models.TextChoices):
    GPS = "gps", _("GPS walk")
    GNSS_RTK = "gnss_rtk", _("GNSS RTK survey")
    IMAGERY = "imagery", _("drawn on imagery")
    SKETCH = "sketch", _("sketch / drawn by hand")
    TOTAL_STATION = "total_station", _("total station")
    IMPORTED = "imported", _("imported from another system")


class Parcel(Versioned):
    number = models.CharField(
        _("parcel number"), max_length=64, unique=True, help_text=_("Commune-village-sequence; never reused.")
    )
    village = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="parcels",
    )
    geometry = models.PolygonField(_("boundary"), srid=4326, spatial_index=True)
    land_use = models.CharField(
        _("land use"), max_length=32, choices=LandUse.choices, default=LandUse.CROPLAND
    )
    area_m2 = models.FloatField(_("computed area (m²)"), help_text=_("Computed in the CRS named beside it."))
    area_srid = models.PositiveIntegerField(_("CRS of the computed area (EPSG)"))
    official_area_m2 = models.FloatField(
        _("official area (m²)"),
        null=True,
        blank=True,
        help_text=_("As written in a deed or a former register."),
    )
    survey_method = models.CharField(_("survey method"), max_length=16, choices=SurveyMethod.choices)
    accuracy_m = models.DecimalField(
        _("accuracy (m)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Horizontal, in metres."),
    )
    local_name = models.CharField(_("local name / place"), max_length=200, blank=True)
    source_id = models.CharField(
        _("source identifier"),
        max_length=128,
        blank=True,
        help_text=_("Identifier in the system it came from."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta(Versioned.Meta):
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        ordering = ["number"]
        indexes = [models.Index(fields=["village", "number"])]
        constraints = [
            *Versioned.Meta.constraints,
            models.CheckConstraint(condition=Q(area_m2__gt=0), name="parcel_area_positive"),
            models.CheckConstraint(
                condition=Q(official_area_m2__isnull=True) | Q(official_area_m2__gt=0),
                name="parcel_official_area_positive",
            ),
            models.CheckConstraint(
                condition=Q(accuracy_m__isnull=True) | Q(accuracy_m__gte=0),
                name="parcel_accuracy_not_negative",
            ),
            models.CheckConstraint(condition=~Q(number=""), name="parcel_number_not_empty"),
        ]

    def __str__(self):
        return self.number

    @property
    def area_ha_a_ca(self) -> tuple[int, int, int]:
        return hectares_ares_centiares(self.area_m2)
