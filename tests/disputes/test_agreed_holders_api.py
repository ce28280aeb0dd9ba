"""The API's agreement on the holders names a party of the case by id or by name, as the page does
(« Qui est … ? »): a customary claimant written on the case without being registered is matched with the
namesake of the village who is them, or registered once as a new person of the village. Before, the API took
registered persons' ids only (and any person's, even another village's), so such a claimant could not be made
a holder through it. Every row is checked before anything is written; the response names each row's fault."""

import datetime as dt

from landreg.disputes.cases.services import PartyInput
from landreg.parties.models import Party
from tests.base import make_person
from tests.disputes.helpers import DisputeTestCase

NEWCOMER = "ŊABA Ɓintu Fatɛ"


class AgreedHoldersApiTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.file_case(
            subject="Part coutumière de Ŋaba Ɓintu Fatɛ",
            rights=[self.right_a],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("other", NEWCOMER, ""),  # written on the case, not registered, sex not said
            ],
        )
        self.held_session(self.case)
        self.newcomer = self.case.parties.get(party__isnull=True)
        self.client.force_login(self.conciliator)

    def agree(self, *holders):
        return self.client.post(
            f"/api/v1/disputes/{self.case.pk}/moves/agree/",
            {
                "decided_on": dt.date.today().isoformat(),
                "summary": "La part coutumière de Ɓintu Fatɛ est reconnue",
                "signatures": "OUÉDRAOGO Aminata (empreinte), ŊABA Ɓintu Fatɛ (croix)",
                "change": "shares",
                "change_data": {"holders": [{"party": str(self.holder_a.pk), "share": "1/2"}, *holders]},
            },
            content_type="application/json",
        )

    def holders(self):
        new = self.parcel_a.rights.current().get()
        return sorted((h.party.display_name, str(h.share), h.party.pk) for h in new.holders.all())

    def assert_nothing_written(self, people):
        assert Party.objects.count() == people
        assert self.parcel_a.rights.current().get() == self.right_a
        self.newcomer.refresh_from_db()
        assert self.newcomer.party is None

    def test_a_party_known_only_by_name_is_registered_as_a_person_of_the_village_and_made_a_holder(self):
        people = Party.objects.count()
        response = self.agree({"name": NEWCOMER, "sex": "F", "birth_year": 1984, "share": "1/2"})
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "conciliated"
        registered = Party.objects.get(last_name="ŊABA")
        village = self.village_a
        assert (registered.first_names, registered.sex, registered.village) == ("Ɓintu Fatɛ", "F", village)
        assert (registered.birth_date, registered.birth_date_is_approximate) == (dt.date(1984, 1, 1), True)
        assert Party.objects.count() == people + 1
        self.newcomer.refresh_from_db()
        assert self.newcomer.party == registered
        assert [(name, share) for name, share, _pk in self.holders()] == [
            ("OUÉDRAOGO Aminata", "1/2"),
            ("ŊABA Ɓintu Fatɛ", "1/2"),
        ]

    def namesakes_of_two_ages(self):
        namesake = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", birth_date=dt.date(1984, 6, 2))
        older = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", birth_date=dt.date(1961, 3, 9))
        make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", sex="M")  # a man of the same name
        make_person(self.village_b, "Ŋaba", "Ɓintu Fatɛ", birth_date=dt.date(1984, 6, 2))  # another village
        return namesake, older

    def test_the_namesake_of_the_village_who_fits_is_the_party_and_is_not_registered_twice(self):
        # The dispute administrator sees the village's personal data: the year of birth tells them apart.
        self.client.force_login(self.disputes)
        namesake, _older = self.namesakes_of_two_ages()
        people = Party.objects.count()
        response = self.agree({"name": "Ŋaba  Ɓintu Fatɛ", "sex": "F", "birth_year": 1984, "share": "1/2"})
        assert response.status_code == 200, response.json()
        assert Party.objects.count() == people
        self.newcomer.refresh_from_db()
        assert self.newcomer.party == namesake
        assert [pk for _name, _share, pk in self.holders()] == [self.holder_a.pk, namesake.pk]

    def test_a_year_of_birth_tells_namesakes_apart_only_for_a_user_who_may_see_it(self):
        # The conciliation committee does not see personal data: had the year of birth picked the namesake,
        # its answer (linked, or registered anew) would have told the committee a person's year of birth.
        namesake, older = self.namesakes_of_two_ages()
        people = Party.objects.count()
        refused = self.agree({"name": NEWCOMER, "sex": "F", "birth_year": 1984, "share": "1/2"})
        assert refused.status_code == 400
        fault = refused.json()["change_data"]["holders"]["1"]["party"][0]
        assert str(namesake.pk) in fault and str(older.pk) in fault
        assert "1984" not in fault and "1961" not in fault
        self.assert_nothing_written(people)
        response = self.agree({"name": NEWCOMER, "sex": "F", "party": str(namesake.pk), "share": "1/2"})
        assert response.status_code == 200, response.json()
        self.newcomer.refresh_from_db()
        assert self.newcomer.party == namesake and Party.objects.count() == people

    def test_namesakes_that_cannot_be_told_apart_are_listed_and_the_client_says_which(self):
        first, second = (
            make_person(
                self.village_a, "Ŋaba", "Ɓintu Fatɛ", id_document_type="national_id", id_document_number=n
            )
            for n in ("B7731", "B7732")
        )
        people = Party.objects.count()
        refused = self.agree({"name": NEWCOMER, "sex": "F", "share": "1/2"})
        assert refused.status_code == 400
        fault = refused.json()["change_data"]["holders"]["1"]["party"][0]
        assert "Plusieurs personnes inscrites du village portent ce nom\u202f:" in fault
        assert str(first.pk) in fault and str(second.pk) in fault
        self.assert_nothing_written(people)
        response = self.agree({"name": NEWCOMER, "sex": "F", "party": str(second.pk), "share": "1/2"})
        assert response.status_code == 200, response.json()
        self.newcomer.refresh_from_db()
        assert self.newcomer.party == second and Party.objects.count() == people

    def test_new_person_registers_the_party_even_beside_a_namesake(self):
        namesake = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ")
        response = self.agree({"name": NEWCOMER, "sex": "F", "new_person": True, "share": "1/2"})
        assert response.status_code == 200, response.json()
        self.newcomer.refresh_from_db()
        assert self.newcomer.party not in (None, namesake)
        namesakes = Party.objects.current().filter(village=self.village_a, name_key=namesake.name_key)
        assert namesakes.count() == 2

    def test_every_faulty_row_is_named_and_nothing_is_written(self):
        elsewhere = make_person(self.village_b, "Zongo", "Paul", sex="M")
        people = Party.objects.count()
        refused = self.agree(
            {"name": "KABORÉ Inconnu", "sex": "M", "share": "1/4"},
            {"name": NEWCOMER, "share": "1/4"},
            {"party": str(elsewhere.pk), "share": "1/4"},
            {"share": "1/4"},
        )
        assert refused.status_code == 400
        faults = refused.json()["change_data"]["holders"]  # by row, the registered holder's row 0 fine
        assert set(faults) == {"1", "2", "3", "4"}
        assert faults["1"]["name"][0].startswith(
            "Introuvable parmi les personnes inscrites de cette terre\u202f: KABORÉ Inconnu."
        )
        assert faults["2"]["sex"] == ["Donnez le sexe de la partie nommée."]
        assert faults["3"]["party"] == ["Ni une personne inscrite de cette terre, ni une partie du dossier."]
        assert faults["4"]["non_field_errors"] == [
            "Donnez l’identifiant de la personne inscrite (party) ou le nom de la partie."
        ]
        self.assert_nothing_written(people)

    def test_the_schema_shows_a_holder_by_id_or_by_name(self):
        schema = self.client.get("/api/schema/", {"format": "json"}, HTTP_HOST="127.0.0.1").json()
        holder = schema["components"]["schemas"]["DisputeAgreedHolder"]["properties"]
        assert {"party", "name", "sex", "birth_year", "new_person", "share"} <= set(holder)
        change = schema["components"]["schemas"]["DisputeAgreedChange"]["properties"]["holders"]
        assert change["items"]["$ref"].endswith("/DisputeAgreedHolder")
        move = schema["paths"]["/api/v1/disputes/{id}/moves/{move}/"]["post"]["requestBody"]
        assert "DisputeMoveInput" in str(move)
