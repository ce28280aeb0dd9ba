"""What field agents send from ODK Collect: each submission kept as received, with its photos and images.

A submission is never dropped: it becomes a draft claim of its agent, or it waits with the reasons it could
not (a boundary outside the village, an overlap, a missing sex) for the agent to correct and send again.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionState(models.TextChoices):
    # Only a record ODK Collect split over several POSTs stays here (a whole one becomes a draft or a list of
    # corrections at once): its state says what it waits for, not just "received".
    RECEIVED = "received", _("partly received: waiting for its other files")
    DRAFT = "draft", _("draft claim recorded")
    NEEDS_CORRECTION = "needs_correction", _("to be corrected by the agent")
    CORRECTED = "corrected", _("corrected by a later record")


class Submission(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # ODK's meta/instanceID ("uuid:…"): the same record sent twice is received once.
    instance_id = models.CharField(_("instance ID"), max_length=100, unique=True)
    form_id = models.CharField(_("form"), max_length=100)
    form_version = models.CharField(_("form version"), max_length=40, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("agent"),
    )
    village = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    xml = models.TextField(_("submitted record (XML)"))
    state = models.CharField(
        _("state"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.RECEIVED
    )
    reasons = models.JSONField(_("reasons to correct"), default=list, blank=True)
    # A claim may come from several records: the first, then the corrections of it once it was returned.
    claim = models.ForeignKey(
        "adjudication.Claim",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("draft claim"),
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("ODK submission")
        verbose_name_plural = _("ODK submissions")

    def __str__(self):
        return self.instance_id


class SubmissionAttachment(models.Model):
    """A photo, scan, signature or fingerprint image sent with a submission, kept through Django's storage."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("submission")
    )
    name = models.CharField(_("file name in the form"), max_length=200)
    file = models.FileField(_("file"), upload_to="collect/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "name"], name="collect_attachment_once")]
        verbose_name = _("submission attachment")
        verbose_name_plural = _("submission attachments")

    def __str__(self):
        return self.name


class SyncRecord(models.Model):
    """A claim made on a device, known by the device's own id: what makes a resent record change nothing."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("agent")
    )
    # The device's UUID for the record, or the Idempotency-Key of a claim created through the API.
    client_id = models.CharField(_("client id"), max_length=100)
    claim = models.OneToOneField(
        "adjudication.Claim", on_delete=models.PROTECT, related_name="sync_record", verbose_name=_("claim")
    )
    content_digest = models.CharField(_("digest of the content last applied"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agent", "client_id"], name="collect_sync_once")]
        verbose_name = _("synchronised record")
        verbose_name_plural = _("synchronised records")

    def __str__(self):
        return self.client_id
