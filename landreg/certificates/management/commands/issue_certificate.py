"""Issue (or reuse) the certificate of a parcel's primary right and write its PDF: the demo's printer."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from landreg.accounts.models import User
from landreg.certificates.services import certificate_issue_for_parcel, certificate_print, verify_url
from landreg.certificates.transitions import certificate_sign
from landreg.core.exceptions import RegistryError
from landreg.parcels.models import Parcel


class Command(BaseCommand):
    help = "Issue the certificate of a parcel (as a registrar) and write its PDF."

    def add_arguments(self, parser):
        parser.add_argument("--parcel", required=True, help="Parcel number, e.g. SAB-C-00001.")
        parser.add_argument(
            "--registrar", default="guichet", help="Username of the registrar (default: guichet)."
        )
        parser.add_argument(
            "--signer", default="", help="Username of the signing authority to record (e.g. maire)."
        )
        parser.add_argument(
            "--out", default="", help="PDF file to write (default: var/certificates/NUMBER.pdf)."
        )

    def handle(self, *args, parcel, registrar, signer, out, **options):
        parcel_obj = Parcel.objects.current().filter(number=parcel).first()
        if parcel_obj is None:
            raise CommandError(f"No current parcel numbered {parcel}.")
        try:
            actor = User.objects.get(username=registrar)
            certificate, created = certificate_issue_for_parcel(parcel=parcel_obj, actor=actor)
            if signer and certificate.status == "issued":
                certificate = certificate_sign(
                    certificate=certificate, actor=User.objects.get(username=signer)
                )
            pdf = certificate_print(certificate=certificate, actor=actor)
        except User.DoesNotExist as exc:
            raise CommandError("Unknown user.") from exc
        except RegistryError as exc:
            raise CommandError(str(exc)) from exc
        from django.conf import settings

        path = Path(out) if out else Path(settings.VAR_DIR) / "certificates" / f"{certificate.number}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
        state = "issued" if created else "already issued"
        self.stdout.write(
            self.style.SUCCESS(f"Certificate {certificate.number} {state}; PDF written to {path}")
        )
        self.stdout.write(f"Verification URL: {verify_url(certificate.token)}")
