"""Rights, restrictions and responsibilities (LADM LA_RRR) with their holders and exact shares."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from landreg.core.models import Versioned
from landreg.core.shares import ShareMixin


class RRRKind(models.TextChoices):
    RIGHT = "right", _("right")
    RESTRICTION = "restriction", _("restriction")
    RESPONSIBILITY = "responsibility", _("responsibility")


class TenureSystem(models.TextChoices):
    FORMAL = "formal", _("formal (statutory)")
    CUSTOMARY = "customary", _("customary")


class RightType(models.Model):
    """Code list entry (LADM LA_RightType / LA_RestrictionType plus local secondary rights); editable data."""

    code = models.CharField(_("code"), max_length=48, primary_key=True)
    kind = models.CharField(_("kind"), max_length=16, choices=RRRKind.choices)
    label_fr = models.CharField(_("label (French)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120)
    is_secondary = models.BooleanField(
        _("secondary right"),
        default=False,
        help_text=_("Overlaps a primary right on the same land (grazing, loan…)."),
    )
    ladm_code = models.CharField(
        _("LADM code"), max_length=48, blank=True, help_text=_("Empty for local codes.")
    )

    class Meta:
        verbose_name = _("right type")
        verbose_name_plural = _("right types")
        ordering = ["kind", "code"]

    def __str__(self):
        return right_type_label(self.label_fr, self.label_en)


def right_type_label(label_fr: str, label_en: str) -> str:
    """A right type's label in the reader's language (French unless English is chosen)."""
    return label_en if (get_language() or "fr").startswith("en") else label_fr


class Right(Versioned):
    parcel = models.ForeignKey(
        "parcels.Parcel", verbose_name=_("parcel"), on_delete=models.PROTECT, related_name="rights"
    )
    right_type = models.ForeignKey(RightType, verbose_name=_("type"), on_delete=models.PROTECT)
    tenure_system = models.CharField(_("tenure system"), max_length=16, choices=TenureSystem.choices)
    legal_basis = models.TextField(
        _("legal basis"), help_text=_("Law and article, deed, or customary grant.")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("created by"),
    )

    class Meta(Versioned.Meta):
        verbose_name = _("right, restriction or responsibility")
        verbose_name_plural = _("rights, restrictions and responsibilities")
        ordering = ["parcel__number", "right_type"]
        constraints = [
            *Versioned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="right_dates_ordered",
            ),
            models.CheckConstraint(condition=~Q(legal_basis=""), name="right_has_legal_basis"),
        ]

    def __str__(self):
        return f"{self.right_type} — {self.parcel}"


class RightHolder(ShareMixin):
    """A party holding a right, with its exact share. The shares of one right add up to 1 (services)."""

    id = models.BigAutoField(primary_key=True)
    right = models.ForeignKey(
        Right, on_delete=models.PROTECT, related_name="holders", verbose_name=_("right")
    )
    party = models.ForeignKey(
        "parties.Party", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="holdings"
    )

    class Meta:
        verbose_name = _("holder")
        verbose_name_plural = _("holders")
        constraints = [
            *ShareMixin.Meta.constraints,
            models.UniqueConstraint(fields=["right", "party"], name="rightholder_once_per_right"),
        ]

    def __str__(self):
        return f"{self.party} ({self.share})"
