"""Source documents (LADM LA_Source): the evidence behind parcels, parties and rights."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from landreg.core.models import UUIDModel


class SourceType(models.TextChoices):
    APPLICATION_FORM = "application_form", _("application form")
    MANDATE = "mandate", _("mandate")
    SITE_RECORD = "site_record", _("site verification record")
    PHOTO = "photo", _("photograph")
    # A photo taken in the field of a paper (an attestation, an identity card): it may show ID papers.
    DOCUMENT_PHOTO = "document_photo", _("photograph of a paper (attestation, identity document)")
    SKETCH = "sketch", _("sketch")
    ID_DOCUMENT = "id_document", _("identity document")
    DEED = "deed", _("deed / contract")
    CUSTOMARY_ATTESTATION = "customary_attestation", _("customary attestation")
    COURT_DECISION = "court_decision", _("court decision")
    CERTIFICATE_SCAN = "certificate_scan", _("scan of the signed certificate")
    MINUTES = "minutes", _("minutes (signed record)")
    WITNESS_STATEMENT = "witness_statement", _("witness statement")
    # A claimant's signature, mark or fingerprint captured in the field: personal data (PERSONAL_PAPERS).
    SIGNATURE = "signature", _("signature or mark")
    FINGERPRINT = "fingerprint", _("fingerprint")
    OTHER = "other", _("other")


# Papers that are personal data: opened only by those who see the village's personal data (ID numbers).
# The committee needs the site's evidence (photos of the parcel, sketches, records), not identity papers,
# signatures or fingerprints: it sees on the claim that they exist, not what they show.
PERSONAL_PAPERS = frozenset(
    {SourceType.ID_DOCUMENT, SourceType.DOCUMENT_PHOTO, SourceType.SIGNATURE, SourceType.FINGERPRINT}
)


class Source(UUIDModel):
    source_type = models.CharField(_("type"), max_length=32, choices=SourceType.choices)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    document_date = models.DateField(_("date of the document"))
    file = models.FileField(_("file"), upload_to="sources/%Y/%m/", blank=True)
    description = models.TextField(_("description"), blank=True)
    parcels = models.ManyToManyField(
        "parcels.Parcel", blank=True, related_name="sources", verbose_name=_("parcels")
    )
    parties = models.ManyToManyField(
        "parties.Party", blank=True, related_name="sources", verbose_name=_("parties")
    )
    rights = models.ManyToManyField(
        "rights.Right", blank=True, related_name="sources", verbose_name=_("rights")
    )
    village = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="sources",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        ordering = ["-document_date"]

    def __str__(self):
        return f"{self.get_source_type_display()} {self.reference} ({self.document_date})"
