"""Field capture end to end: ODK Collect's requests over HTTP to the live server, then the agent's page in
Chromium showing the record as a draft claim; the same record sent again changes nothing."""

import base64
import http.cookiejar
import urllib.error
import urllib.request

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from landreg.adjudication.models import Claim
from landreg.collect.models import Submission
from tests.collect.test_openrosa import JPEG, record
from tests.e2e.base import BrowserTestCase


class Device:
    """What ODK Collect does on the wire: Basic credentials, OpenRosa headers, cookies kept."""

    def __init__(self, server: str, username: str):
        self.server = server
        token = base64.b64encode(f"{username}:pw-{username}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "X-OpenRosa-Version": "1.0"}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def send(self, path: str, body: bytes | None = None, content_type: str = "") -> tuple[int, str]:
        headers = {**self.headers, **({"Content-Type": content_type} if content_type else {})}
        request = urllib.request.Request(self.server + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def submit(self, xml: bytes, **files) -> tuple[int, str]:
        data = {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")}
        data.update(
            {name: SimpleUploadedFile(name, content, "image/jpeg") for name, content in files.items()}
        )
        return self.send("/collect/submission", encode_multipart(BOUNDARY, data), MULTIPART_CONTENT)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class FieldCaptureTests(BrowserTestCase):
    def test_a_record_sent_from_the_field_is_a_draft_on_the_agents_page_and_a_resend_changes_nothing(self):
        self.use_procedure("bf-apfr")
        device = Device(self.live_server_url, "agent_a")
        status, forms = device.send("/collect/formList")
        assert status == 200 and "landreg_parcel_TC-A" in forms
        xml = record(instance_id="uuid:7f1e-champ-de-bintou", photo="acte.jpg")
        assert device.submit(xml, **{"acte.jpg": JPEG})[0] == 201
        status, answer = device.submit(xml, **{"acte.jpg": JPEG})  # the answer was lost; sent again
        assert status == 202 and "OpenRosaResponse" in answer

        self.log_in("agent_a")
        self.page.click("a[href='/collect/']")
        rows = self.page.locator("table.list tbody tr")
        assert rows.count() == 1
        assert (
            "Village A" in rows.first.inner_text() and "brouillon" in rows.first.inner_text()
        )  # French first
        assert rows.first.locator("a", has_text="acte.jpg").count() == 1
        rows.first.locator("a", has_text="Demande en brouillon").click()
        self.page.wait_for_url(f"{self.live_server_url}/adjudication/claims/**")
        assert "Ɓintou" in self.page.locator("main").inner_text()
        assert Claim.objects.count() == 1 and Submission.objects.count() == 1
