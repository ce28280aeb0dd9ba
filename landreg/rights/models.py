"""Rights, restrictions and responsibilities (LADM LA_RRR) with their holders and exact shares."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from landreg.core import clock
from landreg.core.models import Versioned, VersionedQuerySet
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


def in_force_on(on: dt.date, prefix: str = "") -> Q:
    """The registry's one rule for « a right in force on the day ``on`` », as a condition on the right's
    columns (``prefix``: the lookup to the right from another model, e.g. ``"right__"``): the register has not
    ended it (its lifespan is open) and its own term, if it has one, is not over. A lease or loan past its end
    date that no clerk ended binds no one: the register extract prints it as « terme échu » among past rights,
    and every page, list and count of rights in force reads it through this condition (one SQL condition on
    two columns, never a filter in Python)."""
    term = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    return Q(**{f"{prefix}end_lifespan__isnull": True}) & term


class RightQuerySet(VersionedQuerySet):
    def in_force(self, on: dt.date | None = None):
        """The rights in force on ``on`` (the registry's today by default, core.clock): ``in_force_on``."""
        return self.filter(in_force_on(clock.today() if on is None else on))

    def no_longer_in_force(self, on: dt.date | None = None):
        """The rights ended by the register or whose term is over on ``on`` (today by default)."""
        return self.exclude(in_force_on(clock.today() if on is None else on))


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

    objects = RightQuerySet.as_manager()

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

    def is_in_force(self, on: dt.date) -> bool:
        """``in_force_on`` for a right already read (the same rule, on the loaded columns)."""
        return self.end_lifespan is None and (self.end_date is None or self.end_date >= on)


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


class Currency(models.TextChoices):
    """The currencies of the registry's countries: the CFA franc of West Africa (ISO XOF) and the ariary."""

    XOF = "XOF", _("FCFA")
    MGA = "MGA", _("Ariary")


class MortgageTerms(models.Model):
    """What a mortgage (a ``mortgage`` restriction, hypothèque) secures, beside its right: the creditor is the
    right's one holder (a bank or microfinance institution), the deed's reference its legal basis, its period
    the right's start and end (no end: « jusqu’au remboursement »). The mainlevée ends the right's lifespan
    and writes its deed here; nothing is deleted. A split carries the terms onto every part, with the moment
    of the first inscription (rights.mortgages)."""

    right = models.OneToOneField(
        Right, on_delete=models.PROTECT, primary_key=True, related_name="mortgage", verbose_name=_("right")
    )
    amount = models.DecimalField(_("secured amount"), max_digits=16, decimal_places=0)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    deed_date = models.DateField(_("date of the deed"))
    # The moment the register first wrote the mortgage (its inscription, from which the creditor ranks): a
    # part of a split parcel carries it, although the part's right begins on the day of the split.
    registered_at = models.DateTimeField(
        _("registered at"), help_text=_("When the mortgage was first written in the register.")
    )
    release_reference = models.CharField(
        _("release deed"), max_length=255, blank=True, help_text=_("Empty while the mortgage is in force.")
    )
    release_date = models.DateField(_("release date"), null=True, blank=True)

    class Meta:
        verbose_name = _("mortgage terms")
        verbose_name_plural = _("mortgage terms")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="mortgage_amount_positive"),
            models.CheckConstraint(
                condition=Q(release_date__isnull=True) | ~Q(release_reference=""),
                name="mortgage_release_has_deed",
            ),
        ]

    def __str__(self):
        return f"{self.amount} {self.currency}"
