"""A person's page (/people/<id>/): what a land office clerk at the counter asks about one person or one
family holding, as each user may see it; reached from the header search, the parcel page and the certificate
page."""

import datetime as dt
from html import unescape

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from landreg.accounts.roles import Role
from landreg.adjudication.changes.transfers import transfer_apply
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from landreg.certificates.issuing.services import certificate_issue_for_parcel
from landreg.certificates.issuing.transitions import certificate_revoke
from landreg.disputes.cases.services import PartyInput
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind, Sex
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.models import Right
from landreg.rights.services import HolderShare, right_end, right_register
from tests.adjudication.helpers import make_user
from tests.base import make_person
from tests.browser_forms import form_posting_to, links
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import square

BASIS = "Loi 034-2009/AN, art. 36"


def page_of(party) -> str:
    return f"/people/{party.pk}/"


class PersonPageTests(DisputeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a = cls.village_a
        cls.kone = make_person(
            a,
            last_name="Kɔnɛ",
            first_names="Ŋaba Aminata",
            sex=Sex.FEMALE,
            birth_date=dt.date(1978, 4, 12),
            birth_place="Ɓoromo",
            id_document_type="national_id",
            id_document_number="B44556677",
            profession="ménagère",
            domicile="Secteur Ɓɛlɛ",
        )
        cls.spouse = make_person(
            a, last_name="Kɔnɛ", first_names="Ɓukari", sex=Sex.MALE, id_document_type="national_id",
            id_document_number="B44556688",
        )  # fmt: skip
        cls.family = party_create(
            kind=PartyKind.GROUP, village=a, name="Famille Ŋaaré", group_type=GroupType.FAMILY
        )
        group_set_members(
            group=cls.family,
            members=[
                MemberShare(member=cls.kone, share="1/2", is_mandatary=True),
                MemberShare(member=cls.spouse, share="1/2"),
            ],
        )
        # Held with her husband, in halves; held by her family; a land loan she held, ended.
        cls.joint = cls.parcel(300, [HolderShare(cls.kone, "1/2"), HolderShare(cls.spouse, "1/2")])
        cls.family_land = cls.parcel(500, [HolderShare(cls.family)])
        cls.lent = parcel_record(village=a, geometry=square(700, 0), survey_method="gps")
        loan = right_register(
            parcel=cls.lent, right_type="loan", holders=[HolderShare(cls.kone)], tenure_system="customary",
            legal_basis=BASIS,
        )  # fmt: skip
        right_end(right=loan, reason="Prêt repris par le prêteur")
        cls.certificate, _new = certificate_issue_for_parcel(
            parcel=cls.joint, actor=cls.registrar, base_url="http://testserver"
        )
        # Someone of village B: not for village A's users.
        cls.nord = make_person(cls.village_b, last_name="Ɓamogo", first_names="Ŋɔɔ", sex=Sex.MALE)

    @classmethod
    def parcel(cls, east, holders):
        parcel = parcel_record(village=cls.village_a, geometry=square(east, 0), survey_method="gps")
        right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=holders,
            tenure_system="customary",
            legal_basis=BASIS,
        )
        return parcel

    def setUp(self):
        super().setUp()
        self.claim = self.draft(east=900, claimants=[ClaimantInput(party=self.kone, share="1")])
        self.case = self.file_case(
            parties=[
                PartyInput("holder", self.kone.display_name, "F", self.kone),
                PartyInput("other", "ZONGO Paul", "M"),
            ],
            parcels=[self.joint],
        )

    def get(self, user, party):
        self.client.force_login(user)
        return self.client.get(page_of(party))

    def test_a_clerk_of_the_village_sees_rights_groups_claims_certificates_and_cases(self):
        response = self.get(self.registrar, self.kone)
        assert response.status_code == 200
        html = response.content.decode()
        found = links(html)
        assert "KƆNƐ Ŋaba Aminata" in html
        # her rights: the joint parcel (her half) and the family's parcel, through the family
        assert f"/parcels/{self.joint.pk}/" in found and f"/parcels/{self.family_land.pk}/" in found
        rights = html.split('class="list rights"')[1].split("</table>")[0]
        assert self.joint.number in rights and self.family_land.number in rights and "1/2" in rights
        assert "Famille Ŋaaré" in rights and self.lent.number not in rights
        # the ended loan, apart
        past = html.split('class="list past-rights"')[1].split("</table>")[0]
        assert self.lent.number in past
        # the family, linked, with her share and her mandate
        groups = html.split('class="groups"')[1].split("</ul>")[0]
        assert page_of(self.family) in groups and "1/2" in groups and "mandataire" in groups
        # her claim, her certificate and her case, each linked to its page
        assert f"/adjudication/claims/{self.claim.pk}/" in found
        assert f"/certificates/{self.certificate.pk}/" in found and self.certificate.number in html
        assert f"/disputes/{self.case.pk}/" in found and self.case.number in html
        # the land office sees the village's personal data
        assert "B44556677" in html and "12 avril 1978" in html and "Ɓoromo" in html

    def test_personal_data_is_hidden_from_a_user_without_the_villages_personal_data_permission(self):
        html = self.get(self.member_a, self.kone).content.decode()
        assert "KƆNƐ Ŋaba Aminata" in html and "Secteur Ɓɛlɛ" in html and "Village A" in html
        assert self.joint.number in html
        for secret in ("B44556677", "1978", "Ɓoromo", "ménagère"):
            assert secret not in html, secret
        assert "data-personal-hidden" in html
        # nor in the family's list of members
        family = self.get(self.member_a, self.family).content.decode()
        assert "B44556677" not in family and "B44556688" not in family

    def test_the_personal_data_permission_shows_them(self):
        html = self.get(self.agent_a, self.kone).content.decode()
        assert "B44556677" in html and "12 avril 1978" in html and "data-personal-hidden" not in html
        family = self.get(self.agent_a, self.family).content.decode()
        assert "B44556677" in family and "née en 1978" in family

    def test_a_user_of_another_village_gets_404(self):
        assert self.get(self.agent_b, self.kone).status_code == 404
        assert self.get(self.agent_b, self.family).status_code == 404
        assert self.get(self.agent_a, self.nord).status_code == 404
        assert self.get(self.agent_b, self.nord).status_code == 200
        assert self.client.get("/people/00000000-0000-0000-0000-000000000000/").status_code == 404

    def test_a_user_without_any_record_to_see_gets_404(self):
        assert self.get(self.stranger, self.kone).status_code == 404

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self):
        response = self.client.get(page_of(self.kone))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    def test_a_group_page_lists_its_members_with_the_mandatary_and_the_rights_it_holds(self):
        response = self.get(self.registrar, self.family)
        html = response.content.decode()
        assert response.status_code == 200 and "Famille Ŋaaré" in html
        members = html.split('class="list members"')[1].split("</table>")[0]
        assert page_of(self.kone) in members and page_of(self.spouse) in members
        assert members.index("Ŋaba Aminata") < members.index("Ɓukari")  # the mandatary first
        assert "mandataire" in members and members.count("1/2") == 2
        rights = html.split('class="list rights"')[1].split("</table>")[0]
        assert self.family_land.number in rights and self.joint.number not in rights

    def test_the_search_result_leads_to_the_persons_page(self):
        self.client.force_login(self.registrar)
        html = self.client.get("/search/", {"q": "Kɔnɛ Ŋaba"}).content.decode()
        people = html.split("</section>")[-2]
        [href] = [h for h in links(people) if h.startswith("/people/")]
        assert href == page_of(self.kone)
        assert "KƆNƐ Ŋaba Aminata" in self.client.get(href).content.decode()

    def test_the_parcel_page_links_each_holder_to_their_page(self):
        self.client.force_login(self.member_a)
        found = links(self.client.get(f"/parcels/{self.joint.pk}/").content.decode())
        assert page_of(self.kone) in found and page_of(self.spouse) in found
        found = links(self.client.get(f"/parcels/{self.family_land.pk}/").content.decode())
        assert page_of(self.family) in found
        assert self.client.get(page_of(self.family)).status_code == 200

    def test_the_certificate_page_links_each_holder_to_their_page(self):
        self.client.force_login(self.registrar)
        found = links(self.client.get(f"/certificates/{self.certificate.pk}/").content.decode())
        assert page_of(self.kone) in found and page_of(self.spouse) in found

    def test_the_claim_page_and_the_case_page_lead_to_the_registered_people_the_user_may_see(self):
        self.client.force_login(self.registrar)
        found = links(self.client.get(f"/adjudication/claims/{self.claim.pk}/").content.decode())
        assert page_of(self.kone) in found
        case = self.file_case(
            parties=[
                PartyInput("holder", self.kone.display_name, "F", self.kone),
                PartyInput("other", self.nord.display_name, "M", self.nord),
                PartyInput("other", "ZONGO Paul", "M"),
            ],
            parcels=[self.joint],
        )
        html = self.client.get(f"/disputes/{case.pk}/").content.decode()
        assert page_of(self.kone) in links(html) and page_of(self.nord) in links(html)  # the commune's office
        # the land office of village A alone: the person of village B named, not linked; ZONGO Paul, not
        # registered, named
        self.client.force_login(make_user("guichet_a", Role.REGISTRAR, self.village_a))
        html = self.client.get(f"/disputes/{case.pk}/").content.decode()
        assert page_of(self.kone) in links(html) and page_of(self.nord) not in links(html)
        assert "ƁAMOGO Ŋɔɔ" in html and "ZONGO Paul" in html

    def test_an_objection_she_lodged_is_listed_with_its_claim_and_case(self):
        other = self.draft(east=1100)
        self.walk_to(other, ClaimState.PUBLIC_NOTICE)
        objection = objection_lodge(
            claim=other,
            recorded_by=self.agent_a,
            grounds="La parcelle empiète sur mon champ",
            objector_party=self.kone,
        )
        html = self.get(self.registrar, self.kone).content.decode()
        listed = html.split('class="objections"')[1].split("</ul>")[0]
        assert (
            f"/adjudication/claims/{other.pk}/" in listed and f"/disputes/{objection.dispute_id}/" in listed
        )
        assert "empiète" in listed

    def lineage_she_left(self):
        """The lineage Ɓaŋgo, of which she was a member from START for 60 days: it held two parcels then
        (one right ended after 30 days, the other still held, certified while she was a member), and took a
        third after she left."""
        elder = make_person(self.village_a, last_name="Ɓaŋgo", first_names="Issaka", sex=Sex.MALE)
        lineage = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Lignage Ɓaŋgo", group_type=GroupType.LINEAGE
        )
        group_set_members(
            group=lineage,
            members=[
                MemberShare(member=elder, share="2/3", is_mandatary=True),
                MemberShare(member=self.kone, share="1/3"),
            ],
        )
        kept, ended = self.parcel(1300, [HolderShare(lineage)]), self.parcel(1500, [HolderShare(lineage)])
        certificate, _new = certificate_issue_for_parcel(
            parcel=kept, actor=self.registrar, base_url="http://testserver"
        )
        self.travel(30)
        right_end(right=Right.objects.get(parcel=ended), reason="Champ rendu au chef de terre")
        self.travel(20)
        # a new member: the members set anew, her terms kept (one membership for the page)
        newcomer = make_person(self.village_a, last_name="Ɓaŋgo", first_names="Ŋani", sex=Sex.FEMALE)
        group_set_members(
            group=lineage,
            members=[
                MemberShare(member=elder, share="1/3", is_mandatary=True),
                MemberShare(member=self.kone, share="1/3"),
                MemberShare(member=newcomer, share="1/3"),
            ],
        )
        self.travel(10)
        group_set_members(
            group=lineage,
            members=[
                MemberShare(member=elder, share="1/2", is_mandatary=True),
                MemberShare(member=newcomer, share="1/2"),
            ],
        )
        self.travel(5)
        later = self.parcel(1700, [HolderShare(lineage)])
        return lineage, kept, ended, later, certificate

    def test_a_group_she_left_is_listed_apart_with_its_dates_and_the_rights_she_held_through_it(self):
        lineage, kept, ended, later, certificate = self.lineage_she_left()
        html = self.get(self.registrar, self.kone).content.decode()
        groups = html.split('class="groups"')[1].split("</ul>")[0]
        assert page_of(self.family) in groups and page_of(lineage) not in groups
        past_groups = html.split('class="list past-groups"')[1].split("</table>")[0]
        [row] = [r for r in past_groups.split("<tr>") if page_of(lineage) in r]
        assert "Lignage Ɓaŋgo" in row and "lignage" in row and "1/3" in row and "membre" in row
        assert "07/01/2030" in row and "08/03/2030" in row  # from START to the day she left, one membership
        # nothing of the lineage is hers now
        rights = html.split('class="list rights"')[1].split("</table>")[0]
        for parcel in (kept, ended, later):
            assert parcel.number not in rights, parcel.number
        # what she held through it, apart, naming the lineage: ended with the right or when she left
        past = html.split('class="list past-rights"')[1].split("</table>")[0]
        [kept_row] = [r for r in past.split("<tr>") if kept.number in r]
        assert "Lignage Ɓaŋgo" in kept_row and page_of(lineage) in kept_row and "08/03/2030" in kept_row
        [ended_row] = [r for r in past.split("<tr>") if ended.number in r]
        assert "Lignage Ɓaŋgo" in ended_row and "06/02/2030" in ended_row
        assert self.lent.number in past  # her own loan, still there
        assert later.number not in past  # taken by the lineage after she left
        # the certificate of the lineage's parcel, issued while she was a member
        certificates = html.split('class="certificates"')[1].split("</ul>")[0]
        assert f"/certificates/{certificate.pk}/" in certificates and "Lignage Ɓaŋgo" in certificates
        # the lineage's own page is as before: its current rights
        lineage_html = self.get(self.registrar, lineage).content.decode()
        lineage_rights = lineage_html.split('class="list rights"')[1].split("</table>")[0]
        assert kept.number in lineage_rights and later.number in lineage_rights

    def test_a_share_changed_in_a_group_she_still_belongs_to_shows_the_earlier_terms_apart(self):
        self.travel(3)
        group_set_members(
            group=self.family,
            members=[
                MemberShare(member=self.kone, share="2/3", is_mandatary=True),
                MemberShare(member=self.spouse, share="1/3"),
            ],
        )
        html = self.get(self.registrar, self.kone).content.decode()
        groups = html.split('class="groups"')[1].split("</ul>")[0]
        assert page_of(self.family) in groups and "2/3" in groups and "10/01/2030" in groups
        past_groups = html.split('class="list past-groups"')[1].split("</table>")[0]
        assert page_of(self.family) in past_groups and "1/2" in past_groups and "mandataire" in past_groups
        assert "10/01/2030" in past_groups
        # the family's parcel is hers all along: current, not past
        rights = html.split('class="list rights"')[1].split("</table>")[0]
        assert self.family_land.number in rights
        assert self.family_land.number not in html.split('class="list past-rights"')[1].split("</table>")[0]

    def test_a_certificate_of_land_she_sold_and_a_revoked_one_of_her_family_are_listed_with_their_status(
        self,
    ):
        own = self.parcel(1900, [HolderShare(self.kone)])
        sold, _new = certificate_issue_for_parcel(
            parcel=own, actor=self.registrar, base_url="http://testserver"
        )
        family, _new = certificate_issue_for_parcel(
            parcel=self.family_land, actor=self.registrar, base_url="http://testserver"
        )
        self.travel(2)
        buyer = make_person(self.village_a, last_name="Ouédraogo", first_names="Ɓila", sex=Sex.MALE)
        transfer_apply(
            right=Right.objects.get(parcel=own, end_lifespan__isnull=True),
            kind="sale",
            new_holders=[HolderShare(buyer)],
            actor=self.registrar,
            reason="Vente à Ouédraogo Ɓila, acte du 08/01/2030",
            documents=[],
        )
        certificate_revoke(certificate=family, actor=self.mayor, reason="Erreur sur le nom de la famille")
        html = self.get(self.registrar, self.kone).content.decode()
        certificates = html.split('class="certificates"')[1].split("</ul>")[0]
        [sold_row] = [r for r in certificates.split("<li>") if sold.number in r]
        assert f"/certificates/{sold.pk}/" in sold_row and "remplacé" in sold_row
        [family_row] = [r for r in certificates.split("<li>") if family.number in r]
        assert "révoqué" in family_row and "Famille Ŋaaré" in family_row and "remplacé" not in family_row
        [joint_row] = [r for r in certificates.split("<li>") if self.certificate.number in r]
        assert "remplacé" not in joint_row and "révoqué" not in joint_row
        past = html.split('class="list past-rights"')[1].split("</table>")[0]
        assert own.number in past

    def test_the_claim_page_leads_to_a_registered_objector_and_names_a_typed_one(self):
        claim = self.draft(east=1100)
        self.walk_to(claim, ClaimState.PUBLIC_NOTICE)
        address = f"/adjudication/claims/{claim.pk}/"
        agent = Client(enforce_csrf_checks=True)
        agent.force_login(self.agent_a)
        for typed in (
            {"objector_party": str(self.kone.pk), "grounds": "La limite nord empiète sur mon champ"},
            {"objector_name": "ZONGO Paul", "objector_id_reference": "CNIB B7654321", "grounds": "Le puits"},
        ):
            form = form_posting_to(agent.get(address).content.decode(), "/objection/")
            response = agent.post(form.action, form.data(form.buttons[0], **typed))
            assert response.status_code == 302, unescape(response.content.decode())[:2000]
        self.client.force_login(self.registrar)
        html = unescape(self.client.get(address).content.decode())
        objections = html.split("<h2>Oppositions</h2>")[1].split("</ul>")[0]
        assert f'<a href="{page_of(self.kone)}">KƆNƐ Ŋaba Aminata</a> — La limite nord' in objections
        assert "— ZONGO Paul — Le puits" in objections and objections.count("/people/") == 1
        assert page_of(self.kone) in links(agent.get(address).content.decode())

    def test_the_page_reads_a_bounded_number_of_statements_however_many_rights_claims_and_cases(self):
        def statements(party) -> int:
            self.client.force_login(self.registrar)
            self.client.get(page_of(party))  # the process's caches: permissions kept, content types
            with CaptureQueriesContext(connection) as captured:
                assert self.client.get(page_of(party)).status_code == 200
            return len(captured)

        self.lineage_she_left()
        before = statements(self.kone)
        for n in range(5):  # five more parcels held, each certified, claimed and disputed; five groups left
            land = self.parcel(2000 + 200 * n, [HolderShare(self.kone)])
            certificate_issue_for_parcel(parcel=land, actor=self.registrar, base_url="http://testserver")
            self.draft(east=4000 + 200 * n, claimants=[ClaimantInput(party=self.kone, share="1")])
            self.file_case(
                parties=[PartyInput("holder", self.kone.display_name, "F", self.kone)], parcels=[land]
            )
            group = party_create(
                kind=PartyKind.GROUP,
                village=self.village_a,
                name=f"Famille Ɓasa {n}",
                group_type=GroupType.FAMILY,
            )
            group_set_members(group=group, members=[MemberShare(member=self.kone, share="1")])
            held = self.parcel(6000 + 200 * n, [HolderShare(group)])
            certificate_issue_for_parcel(parcel=held, actor=self.registrar, base_url="http://testserver")
            self.travel(1)
            group_set_members(group=group, members=[MemberShare(member=self.spouse, share="1")])
        html = self.client.get(page_of(self.kone)).content.decode()
        assert html.count("/certificates/") >= 12 and html.count("/disputes/") >= 6
        assert html.split('class="list past-groups"')[1].split("</table>")[0].count("Famille Ɓasa") == 5
        assert statements(self.kone) == before <= 12, before

    def test_the_claims_and_cases_of_a_group_she_left_from_her_time_in_it_are_listed_as_past(self):
        elder = make_person(self.village_a, last_name="Ɓaŋgo", first_names="Issaka", sex=Sex.MALE)
        lineage = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Lignage Ɓaŋgo", group_type=GroupType.LINEAGE
        )
        members = [MemberShare(member=elder, share="2/3", is_mandatary=True)]
        group_set_members(group=lineage, members=[*members, MemberShare(member=self.kone, share="1/3")])
        self.travel(2)
        as_lineage = [ClaimantInput(party=lineage, kind="group", share="1")]
        hers = self.draft(east=1300, claimants=as_lineage)
        her_case = self.file_case(
            subject="Limite du champ du lignage",
            parties=[PartyInput("holder", lineage.display_name, "", lineage)],
            parcels=[self.parcel_a],  # not her family's land: its holder joins the case
        )
        self.travel(10)
        group_set_members(group=lineage, members=[MemberShare(member=elder, share="1", is_mandatary=True)])
        self.travel(5)
        after = self.draft(east=1500, claimants=as_lineage)
        later_case = self.file_case(
            subject="Passage des troupeaux",
            parties=[PartyInput("holder", lineage.display_name, "", lineage)],
            parcels=[self.parcel_a],
        )
        html = self.get(self.registrar, self.kone).content.decode()
        claims = html.split('class="claims"')[1].split("</ul>")[0]
        [row] = [r for r in claims.split("<li>") if f"/adjudication/claims/{hers.pk}/" in r]
        assert "(Lignage Ɓaŋgo, membre jusqu’au 19/01/2030)" in row
        assert f"/adjudication/claims/{after.pk}/" not in claims  # lodged after she left
        assert f"/adjudication/claims/{self.claim.pk}/" in claims  # her own, as before
        cases = html.split('class="cases"')[1].split("</ul>")[0]
        [row] = [r for r in cases.split("<li>") if f"/disputes/{her_case.pk}/" in r]
        assert "(Lignage Ɓaŋgo, membre jusqu’au 19/01/2030)" in row
        assert f"/disputes/{later_case.pk}/" not in cases and f"/disputes/{self.case.pk}/" in cases
        # The elder, still a member, sees both claims through the lineage, not as past.
        elder_claims = self.get(self.registrar, elder).content.decode().split('class="claims"')[1]
        assert elder_claims.split("</ul>")[0].count("(Lignage Ɓaŋgo)") == 2

    def test_a_membership_corrected_the_day_it_was_set_is_no_past_membership(self):
        cousin = make_person(self.village_a, last_name="Kɔnɛ", first_names="Ɛlise", sex=Sex.FEMALE)
        terms = [
            MemberShare(member=self.kone, share="1/2", is_mandatary=True),
            MemberShare(member=self.spouse, share="1/2"),
        ]
        self.travel(1)
        group_set_members(
            group=self.family,
            members=[*terms[:1], MemberShare(member=self.spouse, share="1/4"), MemberShare(cousin, "1/4")],
        )
        self.now += dt.timedelta(hours=3)  # corrected the same day: she was entered by mistake
        self._freeze()
        group_set_members(group=self.family, members=terms)
        self.travel(1)
        family_claim = self.draft(east=1300, claimants=[ClaimantInput(party=self.family, kind="group")])
        cousin_html = self.get(self.registrar, cousin).content.decode()
        assert 'class="list past-groups"' not in cousin_html and page_of(self.family) not in cousin_html
        assert f"/adjudication/claims/{family_claim.pk}/" not in cousin_html
        # The spouse's quarter for three hours is no past membership either: his half runs on.
        spouse_html = self.get(self.registrar, self.spouse).content.decode()
        assert 'class="list past-groups"' not in spouse_html
        assert page_of(self.family) in spouse_html.split('class="groups"')[1].split("</ul>")[0]
