"""The extract's button pressed twice (a double click, a retry after a download that never came) prints one
extract: the same paper, naming the same event of the audit journal, and one ``parcel.extract`` event. Once
the register has been written since, the button sent again does not hand a paper that names a state the
register has left: the parcel's page says so, and its button prints the register as it now stands."""

import datetime as dt

from django.urls import reverse

from landreg.audit.models import AuditEvent
from landreg.rights.services import HolderShare, right_register
from tests.base import make_person
from tests.browser_forms import flat
from tests.certificates.base import pdf_text
from tests.registers.test_parcel_extract import extract_form
from tests.registers.test_registers import RegisterTestCase


class ExtractSentOnceTests(RegisterTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.registrar)
        page = self.client.get(reverse("web:parcel-detail", args=[self.family_parcel.pk]))
        form = extract_form(page.content.decode())
        self.action, self.body = form.action, flat(form.data())

    def extracts(self) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(action="parcel.extract").order_by("seq"))

    def test_a_double_click_prints_one_extract_and_the_same_paper_twice(self):
        first = self.client.post(self.action, self.body)
        again = self.client.post(self.action, self.body)
        assert first.status_code == again.status_code == 200
        assert again["Content-Type"] == "application/pdf"
        (event,) = self.extracts()
        assert pdf_text(again.content) == pdf_text(first.content)
        assert f"inscrit au journal d’audit comme événement n° {event.seq}." in pdf_text(again.content)

    def test_other_extracts_in_between_do_not_change_the_paper(self):
        first = self.client.post(self.action, self.body)
        other = self.client.get(reverse("web:parcel-detail", args=[self.parcel_a.pk]))
        other_form = extract_form(other.content.decode())
        assert self.client.post(other_form.action, flat(other_form.data())).status_code == 200
        again = self.client.post(self.action, self.body)
        assert pdf_text(again.content) == pdf_text(first.content)
        assert len(self.extracts()) == 2

    def test_after_a_write_of_the_register_the_page_asks_for_a_new_extract(self):
        self.client.post(self.action, self.body)
        right_register(
            parcel=self.parcel_b,
            right_type="customaryType",
            holders=[HolderShare(make_person(self.village_b, "Kɔnɛ", "Ŋaba"))],
            tenure_system="customary",
            legal_basis="Attribution coutumière",
        )
        again = self.client.post(self.action, self.body, follow=True)
        assert again.redirect_chain == [(reverse("web:parcel-detail", args=[self.family_parcel.pk]), 302)]
        assert "Le registre a changé depuis l’impression de cet extrait" in again.content.decode()
        assert len(self.extracts()) == 1
        # The page shown again renders a new button: it prints the register as it now stands.
        form = extract_form(again.content.decode())
        fresh = self.client.post(form.action, flat(form.data()))
        assert fresh.status_code == 200 and len(self.extracts()) == 2

    def test_the_same_button_minutes_later_prints_a_new_extract(self):
        self.client.post(self.action, self.body)
        self.travel(dt.timedelta(minutes=11) / dt.timedelta(days=1))
        assert self.client.post(self.action, self.body).status_code == 200
        assert len(self.extracts()) == 2

    def test_the_extract_is_not_printed_by_following_a_link(self):
        assert self.client.get(self.action).status_code == 405
        assert self.extracts() == []
