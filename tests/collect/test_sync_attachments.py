"""A sync push carries the record's photos, signatures and fingerprints, as ODK Collect's records do: each
becomes a document of the draft claim, stored once however often the device sends the push, opened by the
same people as the ODK path's (a signature or an identity paper is personal data). A faulty attachment (cut
off, not base64, too large, not a scan or photograph, not the type declared) refuses its record with the
reason and nothing of it is applied: the device sends it again. Before, the sync dropped them: a claim
drafted in the field app reached the office without its signatures or papers."""

import base64
import hashlib
import json
import uuid

from django.contrib.gis.geos import MultiPolygon
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from landreg.adjudication.models import Claim
from tests.adjudication.helpers import AdjudicationTestCase
from tests.collect.test_openrosa import JPEG, PNG
from tests.geometries import square

SIGNATURE = PNG + "marque de Ɓintou".encode()
PAPER = JPEG + "attestation du chef de Kɔnkɔ".encode()


def claim_body(east):
    return {
        "village": "TC-A",
        "geometry": json.loads(square(east, 2000).geojson),
        "local_name": f"Champ {east}",
        "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1"}],
    }


def attachment(content, source_type, content_type, inline=True, **changes):
    sent = {
        "id": str(uuid.uuid4()),
        "source_type": source_type,
        "reference": "ŊABA Ɓintou",
        "content_type": content_type,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    if inline:
        sent["data"] = base64.b64encode(content).decode()
    return {**sent, **changes}


class SyncAttachmentsTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.village_a.boundary = MultiPolygon(square(-1000, -1000, side=20000))
        cls.village_a.save()

    def setUp(self):
        super().setUp()
        translation.activate("fr")

    def sync(self, records, user=None):
        self.client.force_login(user or self.agent_a)
        response = self.client.post("/api/v1/sync/", {"records": records}, content_type="application/json")
        assert response.status_code == 200, response.content
        return response.json()["results"]

    def record(self, east, *attachments):
        return {"client_id": str(uuid.uuid4()), "claim": claim_body(east), "attachments": list(attachments)}

    def stored(self, claim, source_type) -> bytes:
        document = claim.documents.get(source_type=source_type)
        with document.file.open("rb") as handle:
            return handle.read()

    def test_signatures_and_papers_become_documents_of_the_claim_once_however_often_sent(self):
        batch = [
            self.record(
                0,
                attachment(SIGNATURE, "signature", "image/png"),
                attachment(PAPER, "customary_attestation", "image/jpeg"),
            )
        ]
        created = self.sync(batch)[0]
        assert created["result"] == "created", created
        assert [a["stored"] for a in created["attachments"]] == [True, True]
        claim = Claim.objects.get()
        assert self.stored(claim, "signature") == SIGNATURE
        assert self.stored(claim, "customary_attestation") == PAPER
        assert claim.documents.get(source_type="signature").reference == "ŊABA Ɓintou"
        again = self.sync(batch)[0]  # the answer was lost; the device sends the push again
        assert again["result"] == "unchanged"
        assert [a["stored"] for a in again["attachments"]] == [False, False]
        assert [a["document"] for a in again["attachments"]] == [
            a["document"] for a in created["attachments"]
        ]
        assert claim.documents.count() == 2

    def test_a_multipart_push_sends_the_bytes_as_parts_named_by_their_ids(self):
        fingerprint = attachment(JPEG, "fingerprint", "image/jpeg", inline=False)
        records = [self.record(200, fingerprint)]
        self.client.force_login(self.agent_a)
        part = SimpleUploadedFile("empreinte.jpg", JPEG, content_type="image/jpeg")
        response = self.client.post(
            "/api/v1/sync/", {"records": json.dumps(records), fingerprint["id"]: part}
        )
        assert response.status_code == 200, response.content
        result = response.json()["results"][0]
        assert result["result"] == "created" and result["attachments"][0]["stored"] is True
        assert self.stored(Claim.objects.get(), "fingerprint") == JPEG

    def test_a_faulty_attachment_refuses_its_record_with_the_reason_and_the_rest_is_applied(self):
        cut_off = attachment(
            SIGNATURE, "signature", "image/png", data=base64.b64encode(SIGNATURE[:20]).decode()
        )
        garbled = attachment(SIGNATURE, "signature", "image/png", data="pas du base64 !")
        too_large = attachment(SIGNATURE, "signature", "image/png", size=11 * 1024 * 1024)
        not_a_photo = attachment(b"<html>bonjour</html>", "document_photo", "image/jpeg")
        mislabelled = attachment(PAPER, "id_document", "image/png")
        altered = attachment(SIGNATURE, "signature", "image/png", sha256="0" * 64)
        faulty = [cut_off, garbled, too_large, not_a_photo, mislabelled, altered]
        good = self.record(0, attachment(SIGNATURE, "signature", "image/png"))
        results = self.sync([good, *(self.record(200 * (n + 1), item) for n, item in enumerate(faulty))])
        assert [r["result"] for r in results] == ["created", *["rejected"] * len(faulty)]
        said = [json.dumps(r["errors"]["attachments"], ensure_ascii=False) for r in results[1:]]
        assert "tronquée" in said[0] and "renvoyez-la" in said[0]
        assert "base64" in said[1]
        assert "Un fichier joint dépasse 10 Mo." in said[2]
        assert "Le document doit être un scan ou une photographie" in said[3]
        assert "image/png" in said[4] and "image/jpeg" in said[4]
        assert "sha256" in said[5]
        assert Claim.objects.count() == 1  # nothing of a refused record is applied
        # Nothing lost: the device keeps the record and sends it again with its attachment whole.
        fixed = {**self.record(200, attachment(SIGNATURE, "signature", "image/png"))}
        assert self.sync([fixed])[0]["result"] == "created"

    def test_a_signature_and_a_paper_are_opened_by_the_same_people_as_the_odk_paths(self):
        photo = attachment(PNG, "photo", "image/png")
        self.sync([self.record(0, attachment(SIGNATURE, "signature", "image/png"), photo)])
        claim = Claim.objects.get()
        signature = claim.documents.get(source_type="signature")
        field = claim.documents.get(source_type="photo")

        def opens(user):
            self.client.force_login(user)
            return [self.client.get(f"/documents/{d.pk}/file/").status_code for d in (signature, field)]

        assert opens(self.agent_a) == [200, 200]  # the record's agent
        assert opens(self.registrar) == [200, 200]  # the land office sees personal data
        assert opens(self.member_a) == [404, 200]  # the committee: the parcel's photo, not the signature
        assert opens(self.agent_b) == [404, 404]  # another village

    def test_the_schema_documents_the_attachments(self):
        schema = self.client.get("/api/schema/", {"format": "json"}, HTTP_HOST="127.0.0.1").json()
        attachment_in = schema["components"]["schemas"]["SyncAttachment"]["properties"]
        assert {"id", "source_type", "content_type", "size", "sha256", "data"} <= set(attachment_in)
