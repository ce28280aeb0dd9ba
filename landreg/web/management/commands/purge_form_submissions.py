"""Forget the forms sent longer ago than the retention (core.FormSubmission; the worker does it nightly)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from landreg.web.once import sendings_forget


class Command(BaseCommand):
    help = (
        "Delete the rows of forms sent longer ago than LANDREG_FORM_SUBMISSION_RETENTION_DAYS (or --days): "
        "a sending that old is no double click or retry to recognise."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep the forms sent in the last DAYS days (default: the setting, 30 unless set)",
        )

    def handle(self, *args, days=None, **options):
        days = settings.LANDREG_FORM_SUBMISSION_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1: a form sent a moment ago may still be sent again.")
        deleted = sendings_forget(older_than=timedelta(days=days))
        self.stdout.write(f"{deleted} form sendings older than {days} days deleted.")
