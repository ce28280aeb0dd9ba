"""Certificates: numbered per commune, signed (Ed25519 JWS in a QR code), printed, reprinted, delivered.

A certificate freezes what it certifies in ``content`` at issue, so every reprint shows exactly what was
issued. Whether it is still in force is read from the registry: it is *superseded* once the right or the
parcel it was issued for is no longer current (transfer, split), and *revoked* only by a transition.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from landreg.core import clock
from landreg.core.background.jobs import JobMixin
from landreg.core.history.append_only import AppendOnlyModel
from landreg.core.models import UUIDModel
from landreg.parties.models import IdDocumentType

DEFAULT_PATTERN = "{commune}-{village}-{seq:05d}"

# The rows a certificate certifies, each with the column keeping the version it certified: the one definition
# of « superseded » (the row ended or is at another version since issue), read on loaded rows by
# ``Certificate.is_superseded`` and as a filter by ``certificates.standing.current_q``.
CERTIFIED_ROWS = (("right", "right_version"), ("parcel", "parcel_version"))


class CertificateSeries(models.Model):
    """The numbering scheme and counter of one commune (a procedure profile may point at it)."""

    id = models.BigAutoField(primary_key=True)
    commune = models.OneToOneField(
        "territory.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="certificate_series",
    )
    pattern = models.CharField(
        _("numbering pattern"),
        max_length=120,
        default=DEFAULT_PATTERN,
        help_text=_("Fields: {commune}, {village}, {year}, {seq}; e.g. {commune}-{village}-{seq:05d}."),
    )
    title = models.CharField(
        _("certificate title"),
        max_length=200,
        default="Certificat foncier",
        help_text=_("As the law names it: APFR, certificat foncier, certificat foncier rural…"),
    )
    authority_title = models.CharField(_("signing authority"), max_length=120, default="Le Maire")
    last_sequence = models.PositiveIntegerField(
        _("last sequence used"), default=0, help_text=_("Raised only under a row lock, never lowered.")
    )

    class Meta:
        verbose_name = _("certificate series")
        verbose_name_plural = _("certificate series")

    def __str__(self):
        return f"{self.commune} — {self.pattern}"


class CertificateStatus(models.TextChoices):
    ISSUED = "issued", _("issued")
    SIGNED = "signed", _("signed")
    REVOKED = "revoked", _("revoked")


class CertificateStage(models.TextChoices):
    """Where a certificate in force stands on its path at the land office, in this order: the registrar
    prints the paper, the authority signs that paper (where the procedure profile requires its signature at
    issue: ``signature_required``), the registrar hands it over to a holder. A revoked or superseded
    certificate is on no stage: it is no longer printed, signed or handed over. Read by
    ``selectors.stage_q`` (lists, filters) and ``selectors.with_stage`` (the page, the API): one rule."""

    TO_PRINT = "to_print", _("to print")
    TO_SIGN = "to_sign", _("to sign")
    TO_DELIVER = "to_deliver", _("to deliver")
    DELIVERED = "delivered", _("delivered")


class Certificate(UUIDModel):
    number = models.CharField(_("certificate number"), max_length=80, unique=True)
    series = models.ForeignKey(
        CertificateSeries, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("series")
    )
    sequence = models.PositiveIntegerField(_("sequence in the commune"))
    parcel = models.ForeignKey(
        "parcels.Parcel", verbose_name=_("parcel"), on_delete=models.PROTECT, related_name="certificates"
    )
    right = models.ForeignKey(
        "rights.Right", verbose_name=_("right"), on_delete=models.PROTECT, related_name="certificates"
    )
    # The versions certified: a later version (boundary correction, new holders) supersedes the certificate.
    parcel_version = models.PositiveIntegerField(_("parcel version"), default=1)
    right_version = models.PositiveIntegerField(_("right version"), default=1)
    village = models.ForeignKey(
        "territory.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("village"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ISSUED,
        help_text=_(
            "issued: numbered and printable, awaiting the authority's signature; signed: the authority "
            "signed the paper, it may be delivered; revoked: withdrawn, with its reason (final)."
        ),
    )
    issued_at = models.DateTimeField(_("issued at"), default=clock.now)
    issue_date = models.DateField(_("issue date"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    legal_basis = models.TextField(_("legal basis"))
    # The procedure that created the right (None for a former register or a change recorded directly). The
    # references below are copied from its records at issue (certificates.issuing.procedure), never typed.
    claim = models.ForeignKey(
        "adjudication.Claim",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    signature_required = models.BooleanField(
        _("in force only once signed"),
        default=True,
        help_text=_("From the procedure profile at issue: the authority's signature puts it in force."),
    )
    application_reference = models.CharField(_("application reference"), max_length=80, blank=True)
    application_date = models.DateField(_("application date"), null=True, blank=True)
    notice_start = models.DateField(_("public notice from"), null=True, blank=True)
    notice_end = models.DateField(_("public notice until"), null=True, blank=True)
    site_record_reference = models.CharField(_("site record reference"), max_length=80, blank=True)
    site_record_date = models.DateField(_("site record date"), null=True, blank=True)
    content = models.JSONField(_("content"), help_text=_("What the certificate shows, frozen at issue."))
    token = models.TextField(_("signed token"), help_text=_("Compact JWS (EdDSA) printed in the QR code."))
    public_url = models.CharField(
        _("verification address"),
        max_length=200,
        blank=True,
        help_text=_("Where the QR code points (followed by /verify/<token>), fixed at issue."),
    )
    issued_token = models.TextField(
        _("token printed before signature"),
        blank=True,
        help_text=_("The token of the issue, replaced at signature by one that says the authority signed."),
    )
    key_id = models.CharField(_("key id"), max_length=64)
    geometry_hash = models.CharField(_("geometry hash"), max_length=80)
    qr_matrix = models.TextField(_("QR code modules"), help_text=_("Encoded once at issue; rows of 0/1."))
    print_count = models.PositiveIntegerField(_("prints"), default=0)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    # Declared lost or destroyed by a holder (or the holding's mandatary): revoked, and the right goes back to
    # the print queue for a new certificate, which names this one (``replaces``).
    lost_on = models.DateField(_("declared lost on"), null=True, blank=True)
    lost_declared_by = models.ForeignKey(
        "parties.Party",
        verbose_name=_("loss declared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces the certificate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacements",
    )
    # The print run that printed it first (certificates.batches.run), for the signing page's « signer ce
    # lot »; None for one printed at the counter, and for those printed before runs recorded it.
    batch = models.ForeignKey(
        "CertificateBatch",
        verbose_name=_("print run"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["series", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["series", "sequence"], name="certificate_sequence_unique"),
            # One certificate in force per right: retries and restarted batches cannot issue twice.
            models.UniqueConstraint(
                fields=["right"], condition=~Q(status="revoked"), name="certificate_one_per_right"
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revocation_reason=""),
                name="certificate_revocation_has_reason",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_superseded(self) -> bool:
        """The right or the parcel ended (transfer, split) or changed since issue (boundary correction)."""
        for row, version in CERTIFIED_ROWS:
            certified = getattr(self, row)
            if certified.end_lifespan is not None or certified.version != getattr(self, version):
                return True
        return False

    @property
    def paper_in_force(self) -> bool:
        """A paper of it that verifies as valid was made, so may be in a holder's hands (and be lost): signed
        by the authority, or printed where the procedure asks no signature (``signature_required``). Not for
        a revoked certificate; whether it is superseded is asked apart (it needs the register)."""
        if self.status == CertificateStatus.SIGNED:
            return True
        return (
            self.status == CertificateStatus.ISSUED and not self.signature_required and self.print_count > 0
        )

    @property
    def reprint_count(self) -> int:
        return max(self.print_count - 1, 0)


class EventKind(models.TextChoices):
    ISSUED = "issued", _("issued")
    PRINTED = "printed", _("printed")
    REPRINTED = "reprinted", _("reprinted (duplicate)")
    SIGNED = "signed", _("signed")
    DELIVERED = "delivered", _("delivered")
    REVOKED = "revoked", _("revoked")
    LOST = "lost", _("declared lost")


# The reason a batch run writes on each print, "batch <run id>": the run finds its own prints by it when it
# restarts (certificates.batches.run), and the certificate's page shows it as a link to the run.
BATCH_MARKER = "batch "


class CertificateEvent(AppendOnlyModel):
    """Append-only (``core.history.append_only``): what happened to a certificate, who did it, when and
    why."""

    id = models.BigAutoField(primary_key=True)
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="events", verbose_name=_("certificate")
    )
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    old_status = models.CharField(max_length=16, blank=True, verbose_name=_("old status"))
    new_status = models.CharField(max_length=16, blank=True, verbose_name=_("new status"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("done by")
    )
    at = models.DateTimeField(_("at"), default=clock.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.certificate_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def batch_id(self) -> str | None:
        """The batch run that printed the certificate, read from the marker it wrote as the reason."""
        if self.kind == EventKind.PRINTED and self.reason.startswith(BATCH_MARKER):
            return self.reason.removeprefix(BATCH_MARKER)
        return None

    @property
    def delivery_note(self) -> str | None:
        """A delivery's reason, « name (mark) », with the mark in the reader's language: the service keeps
        the mark's code (« fingerprint »), which the page showed as such in the French history."""
        if self.kind != EventKind.DELIVERED:
            return None
        name, sep, mark = self.reason.rpartition(" (")
        if not sep or mark.removesuffix(")") not in Acknowledgement.values:
            return None
        return f"{name} ({Acknowledgement(mark.removesuffix(')')).label})"


class Acknowledgement(models.TextChoices):
    SIGNATURE = "signature", _("signature")
    FINGERPRINT = "fingerprint", _("fingerprint")


class CertificateDelivery(models.Model):
    """The signed paper handed over at the counter: to a holder (for a group holding, its mandatary or a
    member), or to a representative holding a power of attorney; with the identity document presented.

    A register row (audit.rows): the columns added after the first deliveries are empty by default (NULL or
    ""), which a row's hash leaves out, so the rows recorded before keep their hashes. The ID number presented
    and the power of attorney are personal data: the land office's certificate page only, never the public
    verification, another village or the audit payload (which holds the row's hash)."""

    id = models.BigAutoField(primary_key=True)
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("certificate")
    )
    delivered_to = models.CharField(
        _("delivered to"),
        max_length=200,
        help_text=_("The holder's name as registered, or the representative's name."),
    )
    party = models.ForeignKey(
        "parties.Party", verbose_name=_("holder"), null=True, blank=True, on_delete=models.PROTECT
    )
    by_representative = models.BooleanField(
        _("handed to a representative"),
        null=True,
        blank=True,
        default=None,
        help_text=_(
            "True: to a representative holding a power of attorney; False: to a holder or a member of the "
            "holding group; empty: recorded before the recipient was chosen among the holders."
        ),
    )
    proxy_document = models.ForeignKey(
        "documents.Source",
        verbose_name=_("power of attorney"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proxied_deliveries",
    )
    id_document_type = models.CharField(
        _("identity document presented"), max_length=32, choices=IdDocumentType.choices, blank=True
    )
    id_document_number = models.CharField(_("number of the identity document"), max_length=64, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), default=clock.now)
    acknowledgement = models.CharField(_("acknowledged by"), max_length=16, choices=Acknowledgement.choices)
    marker = models.CharField(
        _("signature or fingerprint marker"),
        max_length=128,
        blank=True,
        help_text=_("Reference of the signed receipt or of the fingerprint captured."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("certificate delivery")
        verbose_name_plural = _("certificate deliveries")
        ordering = ["delivered_at"]

    def __str__(self):
        return f"{self.delivered_to} ({self.delivered_at:%Y-%m-%d})"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class BatchFormat(models.TextChoices):
    PDF = "pdf", _("one PDF")
    ZIP = "zip", _("a zip of PDFs")


class CertificateBatch(JobMixin, UUIDModel):
    """A campaign print run for a village or a commune, run by the job queue (huey); start, heartbeat,
    failure, staleness and retry follow core.background.jobs, as for parcel imports."""

    unit = models.ForeignKey("territory.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT)
    output_format = models.CharField(_("format"), max_length=8, choices=BatchFormat.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BatchStatus.choices,
        default=BatchStatus.QUEUED,
        help_text=_(
            "queued: waiting for a worker; running: printing; done: the file is ready; failed: stopped "
            "with an error, may be restarted (numbers already issued are reused, never duplicated)."
        ),
    )
    planned = models.JSONField(
        _("rights confirmed"),
        default=list,
        blank=True,
        help_text=_("The rights listed on the preview the registrar confirmed; the run prints only these."),
    )
    public_url = models.CharField(_("verification address"), max_length=200, blank=True)
    total = models.PositiveIntegerField(_("certificates to print"), default=0)
    done = models.PositiveIntegerField(_("certificates printed"), default=0)
    output = models.CharField(_("output file"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("requested by")
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.unit} ({self.status})"

    @property
    def progress_percent(self) -> int:
        # The total is counted when the worker starts the run: until then a run has printed nothing, not all
        # of nothing (its page read « en file d’attente — 0/0 (100 %) »).
        if not self.total:
            return 100 if self.status == BatchStatus.DONE else 0
        return round(100 * self.done / self.total)
