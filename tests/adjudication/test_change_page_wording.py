"""An application's page says a correction by the name of the field corrected and a lease's period as dates of
the page: it said « first_names : Ŋaaba Tɛnɛ » and « (2026-12-01 – 2029-11-30) » (the walk of a correction
and a lease lodged at the desk)."""

import re
from html import unescape

from landreg.adjudication.models import Claim
from landreg.parties.models import Party
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import flat, form_with_field


class ChangePageWordingTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def lodge(self, **values) -> str:
        """The application lodged from the change page as typed; its page as the registrar reads it."""
        self.client.force_login(self.registrar)
        url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"
        form = form_with_field(self.client.get(url).content.decode(), "kind")
        response = self.client.post(url, flat(form.data(**values)))
        assert response.status_code == 302, response.content.decode()[:2000]
        application = Claim.objects.get(purpose=values["kind"])
        page = self.client.get(f"/adjudication/claims/{application.pk}/").content.decode()
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())

    def test_a_correction_of_a_holders_first_names_reads_by_the_fields_name(self):
        page = self.lodge(
            kind="correction",
            reason="Erreur de transcription du prénom ; acte de naissance n° 2011-0457",
            corrected_party=str(self.holder_a.pk),
            field="first_names",
            value="Ŋaaba Tɛnɛ",
            source_type="id_document",
            document_date="2030-01-05",
            reference="AN-2011-0457",
        )
        assert "prénoms : Ŋaaba Tɛnɛ" in page.replace("\u202f", " ")
        assert "first_names" not in page

    def test_a_correction_of_the_sex_reads_in_words(self):
        page = self.lodge(
            kind="correction",
            reason="Erreur de saisie du sexe",
            corrected_party=str(self.holder_a.pk),
            field="sex",
            value="M",
            source_type="id_document",
            document_date="2030-01-05",
            reference="CNI",
        )
        assert "sexe : masculin" in page.replace("\u202f", " ")

    def test_a_leases_period_reads_as_dates_of_the_page(self):
        page = self.lodge(
            kind="lease",
            reason="Bail de culture maraîchère",
            **{"holders-0-last_name": "Sɔmda", "holders-0-first_names": "Ɛlise", "holders-0-sex": "F"},
            legal_basis="Contrat de bail n° B-2030-003",
            start_date="2030-01-01",
            end_date="2032-12-31",
            source_type="deed",
            document_date="2030-01-05",
            reference="B-2030-003",
        )
        assert "Contrat de bail n° B-2030-003 (01/01/2030 – 31/12/2032)" in page

    def test_a_lease_applied_reads_as_recorded_not_as_waiting_for_a_certificate(self):
        from landreg.adjudication.claims import transitions as t

        self.lodge(
            kind="lease",
            reason="Bail de culture maraîchère",
            **{"holders-0-last_name": "Sɔmda", "holders-0-first_names": "Ɛlise", "holders-0-sex": "F"},
            legal_basis="Contrat de bail n° B-2030-004",
            start_date="2030-01-01",
            end_date="2032-12-31",
            source_type="deed",
            document_date="2030-01-05",
            reference="B-2030-004",
        )
        application = Claim.objects.get(purpose="lease")
        t.screening_start(claim=application, actor=self.registrar)
        t.screening_accept(claim=application, actor=self.registrar)  # a lease goes through no step: applied
        page = self.client.get(f"/adjudication/claims/{application.pk}/").content.decode()
        assert "<dd>inscrite au registre</dd>" in page and "prête pour le certificat" not in page
        parcel_page = self.client.get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        assert "bail — inscrite au registre" in parcel_page
        # The claims list and the lessee's page said it too « prête pour le certificat » (walk of a loan).
        listed = self.client.get("/adjudication/claims/?queue=changes").content.decode()
        row = next(
            r
            for r in listed.split("<tr>")
            if r.startswith(f'<td><a href="/adjudication/claims/{application.pk}/"')
        )
        assert "<td>inscrite au registre</td>" in row and "prête pour le certificat" not in row
        lessee = Party.objects.get(last_name="Sɔmda", first_names="Ɛlise")
        person = " ".join(
            unescape(
                re.sub(r"<[^>]+>", " ", self.client.get(f"/people/{lessee.pk}/").content.decode())
            ).split()
        )
        assert f"{application.receipt_number} — bail — inscrite au registre" in person, person
        # The header search said it too, from its own reading of the claims (by the lessee's name, and by
        # the receipt number), on either database's path.
        for query in ("Sɔmda Ɛlise", "somda elise", application.receipt_number):
            found = self.client.get("/search/", {"q": query})
            rows = [r for r in found.context["results"]["claims"].rows if r.pk == application.pk]
            assert [r.state for r in rows] == ["inscrite au registre"], query
            assert "prête pour le certificat" not in found.content.decode()
