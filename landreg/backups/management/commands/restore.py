"""manage.py restore IN [--force] [--keys-to DIR]: check the archive, then replace the database's content."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

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
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']} "
                f"(Landreg {manifest['versions']['landreg']}, {manifest['engine']})."
            )
        )
        if keys_to:
            self.stdout.write(
                f"Keys written to {keys_to}: point LANDREG_SIGNING_KEY_FILE at signing.pem and "
                "LANDREG_CHECKPOINT_KEY_FILE at checkpoint.pem (if present)."
            )
        self.stdout.write(
            "Next: `manage.py migrate` (if this Landreg is newer), `verify_audit`, `verify_certificates`."
        )
