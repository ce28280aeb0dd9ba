"""Campaign printing through the job queue: one PDF or a zip, progress, restart without new numbers."""

import datetime as dt
import io
import re
import tempfile
import zipfile
from unittest import mock

from django.test import Client, override_settings
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from landreg.audit.models import AuditEvent
from landreg.audit.services import audit_cross_check
from landreg.certificates.batches import run as batch_module
from landreg.certificates.batches.queue import batch_request, batch_restart
from landreg.certificates.batches.run import batch_run
from landreg.certificates.exceptions import CertificateError
from landreg.certificates.models import Certificate, CertificateBatch
from landreg.core.exceptions import PermissionDeniedError
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.certificates.base import CertificateTestCase, pdf_text
from tests.geometries import square


class BatchTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        settings_override = override_settings(MEDIA_ROOT=media.name)
        settings_override.enable()
        self.addCleanup(settings_override.disable)
        self.media = media.name
        previous, HUEY.immediate = HUEY.immediate, True  # run jobs in this thread, as the worker would
        self.addCleanup(setattr, HUEY, "immediate", previous)

    def request(self, unit=None, output_format="pdf"):
        with self.captureOnCommitCallbacks(execute=True):
            batch = batch_request(
                unit=unit or self.village_a, actor=self.registrar, output_format=output_format
            )
        batch.refresh_from_db()
        return batch

    def read(self, batch) -> bytes:
        with open(f"{self.media}/{batch.output}", "rb") as handle:
            return handle.read()

    def test_a_village_prints_as_one_pdf_through_the_job_queue(self):
        batch = self.request()
        self.assertEqual((batch.status, batch.total, batch.done, batch.progress_percent), ("done", 3, 3, 100))
        text = pdf_text(self.read(batch))
        numbers = list(Certificate.objects.order_by("sequence").values_list("number", flat=True))
        self.assertEqual(len(numbers), 3)
        for number in numbers:
            self.assertIn(f"N° {number}", text)
        self.assertTrue(all(c.print_count == 1 for c in Certificate.objects.all()))

    def test_each_certificate_a_run_prints_is_chained_once(self):
        self.request()
        chained = AuditEvent.objects.filter(action="certificate.printed")
        self.assertEqual(
            sorted(chained.values_list("object_id", flat=True)),
            sorted(str(pk) for pk in Certificate.objects.values_list("pk", flat=True)),
        )
        self.assertIsNone(audit_cross_check())

    def test_a_commune_prints_as_a_zip_of_pdfs(self):
        batch = self.request(unit=self.commune, output_format="zip")
        with zipfile.ZipFile(io.BytesIO(self.read(batch))) as archive:
            names = sorted(archive.namelist())
        self.assertEqual(len(names), 4)  # three rights in village A, one in village B
        self.assertTrue(all(name.endswith(".pdf") for name in names))

    def test_a_crashed_run_restarts_without_taking_new_numbers(self):
        real_render = batch_module.render_certificate
        calls = {"n": 0}

        def crash_on_third(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError("disk full")
            return real_render(*args, **kwargs)

        batch = CertificateBatch.objects.create(
            unit=self.village_a, output_format="zip", requested_by=self.registrar
        )
        with (
            mock.patch.object(batch_module, "render_certificate", crash_on_third),
            self.assertRaises(OSError),
        ):
            batch_run(batch_id=batch.pk)
        batch.refresh_from_db()
        # The page says what kind of error stopped it, never its raw text (the worker's log has it).
        self.assertEqual(
            (batch.status, batch.error),
            ("failed", "Unexpected error (OSError); the details are in the worker's log."),
        )
        issued_before = set(Certificate.objects.values_list("number", flat=True))
        self.assertEqual(len(issued_before), 3)  # the third was issued, its PDF failed

        with self.captureOnCommitCallbacks(execute=True):
            batch_restart(batch=batch, actor=self.registrar)
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.total), ("done", 3))
        self.assertEqual(set(Certificate.objects.values_list("number", flat=True)), issued_before)
        self.assertEqual(sorted(Certificate.objects.values_list("sequence", flat=True)), [1, 2, 3])
        with zipfile.ZipFile(io.BytesIO(self.read(batch))) as archive:
            self.assertEqual(
                sorted(n.removesuffix(".pdf") for n in archive.namelist()), sorted(issued_before)
            )
        self.assertTrue(all(c.print_count == 1 for c in Certificate.objects.all()))

    def test_certificates_already_printed_elsewhere_are_left_out(self):
        from landreg.certificates.issuing.services import certificate_print

        certificate_print(certificate=self.issue(), actor=self.registrar)
        self.assertEqual(self.request().total, 2)

    def test_a_registrar_of_village_b_cannot_print_village_a(self):
        with self.assertRaises(PermissionDeniedError):
            batch_request(unit=self.village_a, actor=self.registrar_b)

    def test_colleagues_of_the_commune_see_the_run_and_other_villages_do_not(self):
        from landreg.accounts.roles import Role
        from landreg.certificates.selectors import batches_visible_to
        from tests.base import make_user

        batch = self.request()
        colleague = make_user("colleague", Role.REGISTRAR, self.commune)
        self.assertIn(batch, batches_visible_to(colleague))
        self.assertNotIn(batch, batches_visible_to(self.registrar_b))
        self.client.force_login(self.registrar_b)
        self.assertEqual(self.client.get(f"/certificates/batches/{batch.pk}/download/").status_code, 404)
        self.client.force_login(colleague)
        response = self.client.get(f"/certificates/batches/{batch.pk}/download/")
        self.assertEqual(b"".join(response.streaming_content), self.read(batch))

    def test_a_region_is_not_a_campaign(self):
        with self.assertRaisesMessage(CertificateError, "village or a commune"):
            batch_request(unit=self.region, actor=self.registrar)

    def preview(self, client, unit=None) -> tuple[str, dict]:
        """The queue's campaign form as rendered, submitted to the preview; returns the preview page and
        the fields of its confirmation form (CSRF token included), exactly as the browser would post them."""
        queue = client.get("/certificates/").content.decode()
        self.assertIn('action="/certificates/batches/preview/"', queue)
        response = client.get(
            "/certificates/batches/preview/", {"unit": (unit or self.village_a).pk, "format": "pdf"}
        )
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        confirm = html.split('action="/certificates/batches/"', 1)[1].split("</form>", 1)[0]
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', confirm))
        button = re.search(r'<button type="submit" name="([^"]+)" value="([^"]*)"', confirm)
        fields[button.group(1)] = button.group(2)
        return html, fields

    def test_the_pages_preview_the_run_then_print_what_was_confirmed_and_show_its_progress(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.registrar)
        html, fields = self.preview(client)
        for parcel in (self.parcel_a, self.parcel_c, self.parcel_d):
            self.assertIn(parcel.number, html)
        self.assertIn("Ɓaŋɔ".upper(), html)
        self.assertFalse(Certificate.objects.exists())  # a preview issues nothing
        sent = {"csrfmiddlewaretoken", "submission_token", "unit", "format", "fingerprint", "confirm"}
        self.assertEqual(set(fields), sent)
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post("/certificates/batches/", fields)
        batch = CertificateBatch.objects.get()
        self.assertRedirects(response, f"/certificates/batches/{batch.pk}/")
        self.assertEqual(
            sorted(batch.planned), sorted(str(r.pk) for r in (self.right_a, self.right_c, self.right_d))
        )
        # The worker has no request: the address the page was served at is fixed on the run.
        self.assertEqual(batch.public_url, "http://testserver")
        self.assertEqual(set(Certificate.objects.values_list("public_url", flat=True)), {"http://testserver"})
        progress = client.get(f"/certificates/batches/{batch.pk}/?format=json").json()
        self.assertEqual(progress, {"status": "done", "done": 3, "total": 3, "percent": 100})
        download = client.get(f"/certificates/batches/{batch.pk}/download/")
        self.assertEqual(download.status_code, 200)
        # From the run's page back to the queue, which lists the runs; the runs' address opened by hand
        # leads there too (it answered a blank 405).
        page = client.get(f"/certificates/batches/{batch.pk}/").content.decode()
        self.assertIn('<a href="/certificates/">File d’impression</a>', page)
        self.assertRedirects(client.get("/certificates/batches/"), "/certificates/")
        self.assertIn(str(batch.pk), client.get("/certificates/").content.decode())

    def test_a_certificate_printed_by_a_run_links_to_the_run_in_its_history_not_its_raw_marker(self):
        # Seen as guichet: the history read "imprimé — guichet batch 10eafa9e-e1b6-…", an English word and a
        # raw identifier on a French page.
        batch = self.request()
        certificate = Certificate.objects.order_by("sequence").first()
        client = Client()
        client.force_login(self.registrar)
        html = client.get(f"/certificates/{certificate.pk}/").content.decode()
        self.assertNotIn(f"batch {batch.pk}", html)
        self.assertIn(f'<a href="/certificates/batches/{batch.pk}/">dans une impression groupée</a>', html)

    def test_a_confirmation_whose_list_changed_since_the_preview_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.registrar)
        _html, fields = self.preview(client)
        parcel = parcel_record(village=self.village_a, geometry=square(0, 300), survey_method="gps")
        right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(party=self.herder)],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )
        response = client.post("/certificates/batches/", fields, follow=True)
        self.assertContains(response, "a changé depuis son affichage")  # the page speaks French
        self.assertContains(response, parcel.number)  # back on the preview, with the new list
        self.assertFalse(CertificateBatch.objects.exists())
        self.assertFalse(Certificate.objects.exists())

    def test_a_run_cannot_be_started_without_its_preview(self):
        self.client.force_login(self.registrar)
        response = self.client.post("/certificates/batches/", {"unit": self.village_a.pk, "format": "pdf"})
        self.assertRedirects(response, "/certificates/", fetch_redirect_response=False)
        self.assertFalse(CertificateBatch.objects.exists())

    def test_the_api_starts_a_run(self):
        self.client.force_login(self.registrar)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/api/v1/certificates/batches/",
                {"unit": "TC-A", "output_format": "zip"},
                content_type="application/json",
            )
        self.assertEqual(response.status_code, 202, response.content)
        detail = self.client.get(f"/api/v1/certificates/batches/{response.json()['id']}/").json()
        self.assertEqual((detail["status"], detail["done"]), ("done", 3))


class BatchFailurePageTests(CertificateTestCase):
    """Issue 9: a print run whose worker died stayed "running" for ever; its page now says so and retries."""

    def setUp(self):
        super().setUp()
        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        settings_override = override_settings(MEDIA_ROOT=media.name)
        settings_override.enable()
        self.addCleanup(settings_override.disable)
        previous, HUEY.immediate = HUEY.immediate, True
        self.addCleanup(setattr, HUEY, "immediate", previous)

    def stale_batch(self):
        from landreg.core import clock

        return CertificateBatch.objects.create(
            unit=self.village_a,
            output_format="pdf",
            requested_by=self.registrar,
            status="running",
            attempt=1,
            heartbeat_at=clock.now() - dt.timedelta(minutes=45),
        )

    def test_a_stale_run_is_shown_stopped_and_the_page_button_restarts_it(self):
        batch = self.stale_batch()
        self.client.force_login(self.registrar)
        html = self.client.get(f"/certificates/batches/{batch.pk}/").content.decode()
        assert "signe de vie" in html and "refresh" not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/certificates/batches/{batch.pk}/", {"csrfmiddlewaretoken": token})
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.attempt, batch.total), ("done", 2, 3))

    def test_a_live_run_shows_no_restart_and_a_restart_changes_nothing(self):
        batch = self.stale_batch()
        CertificateBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())
        self.client.force_login(self.registrar)
        html = self.client.get(f"/certificates/batches/{batch.pk}/").content.decode()
        assert '<form method="post">' not in html and "refresh" in html
        batch_restart(batch=batch, actor=self.registrar)
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.attempt), ("running", 1))


class QueuedBatchPageTests(CertificateTestCase):
    """Seen as guichet: a run just confirmed, not yet started by the worker, read « en file d’attente — 0/0
    (100 %) » with a full progress bar."""

    def test_a_run_waiting_for_the_worker_shows_no_progress(self):
        batch = CertificateBatch.objects.create(
            unit=self.village_a, output_format="pdf", requested_by=self.registrar
        )
        self.client.force_login(self.registrar)
        self.client.cookies["django_language"] = "fr"
        html = self.client.get(f"/certificates/batches/{batch.pk}/").content.decode()
        assert "<p>en file d’attente</p>" in html, html
        assert '<progress max="100" value="0">' in html and "100 %" not in html
        progress = self.client.get(f"/certificates/batches/{batch.pk}/?format=json").json()
        self.assertEqual(progress, {"status": "queued", "done": 0, "total": 0, "percent": 0})
