"""The import page queues a background job (never imports in the request); the job page shows progress."""

import json
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from landreg.core.files.untrusted_files import Limits
from landreg.parcels import tasks
from landreg.parcels.models import ImportJob, ImportStatus, Parcel
from tests.base import RegistryTestCase
from tests.browser_forms import flat, form_posting_to
from tests.storages import BucketLikeStorage


def geojson_file(name="walks.geojson", bad=False):
    ring = [[-3, 12], [-2.999, 12], [-2.999, 12.001], [-3, 12.001], [-3, 12]]
    if bad:
        ring = [[-3, 12.2], [-2.999, 12.201], [-2.999, 12.2], [-3, 12.201], [-3, 12.2]]
    features = [
        {
            "type": "Feature",
            "properties": {"id": "w-1"},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
    ]
    body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    return SimpleUploadedFile(name, body, content_type="application/geo+json")


class ImportPageTests(RegistryTestCase):
    def setUp(self):
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media)
        override = override_settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)

    def post(self, user, **data):
        self.client.force_login(user)
        with mock.patch.object(tasks, "run_import_job") as queue, self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/parcels/import/",
                {"file": geojson_file(bad=data.pop("bad", False)), "village": self.village_a.pk, **data},
            )
        return response, queue

    def test_the_page_queues_a_job_and_imports_nothing_itself(self):
        response, queue = self.post(self.agent_a)
        job = ImportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/parcels/import/{job.pk}/"
        queue.assert_called_once_with(job.pk)
        assert job.status == ImportStatus.QUEUED and Parcel.objects.count() == 2

    def test_the_worker_runs_the_job_and_the_page_shows_the_report(self):
        self.post(self.agent_a)
        job = ImportJob.objects.get()
        assert "refresh" in self.client.get(f"/parcels/import/{job.pk}/").content.decode()
        tasks.run_import(job.pk)  # what the huey worker does
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE and job.processed == job.total == 1
        assert Parcel.objects.filter(source_id="w-1").exists()
        page = self.client.get(f"/parcels/import/{job.pk}/").content.decode()
        assert "refresh" not in page and 'value="100"' in page

    def test_a_dry_run_saves_nothing_and_a_bad_file_lists_the_feature(self):
        self.post(self.agent_a, dry_run="on", bad=True)
        job = ImportJob.objects.get()
        tasks.run_import(job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED
        assert job.report["errors"][0]["feature_id"] == "w-1"
        assert "w-1" in self.client.get(f"/parcels/import/{job.pk}/").content.decode()
        assert Parcel.objects.count() == 2

    def test_kept_valid_features_end_at_all_read_and_the_counts_show_zero(self):
        # Seen on the demo: a file of one parcel, a bowtie and a 0.04 m² sliver, imported keeping the valid
        # ones, ended at "300 % 3 / 1" (the last beat counted the one saved) and showed the overlap, sliver
        # and gap counts blank ("chevauchements (conflits): , ...") when they were 0.
        good = json.loads(geojson_file().read())["features"][0]
        bowtie = json.loads(geojson_file(bad=True).read())["features"][0]
        bowtie["properties"]["id"] = "w-2"
        body = json.dumps({"type": "FeatureCollection", "features": [good, bowtie]}).encode()
        self.client.force_login(self.agent_a)
        with mock.patch.object(tasks, "run_import_job"), self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                "/parcels/import/",
                {
                    "file": SimpleUploadedFile("feuille.geojson", body, "application/geo+json"),
                    "village": self.village_a.pk,
                    "keep_valid": "on",
                },
            )
        job = ImportJob.objects.get()
        tasks.run_import(job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.PARTIAL and job.processed == job.total == 2
        page = self.client.get(f"/parcels/import/{job.pk}/").content.decode()
        assert 'value="100"' in page and "2 / 2" in page and "w-2" in page
        counts = "chevauchements (conflits)\u202f: 0, chevauchements résiduels\u202f: 0, interstices\u202f: 0"
        assert counts in page

    def test_a_file_of_another_kind_or_an_unknown_target_field_is_refused_beside_its_field(self):
        # Seen on the demo: both were queued, then failed as a job whose page listed blank counts
        # ("entités: à importer: ...") and offered to retry an import that could only fail again.
        self.client.force_login(self.agent_a)
        page = self.client.get("/parcels/import/").content.decode()
        assert 'name="file"' in page and 'name="mapping"' in page
        sheet = SimpleUploadedFile("B0123.THF", b"EDIGEO", content_type="application/octet-stream")
        response = self.client.post("/parcels/import/", {"file": sheet, "village": self.village_a.pk})
        assert response.status_code == 200 and ImportJob.objects.count() == 0
        assert "B0123.THF\u202f: ce type de fichier n’est pas accepté" in response.content.decode()
        response = self.client.post(
            "/parcels/import/",
            {"file": geojson_file(), "village": self.village_a.pk, "mapping": "surface=contenance"},
        )
        assert response.status_code == 200 and ImportJob.objects.count() == 0
        body = response.content.decode()
        assert "Champ cible inconnu surface" in body and "source_id, number, official_area_m2" in body

    def test_a_job_failed_on_the_whole_file_shows_why_without_blank_counts(self):
        self.post(self.agent_a, mapping="source_id=IDU_id")  # the GeoJSON has no IDU_id column
        job = ImportJob.objects.get()
        tasks.run_import(job.pk)
        page = self.client.get(f"/parcels/import/{job.pk}/").content.decode()
        assert "Le fichier n’a pas de champ IDU_id" in page and "à importer" not in page

    def test_the_recent_imports_are_named_as_the_user_gave_their_files(self):
        # Seen on the demo: the list showed the stored name, "imports/2026/12/parcels_moZMnuP.csv".
        self.post(self.agent_a)
        page = self.client.get("/parcels/import/").content.decode()
        assert ">walks.geojson</a>" in page and "imports/" not in page

    def test_a_job_runs_once(self):
        self.post(self.agent_a)
        job = ImportJob.objects.get()
        tasks.run_import(job.pk)
        tasks.run_import(job.pk)
        assert Parcel.objects.filter(source_id="w-1").count() == 1

    def test_an_agent_cannot_import_into_another_village(self):
        self.client.force_login(self.agent_b)
        response = self.client.post(
            "/parcels/import/", {"file": geojson_file(), "village": self.village_a.pk}
        )
        assert response.status_code == 200 and ImportJob.objects.count() == 0
        assert "village" in response.context["form"].errors

    def test_another_agent_cannot_see_the_job(self):
        self.post(self.agent_a)
        self.client.force_login(self.agent_b)
        assert self.client.get(f"/parcels/import/{ImportJob.objects.get().pk}/").status_code == 403


class HostileUploadTests(ImportPageTests):
    """Issue 9: an OGR VRT uploaded as parcelles.geojson must not read the server's files into the report."""

    def test_a_vrt_named_geojson_fails_the_job_and_the_page_does_not_show_the_key(self):
        key = Path(settings.MEDIA_ROOT) / "signing.pem"
        key.write_text(
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIsecret\n-----END PRIVATE KEY-----\n"
        )
        body = (
            f'<OGRVRTDataSource><OGRVRTLayer name="p"><SrcDataSource>CSV:{key}</SrcDataSource>'
            "<SrcLayer>signing</SrcLayer></OGRVRTLayer></OGRVRTDataSource>"
        ).encode()
        self.client.force_login(self.agent_a)
        with mock.patch.object(tasks, "run_import_job"), self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                "/parcels/import/",
                {"file": SimpleUploadedFile("parcelles.geojson", body), "village": self.village_a.pk},
            )
        job = ImportJob.objects.get()
        tasks.run_import(job.pk)
        job.refresh_from_db()
        page = self.client.get(f"/parcels/import/{job.pk}/").content.decode()
        assert job.status == ImportStatus.FAILED
        assert "secret" not in json.dumps(job.report) and "secret" not in page
        assert "parcelles.geojson" in page and str(key) not in page


class ImportFromStorageWithoutPathTests(ImportPageTests):
    """LANDREG_STORAGE=s3: the upload has no path on the worker's disk; the job reads it through the storage
    API."""

    def setUp(self):
        super().setUp()
        patcher = mock.patch.object(ImportJob._meta.get_field("file"), "storage", BucketLikeStorage())
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_the_worker_imports_a_file_kept_in_a_storage_without_paths(self):
        self.post(self.agent_a)
        job = ImportJob.objects.get()
        with self.assertRaises(NotImplementedError):
            job.file.path  # noqa: B018 - what S3 storage does too
        tasks.run_import(job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE, (job.error, job.report)
        assert Parcel.objects.filter(source_id="w-1").exists()

    def test_a_copy_over_the_size_limit_is_refused(self):
        self.post(self.agent_a)
        job = ImportJob.objects.get()
        small = Limits(max_bytes=100, max_features=10, max_vertices=100)
        with mock.patch.object(Limits, "from_settings", return_value=small):
            tasks.run_import(job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED and ("Mo" in job.error or "MB" in job.error), job.error
        assert not Parcel.objects.filter(source_id="w-1").exists()


class ImportCoordinateSystemTests(RegistryTestCase):
    """A file that does not state its CRS (a CSV such as the registry's own export, a Shapefile without its
    .prj) is imported from the page once its EPSG code is given there; the file's own CRS is never needed
    from the user."""

    CSV = 'id,WKT\nw-1,"POLYGON ((-3 12,-2.999 12,-2.999 12.001,-3 12.001,-3 12))"\n'

    def setUp(self):
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media)
        override = override_settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.client.force_login(self.agent_a)

    def run_page(self, **fields):
        form = self.client.get("/parcels/import/").content.decode()
        assert 'name="srid"' in form  # the field the page renders
        upload = SimpleUploadedFile("parcelles.csv", self.CSV.encode(), content_type="text/csv")
        with mock.patch.object(tasks, "run_import_job"), self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/parcels/import/", {"file": upload, "village": self.village_a.pk, "dry_run": "", **fields}
            )
        if response.status_code != 302:
            return response, None
        job = ImportJob.objects.latest("pk")
        tasks.run_import(job.pk)  # what the huey worker does
        job.refresh_from_db()
        return response, job

    def test_a_csv_without_its_crs_is_imported_once_the_page_gives_it(self):
        _response, job = self.run_page()
        assert job.status == ImportStatus.FAILED and not Parcel.objects.filter(source_id="w-1").exists()
        page = self.client.get(f"/parcels/import/{job.pk}/").content.decode()
        assert "système de coordonnées" in page or "coordonnées" in page
        _response, job = self.run_page(srid="4326")
        assert job.srid == 4326 and job.status == ImportStatus.DONE, job.report
        assert Parcel.objects.filter(source_id="w-1", village=self.village_a).exists()

    def test_an_import_failed_on_its_file_is_run_again_only_with_other_options_and_once(self):
        # Seen on the demo: a file in metres failed ("not degrees") and its page offered "Relancer l’import",
        # which ran the same file with the same options into the same failure.
        _response, job = self.run_page()
        assert job.status == ImportStatus.FAILED and job.failed_on_its_file
        html = self.client.get(f"/parcels/import/{job.pk}/").content.decode()
        assert "Relancer l’import" not in html
        assert "Rien n’a été enregistré" in html and "corrigez le fichier" in html
        form = form_posting_to(html, f"/parcels/import/{job.pk}/retry/")
        assert "Relancer avec ces options" in html

        def post(**typed):
            with (
                mock.patch.object(tasks, "run_import_job") as queue,
                self.captureOnCommitCallbacks(execute=True),
            ):
                response = self.client.post(form.action, flat(form.data(**typed)), follow=True)
            return response, queue

        response, queue = post()  # the options as they were: the same failure, so not run
        queue.assert_not_called()
        assert "échouerait de la même façon" in response.content.decode()
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED and job.attempt == 1
        response, queue = post(**{"again-srid": "4326"})
        queue.assert_called_once_with(job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.QUEUED and job.srid == 4326 and job.report == {}
        _response, queue = post(**{"again-srid": "4326"})  # the second click
        queue.assert_not_called()
        tasks.run_import(job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE and job.attempt == 2
        assert Parcel.objects.filter(source_id="w-1").count() == 1

    def test_an_unknown_epsg_code_is_refused_beside_its_field_and_queues_nothing(self):
        response, job = self.run_page(srid="999999")
        assert response.status_code == 200 and job is None and not ImportJob.objects.exists()
        assert "EPSG:999999 n’est pas un système de coordonnées" in response.content.decode()
