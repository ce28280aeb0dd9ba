"""The extract of the registers for one parcel, printed at the counter from the parcel's page (and the
certificate's): the parcel, the rights in force with their holders, the register's entries in order, the
certificates, the open cases and the state of the register it reflects; recorded in the audit chain; only for
those who may see the parcel."""

import re

from django.urls import reverse

from landreg.audit.models import AuditEvent, AuditHead
from tests.browser_forms import flat, form_posting_to
from tests.certificates.base import pdf_text
from tests.registers.test_registers import RegisterTestCase


def extract_form(html: str):
    """The extract's button: a form (a double click sends it once, ``web.once``), as the page renders it."""
    return form_posting_to(html, "/extract/")


class ParcelExtractTests(RegisterTestCase):
    def extract_from_parcel_page(self, user, parcel) -> str:
        self.client.force_login(user)
        page = self.client.get(reverse("web:parcel-detail", args=[parcel.pk]))
        assert page.status_code == 200
        form = extract_form(page.content.decode())
        response = self.client.post(form.action, flat(form.data()))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        return pdf_text(response.content)

    def test_a_reader_of_the_english_site_gets_the_extract_in_english(self):
        # The extract informs and binds no one: it follows the language the user reads the site in, chosen
        # in the header's menu (Django's set_language keeps it in a cookie).
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        text = self.extract_from_parcel_page(self.member_a, self.family_parcel)
        assert "EXTRACT OF THE LAND REGISTERS" in text and "EXTRAIT" not in text, text
        assert f"Parcel {self.family_parcel.number}" in text and "village of Village A" in text
        for words in [
            "Rights in force",
            "Past rights",
            "Certificates issued",
            "Famille Ɓaŋré (1)",
            "ŊOMA Issa",
        ]:
            assert words in text, words
        assert "Identity documents are not shown on this extract." in text
        assert "Droits en vigueur" not in text and "Les pièces d’identité" not in text

    def test_the_counter_prints_a_collective_holding_with_its_members_certificate_and_open_case(self):
        text = self.extract_from_parcel_page(self.registrar, self.family_parcel)
        assert "EXTRAIT DES REGISTRES FONCIERS" in text, text
        assert f"Parcelle {self.family_parcel.number}" in text
        assert "village de Village A" in text and "Tanghin" in text
        assert "1 ha 00 a 00 ca" in text
        # The group, its mandatary and members, with the ID document the land office may see.
        for words in ["Famille Ɓaŋré (1)", "ƁAŊRÉ Ɛlisabɛt", "B55501234", "mandataire", "ŊOMA Issa (1/2)"]:
            assert words in text, words
        assert f"{self.certificate.number} 07/01/2030 émis" in text
        # The inheritance case opened on the parcel stays on the paper until its outcome.
        assert self.open_case.number in text and "Héritage disputé" not in text
        assert "Aucun litige" not in text

    def test_a_sold_parcel_lists_its_entries_in_the_order_written_and_the_lease_in_force(self):
        text = self.extract_from_parcel_page(self.registrar, self.parcel_a)
        entries = text[text.index("Inscriptions au registre") : text.index("Certificats délivrés")]
        # Entry 1, the first right; entry 3, the buyer's (entry 2 is the family's, another parcel).
        sold, bought = entries.index("OUÉDRAOGO Aminata"), entries.index("KABORÉ Ɛmile")
        assert sold < bought
        assert "Fin le 06/02/2030 (vente)" in entries and "Par vente inscrite le 06/02/2030" in entries
        assert re.search(r"\b1 \d\d/\d\d/\d{4} ", entries) and " 3 06/02/2030 " in entries, entries
        in_force = text[text.index("Droits en vigueur") : text.index("Droits ayant pris fin")]
        assert "KABORÉ Ɛmile" in in_force and "TRAORÉ Ŋaara" in in_force and "OUÉDRAOGO" not in in_force
        assert "Aucun litige ni opposition en cours." in text

    def test_the_paper_names_the_state_of_the_register_and_the_extract_is_in_the_audit_chain(self):
        head = AuditHead.objects.get()
        text = self.extract_from_parcel_page(self.registrar, self.family_parcel)
        assert (
            f"dernier événement du journal d’audit n° {head.last_seq}, empreinte {head.last_hash}" in text
        ), text
        recorded = AuditEvent.objects.get(seq=head.last_seq + 1)
        assert recorded.action == "parcel.extract" and recorded.actor == self.registrar
        assert recorded.object_id == str(self.family_parcel.pk)
        assert recorded.payload["number"] == self.family_parcel.number
        assert f"événement n° {recorded.seq}" in text

    def test_a_committee_member_reads_the_names_but_no_identity_document(self):
        text = self.extract_from_parcel_page(self.member_a, self.family_parcel)
        assert "ƁAŊRÉ Ɛlisabɛt" in text and "B55501234" not in text
        assert "Les pièces d’identité ne figurent pas sur cet extrait." in text

    def test_the_certificate_page_links_to_the_same_extract(self):
        self.client.force_login(self.registrar)
        page = self.client.get(reverse("certificates:detail", args=[self.certificate.pk]))
        form = extract_form(page.content.decode())
        assert form.action == reverse("registers:parcel-extract", args=[self.family_parcel.pk])
        assert "Famille Ɓaŋré" in pdf_text(self.client.post(form.action, flat(form.data())).content)

    def test_another_village_s_agent_gets_no_extract_and_nothing_is_recorded(self):
        url = reverse("registers:parcel-extract", args=[self.family_parcel.pk])
        before = AuditHead.objects.get().last_seq
        self.client.force_login(self.agent_b)
        assert self.client.post(url).status_code == 404
        assert self.client.get(reverse("web:parcel-detail", args=[self.family_parcel.pk])).status_code == 404
        assert AuditHead.objects.get().last_seq == before

    def test_a_visitor_is_asked_to_log_in(self):
        url = reverse("registers:parcel-extract", args=[self.family_parcel.pk])
        response = self.client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
