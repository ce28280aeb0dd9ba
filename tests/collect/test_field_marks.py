"""A claimant's signature (or mark) and fingerprint captured in ODK Collect reach the claim as its documents
(« signature ou marque », « empreinte digitale »), named after whose they are: the committee sees on the
claim that each claimant signed, without opening the image (personal data, as an identity paper); the
record's agent and the land office open it; another village and the public neither see nor open it.
They were stored with the record and never attached: the claim did not show that anyone had signed."""

from html import unescape

from django.utils import translation

from landreg.adjudication.models import Claim
from tests.collect.test_openrosa import JPEG, PNG, DeviceTestCase, record

MANDATARY = ("Ŋandé", "Ɓintou", "F", "1/2")
MEMBER = ("Ŋandé", "Kɔfi", "M", "1/2")


def signed_record() -> bytes:
    """A collective holding (the Ŋandé family): the mandatary signs and puts her fingerprint, the member
    makes his mark, as ODK Collect writes the images' names into the record."""
    xml = record(
        instance_id="uuid:ŋandé-signed",
        holding="collective",
        people=(MANDATARY, MEMBER),
        group="Famille Ŋandé",
    ).decode()
    marks = iter(
        [
            "<signature>1733480001.png</signature><fingerprint>1733480002.jpg</fingerprint>",
            "<signature>1733480003.png</signature><fingerprint/>",
        ]
    )
    while "<signature/><fingerprint/>" in xml:
        xml = xml.replace("<signature/><fingerprint/>", next(marks), 1)
    return xml.encode()


class FieldMarksTests(DeviceTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        response = self.post(
            signed_record(), **{"1733480001.png": PNG, "1733480002.jpg": JPEG, "1733480003.png": PNG}
        )
        assert response.status_code == 201, response.content
        self.claim = Claim.objects.get()
        self.files = {a.name: a.pk for a in self.claim.submissions.get().attachments.all()}

    def test_each_signature_and_fingerprint_is_a_document_of_the_claim_named_after_its_claimant(self):
        documents = sorted(
            (d.source_type, d.reference, d.file.read()) for d in self.claim.documents.order_by("reference")
        )
        assert documents == [
            ("fingerprint", "Ŋandé Ɓintou", JPEG),
            ("signature", "Ŋandé Kɔfi", PNG),
            ("signature", "Ŋandé Ɓintou", PNG),
        ]

    def opens(self, user) -> dict:
        self.client.force_login(user)
        page = self.client.get(f"/adjudication/claims/{self.claim.pk}/")
        text = unescape(page.content.decode()) if page.status_code == 200 else ""
        return {
            "page": page.status_code,
            "listed": all(
                line in text
                for line in (
                    "signature ou marque Ŋandé Ɓintou",
                    "signature ou marque Ŋandé Kɔfi",
                    "empreinte digitale Ŋandé Ɓintou",
                )
            ),
            "links": sum(f"/documents/{d.pk}/file/" in text for d in self.claim.documents.all()),
            "files": sorted(
                {self.client.get(f"/documents/{d.pk}/file/").status_code for d in self.claim.documents.all()}
            ),
            "sent": sorted(
                {self.client.get(f"/collect/attachments/{pk}/").status_code for pk in self.files.values()}
            ),
        }

    def test_the_committee_sees_that_they_signed_without_opening_the_images(self):
        assert self.opens(self.member_a) == {
            "page": 200,
            "listed": True,
            "links": 0,
            "files": [404],
            "sent": [404],
        }

    def test_the_agent_and_the_land_office_open_them(self):
        opened = {"page": 200, "listed": True, "links": 3, "files": [200], "sent": [200]}
        assert self.opens(self.agent_a) == opened
        assert self.opens(self.registrar) == opened

    def test_another_village_and_the_public_neither_see_nor_open_them(self):
        assert self.opens(self.agent_b) == {
            "page": 404,
            "listed": False,
            "links": 0,
            "files": [404],
            "sent": [404],
        }
        self.client.logout()
        for document in self.claim.documents.all():
            response = self.client.get(f"/documents/{document.pk}/file/")
            assert response.status_code == 302 and "/login" in response["Location"]
