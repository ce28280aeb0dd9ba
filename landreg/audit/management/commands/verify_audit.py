"""`python manage.py verify_audit [--checkpoints FILE --jwks FILE]`: check the history; exit 1 on a problem.

In order: the hash chain (first altered, missing or reordered event); the apps' own history rows against
the chain; the register's current rows against the hashes the chain recorded for them; the checkpoints
stored in the database; and, when given, checkpoints exported earlier and held elsewhere with their
public keys (``manage.py audit_checkpoint --export FILE --jwks FILE``): those catch a chain recomputed
after an edit or cut short by someone with database access.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from landreg.audit.checkpoints import checkpoints_read, checkpoints_verify, stored_checkpoints_verify
from landreg.audit.rows import rows_verify
from landreg.audit.services import audit_cross_check, audit_verify


# Each count agrees with its own noun (« 1 événement vérifié », « 757 événements vérifiés »): one plural
# message per count, put together by the sentence.
def _events(count: int) -> str:
    return ngettext("%(count)s event verified", "%(count)s events verified", count) % {"count": count}


def _stored(count: int) -> str:
    return ngettext("%(count)s stored checkpoint agrees", "%(count)s stored checkpoints agree", count) % {
        "count": count
    }


class Command(BaseCommand):
    help = "Verify the tamper-evident event history and report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("--checkpoints", metavar="FILE", help="signed checkpoints exported earlier")
        parser.add_argument("--jwks", metavar="FILE", help="the checkpoint public keys exported with them")

    def handle(self, *args, **options):
        # The office reads what the command says in the registry's language (French unless set otherwise),
        # as backup and restore do: the problems come translated from the checks too.
        if bool(options["checkpoints"]) != bool(options["jwks"]):
            raise CommandError(_("--checkpoints and --jwks go together."))
        checked, broken = audit_verify()
        if broken is not None:
            raise CommandError(
                ngettext(
                    "Audit chain broken at %(link)s (%(checked)s event verified before it).",
                    "Audit chain broken at %(link)s (%(checked)s events verified before it).",
                    checked,
                )
                % {"link": broken, "checked": checked}
            )
        problem = audit_cross_check()
        if problem:
            raise CommandError(_("Audit chain intact, but %(problem)s") % {"problem": problem})
        rows = rows_verify()
        if rows:
            listing = "\n".join(f"  {problem}" for problem in rows)
            raise CommandError(
                _("Audit chain intact, but register rows differ from what it recorded (first %(count)s):")
                % {"count": len(rows)}
                + f"\n{listing}"
            )
        stored, problem = stored_checkpoints_verify()
        if problem:
            raise CommandError(_("Audit chain consistent, but %(problem)s") % {"problem": problem})
        if options["checkpoints"]:
            try:
                tokens = checkpoints_read(Path(options["checkpoints"]))
                jwks = json.loads(Path(options["jwks"]).read_text())
            except (OSError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            agreed, problem = checkpoints_verify(tokens, jwks)
            if problem:
                raise CommandError(_("Audit chain consistent, but %(problem)s") % {"problem": problem})
            message = _("Audit chain intact: %(events)s, %(stored)s, %(exported)s.") % {
                "events": _events(checked),
                "stored": _stored(stored),
                "exported": ngettext(
                    "%(count)s exported checkpoint agrees", "%(count)s exported checkpoints agree", agreed
                )
                % {"count": agreed},
            }
        else:
            message = _("Audit chain intact: %(events)s, %(stored)s.") % {
                "events": _events(checked),
                "stored": _stored(stored),
            }
        self.stdout.write(self.style.SUCCESS(message))
