"""Issue (or reuse) the certificate of a parcel's primary right and write its PDF: the demo's printer. It
speaks the registry's language (French unless LANGUAGE_CODE says otherwise), as the other commands do."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from landreg.accounts.models import User
from landreg.adjudication.changes.applications import result_parcels
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.certificates.issuing.services import (
    certificate_issue_for_parcel,
    certificate_print,
    certificate_verify_url,
)
from landreg.certificates.issuing.transitions import certificate_sign
from landreg.core.exceptions import RegistryError
from landreg.parcels.models import Parcel


class Command(BaseCommand):
    help = "Issue the certificate of a parcel (as a registrar) and write its PDF."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--parcel", help="Parcel number, e.g. SAB-C-00001.")
        which.add_argument(
            "--approved-claims",
            action="store_true",
            help="Every claim ready for its certificate (approved); certificates already issued are reused.",
        )
        parser.add_argument(
            "--registrar", default="guichet", help="Username of the registrar (default: guichet)."
        )
        parser.add_argument(
            "--signer", default="", help="Username of the signing authority to record (e.g. maire)."
        )
        parser.add_argument(
            "--public-url",
            default="",
            help="Address the QR code points at, e.g. http://127.0.0.1:8123 (default: LANDREG_PUBLIC_URL, "
            "or the demo's http://127.0.0.1:8000 in demo mode).",
        )
        parser.add_argument(
            "--out", default="", help="PDF file to write (default: var/certificates/NUMBER.pdf)."
        )

    def handle(self, *args, parcel, approved_claims, registrar, signer, out, public_url, **options):
        self.base_url = public_url
        if approved_claims:
            # First claims and approved changes (the heirs' parcel, the parts of a split…): the parcels still
            # current get the certificate of their current right; one already in force is reprinted.
            claims = Claim.objects.filter(state=ClaimState.READY_FOR_CERTIFICATE).order_by("receipt_number")
            parcels = list(
                {p.pk: p for claim in claims for p in result_parcels(claim) if p.is_current}.values()
            )
            if out and len(parcels) > 1:
                raise CommandError(_("--out names one file; leave it out to write one PDF per certificate."))
            for parcel_obj in parcels:
                self.print_one(parcel_obj, registrar, signer, out)
            # A claim may give several parcels (the parts of a split): the certificates are counted.
            self.stdout.write(
                ngettext(
                    "%(count)s certificate of the approved claims printed.",
                    "%(count)s certificates of the approved claims printed.",
                    len(parcels),
                )
                % {"count": len(parcels)}
            )
            return
        parcel_obj = Parcel.objects.current().filter(number=parcel).first()
        if parcel_obj is None:
            raise CommandError(_("No current parcel numbered %(number)s.") % {"number": parcel})
        self.print_one(parcel_obj, registrar, signer, out)

    def print_one(self, parcel_obj, registrar, signer, out):
        try:
            actor = User.objects.get(username=registrar)
            certificate, created = certificate_issue_for_parcel(
                parcel=parcel_obj, actor=actor, base_url=self.base_url
            )
            pdf = certificate_print(certificate=certificate, actor=actor)
            # The authority signs the printed paper (models.CertificateStage: print, sign, deliver).
            if signer and certificate.status == "issued":
                certificate = certificate_sign(
                    certificate=certificate, actor=User.objects.get(username=signer)
                )
        except User.DoesNotExist as exc:
            raise CommandError(_("Unknown user.")) from exc
        except RegistryError as exc:
            raise CommandError(str(exc)) from exc
        from django.conf import settings

        path = Path(out) if out else Path(settings.VAR_DIR) / "certificates" / f"{certificate.number}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
        if created:
            said = _("Certificate %(number)s issued; PDF written to %(path)s")
        else:
            said = _("Certificate %(number)s already issued; PDF written to %(path)s")
        self.stdout.write(self.style.SUCCESS(said % {"number": certificate.number, "path": path}))
        self.stdout.write(_("Verification URL: %(url)s") % {"url": certificate_verify_url(certificate)})
