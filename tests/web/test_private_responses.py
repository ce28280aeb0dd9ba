"""A logged-in user's pages, files and API answers carry ``Cache-Control: private, no-store`` (before: no
header at all, so a shared computer's browser kept a claim's page with its ID numbers on disk after logout);
answers that set their own (tiles, the public keys) and anonymous visitors' public pages are left alone."""

import shutil
import tempfile

from django.core.files.base import ContentFile
from django.test import override_settings
from rest_framework_simplejwt.tokens import AccessToken

from landreg.collect.models import Submission, SubmissionAttachment
from tests.base import RegistryTestCase

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


class PrivateResponsesTests(RegistryTestCase):
    def test_a_logged_in_users_pages_and_api_answers_are_not_stored(self):
        self.client.force_login(self.agent_a)
        for url in ("/", f"/parcels/{self.parcel_a.pk}/", "/parcels/", "/api/v1/parcels/"):
            response = self.client.get(url)
            assert response.status_code == 200, url
            assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url

    def test_an_api_answer_to_a_bearer_token_is_not_stored(self):
        token = AccessToken.for_user(self.agent_a)
        response = self.client.get("/api/v1/parcels/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]

    def test_public_answers_keep_their_own_caching(self):
        assert "no-store" not in self.client.get("/registre/").get("Cache-Control", "")
        assert self.client.get("/.well-known/jwks.json")["Cache-Control"] == "public, max-age=3600"
        self.client.force_login(self.agent_a)
        assert self.client.get("/.well-known/jwks.json")["Cache-Control"] == "public, max-age=3600"

    def test_a_field_photo_is_sent_as_an_attachment_sandboxed_and_not_stored(self):
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media)
        with override_settings(MEDIA_ROOT=media):
            submission = Submission.objects.create(
                instance_id="uuid:photo",
                form_id="claim",
                agent=self.agent_a,
                village=self.village_a,
                xml="<data/>",
            )
            photo = SubmissionAttachment.objects.create(
                submission=submission,
                name="<b>cnib</b>.jpg",
                file=ContentFile(JPEG, name="cnib.jpg"),
                content_type="image/jpeg",
                size=len(JPEG),
            )
            self.client.force_login(self.agent_a)
            response = self.client.get(f"/collect/attachments/{photo.pk}/")
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["Cache-Control"] == "private, no-store"
