"""The registrar's work page counts the print queue's rows as the queue lists them, those « à rééditer »
among them. Found walking the desk in Chromium: after a family's name was corrected, the print queue listed
its right « à rééditer (le registre a changé depuis) » while the work page's « Droits prêts pour leur
certificat » still counted without it."""

from html import unescape

from django.test import Client

from tests.certificates.real_block import RealBlockCertificateCase
from tests.web.test_work_queues import listed, queues


class WorkCountWithReissuesTests(RealBlockCertificateCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)
        self.browser.cookies["django_language"] = "fr"

    def print_queue_entry(self) -> tuple[int, str]:
        count, _late, link, *_held = queues(self.browser.get("/").content.decode())["print_queue"]
        return count, link

    def test_a_right_to_reissue_is_counted_as_the_queue_lists_it(self):
        count, link = self.print_queue_entry()
        assert listed(self.browser, link) == count
        self.name_corrected()  # the family's certificate no longer says what the register says
        again, link = self.print_queue_entry()
        assert again == count + 1 and listed(self.browser, link) == again
        rows = unescape(self.browser.get(link).content.decode())
        assert f'class="to-reissue" href="/certificates/{self.certificate.pk}/"' in rows
        self.boundary_corrected()  # superseded now, its right still in force: still one row to reissue
        assert self.print_queue_entry()[0] == again
