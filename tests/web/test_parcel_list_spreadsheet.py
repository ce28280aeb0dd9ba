"""The parcel list opens in a spreadsheet: its « CSV pour un tableur » link, followed as the page renders it
with the filters chosen, gives the rows of the list (every page), in French, as a French Excel reads them
(UTF-8 with its mark, « ; », a decimal comma). The list's « CSV » was the GIS export only (English column
names, codes, WKT, comma-separated without the mark: one column of « Ã© » in a French Excel)."""

import csv
import io
from html import unescape
from urllib.parse import urlencode

from django.test import Client

from landreg.accounts.roles import Role
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.base import RegistryTestCase, make_person, make_user
from tests.browser_forms import form_with_field, links
from tests.geometries import square


def spreadsheet_rows(response) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode()), "no byte order mark: Excel misreads the accents"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


class ParcelListSpreadsheetTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.registrar = make_user("guichet", Role.REGISTRAR, cls.commune)
        cls.orchard = parcel_record(
            village=cls.village_a,
            geometry=square(300, 0),
            survey_method="gps",
            land_use="orchard",
            local_name="Champ d’Ɛlisabɛt",
        )
        right_register(
            parcel=cls.orchard,
            right_type="customaryType",
            holders=[HolderShare(party=make_person(cls.village_a, "Ɓaŋɔ", "Ɛlisabɛt"))],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )

    def test_the_registrar_exports_the_list_of_a_village_as_filtered_for_a_french_spreadsheet(self):
        browser = Client()
        browser.force_login(self.registrar)
        form = form_with_field(browser.get("/parcels/").content.decode(), "village")
        # The form has no action: it is sent to the list itself, as a browser does.
        listed = browser.get(
            (form.action or "/parcels/") + "?" + urlencode(form.data(village="TC-A"), doseq=True)
        )
        hrefs = [unescape(href) for href in links(listed.content.decode())]
        export = next(href for href in hrefs if href.startswith("/parcels/export.csv"))
        assert "village=TC-A" in export
        header, *rows = spreadsheet_rows(browser.get(export))
        assert header == [
            "Numéro", "Village", "Lieu-dit", "Usage du sol", "Superficie (ha)", "Droits et titulaires",
            "Enregistrée le", "Statut",
        ]  # fmt: skip
        assert [row[0] for row in rows] == [self.parcel_a.number, self.orchard.number]
        orchard = rows[1]
        assert orchard[1:4] == ["Village A", "Champ d’Ɛlisabɛt", "verger / plantation"]
        assert orchard[4] == f"{self.orchard.area_m2 / 10_000:.4f}".replace(".", ",")
        assert orchard[5] == "Possession coutumière — ƁAŊƆ Ɛlisabɛt"
        assert orchard[7] == "en vigueur"
        assert "B12345678" not in "".join(",".join(r) for r in rows)  # names only, as the list shows them

    def test_another_villages_agent_exports_only_their_village(self):
        browser = Client()
        browser.force_login(self.agent_b)
        _header, *rows = spreadsheet_rows(browser.get("/parcels/export.csv"))
        assert [row[0] for row in rows] == [self.parcel_b.number]
