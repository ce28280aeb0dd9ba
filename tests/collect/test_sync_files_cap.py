"""A multipart push carries at most DATA_UPLOAD_MAX_NUMBER_FILES attachment parts (Django's cap, 100): a
batch over it is refused whole with a 400 the device can read, in the agent's language, saying the cap and
what to do (send the records in smaller pushes); nothing of it is applied. Before, Django's refusal escaped
the API's error handling: a bare « Bad Request (400) » page the app could not read."""

import json
import uuid

from django.contrib.gis.geos import MultiPolygon
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from landreg.adjudication.models import Claim
from tests.adjudication.helpers import AdjudicationTestCase
from tests.collect.test_openrosa import JPEG
from tests.collect.test_sync_attachments import attachment, claim_body
from tests.geometries import square


class SyncFilesCapTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.village_a.boundary = MultiPolygon(square(-1000, -1000, side=20000))
        cls.village_a.save()

    def push(self, records_count: int, per_record: int):
        """A multipart push of ``records_count`` records, each with ``per_record`` fingerprints as parts."""
        records, parts = [], {}
        for k in range(records_count):
            marks = [attachment(JPEG, "fingerprint", "image/jpeg", inline=False) for _ in range(per_record)]
            record = {"client_id": str(uuid.uuid4()), "claim": claim_body(200 * k), "attachments": marks}
            records.append(record)
            for mark in marks:
                parts[mark["id"]] = SimpleUploadedFile("empreinte.jpg", JPEG, content_type="image/jpeg")
        self.client.force_login(self.agent_a)
        return self.client.post("/api/v1/sync/", {"records": json.dumps(records), **parts})

    def test_a_push_over_the_cap_is_refused_whole_with_a_reason_in_french(self):
        translation.activate("fr")
        response = self.push(records_count=6, per_record=17)  # 102 parts
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["error"] == "too_many_files"
        assert "100" in body["detail"] and "plusieurs envois" in body["detail"], body
        assert not Claim.objects.exists()

    @override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=4)
    def test_a_push_at_the_cap_is_applied(self):
        response = self.push(records_count=2, per_record=2)
        assert response.status_code == 200, response.content
        assert [r["result"] for r in response.json()["results"]] == ["created", "created"]
