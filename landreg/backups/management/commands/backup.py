"""manage.py backup [OUT] [--include-keys]: the database, the stored files and a manifest in one archive
(without OUT, a new archive in the backup folder, LANDREG_BACKUP_DIR, where the administrator's page lists
it)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from landreg.backups.archive import FILES, backup
from landreg.backups.folder import new_archive_path
from landreg.core.exceptions import RegistryError


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's online backup) and the stored documents into OUT."

    def add_arguments(self, parser):
        parser.add_argument(
            "out",
            nargs="?",
            default=None,
            help="Archive to write, e.g. /srv/backups/landreg-2026-12-04.tar.gz (default: a new archive in "
            "LANDREG_BACKUP_DIR).",
        )
        parser.add_argument(
            "--include-keys",
            action="store_true",
            help="Also the signing keys, sealed with the passphrase in LANDREG_BACKUP_PASSPHRASE.",
        )

    def handle(self, *args, out, include_keys, **options):
        try:
            out = Path(out) if out else new_archive_path()
            manifest = backup(out=out, include_keys=include_keys)
        except (RegistryError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        files = sum(1 for member in manifest["files"] if member.startswith(f"{FILES}/"))  # the stored files
        # The office reads what the command says in the registry's language (French unless set otherwise).
        written = ngettext(
            "Backup written to %(out)s: %(engine)s database, %(files)s file, %(keys)s.",
            "Backup written to %(out)s: %(engine)s database, %(files)s files, %(keys)s.",
            files,
        ) % {
            "out": out,
            "engine": manifest["engine"],
            "files": files,
            "keys": _("signing keys sealed in") if manifest["keys_included"] else _("no signing keys"),
        }
        self.stdout.write(self.style.SUCCESS(written))
