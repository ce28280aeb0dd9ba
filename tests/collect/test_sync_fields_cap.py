"""A multipart push's fields (its ``records`` text) are held to DATA_UPLOAD_MAX_MEMORY_SIZE (Django's cap on a
form's non-file data, 2.5 MB): many records with long walked boundaries go over it. Such a push is refused
whole with a 400 the device can read, in the agent's language, saying the cap and what to do (send the
records in several pushes); nothing of it is applied. Before, Django's refusal escaped the API's error
handling: a bare « Bad Request (400) » page the app could not read."""

import json
import math
import uuid

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from landreg.adjudication.models import Claim
from landreg.core.geometry import to_srid
from tests.adjudication.helpers import AdjudicationTestCase
from tests.collect.test_openrosa import JPEG
from tests.collect.test_sync_attachments import attachment
from tests.geometries import ORIGIN_E, ORIGIN_N, square


def walked(east: float, vertices: int) -> dict:
    """A field walked around with a GPS, one position every few metres: a 60 m circle of ``vertices``."""
    x, y = ORIGIN_E + east + 60, ORIGIN_N + 2060
    ring = [
        (x + 60 * math.cos(2 * math.pi * k / vertices), y + 60 * math.sin(2 * math.pi * k / vertices))
        for k in range(vertices)
    ]
    return json.loads(to_srid(Polygon([*ring, ring[0]], srid=32630), 4326).geojson)


class SyncFieldsCapTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.village_a.boundary = MultiPolygon(square(-1000, -1000, side=20000))
        cls.village_a.save()

    def push(self, records_count: int, vertices: int, language: str = "fr"):
        """A multipart push of ``records_count`` records walked with ``vertices`` positions, each with a
        fingerprint as a part."""
        records, parts = [], {}
        for k in range(records_count):
            mark = attachment(JPEG, "fingerprint", "image/jpeg", inline=False)
            claim = {
                "village": "TC-A",
                "geometry": walked(200 * k, vertices),
                "local_name": f"Champ de Kɔnkɔ {k}",
                "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1"}],
            }
            records.append({"client_id": str(uuid.uuid4()), "claim": claim, "attachments": [mark]})
            parts[mark["id"]] = SimpleUploadedFile("empreinte.jpg", JPEG, content_type="image/jpeg")
        self.client.force_login(self.agent_a)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the agent's choice
        text = json.dumps(records)
        return self.client.post("/api/v1/sync/", {"records": text, **parts}), len(text.encode())

    def test_a_push_whose_records_are_over_the_cap_is_refused_whole_with_a_reason_in_french(self):
        response, size = self.push(records_count=60, vertices=1200)
        assert size > 2.5 * 1024 * 1024
        assert response.status_code == 400, response.content[:300]
        body = response.json()
        assert body["error"] == "too_large" and body["limit"] == 2_621_440
        assert "2,5 Mo" in body["detail"] and "plusieurs envois" in body["detail"], body
        assert not Claim.objects.exists()

    def test_the_reason_reads_in_english_too(self):
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=200_000):
            response, size = self.push(records_count=10, vertices=1200, language="en")
        assert size > 200_000
        assert response.status_code == 400, response.content[:300]
        assert "0.2 MB" in response.json()["detail"] and "several pushes" in response.json()["detail"]

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=200_000)
    def test_a_push_under_the_cap_is_applied(self):
        response, size = self.push(records_count=2, vertices=1200)
        assert size < 200_000
        assert response.status_code == 200, response.content
        assert [r["result"] for r in response.json()["results"]] == ["created", "created"]

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=200_000)
    def test_a_json_push_over_the_cap_is_refused_likewise(self):
        claim = {
            "village": "TC-A",
            "geometry": walked(0, 6000),
            "local_name": "Champ de Kɔnkɔ",
            "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1"}],
        }
        self.client.force_login(self.agent_a)
        body = json.dumps({"records": [{"client_id": str(uuid.uuid4()), "claim": claim}]})
        assert len(body) > 200_000
        response = self.client.post("/api/v1/sync/", body, content_type="application/json")
        assert response.status_code == 400, response.content[:300]
        assert response.json()["error"] == "too_large" and response.json()["limit"] == 200_000
        assert "0,2 Mo" in response.json()["detail"] and "plusieurs envois" in response.json()["detail"]
        assert not Claim.objects.exists()

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=200_000)
    def test_another_api_door_says_the_limit_without_the_sync_advice(self):
        claim = {
            "village": "TC-A",
            "geometry": walked(0, 6000),
            "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1"}],
        }
        self.client.force_login(self.agent_a)
        response = self.client.post("/api/v1/claims/", claim, content_type="application/json")
        assert response.status_code == 400, response.content[:300]
        assert response.json() == {
            "detail": "La requête porte plus de 0,2 Mo de données hors fichiers, le plus que le registre lit "
            "d’un coup.",
            "error": "too_large",
            "limit": 200_000,
        }
