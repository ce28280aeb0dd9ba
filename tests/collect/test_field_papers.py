"""What a photographed paper is, said by the agent in ODK Collect (form version 2026120601, « Ce papier
est »): the application form (« formulaire de demande ») and the family's mandate count as the claim's, so the
draft sent from the field can be submitted; a chief's or the neighbours' attestation opens to the committee,
which checks the claim; an identity paper stays with the personal data. Before, every paper's photo was a
« photographie d'un papier », kept with the identity papers: the application's check wanted an uploaded
application form and the committee could open no attestation. A record from the earlier form still becomes a
draft, its paper kept as before."""

from html import unescape

from django.utils import translation

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.collect.xforms import FORM_VERSION
from tests.browser_forms import forms
from tests.collect.test_openrosa import JPEG, PNG, DeviceTestCase, record

FAMILY = (("Ŋandé", "Ɓintou", "F", "1/2"), ("Ŋandé", "Kɔfi", "M", "1/2"))
VERSION = "2026120601"


def papers_record(instance_id: str, papers: list[tuple[str, str]]) -> bytes:
    """A collective holding (the Ŋandé family) sent from the current form, a « paper » for each photo."""
    xml = record(instance_id=instance_id, holding="collective", people=FAMILY, group="Famille Ŋandé").decode()
    sent = "".join(
        f"<paper><paper_photo>{name}</paper_photo><paper_kind>{kind}</paper_kind></paper>"
        for name, kind in papers
    )
    xml = xml.replace('version="2026120401"', f'version="{VERSION}"').replace(
        "<photo_document></photo_document>", sent
    )
    return xml.encode()


class FieldPapersTests(DeviceTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")

    def test_the_form_asks_what_each_photographed_paper_is(self):
        listed = self.client.get("/collect/formList", **self.basic(self.agent_a)).content.decode()
        assert f"<version>{FORM_VERSION}</version>" in listed  # a later form asks more (the survey method)
        xml = self.client.get("/collect/forms/landreg_parcel_TC-A/form.xml", **self.basic(self.agent_a))
        form = xml.content.decode()
        assert f'version="{FORM_VERSION}"' in form and "<paper_kind" in form and "<paper_photo" in form
        for choice in (
            "Formulaire de demande",
            "Mandat de la famille ou du lignage",
            "Attestation de possession coutumière (du chef)",
            "Attestation ou témoignage des voisins",
            "identité (donnée personnelle)",  # pyxform writes the apostrophe straight
        ):
            assert choice in form, choice

    def test_a_photographed_application_form_and_mandate_let_the_agent_submit_the_draft(self):
        xml = papers_record(
            "uuid:ŋandé-demande", [("demande.jpg", "application_form"), ("mandat.jpg", "mandate")]
        )
        assert self.post(xml, **{"demande.jpg": JPEG, "mandat.jpg": JPEG}).status_code == 201
        claim = Claim.objects.get()
        assert sorted(claim.documents.values_list("source_type", "reference")) == [
            ("application_form", "demande.jpg"),
            ("mandate", "mandat.jpg"),
        ]
        self.client.force_login(self.agent_a)
        page = self.client.get(f"/adjudication/claims/{claim.pk}/")
        action = f"/adjudication/claims/{claim.pk}/moves/submit/"
        form = next(f for f in forms(page.content.decode()) if f.action == action)
        response = self.client.post(action, form.data(form.button("submit")), follow=True)
        said = unescape(response.content.decode())
        claim.refresh_from_db()
        assert claim.state == ClaimState.SUBMITTED and claim.receipt_number, said[-3000:]
        assert "Pièces manquantes" not in said

    def test_the_committee_opens_the_attestations_and_not_the_identity_paper(self):
        papers = [
            ("attestation-chef.jpg", "customary_attestation"),
            ("voisins-ɛ.jpg", "witness_statement"),
            ("cnib-ɓintou.png", "id_document"),
        ]
        xml = papers_record("uuid:ŋandé-preuves", papers)
        files = {"attestation-chef.jpg": JPEG, "voisins-ɛ.jpg": JPEG, "cnib-ɓintou.png": PNG}
        assert self.post(xml, **files).status_code == 201
        claim = Claim.objects.get()
        sent = {a.name: a.pk for a in claim.submissions.get().attachments.all()}

        def opens(user) -> dict:
            self.client.force_login(user)
            page = unescape(self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode())
            opened = {}
            for document in claim.documents.all():
                assert f"{document.get_source_type_display()} {document.reference}" in page
                opened[document.source_type] = (
                    f"/documents/{document.pk}/file/" in page,
                    self.client.get(f"/documents/{document.pk}/file/").status_code,
                    self.client.get(f"/collect/attachments/{sent[document.reference]}/").status_code,
                )
            return opened

        assert opens(self.member_a) == {
            "customary_attestation": (True, 200, 200),
            "witness_statement": (True, 200, 200),
            "id_document": (False, 404, 404),
        }
        everything = {kind: (True, 200, 200) for _name, kind in papers}
        assert opens(self.registrar) == everything
        assert opens(self.agent_a) == everything

    def test_a_record_from_the_earlier_form_keeps_its_paper_with_the_personal_data(self):
        xml = record(instance_id="uuid:ŋandé-ancien", photo="papier.jpg")
        assert self.post(xml, **{"papier.jpg": JPEG}).status_code == 201
        claim = Claim.objects.get()
        assert list(claim.documents.values_list("source_type", flat=True)) == ["document_photo"]
