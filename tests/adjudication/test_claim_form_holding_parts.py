"""The claim form showed every part at once: the claimants' rows and the family's name, mandate and members,
whatever « Qui demande » said (a walk of the demo as agent_centre). Each part now says which holding it
belongs to and a script of the registry's own (no inline script, no CDN) shows the chosen one; without
script every part stays shown, and the server reads the part of the holding chosen only: what is left in the
other one neither refuses the claim nor reaches it. Posts are what the page renders (CSRF, the one-use
token, the button)."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import Claim
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_with_field
from tests.geometries import square

FAMILY = "Famille Ŋaba de Kɔnkɔ"
NEW = "/adjudication/claims/new/"


class ClaimFormHoldingPartsTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.agent_a)

    def post(self, **typed):
        form = form_with_field(self.browser.get(NEW).content.decode(), "holders-TOTAL_FORMS")
        place = {"village": str(self.village_a.pk), "local_name": "Kɔnkɔ", "geometry": square(100, 0).geojson}
        typed = place | typed
        return self.browser.post(form.action or NEW, form.data(("save", "1"), **typed))

    def test_each_part_names_its_holding_and_the_page_loads_the_script_that_shows_it(self):
        page = self.browser.get(NEW).content.decode()
        parts = re.findall(r'<div class="holding-part" data-holding="([a-z ]+)">\s*<h2>(.*?)</h2>', page)
        assert parts == [
            ("individual joint", "Demandeurs (une personne, ou plusieurs en indivision)"),
            ("collective", "Famille ou lignage"),
        ], parts
        assert re.search(r'<script src="/static/adjudication/holding\.js"></script>', page)
        assert "<script>" not in page  # the Content-Security-Policy refuses inline scripts
        # One person claims alone: the rows for more persons are those the script hides while empty.
        more = re.findall(r"<div data-holding-more>\s*<fieldset", page)
        assert len(more) == len(re.findall(r'name="holders-\d+-last_name"', page)) - 1 > 0

    def test_one_person_claims_and_what_is_left_in_the_familys_part_is_not_read(self):
        response = self.post(
            holding="individual",
            **{
                "holders-0-last_name": "Ouédraogo",
                "holders-0-first_names": "Ɓintou",
                "holders-0-sex": "F",
                "holders-0-share": "1",
                "group_name": FAMILY,
                "mandate_date": "31/02/2026",  # half typed, in a part not read
                "members-0-last_name": "Ŋaba",
                "members-0-first_names": "Awa",
            },
        )
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        (claimant,) = Claim.objects.get().claimants.all()
        assert (claimant.kind, claimant.last_name, claimant.first_names) == ("natural", "Ouédraogo", "Ɓintou")

    def test_a_family_claims_and_a_row_left_among_the_claimants_is_not_read(self):
        response = self.post(
            holding="collective",
            group_name=FAMILY,
            group_type="family",
            mandate_reference="Mandat du 2 mars 2026",
            mandate_date="2026-03-02",
            **{
                "holders-0-last_name": "Ouédraogo",  # typed before choosing the family
                "holders-0-share": "1/3",
                "members-0-last_name": "Ŋaba",
                "members-0-first_names": "Ɓintu Fatɛ",
                "members-0-sex": "F",
                "members-0-share": "1/2",
                "members-0-mandatary": "on",
                "members-1-last_name": "Ŋaba",
                "members-1-first_names": "Ɓoukary",
                "members-1-sex": "M",
                "members-1-share": "1/2",
            },
        )
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        claimants = Claim.objects.get().claimants.order_by("id")
        assert [(c.role, c.public_name) for c in claimants] == [
            ("holder", FAMILY),
            ("mandatary", "ŊABA Ɓintu Fatɛ"),
            ("member", "ŊABA Ɓoukary"),
        ]

    def test_an_error_in_the_part_not_read_is_not_shown_but_what_was_typed_is_kept(self):
        response = self.post(
            holding="individual",
            **{"holders-0-last_name": "", "members-0-last_name": "Ŋaba", "members-0-share": "½"},
        )
        assert response.status_code == 400
        page = unescape(response.content.decode())
        assert "Indiquez la personne qui demande." in page
        family = page.split('data-holding="collective">', 1)[1].split("</div>", 1)[0]
        assert 'value="½"' in family  # kept as typed
        assert 'class="error"' not in family and " invalid" not in family  # not read, so not refused
