"""« A group claims alone » is said beside the row that chose the registered family, where the agent corrects
it. Before: the page said it only above the form (the service's refusal), the rows unmarked."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import Claim
from tests.adjudication.test_registered_group_claims import NEW, RegisteredGroupTestCase
from tests.browser_forms import form_with_field
from tests.geometries import square

SAID = "Un groupe demande seul\u202f; ses membres sont indiqués avec leurs quotes-parts."


class GroupClaimsAloneBesideRowTests(RegisteredGroupTestCase):
    def test_the_row_choosing_a_family_beside_a_person_says_the_group_claims_alone(self):
        translation.activate("fr")
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.agent_a)
        form = form_with_field(browser.get(NEW).content.decode(), "holders-TOTAL_FORMS")
        typed = {
            "village": str(self.village_a.pk),
            "local_name": "Kɔnkɔ",
            "geometry": square(100, 0).geojson,
            "holding": "joint",
            "holders-0-last_name": "Ouédraogo",
            "holders-0-first_names": "Ɓintou",
            "holders-0-sex": "F",
            "holders-0-share": "1/2",
            "holders-1-party": str(self.family.pk),
            "holders-1-share": "1/2",
        }
        response = browser.post(form.action or NEW, form.data(("save", "1"), **typed))
        assert response.status_code == 400
        page = unescape(response.content.decode())
        rows = re.findall(r'<fieldset class="person">.*?</fieldset>', page, flags=re.S)
        family_row = next(row for row in rows if 'name="holders-1-party"' in row)
        person_row = next(row for row in rows if 'name="holders-0-party"' in row)
        assert SAID in family_row and SAID not in person_row, page[:3000]
        assert SAID not in page.split('<fieldset class="person">', 1)[0]  # not only above the form
        assert not Claim.objects.exists()
