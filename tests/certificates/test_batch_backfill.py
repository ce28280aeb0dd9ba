"""Certificates printed by a run before the run was recorded on them (certificates 0009) get it from the
print event the run wrote (« batch <run id> »), by the data migration 0010, run as ``migrate`` runs it; a
certificate printed at the counter keeps none, and the audit chain still verifies."""

import tempfile

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from huey.contrib.djhuey import HUEY

from landreg.accounts.roles import Role
from landreg.audit.rows import rows_verify
from landreg.certificates.batches.queue import batch_request
from landreg.certificates.issuing.services import certificate_issue, certificate_print
from landreg.certificates.models import Certificate
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.base import make_person, make_territory, make_user
from tests.geometries import square
from tests.migrated_rows import FromMigratedRowsTestCase

BEFORE = [("certificates", "0009_certificate_batch")]
AFTER = [("certificates", "0010_backfill_certificate_batch")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


class BatchBackfillMigrationTests(FromMigratedRowsTestCase):
    def setUp(self):
        super().setUp()
        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        settings_override = override_settings(MEDIA_ROOT=media.name)
        settings_override.enable()
        self.addCleanup(settings_override.disable)
        previous, HUEY.immediate = HUEY.immediate, True  # run jobs in this thread, as the worker would
        self.addCleanup(setattr, HUEY, "immediate", previous)
        _country, _region, commune, self.village_a, self.village_b = make_territory()
        self.registrar = make_user("registrar", Role.REGISTRAR, commune)
        self.rights = [
            self.right(self.village_a, square(0, 0), "Ouédraogo", "Ɓintou"),
            self.right(self.village_a, square(0, 100), "Kɔnɛ", "Ŋaba"),
        ]
        self.counter_right = self.right(self.village_b, square(1000, 0), "Sawadogo", "Ɛlisabɛt")

    def right(self, village, geometry, last_name, first_names):
        parcel = parcel_record(village=village, geometry=geometry, survey_method="gps")
        return right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(party=make_person(village, last_name=last_name, first_names=first_names))],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )

    def test_the_run_that_printed_a_certificate_first_is_recorded_on_it(self):
        counter, _created = certificate_issue(right=self.counter_right, actor=self.registrar)
        certificate_print(certificate=counter, actor=self.registrar)  # one by one at the counter
        run = batch_request(unit=self.village_a, actor=self.registrar, output_format="pdf")
        run.refresh_from_db()
        assert run.status == "done", run.error
        printed = Certificate.objects.filter(right__in=self.rights)
        assert printed.count() == 2 and set(printed.values_list("batch", flat=True)) == {run.pk}
        # As a registry printed them before 0009: no run on the certificates, the print events naming it.
        migrate(BEFORE)
        Certificate.objects.update(batch=None)
        migrate(AFTER)
        assert set(printed.values_list("batch", flat=True)) == {run.pk}
        assert Certificate.objects.filter(pk=counter.pk).values_list("batch", flat=True).get() is None
        migrate(AFTER)  # run again: nothing changes
        assert set(printed.values_list("batch", flat=True)) == {run.pk}
        # Back to the latest schema (columns added since 0010, as lost_on) before reading whole rows.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        assert rows_verify() == []  # the run is no part of the row's hash: filling it in is no edit
