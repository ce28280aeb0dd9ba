"""`python manage.py audit_checkpoint [--export FILE] [--jwks FILE]`: sign the chain head now; export.

Keep the exported files away from this server's database (another office, removable media, e-mail): they
are what ``verify_audit --checkpoints FILE --jwks FILE`` checks a possibly rewritten history against.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from landreg.audit.checkpoints import (
    CheckpointKeyError,
    checkpoint_jwks,
    checkpoint_write,
    checkpoints_export,
)


class Command(BaseCommand):
    help = "Sign the head of the audit chain (a checkpoint) and optionally export checkpoints and keys."

    def add_arguments(self, parser):
        parser.add_argument("--export", metavar="FILE", help="write every checkpoint (JSON) to FILE")
        parser.add_argument("--jwks", metavar="FILE", help="write the checkpoint public keys (JWKS) to FILE")

    def handle(self, *args, **options):
        try:
            checkpoint = checkpoint_write(only_if_new_events=True)
            if options["jwks"]:
                Path(options["jwks"]).write_text(json.dumps(checkpoint_jwks(), indent=1) + "\n")
        except CheckpointKeyError as exc:
            raise CommandError(str(exc)) from exc
        if checkpoint is None:
            self.stdout.write(_("No new events since the last checkpoint: nothing to sign."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Checkpoint signed: event #%(seq)s %(hash)s")
                    % {"seq": checkpoint.head_seq, "hash": checkpoint.head_hash}
                )
            )
        if options["export"]:
            count = checkpoints_export(Path(options["export"]))
            self.stdout.write(
                ngettext(
                    "%(count)s checkpoint written to %(path)s.",
                    "%(count)s checkpoints written to %(path)s.",
                    count,
                )
                % {"count": count, "path": options["export"]}
            )
        if options["jwks"]:
            self.stdout.write(_("Checkpoint public keys written to %(path)s.") % {"path": options["jwks"]})
