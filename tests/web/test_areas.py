"""Areas read as land offices write them, "1 ha 23 a 45 ca", on the parcel, claim and certificate pages."""

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from landreg.certificates.issuing.services import certificate_issue
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from landreg.web.templatetags.areas import ha_a_ca
from tests.adjudication.helpers import AdjudicationTestCase
from tests.geometries import square

NBSP, NNBSP = "\u00a0", "\u202f"


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace(NNBSP, " ")


def test_an_area_is_written_in_hectares_ares_and_centiares():
    assert plain(ha_a_ca(12_345)) == "1 ha 23 a 45 ca"
    assert plain(ha_a_ca(520.4)) == "0 ha 05 a 20 ca"
    assert plain(ha_a_ca(99.6)) == "0 ha 01 a 00 ca"  # rounded to the centiare (1 m²)
    assert plain(ha_a_ca(12_345_678)) == "1 234 ha 56 a 78 ca"
    assert ha_a_ca(None) == "—" and ha_a_ca("") == "—"


def test_the_quantity_never_wraps_and_thousands_of_hectares_are_apart_by_a_narrow_space():
    assert ha_a_ca(12_345_678) == f"1{NNBSP}234{NBSP}ha{NBSP}56{NBSP}a{NBSP}78{NBSP}ca"
    assert " " not in ha_a_ca(12_345)


def test_the_filter_is_there_for_templates():
    rendered = Template("{% load areas %}{{ area|ha_a_ca }}").render(Context({"area": "10000.0"}))
    assert plain(rendered) == "1 ha 00 a 00 ca"


class AreaOnPagesTests(AdjudicationTestCase):
    def page(self, user, url) -> str:
        self.client.force_login(user)
        with translation.override("fr"):
            response = self.client.get(url)
        assert response.status_code == 200
        return plain(response.content.decode())

    def test_the_parcel_page_gives_its_area_in_ha_a_ca(self):
        # 111.11 m square: 12,345.43 m².
        parcel = parcel_record(
            village=self.village_a, geometry=square(3000, 0, side=111.11), survey_method="gps"
        )
        page = self.page(self.agent_a, reverse("web:parcel-detail", args=[parcel.pk]))
        assert "1 ha 23 a 45 ca" in page
        assert "12 345,4 m²" in page  # and in square metres, French digits

    def test_the_claim_page_gives_the_area_of_the_boundary_claimed(self):
        claim = self.draft(east=400)
        page = self.page(self.agent_a, reverse("adjudication:claim-detail", args=[claim.pk]))
        assert "Superficie du périmètre" in page and "1 ha 00 a 00 ca" in page

    def test_the_certificate_page_gives_the_certified_area(self):
        parcel = parcel_record(
            village=self.village_a, geometry=square(3000, 400, side=50), survey_method="gps"
        )
        right = right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(self.holder_a)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        certificate, _ = certificate_issue(right=right, actor=self.registrar)
        page = self.page(self.registrar, reverse("certificates:detail", args=[certificate.pk]))
        assert "0 ha 25 a 00 ca" in page


def test_days_written_reads_iso_days_in_a_recorded_text_as_the_pages_write_days():
    from landreg.web.templatetags.days import days_written

    assert days_written("Accord du 2026-10-20, dossier LIT-1") == "Accord du 20/10/2026, dossier LIT-1"
    assert days_written("TGI-2026-10-20-B et 2026-13-45") == "TGI-2026-10-20-B et 2026-13-45"
    assert days_written(None) is None
