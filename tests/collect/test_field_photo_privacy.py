"""Who sees a record's field photos (domain.md: the committee checks claims on site with the neighbours;
an ID document is personal data). The village's committee opens the photo of the parcel, the site's
evidence, not the photo of a paper (« attestation, pièce »: it may be an identity card), typed « photographie
d'un papier » and kept with the identity papers: only the record's agent and those who see the village's
personal data (the land office) open it, on the claim's page and at the record's own file address alike."""

from html import unescape

from django.utils import translation

from landreg.adjudication.models import Claim
from tests.collect.test_openrosa import JPEG, PNG, DeviceTestCase, record


class FieldPhotoPrivacyTests(DeviceTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        xml = record(instance_id="uuid:ŋaba-cnib", photo="cnib-ɓintou.jpg").replace(
            b"<photo_parcel/>", "<photo_parcel>champ-kɔnkɔ.png</photo_parcel>".encode()
        )
        response = self.post(xml, **{"cnib-ɓintou.jpg": JPEG, "champ-kɔnkɔ.png": PNG})
        assert response.status_code == 201, response.content
        self.claim = Claim.objects.get()
        self.paper = self.claim.documents.get(source_type="document_photo")
        self.field = self.claim.documents.get(source_type="photo")
        attachments = {a.name: a for a in self.claim.submissions.get().attachments.all()}
        self.paper_file = f"/collect/attachments/{attachments['cnib-ɓintou.jpg'].pk}/"
        self.field_file = f"/collect/attachments/{attachments['champ-kɔnkɔ.png'].pk}/"

    def opens(self, user) -> dict[str, int]:
        self.client.force_login(user)
        page = unescape(self.client.get(f"/adjudication/claims/{self.claim.pk}/").content.decode())
        assert "photographie d’un papier (attestation, pièce d’identité) cnib-ɓintou.jpg" in page
        assert "photographie champ-kɔnkɔ.png" in page
        return {
            "paper link": f"/documents/{self.paper.pk}/file/" in page,
            "field link": f"/documents/{self.field.pk}/file/" in page,
            "paper": self.client.get(f"/documents/{self.paper.pk}/file/").status_code,
            "field": self.client.get(f"/documents/{self.field.pk}/file/").status_code,
            "paper sent": self.client.get(self.paper_file).status_code,
            "field sent": self.client.get(self.field_file).status_code,
        }

    def test_the_committee_opens_the_photo_of_the_parcel_and_not_the_photo_of_a_paper(self):
        assert self.opens(self.member_a) == {
            "paper link": False,
            "field link": True,
            "paper": 404,
            "field": 200,
            "paper sent": 404,
            "field sent": 200,
        }

    def test_the_agent_and_the_land_office_open_both(self):
        both = {"paper link": True, "field link": True, "paper": 200, "field": 200}
        assert self.opens(self.agent_a) == both | {"paper sent": 200, "field sent": 200}
        assert self.opens(self.registrar) == both | {"paper sent": 200, "field sent": 200}
