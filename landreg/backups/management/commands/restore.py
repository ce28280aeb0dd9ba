"""manage.py restore IN [--force] [--keys-to DIR]: check the archive, then replace the database's content."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from landreg.backups.archive import restore
from landreg.core.exceptions import RegistryError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into this registry's database (stop the server and the "
        "worker first). Refuses a database that already holds a register unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="IN", help="Archive written by `manage.py backup`.")
        parser.add_argument(
            "--force", action="store_true", help="Replace a database that already holds a register."
        )
        parser.add_argument(
            "--keys-to",
            default=None,
            help="Directory where to write the signing keys of the backup (needs LANDREG_BACKUP_PASSPHRASE).",
        )

    def handle(self, *args, source, force, keys_to, **options):
        try:
            manifest = restore(source=Path(source), force=force, keys_to=Path(keys_to) if keys_to else None)
        except (RegistryError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        # The office reads what the command says in the registry's language (French unless set otherwise).
        restored = _("Restored the backup of %(created)s (Landreg %(version)s, %(engine)s).") % {
            "created": manifest["created_at"],
            "version": manifest["versions"]["landreg"],
            "engine": manifest["engine"],
        }
        self.stdout.write(self.style.SUCCESS(restored))
        if keys_to:
            self.stdout.write(
                _(
                    "Keys written to %(directory)s: point LANDREG_SIGNING_KEY_FILE at signing.pem and "
                    "LANDREG_CHECKPOINT_KEY_FILE at checkpoint.pem (if present)."
                )
                % {"directory": keys_to}
            )
        self.stdout.write(
            _("Next: `manage.py migrate` (if this Landreg is newer), `verify_audit`, `verify_certificates`.")
        )
