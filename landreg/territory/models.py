"""Administrative units: country > region > commune > village. Users and permissions attach to them."""

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from landreg.core.models import UUIDModel


class UnitLevel(models.IntegerChoices):
    COUNTRY = 1, _("country")
    REGION = 2, _("region / province")
    COMMUNE = 3, _("commune")
    VILLAGE = 4, _("village")


class AdministrativeUnitQuerySet(models.QuerySet):
    def villages(self):
        return self.filter(level=UnitLevel.VILLAGE)

    def within(self, unit: "AdministrativeUnit"):
        """The unit and every unit below it (codes path prefix)."""
        return self.filter(path__startswith=unit.path)


class AdministrativeUnit(UUIDModel):
    level = models.PositiveSmallIntegerField(_("level"), choices=UnitLevel.choices)
    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Official code, e.g. BF-13-0101.")
    )
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes ("BF/BF-CE/BF-CE-KOU/BF-CE-KOU-01/") so "everything under this commune" is
    # one indexed prefix query; kept by territory.services, which is the only writer.
    path = models.CharField(
        max_length=255, unique=True, editable=False, verbose_name=_("path in the hierarchy")
    )
    boundary = models.MultiPolygonField(_("boundary"), srid=4326, null=True, blank=True)
    projected_srid = models.PositiveIntegerField(
        _("projected CRS (EPSG)"),
        null=True,
        blank=True,
        help_text=_("Official metric CRS for areas; empty means the UTM zone of each parcel."),
    )
    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        permissions = [
            ("view_records", _("See parcels, parties and rights of the unit")),
            ("view_personal_data", _("See personal data (ID numbers, birth dates) of the unit")),
            ("record_claims", _("Record parcels, parties and claims in the unit")),
            ("screen_claims", _("Screen submitted claims of the unit")),
            ("vote_committee", _("Vote as a land committee member of the unit")),
            ("preside_committee", _("Sign as president of the land committee of the unit")),
            ("conciliate", _("Hear objections and record conciliation in the unit")),
            ("approve_claims", _("Approve validated claims of the unit")),
            ("sign_certificates", _("Sign certificates of the unit")),
            ("issue_certificates", _("Print, reprint and deliver certificates of the unit")),
            ("record_transactions", _("Record transfers, splits and other later changes in the unit")),
            ("manage_disputes", _("Manage dispute cases of the unit")),
            ("administer_unit", _("Administer users, roles and settings of the unit")),
            ("view_statistics", _("See the statistics of the unit (counts only, no names)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level=UnitLevel.COUNTRY) & Q(parent__isnull=True))
                | (~Q(level=UnitLevel.COUNTRY) & Q(parent__isnull=False)),
                name="unit_only_countries_have_no_parent",
            ),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=4), name="unit_level_known"),
            models.CheckConstraint(condition=~Q(code=""), name="unit_code_not_empty"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def is_village(self) -> bool:
        return self.level == UnitLevel.VILLAGE

    def ancestors(self) -> list["AdministrativeUnit"]:
        chain, unit = [], self.parent
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return chain

    def ancestor_at(self, level: int) -> "AdministrativeUnit | None":
        if self.level == level:
            return self
        return next((u for u in self.ancestors() if u.level == level), None)

    def effective_projected_srid(self) -> int | None:
        """The first official CRS set on the unit or above it."""
        for unit in [self, *self.ancestors()]:
            if unit.projected_srid:
                return unit.projected_srid
        return None
