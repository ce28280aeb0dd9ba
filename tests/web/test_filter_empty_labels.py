"""The list filters' empty choice reads « Tous » (« Toutes » for a feminine noun), not « --------- » (seen
in Chromium on every list, as every role)."""

import re

from tests.adjudication.helpers import AdjudicationTestCase


def empty_choice(html: str, name: str) -> str:
    """The label of the select's empty choice."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r'<option value=""[^>]*>(.*?)</option>', select).group(1)


class FilterEmptyLabelTests(AdjudicationTestCase):
    def page(self, user, url):
        self.client.force_login(user)
        response = self.client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, url
        html = response.content.decode()
        filters = html.split('<form method="get" class="filters"', 1)[1].split("</form>", 1)[0]
        assert "---------" not in filters, url
        return filters

    def test_every_list_says_tous_or_toutes(self):
        claims = self.page(self.registrar, "/adjudication/claims/")
        assert empty_choice(claims, "state") == "Tous"
        assert empty_choice(claims, "village") == "Tous"
        certificates = self.page(self.registrar, "/certificates/all/")
        assert empty_choice(certificates, "stage") == "Toutes"
        assert empty_choice(certificates, "status") == "Tous"
        self.page(self.registrar, "/certificates/")
        self.page(self.registrar, "/parcels/")
        cases = self.page(self.registrar, "/disputes/cases/")
        assert empty_choice(cases, "origin") == "Toutes"
        assert empty_choice(cases, "kind") == "Tous"
        self.page(self.agent_a, "/collect/")
