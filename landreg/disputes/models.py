"""Dispute cases: minimal here (opened by an objection, closed with an outcome)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from landreg.core.models import UUIDModel


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONCILIATED = "conciliated", _("conciliated")
    NOT_CONCILIATED = "not_conciliated", _("not conciliated")
    WITHDRAWN = "withdrawn", _("withdrawn")


class DisputeCase(UUIDModel):
    number = models.CharField(_("case number"), max_length=64, unique=True)
    village = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.TextField(_("subject"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DisputeStatus.choices,
        default=DisputeStatus.OPEN,
        help_text=_(
            "open: being heard; conciliated: the parties agreed; not conciliated: no agreement (may go to "
            "court); withdrawn: the complainant withdrew."
        ),
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("dispute case")
        verbose_name_plural = _("dispute cases")
        ordering = ["-opened_at"]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
