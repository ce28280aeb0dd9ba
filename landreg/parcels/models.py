"""Parcels (LADM LA_SpatialUnit): polygon in EPSG:4326, number, village, areas, survey quality."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.core.background.jobs import JobMixin
from landreg.core.geometry import hectares_ares_centiares
from landreg.core.models import Versioned, VersionRow


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
    # A claim recorded by a door that did not ask (the API or a device before it carried the method, an ODK
    # form before it asked): said as such on the claim, the parcel, the certificate and the extract, never
    # taken for a GPS walk.
    UNKNOWN = "unknown", _("method not stated")


class Parcel(Versioned):
    number = models.CharField(
        _("parcel number"), max_length=64, unique=True, help_text=_("Commune-village-sequence; never reused.")
    )
    village = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="parcels",
        db_index=False,  # the (village, number) index below serves every look-up by village
    )
    geometry = models.PolygonField(_("boundary"), srid=4326, spatial_index=True)
    # Blank when unknown (an imported cadastre without a land-use column): nothing is invented.
    land_use = models.CharField(
        _("land use"), max_length=32, choices=LandUse.choices, default=LandUse.CROPLAND, blank=True
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("created by"),
    )

    class Meta(Versioned.Meta):
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        ordering = ["number"]
        indexes = [
            models.Index(fields=["village", "number"]),
            models.Index(fields=["village", "source_id"], name="parcel_village_source"),
            # The current parcels in number order (the OGC API's pages, the lists): read from the index
            # alone, the offset's rows cost no visit to the table (45 ms at offset 77,777 of 100,000,
            # 78 ms through the number's unique index and the table).
            models.Index(
                fields=["number", "id"], name="parcel_current_number", condition=Q(end_lifespan__isnull=True)
            ),
            # Far-away tiles show only parcels over a pixel's area, the largest first (tiles/mvt.py): at
            # z0-z8 this finds the few among every parcel in the view without reading them all.
            models.Index(
                fields=["area_m2"], condition=Q(end_lifespan__isnull=True), name="parcel_current_area"
            ),
            # A village's current parcels in number order (the public register's village pages), with the
            # columns those pages show as trailing keys (INCLUDE is PostgreSQL's only): the page and its
            # count are read from the index alone, on both databases (PostGIS, 100,000 parcels: the page at
            # offset 2,000 of a village of 5,000 took 96 ms through the number's index, every other village's
            # parcels read on the way, now 1 ms; its count 31 ms, every row of the village visited, now 2 ms).
            models.Index(
                fields=["village", "number", "id", "area_m2", "local_name"],
                condition=Q(end_lifespan__isnull=True),
                name="parcel_current_village_number",
            ),
        ]
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


class ParcelVersion(VersionRow):
    """Every version of a parcel, the current one included, with its typed fields and boundary.

    ``?datetime=`` of the OGC API and the parcel's history read this table: the parcel as it stood at a
    moment is the version whose lifespan contains it (spatial index on the boundary, usable with a bbox).
    Written in the transaction of every parcel write (landreg.core.history.versioning), never changed
    afterwards except to close the lifespan of the version a new one replaces.
    """

    RECORD = "parcel"

    parcel = models.ForeignKey(
        Parcel,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("parcel"),
        db_index=False,  # the unique (parcel, version) below serves every look-up by parcel
    )
    number = models.CharField(_("parcel number"), max_length=64)
    village = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    geometry = models.PolygonField(_("boundary"), srid=4326, spatial_index=True)
    land_use = models.CharField(_("land use"), max_length=32, choices=LandUse.choices, blank=True)
    area_m2 = models.FloatField(_("computed area (m²)"))
    area_srid = models.PositiveIntegerField(_("CRS of the computed area (EPSG)"))
    official_area_m2 = models.FloatField(_("official area (m²)"), null=True, blank=True)
    survey_method = models.CharField(_("survey method"), max_length=16, choices=SurveyMethod.choices)
    accuracy_m = models.DecimalField(_("accuracy (m)"), max_digits=7, decimal_places=2, null=True, blank=True)
    local_name = models.CharField(_("local name / place"), max_length=200, blank=True)
    source_id = models.CharField(_("source identifier"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("parcel version")
        verbose_name_plural = _("parcel versions")
        ordering = ["parcel", "version"]
        indexes = [
            models.Index(fields=["begin_lifespan"], name="parcelversion_begin"),
            models.Index(fields=["number", "version"], name="parcelversion_number"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["parcel", "version"], name="parcelversion_once"),
            models.UniqueConstraint(
                fields=["parcel"], condition=Q(end_lifespan__isnull=True), name="parcelversion_one_open"
            ),
            models.CheckConstraint(
                condition=Q(end_lifespan__isnull=True) | Q(end_lifespan__gte=models.F("begin_lifespan")),
                name="parcelversion_lifespan_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.number} v{self.version}"


class FindingKind(models.TextChoices):
    OVERLAP = "overlap", _("overlap (conflict)")
    SLIVER = "sliver", _("sliver overlap (under the tolerance)")
    GAP = "gap", _("gap between neighbours (within the tolerance)")


class TopologyFinding(models.Model):
    """An overlap, sliver or gap between two parcels, attached to both (``parcel_a`` < ``parcel_b`` by id).

    An ``overlap`` is a conflict: the interiors overlap by more than the procedure's tolerance. It stays
    open until ``resolved_at`` is set (by the dispute or correction that settles it); nothing is deleted.
    """

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(pgettext_lazy("finding", "kind"), max_length=8, choices=FindingKind.choices)
    parcel_a = models.ForeignKey(
        Parcel, on_delete=models.PROTECT, related_name="findings_as_a", verbose_name=_("first parcel")
    )
    parcel_b = models.ForeignKey(
        Parcel, on_delete=models.PROTECT, related_name="findings_as_b", verbose_name=_("second parcel")
    )
    area_m2 = models.FloatField(_("overlap area (m²)"), default=0)
    share_pct = models.FloatField(_("share of the smaller parcel (%)"), default=0)
    distance_m = models.FloatField(_("gap width (m)"), default=0)
    location = models.PointField(_("where"), srid=4326, null=True, blank=True)
    tolerance_m2 = models.FloatField(_("tolerance used (m²)"))
    tolerance_pct = models.FloatField(_("tolerance used (%)"))
    detected_at = models.DateTimeField(_("detected at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("topology finding")
        verbose_name_plural = _("topology findings")
        ordering = ["-detected_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "parcel_a", "parcel_b"], name="finding_once_per_pair"),
            models.CheckConstraint(condition=~Q(parcel_a=models.F("parcel_b")), name="finding_two_parcels"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.parcel_a} / {self.parcel_b}"


class BoundaryRepair(models.Model):
    """A repair the user asked for: what was wrong, the boundary as given, and who asked."""

    id = models.BigAutoField(primary_key=True)
    parcel = models.ForeignKey(
        Parcel, on_delete=models.PROTECT, related_name="repairs", verbose_name=_("parcel")
    )
    parcel_version = models.PositiveIntegerField(verbose_name=_("parcel version"))
    original_wkt = models.TextField(_("boundary as given (WKT, in its own CRS)"))
    original_srs = models.TextField(_("CRS of the boundary as given"), blank=True)
    issues = models.JSONField(_("what was repaired"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("done by")
    )
    repaired_at = models.DateTimeField(_("repaired at"))

    class Meta:
        verbose_name = _("boundary repair")
        verbose_name_plural = _("boundary repairs")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("queued: waiting for the background worker")
    RUNNING = "running", _("running: features are being checked")
    CHECKED = "checked", _("checked: dry run finished, nothing saved")
    DONE = "done", _("done: every feature saved")
    PARTIAL = "partial", _("done in part: the valid features saved, the others listed")
    FAILED = "failed", _("failed: errors found, nothing saved")


# The options of an import that a run reads besides its file and village (the page may change them to run a
# failed import again on the same file).
IMPORT_OPTIONS = ("dry_run", "keep_valid", "split_multipolygons", "srid", "mapping")


class ImportJob(JobMixin):
    """An import started from the web page, run by the background worker; the page polls its progress.

    Start, heartbeat, failure, staleness and retry follow core.background.jobs, as for certificate print
    runs."""

    id = models.BigAutoField(primary_key=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    # Storage renames an upload whose name is taken; features without an id are named after this one.
    file_name = models.CharField(_("file name as given"), max_length=200, blank=True)
    village = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, verbose_name=_("village")
    )
    dry_run = models.BooleanField(_("dry run"), default=True)
    mapping = models.JSONField(_("attribute mapping"), default=dict, blank=True)
    keep_valid = models.BooleanField(_("import the valid features, list the others"), default=False)
    split_multipolygons = models.BooleanField(_("one parcel per part of a multipolygon"), default=False)
    # The CRS of a file that does not state its own (a CSV, a Shapefile without its .prj); a file's own wins.
    srid = models.PositiveIntegerField(_("coordinate system (EPSG code)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0, verbose_name=_("features in the file"))
    processed = models.PositiveIntegerField(default=0, verbose_name=_("features checked"))
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    @property
    def failed_on_its_file(self) -> bool:
        """Failed with the run's verdict on the file (features rejected, a file unreadable, too large, without
        the mapped field): run again as it is, the same file with the same options fails the same way, unlike
        a run that crashed or whose worker died. Only a run that reached its verdict writes ``report``
        (``parcels.tasks.run_import``); a crash leaves it empty
        (``core.background.jobs.failure_recorded``)."""
        return self.status == ImportStatus.FAILED and bool(self.report)

    def options(self) -> dict:
        """How the file is read, as the import page's options give it (``views.ImportOptionsForm``)."""
        return {name: getattr(self, name) for name in IMPORT_OPTIONS}

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]


class ParcelNumberSequence(models.Model):
    """The last sequence number used in a village, so numbering a new parcel reads one row, not all of them.

    Written only under the village's row lock (parcel_record, the import), hence never handed out twice.
    """

    village = models.OneToOneField(
        "territory.AdministrativeUnit",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="+",
        verbose_name=_("village"),
    )
    last = models.PositiveIntegerField(default=0, verbose_name=_("last number used"))

    class Meta:
        verbose_name = _("parcel number sequence")
        verbose_name_plural = _("parcel number sequences")
