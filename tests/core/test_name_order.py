"""Names are listed in the alphabet's order: Ɓ after B, Ɗ after D, Ɛ after E, Ŋ after N, Ɔ after O.

Before: lists ordered by the names' code points put « ŊƆMBƆ » and « ƁAŊA » after « ZONGO », in the parties
list of the administration and among a family's members in the register of possessions."""

import csv
import io
import re
from html import unescape
from urllib.parse import urlparse

from django.urls import reverse

from landreg.core.search.collation import name_order_key
from landreg.parcels.services import parcel_record
from landreg.parties.models import PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import links
from tests.geometries import square

IN_ORDER = ["Bado", "Ɓaŋa", "Diallo", "Ɗiallo", "Eric", "Ɛsi", "Nabi", "Ŋɔmbɔ", "Oba", "Ɔusmane", "Zongo"]
# The family's members, its mandatary aside: the register prints them in the alphabet's order.
MEMBERS = ["Zongo", "Ŋɔmbɔ", "Nabi", "Ɓaŋa", "Bado", "Ɛsi"]


def last_names_in(text: str) -> list[str]:
    upper = {name.upper(): name for name in MEMBERS}
    return [upper[word] for word in re.findall(r"\w+", text) if word in upper]


class NameOrderTests(AdjudicationTestCase):
    def test_the_key_puts_each_african_letter_after_its_latin_one(self):
        assert sorted(reversed(IN_ORDER), key=name_order_key) == IN_ORDER
        assert sorted(["Kaboré", "Kabore", "Kabre"], key=name_order_key) == ["Kabore", "Kaboré", "Kabre"]

    def family(self):
        family = party_create(
            kind=PartyKind.GROUP, village=self.village_a, group_type="family", name="Famille Ɛsi"
        )
        elder = make_person(self.village_a, "Tapsoba", "Ɓila", sex="M")
        members = [MemberShare(member=elder, share="1/7", is_mandatary=True)]
        members += [
            MemberShare(member=make_person(self.village_a, name, "Awa"), share="1/7") for name in MEMBERS
        ]
        group_set_members(group=family, members=members)
        parcel = parcel_record(village=self.village_a, geometry=square(0, 300), survey_method="gps")
        right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(party=family)],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )
        return family

    def test_the_parties_list_of_the_administration_is_in_the_alphabets_order(self):
        self.family()
        self.mayor.is_staff = self.mayor.is_superuser = True
        self.mayor.save()
        self.client.force_login(self.mayor)
        page = unescape(self.client.get("/admin/parties/party/", {"kind__exact": "natural"}).content.decode())
        shown = re.findall(r'<th class="field-name_shown"><a href="[^"]+">([^<]+)</a>', page)
        listed = [name.split()[0] for name in shown if name.split()[0] in {m.upper() for m in MEMBERS}]
        assert listed == ["BADO", "ƁAŊA", "ƐSI", "NABI", "ŊƆMBƆ", "ZONGO"], shown

    def test_the_register_of_possessions_lists_a_familys_members_in_the_alphabets_order(self):
        self.family()
        self.client.force_login(self.registrar)
        period = {"village": "TC-A", "start": "2030-01-01", "end": "2030-12-31"}
        page = self.client.get(reverse("registers:list"), period).content.decode()
        [href] = [h for h in links(page) if urlparse(h).path == "/registers/TC-A/possessions/csv/"]
        body = self.client.get(href).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body), delimiter=";"))
        [holders] = [cell for row in rows for cell in row if "Famille Ɛsi" in cell]
        assert last_names_in(holders) == ["Bado", "Ɓaŋa", "Ɛsi", "Nabi", "Ŋɔmbɔ", "Zongo"], holders

    def test_the_claim_forms_list_of_registered_persons_is_in_the_alphabets_order(self):
        self.family()
        self.client.force_login(self.agent_a)
        page = unescape(self.client.get("/adjudication/claims/new/").content.decode())
        select = page.split('name="holders-0-party"', 1)[1].split("</select>", 1)[0]
        options = re.findall(r"<option[^>]*>([^<]+)</option>", select)
        listed = [name.split()[0] for name in options if name.split()[0] in {m.upper() for m in MEMBERS}]
        assert listed == ["BADO", "ƁAŊA", "ƐSI", "NABI", "ŊƆMBƆ", "ZONGO"], options
