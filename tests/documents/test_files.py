"""Documents a user attaches are checked from their bytes and read back only through a guarded view.

Issue 9: uploaded ID papers were served to anyone under /media/ with their own content type (an HTML or
SVG upload ran script in the registry's origin). Each test walks the claim page's own document form.
"""

import datetime as dt
import re
import shutil
import tempfile
from importlib import reload

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve

from landreg.documents.models import Source
from tests.adjudication.helpers import AdjudicationTestCase

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


class DocumentTestCase(AdjudicationTestCase):
    """A claim of village A and the claim page's own document form."""

    def setUp(self):
        super().setUp()
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media)
        override = override_settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.claim = self.draft()

    def attach(self, name, body, source_type="application_form", user=None):
        """Post the claim page's document form as the browser does (its fields, its CSRF token)."""
        self.client.force_login(user or self.agent_a)
        page = self.client.get(f"/adjudication/claims/{self.claim.pk}/").content.decode()
        form = re.search(r'<form method="post" enctype="multipart/form-data" action="([^"]+)"', page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.client.post(
            form.group(1),
            {
                "csrfmiddlewaretoken": token,
                "source_type": source_type,
                "document_date": "2030-01-07",
                "reference": "F-1",
                "file": SimpleUploadedFile(name, body, content_type="text/html"),
            },
            follow=True,
        )

    def link(self, user):
        self.client.force_login(user)
        page = self.client.get(f"/adjudication/claims/{self.claim.pk}/").content.decode()
        return re.search(r'href="(/documents/[^"]+/file/)"', page).group(1)


class DocumentFileTests(DocumentTestCase):
    def test_a_pdf_is_attached_and_opened_from_the_claim_page_as_an_attachment(self):
        self.attach("demande.pdf", PDF)
        response = self.client.get(self.link(self.agent_a))
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]

    def test_html_and_svg_are_refused_even_named_as_a_pdf_and_nothing_is_saved(self):
        for name, body in (
            ("scan.html", b"<html><script>alert(1)</script></html>"),
            ("scan.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            ("scan.pdf", b"<html><script>alert(1)</script></html>"),
        ):
            page = self.attach(name, body).content.decode()
            assert "PDF, JPEG, PNG, TIFF, WebP" in page
        assert not Source.objects.exists()

    def test_a_document_over_the_size_limit_is_refused(self):
        with override_settings(LANDREG_DOCUMENT_MAX_MB=0.00001):
            page = self.attach("demande.pdf", PDF).content.decode()
        assert "Le document dépasse 0 Mo." in page and not Source.objects.exists()

    def test_the_stored_name_tells_nothing_and_the_type_comes_from_the_bytes(self):
        self.attach("Carte d'identité Aminata.png", PNG)
        source = Source.objects.get()
        assert "Aminata" not in source.file.name and source.file.name.endswith(".png")
        assert self.client.get(self.link(self.agent_a))["Content-Type"] == "image/png"

    def test_another_village_gets_404_and_anonymous_gets_the_login_page(self):
        self.attach("demande.pdf", PDF)
        url = self.link(self.agent_a)
        self.client.force_login(self.agent_b)
        assert self.client.get(url).status_code == 404
        self.client.logout()
        response = self.client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_identity_papers_open_only_for_roles_that_see_personal_data(self):
        self.attach("cni.pdf", PDF, source_type="id_document")
        url = self.link(self.agent_a)
        assert self.client.get(url).status_code == 200
        self.client.force_login(self.member_a)  # committee member: no personal data
        assert self.client.get(url).status_code == 404
        self.client.force_login(self.registrar)
        assert self.client.get(url).status_code == 200

    def test_no_url_serves_the_media_folder_even_in_demo_mode(self):
        import landreg.urls

        with override_settings(DEBUG=True):
            clear_url_caches()
            reload(landreg.urls)
            try:
                with self.assertRaises(Resolver404):
                    resolve("/media/sources/2026/01/cni.pdf")
            finally:
                reload(landreg.urls)
                clear_url_caches()


class ParcelDocumentsAndApiTests(DocumentTestCase):
    """The parcel page lists the parcel's evidence; the API refuses what the page refuses."""

    def test_the_parcel_page_lists_its_documents_and_hides_identity_papers_from_the_committee(self):
        from landreg.documents.services import source_attach

        for source_type in ("deed", "id_document"):
            source_attach(
                source_type=source_type,
                document_date=dt.date(2030, 1, 7),
                village=self.village_a,
                reference=f"R-{source_type}",
                file=SimpleUploadedFile("scan.pdf", PDF),
                parcels=[self.parcel_a],
            )
        self.client.force_login(self.agent_a)
        page = self.client.get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        assert "R-deed" in page and "R-id_document" in page
        links = re.findall(r'href="(/documents/[^"]+/file/)"', page)
        assert len(links) == 2 and all(self.client.get(url).status_code == 200 for url in links)
        self.client.force_login(self.member_a)
        page = self.client.get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        assert "R-deed" in page and "R-id_document" not in page

    def test_the_api_refuses_an_svg_document_with_a_clear_400(self):
        self.client.force_login(self.agent_a)
        response = self.client.post(
            f"/api/v1/claims/{self.claim.pk}/documents/",
            {
                "source_type": "photo",
                "document_date": "2030-01-07",
                "file": SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
            },
        )
        assert response.status_code == 400 and response.json()["error"] == "DocumentFileError"
        assert not Source.objects.exists()
