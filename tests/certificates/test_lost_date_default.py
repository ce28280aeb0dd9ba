"""The loss declaration's date: today unless the registrar types another, never a day to come. Found walking
the desk in Chromium: the date field came empty, with nothing to say a date ahead would not do."""

import datetime as dt
import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.certificates.models import CertificateStatus
from landreg.core import clock
from tests.browser_forms import form_posting_to
from tests.certificates.base import CertificateTestCase, print_then_sign

NOTE = "Déclaration de perte n° 2026/118 du commissariat de Koudougou"


class LossDateTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.certificate = print_then_sign(self.issue(), printer=self.registrar, signer=self.mayor)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)
        self.url = f"/certificates/{self.certificate.pk}/"

    def lost_form(self):
        response = self.browser.get(self.url)
        assert response.status_code == 200
        return form_posting_to(response.content.decode(), "/lost/"), response.content.decode()

    def test_the_form_as_rendered_declares_it_lost_today_by_the_holder_chosen(self):
        form, html = self.lost_form()
        today = clock.today()
        assert form.data()["declared_on"] == [today.isoformat()]
        assert f'max="{today.isoformat()}"' in html
        response = self.browser.post(
            form.action, form.data(form.button("lost"), declared_by=str(self.wife.pk), note=NOTE), follow=True
        )
        assert response.status_code == 200
        self.certificate.refresh_from_db()
        assert self.certificate.status == CertificateStatus.REVOKED
        assert (self.certificate.lost_on, self.certificate.lost_declared_by) == (today, self.wife)

    def test_a_day_to_come_is_refused_beside_the_date_and_nothing_changes(self):
        form, _html = self.lost_form()
        tomorrow = clock.today() + dt.timedelta(days=1)
        body = form.data(form.button("lost"), declared_on=tomorrow.isoformat(), note=NOTE)
        response = self.browser.post(form.action, body)
        assert response.status_code == 400
        found = re.search(
            r'<span class="error" id="lost_declared_on_errors">(.*?)</span>', response.content.decode()
        )
        assert found and "datée d’aujourd’hui ou d’avant" in unescape(found.group(1))
        self.certificate.refresh_from_db()
        assert self.certificate.status == CertificateStatus.SIGNED and self.certificate.lost_on is None
