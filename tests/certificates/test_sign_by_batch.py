"""The signing authority's page narrowed to a village or a print run: a run records the certificates it
printed (``Certificate.batch``; one printed at the counter has none), and its page, once finished, opens the
signing page on them (« Signer ce lot »). The filters offer only the villages where the user signs and the
runs that printed certificates there; one outside them is refused on its field, and nothing is listed."""

import re
import tempfile

from django.test import override_settings
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from landreg.accounts.roles import Role
from landreg.accounts.services import role_grant
from landreg.audit.rows import rows_verify
from landreg.certificates.batches.queue import batch_request
from landreg.certificates.issuing.services import certificate_print
from landreg.certificates.models import Certificate, CertificateStatus
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.base import make_person, make_user
from tests.browser_forms import flat, form_with_field, forms, links
from tests.certificates.base import CertificateTestCase, sign_boxes
from tests.geometries import square

SIGN = reverse("certificates:signatures")


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ").split())


def options(html: str, name: str) -> list[str]:
    """The labels of the select ``name``'s options, as the page renders them."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [" ".join(label.split()) for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


class SignByPrintRunTests(CertificateTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.mayor_b = make_user("mayor_b", Role.SIGNING_AUTHORITY, cls.village_b)
        # A small commune's land office: the same person prints the certificates and signs them.
        cls.guichet_maire = make_user("guichet_maire", Role.REGISTRAR, cls.commune)
        role_grant(user=cls.guichet_maire, role=Role.SIGNING_AUTHORITY, unit=cls.commune)

    def setUp(self):
        super().setUp()
        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        settings_override = override_settings(MEDIA_ROOT=media.name)
        settings_override.enable()
        self.addCleanup(settings_override.disable)
        previous, HUEY.immediate = HUEY.immediate, True  # run jobs in this thread, as the worker would
        self.addCleanup(setattr, HUEY, "immediate", previous)
        self.at_the_counter = self.issue(self.right_b)  # village B's, printed one by one: no run
        certificate_print(certificate=self.at_the_counter, actor=self.registrar)
        self.first_run = self.run_print(self.village_a)  # parcels A, C and D
        parcel_e = parcel_record(village=self.village_a, geometry=square(200, 100), survey_method="gps")
        self.right_e = right_register(
            parcel=parcel_e,
            right_type="customaryType",
            holders=[HolderShare(party=make_person(self.village_a, last_name="Kɔnɛ", first_names="Ŋaba"))],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )
        self.second_run = self.run_print(self.village_a)  # parcel E only

    def run_print(self, unit):
        with self.captureOnCommitCallbacks(execute=True):
            batch = batch_request(unit=unit, actor=self.registrar, output_format="pdf")
        batch.refresh_from_db()
        assert batch.status == "done", batch.error
        return batch

    def numbers(self, batch) -> set[str]:
        return set(Certificate.objects.filter(batch=batch).values_list("number", flat=True))

    def listed(self, html: str) -> set[str]:
        return {Certificate.objects.get(pk=pk).number for pk in sign_boxes(html)}

    def test_a_run_records_the_certificates_it_printed_and_the_counter_s_have_none(self):
        first = {
            c.number for c in Certificate.objects.filter(right__in=[self.right_a, self.right_c, self.right_d])
        }
        assert self.numbers(self.first_run) == first and len(first) == 3
        assert self.numbers(self.second_run) == {Certificate.objects.get(right=self.right_e).number}
        assert Certificate.objects.get(pk=self.at_the_counter.pk).batch is None
        # Which run printed it is the run's print event's to say, not a new fact of the register: the rows
        # chained at issue still agree with the chain.
        assert rows_verify() == []

    def test_from_the_finished_run_s_page_the_signer_signs_this_run_only(self):
        self.client.force_login(self.guichet_maire)
        page = self.client.get(reverse("certificates:batch", args=[self.second_run.pk])).content.decode()
        assert "Signer ce lot" in page
        (href,) = [h for h in links(page) if h.startswith(SIGN)]
        html = self.client.get(href).content.decode()
        assert self.listed(html) == self.numbers(self.second_run)
        # The sign form as rendered: it goes back to the same run's list.
        form = form_with_field(html, "certificates")
        ticked = form.data(certificates=sign_boxes(html))  # « Tout cocher »
        response = self.client.post(form.action, flat(ticked), follow=True)
        assert response.redirect_chain == [(href, 302)]
        shown = text(response.content.decode())
        assert "1 certificat signé" in shown and "Aucun certificat n’attend votre signature." in shown
        signed = Certificate.objects.filter(status=CertificateStatus.SIGNED)
        assert set(signed.values_list("number", flat=True)) == self.numbers(self.second_run)

    def test_the_mayor_narrows_the_page_to_a_village_or_a_run(self):
        self.client.force_login(self.mayor)
        html = self.client.get(SIGN).content.decode()
        assert len(self.listed(html)) == 5
        assert options(html, "village") == ["Tous", "Village A (TC-A)", "Village B (TC-B)"]
        runs = options(html, "batch")
        assert runs[0] == "Toutes" and len(runs) == 3 and all(r.startswith("Village A, ") for r in runs[1:])
        (filters,) = [f for f in forms(html) if f.method == "get" and "batch" in f.controls]
        by_village = self.client.get(SIGN, flat(filters.data(village="TC-B"))).content.decode()
        assert self.listed(by_village) == {self.at_the_counter.number}
        by_run = self.client.get(SIGN, flat(filters.data(batch=str(self.first_run.pk)))).content.decode()
        assert self.listed(by_run) == self.numbers(self.first_run)

    def test_a_village_b_signer_is_offered_only_village_b_and_refused_village_a_s_run(self):
        self.client.force_login(self.mayor_b)
        html = self.client.get(SIGN).content.decode()
        assert options(html, "village") == ["Tous", "Village B (TC-B)"] and options(html, "batch") == [
            "Toutes"
        ]
        for chosen in ({"batch": str(self.first_run.pk)}, {"village": "TC-A"}):
            refused = self.client.get(SIGN, chosen)
            assert refused.status_code == 200
            shown = text(refused.content.decode())
            assert "Sélectionnez un choix valide" in shown, shown
            assert "Aucun certificat n’attend votre signature." in shown
            assert all(c.number not in shown for c in Certificate.objects.exclude(pk=self.at_the_counter.pk))

    def test_a_signer_who_does_not_print_opens_the_run_s_page_and_signs_the_run_from_there(self):
        self.client.force_login(self.mayor)  # signs in the commune's villages, prints nothing
        url = reverse("certificates:batch", args=[self.first_run.pk])
        response = self.client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Signer ce lot" in page
        found = links(page)
        assert f"{SIGN}?batch={self.first_run.pk}" in found
        # The file and the restart stay the land office's.
        assert reverse("certificates:batch-download", args=[self.first_run.pk]) not in found
        assert self.client.post(url).status_code == 403
        (href,) = [h for h in found if h.startswith(SIGN)]
        assert self.listed(self.client.get(href).content.decode()) == self.numbers(self.first_run)

    def test_the_run_s_page_offers_signing_only_to_whoever_signs_in_its_village(self):
        url = reverse("certificates:batch", args=[self.first_run.pk])
        self.client.force_login(self.registrar)  # prints, does not sign
        page = self.client.get(url).content.decode()
        assert "Signer ce lot" not in page and not [h for h in links(page) if h.startswith(SIGN)]
        assert reverse("certificates:batch-download", args=[self.first_run.pk]) in links(page)
        self.client.force_login(self.mayor_b)  # signs in village B only: village A's run is not theirs
        assert self.client.get(url).status_code == 404
