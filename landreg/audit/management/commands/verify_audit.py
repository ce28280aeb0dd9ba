"""`python manage.py verify_audit`: check the hash chain and report the first broken link (exit 1)."""

from django.core.management.base import BaseCommand, CommandError

from landreg.audit.services import audit_cross_check, audit_verify


class Command(BaseCommand):
    help = "Verify the tamper-evident event history and report the first broken link."

    def handle(self, *args, **options):
        checked, broken = audit_verify()
        if broken is not None:
            raise CommandError(f"Audit chain broken at {broken} ({checked} events verified before it).")
        problem = audit_cross_check()
        if problem:
            raise CommandError(f"Audit chain intact, but {problem}")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events verified."))
