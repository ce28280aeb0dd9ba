"""Exports reachable from the lists of what they export: the parcel list links the parcel exports (for the
village chosen), the certificate list a CSV of its rows with the same filters; the links are followed as
the pages render them."""

import csv
import io
import json

from django.urls import reverse

from tests.browser_forms import links
from tests.certificates.base import CertificateTestCase


def rendered_links(client, url, params, contains) -> list[str]:
    html = client.get(url, params).content.decode()
    return [href for href in links(html) if contains in href]


class ParcelExportLinkTests(CertificateTestCase):
    def test_the_parcel_list_links_the_exports_of_the_village_chosen(self):
        self.client.force_login(self.registrar)
        found = rendered_links(
            self.client, reverse("web:parcel-list"), {"village": "TC-A"}, "/parcels/export/"
        )
        assert sorted(h.split("/")[3] for h in found) == ["csv", "geojson", "gpkg", "ladm", "shp"]
        (geojson,) = [h for h in found if "/geojson/" in h]
        assert geojson.endswith("?unit=TC-A")
        response = self.client.get(geojson)
        assert response.status_code == 200
        numbers = {
            f["properties"]["number"] for f in json.loads(b"".join(response.streaming_content))["features"]
        }
        assert self.parcel_c.number in numbers and self.parcel_b.number not in numbers
        (csv_link,) = [h for h in found if "/csv/" in h]
        assert self.client.get(csv_link).status_code == 200

    def test_without_a_village_the_links_export_the_user_s_villages(self):
        self.client.force_login(self.agent_b)
        (geojson,) = rendered_links(self.client, reverse("web:parcel-list"), {}, "/parcels/export/geojson/")
        assert "unit=" not in geojson
        features = json.loads(b"".join(self.client.get(geojson).streaming_content))["features"]
        assert {f["properties"]["number"] for f in features} == {self.parcel_b.number}


class CertificateExportLinkTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.couple = self.issue(self.right_c)
        self.family_certificate = self.issue(self.right_d)
        self.issue(self.right_b)

    def csv_from_list(self, user, params) -> list[list[str]]:
        self.client.force_login(user)
        (href,) = rendered_links(self.client, reverse("certificates:list"), params, "/export.csv")
        response = self.client.get(href)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert response.content.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    def test_the_certificate_list_exports_its_rows_with_the_same_filters(self):
        header, *rows = self.csv_from_list(self.registrar, {"village": "TC-A"})
        assert header[:3] == ["Numéro", "Village", "Parcelle"]
        assert sorted(r[0] for r in rows) == sorted([self.couple.number, self.family_certificate.number])
        couple = next(r for r in rows if r[0] == self.couple.number)
        assert "ƁAŊƆ Ɛlisabɛt Ƙandé (1/2)" in couple[4] and couple[6] == "14/03/2026"
        assert "B98765432" not in str(rows)  # names and shares only, never an ID number

    def test_a_filter_that_matches_nothing_exports_only_the_column_titles(self):
        header, *rows = self.csv_from_list(self.registrar, {"village": "TC-A", "status": "revoked"})
        assert header and rows == []

    def test_another_village_s_user_exports_only_what_their_list_shows(self):
        _header, *rows = self.csv_from_list(self.registrar_b, {})
        assert [r[2] for r in rows] == [self.parcel_b.number]
