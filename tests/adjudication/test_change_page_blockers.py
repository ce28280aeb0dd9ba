"""The change page says what will stop the application before the registrar fills it in: an application
already lodged on the parcel (with a link to it), an open dispute case holding the parcel. Walking a
succession in the browser, the whole form (heirs, shares, the act) was typed and only the submission said
« La demande R-… concerne déjà cette parcelle », though the parcel page knew it; the same with a dispute."""

from html import unescape

from django.test import Client
from django.utils import translation

from landreg.disputes.cases.services import dispute_open
from tests.adjudication.test_changes import ChangeTestCase
from tests.browser_forms import form_with_field

ALREADY = (
    "La demande {receipt} concerne déjà cette parcelle\u202f; menez-la à son terme ou retirez-la d’abord."
)


class ChangePageBlockersTests(ChangeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)
        self.url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"

    def page(self) -> str:
        response = self.browser.get(self.url)
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_a_parcel_free_of_applications_and_cases_shows_no_warning(self):
        page = self.page()
        assert "concerne déjà cette parcelle" not in page and "Litige en cours" not in page

    def test_an_application_already_lodged_is_named_and_linked_before_the_form_is_filled(self):
        lodged = self.submitted(self.inheritance())
        page = self.page()
        assert ALREADY.format(receipt=lodged.receipt_number) in page
        assert f'href="/adjudication/claims/{lodged.pk}/"' in page
        # The registrar types a second succession all the same: the refusal comes, and the warning stays.
        form = form_with_field(page, "kind")
        heir = self.heirs[0]
        response = self.browser.post(
            self.url,
            form.data(
                ("", ""),
                kind="inheritance",
                reason="Décès de OUÉDRAOGO Aminata",
                right=str(self.right_a.pk),
                **{"holders-0-party": str(heir.pk), "holders-0-share": "1"},
                source_type="customary_attestation",
                reference="Attestation n°5",
            ),
        )
        refused = unescape(response.content.decode())
        assert response.status_code == 400
        assert refused.count(f"La demande {lodged.receipt_number} concerne déjà cette parcelle") == 2

    def test_an_open_dispute_case_is_named_before_the_form_is_filled(self):
        case = dispute_open(
            village=self.village_a, subject="Limite contestée par Ɓaŋre", parcels=[self.parcel_a]
        )
        page = self.page()
        assert f"Litige en cours</strong> — dossier {case.number}." in page
