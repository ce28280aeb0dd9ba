"""The agent's claim form as the agent fills it: one person, several jointly, or a family with its members,
shares, mandatary and mandate; civil status; a registered person found and reused; errors next to the field,
in French, with everything typed kept; drafts (and returned claims) edited.

Every post starts from what the page renders (management forms included), read by tests/browser_forms.py.
"""

import json
from fractions import Fraction
from html import unescape
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.models import Claim, ClaimantRole
from landreg.adjudication.states import ClaimState
from landreg.parties.exceptions import PartyError
from landreg.parties.models import Party
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person
from tests.browser_forms import flat, form_data
from tests.geometries import square

ETALAB = Path("/work/shared/data/etalab-91216-epinay-sur-orge-parcels.geojson")


def etalab_parcels(count: int) -> list[GEOSGeometry]:
    """The first real parcels of the Etalab file (lon/lat), read once."""
    with ETALAB.open() as stream:
        features = json.load(stream)["features"][:count]
    return [GEOSGeometry(json.dumps(f["geometry"]), srid=4326) for f in features]


class ClaimFormCase(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.real = etalab_parcels(40)
        # Village C has a boundary: around the first real parcel; another parcel of the file lies outside it.
        hull = MultiPolygon(cls.real[0].convex_hull.buffer(0.0002), srid=4326)
        cls.outside = next(p for p in cls.real[1:] if not hull.intersects(p))
        cls.village_c = unit_create(
            level=UnitLevel.VILLAGE, code="TC-V", name="Village C", parent=cls.commune, boundary=hull
        )
        from landreg.accounts.roles import Role
        from landreg.accounts.services import role_grant

        role_grant(user=cls.agent_a, role=Role.FIELD_AGENT, unit=cls.village_c)

    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.client.force_login(self.agent_a)

    def page(self, url="/adjudication/claims/new/", data=None):
        response = self.client.post(url, data) if data is not None else self.client.get(url)
        return response, form_data(response.content.decode())

    def base(self, **fields):
        """The blank form as rendered, with the parcel filled in."""
        _, data = self.page()
        data.update(
            {
                "village": [str(self.village_a.pk)],
                "local_name": ["Kɔnkɔ"],
                "geometry": [square(100, 0).geojson],
                "limit_north": ["Piste de Ɓoulsa"],
            }
        )
        data.update({k: [v] for k, v in fields.items()})
        return data

    def person(self, data, prefix, i, last, first, sex, share="", **extra):
        values = {"last_name": last, "first_names": first, "sex": sex, "share": share, **extra}
        for name, value in values.items():
            data[f"{prefix}-{i}-{name}"] = [value]

    def save(self, data, url="/adjudication/claims/new/"):
        return self.client.post(url, flat(data) | {"save": "1"})


class ClaimFormTests(ClaimFormCase):
    def test_the_blank_form_renders_its_formsets_and_the_boundary_field(self):
        response, data = self.page()
        assert response.status_code == 200
        assert data["holders-TOTAL_FORMS"] == ["3"] and data["members-TOTAL_FORMS"] == ["4"]
        html = response.content.decode()
        assert 'name="geometry"' in html and "Sexe" in html and "Date de naissance" in html

    def test_an_agent_drafts_a_claim_of_one_woman_with_her_civil_status(self):
        data = self.base()
        self.person(
            data,
            "holders",
            0,
            "Ŋaba",
            "Ɓintu Fatɛ",
            "F",
            birth_date="1984-03-02",
            birth_place="Koudougou",
            id_document_type="national_id",
            id_document_number="B00112233",
            profession="cultivatrice",
            domicile="Sabtenga, quartier Ɓaŋre",
        )
        response = self.save(data)
        claim = Claim.objects.get()
        self.assertRedirects(response, f"/adjudication/claims/{claim.pk}/", fetch_redirect_response=False)
        person = claim.claimants.get()
        assert (person.last_name, person.first_names, person.sex, person.share) == (
            "Ŋaba",
            "Ɓintu Fatɛ",
            "F",
            1,
        )
        assert str(person.birth_date) == "1984-03-02" and person.id_document_number == "B00112233"
        assert person.domicile == "Sabtenga, quartier Ɓaŋre" and claim.limit_north == "Piste de Ɓoulsa"

    def test_a_joint_claim_needs_shares_adding_up_to_one_and_keeps_what_was_typed(self):
        data = self.base(holding="joint")
        self.person(data, "holders", 0, "Kaboré", "Salif", "M", "1/3")
        self.person(data, "holders", 1, "Kaboré", "Ɓinta", "F", "1/2", birth_place="Réo")
        response = self.save(data)
        assert response.status_code == 400 and not Claim.objects.exists()
        html = response.content.decode()
        assert "5/6" in html and "pas 1" in html
        kept = form_data(html)
        assert kept["holders-1-first_names"] == ["Ɓinta"] and kept["holders-1-sex"] == ["F"]
        assert kept["holders-1-share"] == ["1/2"] and kept["holders-1-birth_place"] == ["Réo"]
        assert kept["limit_north"] == ["Piste de Ɓoulsa"] and kept["geometry"][0].startswith("{")
        kept["holders-1-share"] = ["2/3"]
        response = self.save(kept)
        claim = Claim.objects.get()
        assert response.status_code == 302
        assert sorted(c.share for c in claim.claimants.all()) == [Fraction(1, 3), Fraction(2, 3)]

    def test_a_person_without_a_sex_or_a_decimal_share_gets_the_error_next_to_the_field(self):
        data = self.base(holding="joint")
        self.person(data, "holders", 0, "Kaboré", "Salif", "", "1/2")
        self.person(data, "holders", 1, "Kaboré", "Awa", "F", "0,5")
        response = self.save(data)
        assert response.status_code == 400 and not Claim.objects.exists()
        html = response.content.decode()
        assert 'id="id_holders-0-sex_errors">Indiquez le sexe.' in html
        assert 'id="id_holders-1-share_errors">' in html and "0,5" in html

    def test_a_family_claims_with_its_members_shares_mandatary_and_mandate(self):
        data = self.base(
            holding="collective",
            group_name="Famille Ŋaba de Kɔnkɔ",
            group_type="family",
            mandate_reference="Mandat n°7",
            mandate_date="2030-01-03",
            right_type="commonOwnership",
        )
        self.person(data, "members", 0, "Ŋaba", "Awa", "F", "1/2", mandatary="on")
        self.person(data, "members", 1, "Ŋaba", "Ɓoukary", "M", "1/4")
        self.person(data, "members", 2, "Ŋaba", "Fatɛ", "F", "1/4")
        response = self.save(data)
        assert response.status_code == 302, form_data(response.content.decode())
        claim = Claim.objects.get()
        group = claim.claimants.get(role=ClaimantRole.HOLDER)
        assert (group.kind, group.name, group.group_type) == ("group", "Famille Ŋaba de Kɔnkɔ", "family")
        mandatary = claim.claimants.get(role=ClaimantRole.MANDATARY)
        assert (
            mandatary.first_names == "Awa" and claim.claimants.filter(role=ClaimantRole.MEMBER).count() == 2
        )
        assert claim.documents.get().reference == "Mandat n°7"
        # The mandate is attached, so the collective claim can be submitted once the form is attached too.
        self.attach(claim, "application_form")
        assert t.claim_submit(claim=claim, actor=self.agent_a).state == ClaimState.SUBMITTED

    def test_a_family_without_a_mandatary_or_mandate_is_refused_with_reasons(self):
        data = self.base(holding="collective", group_name="Famille Ŋaba", group_type="family")
        self.person(data, "members", 0, "Ŋaba", "Awa", "F", "1/2")
        self.person(data, "members", 1, "Ŋaba", "Ɓoukary", "M", "1/2")
        response = self.save(data)
        html = response.content.decode()
        assert response.status_code == 400 and not Claim.objects.exists()
        assert "Cochez un seul mandataire" in html and 'id="id_mandate_reference_errors"' in html

    def test_a_refused_family_claim_says_the_mandates_scan_must_be_chosen_again(self):
        # Seen in Chromium: after « Cochez un seul mandataire », the scan chosen for the mandate was gone (a
        # browser never keeps a file field) without a word, and the claim was then saved without it.
        data = self.base(
            holding="collective",
            group_name="Famille Ŋaba",
            group_type="family",
            mandate_reference="Mandat n°7",
            mandate_date="2030-01-03",
            right_type="commonOwnership",
        )
        self.person(data, "members", 0, "Ŋaba", "Awa", "F", "1/2")
        self.person(data, "members", 1, "Ŋaba", "Ɓoukary", "M", "1/2")
        scan = SimpleUploadedFile("mandat Ŋaba.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        response = self.client.post(
            "/adjudication/claims/new/", flat(data) | {"save": "1", "mandate_file": scan}
        )
        html = unescape(response.content.decode())
        assert response.status_code == 400 and not Claim.objects.exists()
        assert (
            "Le fichier «\u202fmandat Ŋaba.pdf\u202f» n’a pas été gardé\u202f: choisissez-le à nouveau."
            in html
        )

    def test_a_registered_person_is_found_by_name_and_reused(self):
        awa = make_person(
            self.village_a, "Ɓationo", "Awa", id_document_type="national_id", id_document_number="B7"
        )
        make_person(self.village_b, "Ɓationo", "Paul", "M")  # another village: not offered
        data = self.base()
        data["person_q"] = ["ɓatio"]
        response = self.client.post("/adjudication/claims/new/", flat(data) | {"search": "1"})
        html = response.content.decode()
        assert response.status_code == 200 and "ƁATIONO Awa" in html and "Paul" not in html
        assert "Indiquez" not in html  # a search shows no error
        kept = form_data(html)
        kept["holders-0-party"] = [str(awa.pk)]
        response = self.save(kept)
        assert response.status_code == 302
        assert Claim.objects.get().claimants.get().party == awa

    def test_a_new_person_with_a_registered_id_is_sent_to_the_list(self):
        make_person(self.village_a, "Ɓationo", "Awa", id_document_type="national_id", id_document_number="B7")
        data = self.base()
        self.person(
            data, "holders", 0, "Bationo", "Awa", "F", id_document_type="national_id", id_document_number="B7"
        )
        response = self.save(data)
        assert response.status_code == 400 and "choisissez-la dans la liste" in response.content.decode()

    def test_the_id_number_of_a_current_person_is_unique(self):
        make_person(self.village_a, "Ɓationo", "Awa", id_document_type="national_id", id_document_number="B7")
        with self.assertRaises(PartyError):  # the service says so
            make_person(
                self.village_b, "Zongo", "Awa", id_document_type="national_id", id_document_number="B7"
            )
        with self.assertRaises(IntegrityError), transaction.atomic():  # and the database holds it
            Party.objects.create(
                kind="natural",
                village=self.village_b,
                last_name="Zongo",
                sex="F",
                id_document_type="national_id",
                id_document_number="B7",
            )

    def test_a_person_of_another_village_cannot_be_forged_into_the_post(self):
        other = make_person(self.village_b, "Zongo", "Paul", "M")
        data = self.base()
        data["holders-0-party"] = [str(other.pk)]
        response = self.save(data)
        assert response.status_code == 400 and not Claim.objects.exists()
        data["holders-0-party"] = ["not-an-id"]
        data["secondary-0-party"] = ["not-an-id"]
        assert self.save(data).status_code == 400

    def test_the_boundary_is_checked_against_a_village_that_has_one(self):
        inside, outside = self.real[0], self.outside
        data = self.base(village=str(self.village_c.pk), geometry=outside.geojson)
        self.person(data, "holders", 0, "Ŋaba", "Awa", "F")
        response = self.save(data)
        assert response.status_code == 400 and 'id="id_geometry_errors"' in response.content.decode()
        data["geometry"] = [inside.geojson]
        assert self.save(data).status_code == 302
        assert Claim.objects.get().village == self.village_c

    def test_a_draft_is_edited_from_its_page_and_a_submitted_claim_is_not(self):
        data = self.base()
        self.person(data, "holders", 0, "Ŋaba", "Awa", "F")
        self.save(data)
        claim = Claim.objects.get()
        url = f"/adjudication/claims/{claim.pk}/edit/"
        assert url in self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        response, shown = self.page(url)
        assert shown["holders-0-last_name"] == ["Ŋaba"] and shown["limit_north"] == ["Piste de Ɓoulsa"]
        shown["holding"] = ["joint"]
        shown["holders-0-share"] = ["1/2"]
        self.person(shown, "holders", 1, "Ŋaba", "Ɓoukary", "M", "1/2")
        response = self.save(shown, url)
        assert response.status_code == 302
        assert sorted(c.first_names for c in claim.claimants.all()) == ["Awa", "Ɓoukary"]
        self.attach(claim, "application_form")
        t.claim_submit(claim=claim, actor=self.agent_a)
        assert self.client.get(url).status_code == 404

    def test_a_returned_claim_is_corrected_and_submitted_again(self):
        data = self.base()
        self.person(data, "holders", 0, "Ŋaba", "Awa", "F")
        self.save(data)
        claim = self.submitted(Claim.objects.get())
        t.screening_start(claim=claim, actor=self.registrar)
        t.screening_return(claim=claim, actor=self.registrar, reasons="Date de naissance manquante")
        url = f"/adjudication/claims/{claim.pk}/edit/"
        _, shown = self.page(url)
        shown["holders-0-birth_date"] = ["1990-05-01"]
        assert self.save(shown, url).status_code == 302
        claim.refresh_from_db()
        assert str(claim.claimants.get().birth_date) == "1990-05-01" and claim.receipt_number
        assert t.claim_submit(claim=claim, actor=self.agent_a).state == ClaimState.SUBMITTED

    def test_the_edit_page_shows_the_birth_date_and_saving_it_unchanged_keeps_it(self):
        # Seen in Chromium: the date was written 04/03/1990, which a date input drops (shown and saved empty).
        data = self.base()
        self.person(data, "holders", 0, "Ɓamogo", "Ɛlisabɛth", "F", birth_date="1990-03-04")
        self.save(data)
        claim = Claim.objects.get()
        url = f"/adjudication/claims/{claim.pk}/edit/"
        response, shown = self.page(url)
        assert 'value="1990-03-04"' in response.content.decode()
        assert self.save(shown, url).status_code == 302
        assert str(claim.claimants.get().birth_date) == "1990-03-04"

    def test_another_village_agent_gets_no_edit_page(self):
        claim = self.draft()
        self.client.force_login(self.agent_b)
        assert self.client.get(f"/adjudication/claims/{claim.pk}/edit/").status_code == 404
        assert Party.objects.count() == 1


class SamePersonTwiceTests(AdjudicationTestCase):
    def test_two_claims_of_one_new_person_give_one_party_at_approval(self):
        person = {"id_document_type": "national_id", "id_document_number": "B909"}
        first = self.draft(claimants=[applicant("Ŋaba", "Awa", "F", **person)])
        second = self.draft(east=400, claimants=[applicant("Ŋaba", "Awa", "F", **person)])
        for claim in (first, second):
            self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        parties = {c.claimants.get().party_id for c in (first, second)}
        assert len(parties) == 1 and Party.objects.filter(id_document_number="B909").count() == 1


class SecondaryRightFormTests(ClaimFormCase):
    def test_the_blank_form_has_rows_for_secondary_rights(self):
        _, data = self.page()
        assert data["secondary-TOTAL_FORMS"] == ["2"]

    def test_herders_grazing_and_a_womans_land_loan_are_registered_at_approval(self):
        data = self.base()
        self.person(data, "holders", 0, "Ŋaba", "Awa", "F")
        rows = {
            "secondary-0-right_type": "grazing",
            "secondary-0-name": "Éleveurs peuls de Ɓaŋre",
            "secondary-0-group_type": "community",
            "secondary-0-description": "saison sèche, après les récoltes",
            "secondary-1-right_type": "loan",
            "secondary-1-last_name": "Kaboré",
            "secondary-1-first_names": "Fatɛ",
            "secondary-1-sex": "F",
            "secondary-1-start_date": "2030-01-01",
            "secondary-1-end_date": "2032-12-31",
        }
        data.update({k: [v] for k, v in rows.items()})
        assert self.save(data).status_code == 302
        claim = Claim.objects.get()
        detail = self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        assert "Éleveurs peuls de Ɓaŋre" in detail and "Droit de pâture" in detail
        self.attach(claim, "application_form")
        claim = self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        rights = {r.right_type_id: r for r in claim.parcel.rights.current()}
        assert set(rights) == {"customaryType", "grazing", "loan"}
        grazing = rights["grazing"].holders.get().party
        assert (grazing.kind, grazing.name, grazing.group_type) == (
            "group",
            "Éleveurs peuls de Ɓaŋre",
            "community",
        )
        loan = rights["loan"]
        assert loan.holders.get().party.sex == "F" and str(loan.end_date) == "2032-12-31"

    def test_a_secondary_right_without_a_holder_or_with_a_primary_type_is_refused(self):
        data = self.base()
        self.person(data, "holders", 0, "Ŋaba", "Awa", "F")
        data["secondary-0-right_type"] = ["passage"]
        response = self.save(data)
        assert (
            response.status_code == 400
            and 'id="id_secondary-0-last_name_errors"' in response.content.decode()
        )
        assert form_data(response.content.decode())["secondary-0-right_type"] == ["passage"]
        data["secondary-0-right_type"] = ["ownership"]
        data["secondary-0-last_name"], data["secondary-0-sex"] = ["Zongo"], ["M"]
        assert self.save(data).status_code == 400 and not Claim.objects.exists()

    def test_a_drafts_secondary_rights_are_shown_for_editing(self):
        data = self.base()
        self.person(data, "holders", 0, "Ŋaba", "Awa", "F")
        data.update({"secondary-0-right_type": ["passage"], "secondary-0-last_name": ["Zongo"]})
        data["secondary-0-sex"] = ["M"]
        self.save(data)
        claim = Claim.objects.get()
        _, shown = self.page(f"/adjudication/claims/{claim.pk}/edit/")
        assert shown["secondary-0-right_type"] == ["passage"] and shown["secondary-0-last_name"] == ["Zongo"]
        shown["secondary-0-right_type"] = [""]
        shown["secondary-0-last_name"], shown["secondary-0-sex"] = [""], [""]
        assert self.save(shown, f"/adjudication/claims/{claim.pk}/edit/").status_code == 302
        assert not claim.secondary_rights.exists()
