"""After a print run, the signing authority records their signature on every certificate ticked on one page,
each through the same move as one signed on its own page; sent again, nothing is signed twice."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

from landreg.accounts.roles import Role
from landreg.audit.models import AuditEvent
from landreg.certificates.issuing.services import certificate_print
from landreg.certificates.issuing.transitions import certificate_revoke, certificate_sign
from landreg.certificates.models import Certificate, CertificateEvent, CertificateStatus, EventKind
from tests.base import make_user
from tests.browser_forms import form_with_field, links
from tests.certificates.base import CertificateTestCase, sign_boxes
from tests.labelled import duplicate_ids, unnamed_controls

SIGN = reverse("certificates:signatures")


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ").split())


class SignSelectedTests(CertificateTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.mayor_b = make_user("mayor_b", Role.SIGNING_AUTHORITY, cls.village_b)

    def setUp(self):
        super().setUp()
        # Printed, as after a print run: the authority signs the printed paper.
        self.c, self.d, self.b = (self.issue(right) for right in (self.right_c, self.right_d, self.right_b))
        for certificate in (self.c, self.d, self.b):
            certificate_print(certificate=certificate, actor=self.registrar)

    def page(self, user) -> str:
        self.client.force_login(user)
        response = self.client.get(SIGN)
        assert response.status_code == 200
        return response.content.decode()

    def post(self, html: str, **values):
        """The form as rendered, every box ticked (« Tout cocher ») unless ``values`` say which."""
        form = form_with_field(html, "certificates")
        assert form.method == "post"
        values.setdefault("certificates", sign_boxes(html))
        return self.client.post(form.action or SIGN, form.data(**values), follow=True)

    def state(self, certificate) -> str:
        return Certificate.objects.get(pk=certificate.pk).status

    def signatures_recorded(self, certificate) -> int:
        return CertificateEvent.objects.filter(certificate=certificate, kind=EventKind.SIGNED).count()

    def test_the_mayor_finds_the_page_from_home_ticks_every_certificate_and_signs_them(self):
        self.client.force_login(self.mayor)
        home = self.client.get(reverse("web:home")).content.decode()
        assert SIGN in links(home)
        html = self.page(self.mayor)
        assert sorted(sign_boxes(html)) == sorted(str(c.pk) for c in (self.c, self.d, self.b))
        assert "Signer les certificats sélectionnés" in html
        assert unnamed_controls(html) == [] and duplicate_ids(html) == []
        response = self.post(html)
        assert response.redirect_chain == [(SIGN, 302)]
        shown = text(response.content.decode())
        assert "3 certificats signés" in shown, shown
        for certificate in (self.c, self.d, self.b):
            assert certificate.number in shown
            signed = Certificate.objects.get(pk=certificate.pk)
            assert signed.status == CertificateStatus.SIGNED and signed.signed_by == self.mayor
            # The same events as a signature on the certificate's own page.
            event = CertificateEvent.objects.get(certificate=certificate, kind=EventKind.SIGNED)
            assert event.actor == self.mayor and event.old_status == "issued"
            chained = AuditEvent.objects.filter(action="certificate.signed", object_id=str(certificate.pk))
            assert chained.count() == 1 and chained.get().actor == self.mayor
        assert "Aucun certificat n’attend votre signature." in shown

    def test_a_certificate_left_unticked_still_awaits_its_signature(self):
        html = self.page(self.mayor)
        self.post(html, certificates=[str(self.c.pk)])
        assert self.state(self.c) == "signed"
        assert self.state(self.d) == self.state(self.b) == "issued"
        assert sorted(sign_boxes(self.page(self.mayor))) == sorted([str(self.d.pk), str(self.b.pk)])

    def test_a_certificate_signed_meanwhile_on_its_own_page_is_reported_and_not_signed_twice(self):
        html = self.page(self.mayor)
        certificate_sign(certificate=self.c, actor=self.mayor)  # another tab
        shown = text(self.post(html).content.decode())
        assert "2 certificats signés" in shown
        assert f"1 certificat était déjà signé, et n’est pas signé à nouveau : {self.c.number}." in shown
        assert self.signatures_recorded(self.c) == 1
        assert AuditEvent.objects.filter(action="certificate.signed", object_id=str(self.c.pk)).count() == 1

    def test_the_same_form_sent_twice_is_recorded_once(self):
        html = self.page(self.mayor)
        self.post(html)
        again = text(self.post(html).content.decode())
        assert "Ce formulaire a été envoyé deux fois" in again, again
        assert all(self.signatures_recorded(c) == 1 for c in (self.c, self.d, self.b))

    def test_a_certificate_revoked_meanwhile_is_reported_with_its_reason_and_the_others_are_signed(self):
        html = self.page(self.mayor)
        certificate_revoke(certificate=self.d, actor=self.mayor, reason="Erreur sur le titulaire")
        shown = text(self.post(html).content.decode())
        assert "2 certificats signés" in shown
        assert f"{self.d.number} non signé : Un certificat révoqué ne peut pas devenir signé." in shown, shown
        assert self.state(self.d) == "revoked" and self.signatures_recorded(self.d) == 0
        assert self.state(self.c) == self.state(self.b) == "signed"

    def test_another_village_s_certificate_is_refused_by_the_form_and_nothing_is_signed(self):
        html = self.page(self.mayor_b)
        assert sign_boxes(html) == [str(self.b.pk)]
        assert self.c.number not in html
        response = self.client.post(
            SIGN, form_with_field(html, "certificates").data(certificates=[str(self.b.pk), str(self.c.pk)])
        )
        assert response.status_code == 400
        assert "pas un certificat que vous pouvez signer" in text(response.content.decode())
        assert self.state(self.b) == self.state(self.c) == "issued"

    def test_no_box_is_ticked_in_advance_and_the_form_sent_as_rendered_is_refused(self):
        html = self.page(self.mayor)
        boxes = re.findall(r'<input type="checkbox" name="certificates"[^>]*>', html)
        assert len(boxes) == 3 and not [box for box in boxes if "checked" in box], boxes
        form = form_with_field(html, "certificates")
        assert "certificates" not in form.data()  # a browser sends no certificate until one is ticked
        # « Tout cocher »: a button of the form that sends nothing, shown by the project's own script.
        (tick_all,) = re.findall(
            r'<button type="button" data-tick-all="certificates"[^>]*>([^<]*)</button>', html
        )
        assert tick_all == "Tout cocher"
        assert "/static/web/landreg.js" in html
        assert "data-tick-all" in Path(finders.find("web/landreg.js")).read_text(encoding="utf-8")
        response = self.client.post(form.action or SIGN, form.data())
        assert response.status_code == 400
        refused = response.content.decode()
        assert "Cochez au moins un certificat à signer." in text(refused)
        assert sorted(sign_boxes(refused)) == sorted(sign_boxes(html))  # the list is still there, unticked
        assert "checked" not in "".join(re.findall(r'<input type="checkbox"[^>]*>', refused))
        assert {self.state(c) for c in (self.c, self.d, self.b)} == {"issued"}

    def test_nothing_ticked_is_refused_with_a_reason(self):
        html = self.page(self.mayor)
        response = self.client.post(SIGN, form_with_field(html, "certificates").data(certificates=[]))
        assert response.status_code == 400
        assert "Cochez au moins un certificat à signer." in text(response.content.decode())
        assert self.state(self.c) == "issued"

    def test_the_registrar_is_refused_and_a_visitor_asked_to_log_in(self):
        self.client.force_login(self.registrar)
        assert self.client.get(SIGN).status_code == 403
        assert self.client.post(SIGN, {"certificates": [str(self.c.pk)]}).status_code == 403
        assert self.state(self.c) == "issued"
        assert SIGN not in links(self.client.get(reverse("certificates:list")).content.decode())
        self.client.logout()
        assert self.client.get(SIGN)["Location"].startswith(reverse("login"))

    def test_the_list_of_certificates_to_sign_links_to_the_page(self):
        self.client.force_login(self.mayor)
        html = self.client.get(reverse("certificates:list"), {"stage": "to_sign"}).content.decode()
        assert SIGN in links(html)

    def test_a_finished_print_run_leads_whoever_signs_there_to_the_page(self):
        from landreg.accounts.services import role_grant
        from landreg.certificates.models import CertificateBatch

        batch = CertificateBatch.objects.create(
            unit=self.village_a,
            output_format="pdf",
            requested_by=self.registrar,
            status="done",
            output="x.pdf",
        )
        url = reverse("certificates:batch", args=[batch.pk])
        self.client.force_login(self.registrar)
        assert SIGN not in links(self.client.get(url).content.decode())
        role_grant(user=self.registrar, role=Role.SIGNING_AUTHORITY, unit=self.commune)
        # The page opens on this run's certificates (« Signer ce lot »).
        assert f"{SIGN}?batch={batch.pk}" in links(self.client.get(url).content.decode())
