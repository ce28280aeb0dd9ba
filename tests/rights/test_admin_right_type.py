"""A registered right's type is read-only in the Django admin: changing it (a customary possession made a
lease, or an ownership) would rewrite the legal meaning of what was registered, its certificates and its
history. It is chosen when a right is added. Found on the walk of the land office's paths: the admin's change
form offered the type as a free choice."""

import re
from html import unescape

from django.test import Client

from landreg.rights.models import Right
from tests.base import RegistryTestCase, make_user
from tests.browser_forms import form_with_field


class RightTypeReadOnlyTests(RegistryTestCase):
    def setUp(self):
        super().setUp()
        root = make_user("root")
        root.is_staff = root.is_superuser = True
        root.save()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(root)
        self.browser.cookies["django_language"] = "fr"
        self.right = Right.objects.get(pk=self.right_a.pk)
        self.url = f"/admin/rights/right/{self.right.pk}/change/"

    def page(self, url, language="fr") -> str:
        self.browser.cookies["django_language"] = language
        response = self.browser.get(url)
        assert response.status_code == 200
        return unescape(response.content.decode())

    def shown_type(self, html: str) -> str:
        row = html.split("field-right_type", 1)[1]
        # Shown as the admin shows a related object read-only: its name, a link to its own page.
        return re.search(r'<div class="readonly"><a href="[^"]*">([^<]*)</a></div>', row).group(1)

    def test_the_change_form_shows_the_type_and_offers_no_choice_of_it(self):
        html = self.page(self.url)
        assert 'name="right_type"' not in html
        assert self.shown_type(html) == self.right.right_type.label_fr
        english = self.page(self.url, "en")
        assert 'name="right_type"' not in english
        assert self.shown_type(english) == self.right.right_type.label_en

    def test_a_type_forged_into_the_form_is_not_saved(self):
        form = form_with_field(self.page(self.url), "tenure_system")
        save = next(button for button in form.buttons if button[0] == "_save")
        body = form.data(save, legal_basis="Bail forgé") | {
            "right_type": ["lease"]
        }  # not on the page: forged
        response = self.browser.post(self.url, body)
        assert response.status_code == 302, response.content.decode()[:3000]
        self.right.refresh_from_db()
        assert self.right.right_type_id != "lease" and self.right.legal_basis == "Bail forgé"

    def test_the_change_form_offers_no_choice_of_the_parcel_and_a_forged_one_is_not_saved(self):
        html = self.page(self.url)
        assert (
            'name="parcel"' not in html and self.right.parcel.number in html.split("field-parcel", 1)[1][:600]
        )
        form = form_with_field(html, "tenure_system")
        save = next(button for button in form.buttons if button[0] == "_save")
        body = form.data(save) | {"parcel": [str(self.parcel_b.pk)]}  # not on the page: forged
        response = self.browser.post(self.url, body)
        assert response.status_code == 302, response.content.decode()[:3000]
        self.right.refresh_from_db()
        assert self.right.parcel_id == self.parcel_a.pk

    def test_a_right_added_in_the_admin_is_given_its_type(self):
        html = self.page("/admin/rights/right/add/")
        assert re.search(r'<select name="right_type"[^>]*>', html)
        assert 'name="parcel"' in html
