"""manage.py verify_certificates: every certificate's token verifies with the published keys and says what
the certificate froze at issue (after a restore, a key rotation, or to audit the register)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from landreg.certificates.models import Certificate
from landreg.certificates.verification.verdicts import certificate_problems


class Command(BaseCommand):
    help = "Check the signature of every certificate against the published keys and its frozen content."

    def handle(self, *args, **options):
        failures, count = [], 0
        for certificate in Certificate.objects.order_by("series", "sequence").iterator():
            count += 1
            failures += [
                _("%(number)s: %(problem)s") % {"number": certificate.number, "problem": problem}
                for problem in certificate_problems(certificate)
            ]
        for line in failures:
            self.stderr.write(line)
        if failures:
            problems = ngettext("%(count)s problem", "%(count)s problems", len(failures)) % {
                "count": len(failures)
            }
            raise CommandError(
                ngettext(
                    "%(problems)s in %(count)s certificate.", "%(problems)s in %(count)s certificates.", count
                )
                % {"problems": problems, "count": count}
            )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("%(count)s certificate verifies.", "All %(count)s certificates verify.", count)
                % {"count": count}
            )
        )
