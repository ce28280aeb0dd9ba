"""CQL2 "Case-insensitive comparison" (CASEI) and "Accent-insensitive comparison" (ACCENTI) on the parcels'
text queryables: the same fold in Python and in either database, ɛ ɔ ŋ ɓ letters of their own (not e o n b)
whose capitals CASEI still matches, the caller's scope kept."""

import json

from django.db.models import Value

from landreg.ogcapi.filtering import folds
from landreg.parcels.models import Parcel
from tests.ogcapi.test_ogcapi_filter import FilterData

NFD_GRAVE = "\u0300"  # a tone written as a combining mark after the letter


class CaseAndAccentTests(FilterData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Parcel.objects.filter(pk=cls.parcel_a.pk).update(local_name="Champ d'Aïssata")
        Parcel.objects.filter(pk=cls.parcel_b.pk).update(local_name="Ɓaŋɔ")

    def test_casei_matches_capitals_of_the_african_letters_on_text_properties(self):
        self.client.force_login(self.agent_a)
        assert self.numbers("CASEI(local_name) = CASEI('BAS-FOND DE KƆNƐ')") == ["TC-A-00002"]
        assert self.numbers("CASEI(local_name) = 'bas-fond de kɔnɛ'") == ["TC-A-00002"]
        assert self.numbers("local_name = 'bas-fond de kɔnɛ'") == []  # without CASEI, case counts
        assert self.numbers("CASEI(local_name) LIKE CASEI('%ŊABA')") == ["TC-A-00003"]  # not B's "Kɔnɛ Ŋaba"
        assert self.numbers("local_name LIKE '%ŋaba'") == []
        assert self.numbers("CASEI(land_use) IN (CASEI('PASTURE'), CASEI('Fallow'))") == [
            "TC-A-00002",
            "TC-A-00003",
            "TC-B-00002",
        ]
        self.client.force_login(self.agent_b)
        assert self.numbers("CASEI(local_name) = CASEI('ɓAŊƆ')") == ["TC-B-00001"]
        self.client.logout()
        assert self.numbers("CASEI(village_name) = 'village b'") == ["TC-B-00001", "TC-B-00002"]
        assert self.numbers("NOT CASEI(number) LIKE 'tc-a-%'") == ["TC-B-00001", "TC-B-00002"]

    def test_accenti_folds_diacritics_and_leaves_the_letters_of_their_own(self):
        self.client.force_login(self.agent_a)
        assert self.numbers("ACCENTI(local_name) = ACCENTI('Champ d''Aissata')") == ["TC-A-00001"]
        assert self.numbers("ACCENTI(local_name) LIKE '%Aissata'") == ["TC-A-00001"]
        assert self.numbers("local_name LIKE '%Aissata'") == []
        assert self.numbers("ACCENTI(local_name) = 'Bas-fond de Kone'") == []  # ɔ and ɛ are not o and e
        assert self.numbers("CASEI(ACCENTI(local_name)) = 'champ d''aissata'") == ["TC-A-00001"]
        assert self.numbers("ACCENTI(CASEI(local_name)) = ACCENTI(CASEI('CHAMP D''AÏSSATA'))") == [
            "TC-A-00001"
        ]
        Parcel.objects.filter(pk=self.lowland.pk).update(local_name=f"Bas-fond de Kɔ{NFD_GRAVE}nɛ")
        assert self.numbers("local_name = 'Bas-fond de Kɔnɛ'") == []
        assert self.numbers("ACCENTI(local_name) = 'Bas-fond de Kɔnɛ'") == ["TC-A-00002"]

    def test_cql2_json_says_the_same(self):
        self.client.force_login(self.agent_a)
        local_name = {"property": "local_name"}
        casei = {
            "op": "=",
            "args": [{"op": "casei", "args": [local_name]}, {"op": "casei", "args": ["CHAMP ŊABA"]}],
        }
        accenti = {
            "op": "=",
            "args": [{"op": "accenti", "args": [local_name]}, {"op": "accenti", "args": ["Champ d'Aissata"]}],
        }
        like = {
            "op": "like",
            "args": [{"op": "casei", "args": [local_name]}, {"op": "casei", "args": ["BAS-%"]}],
        }
        lang = {"filter-lang": "cql2-json"}
        assert self.numbers(casei, **lang) == ["TC-A-00003"]
        assert self.numbers(accenti, **lang) == ["TC-A-00001"]
        assert self.numbers(like, **lang) == ["TC-A-00002"]
        self.refused(
            json.dumps({"op": "=", "args": [{"op": "accenti", "args": [{"property": "area_m2"}]}, "x"]}),
            **lang,
        )

    def test_what_casei_and_accenti_do_not_take_is_a_400(self):
        for cql in (
            "CASEI(area_m2) = 'x'",
            "ACCENTI(begin_lifespan) = 'x'",
            "CASEI(number, number) = 'x'",
            "ACCENTI(5) = '5'",
            "CASEI(local_name) = 'x'",  # not shown to the public
        ):
            self.refused(cql)
        assert "CASEI" in self.refused("CASEI(area_m2) = 'x'")

    def test_each_database_folds_every_character_of_the_tables_as_python_does(self):
        for fold, folded in ((folds.casei, folds.CaseFolded), (folds.accenti, folds.AccentFolded)):
            every = "".join(folds.CASE_FROM + folds.ACCENT_FROM) + " Kɔnɛ Ŋaba Ɓaŋɔ Aïssata ɓ ŋ ɛ ɔ"
            got = Parcel.objects.annotate(folded=folded(Value(every))).values_list("folded", flat=True)[0]
            assert got == fold(every)
        assert folds.casei("ƐƆŊƁƊƘƳ Élodie") == "ɛɔŋɓɗƙƴ élodie"
        assert folds.accenti("Aïssata Élodie Ǹdé Kɔ̀nɛ́") == "Aissata Elodie Nde Kɔnɛ"
        assert folds.accenti("Kɔnɛ Ŋaba Ɓaŋɔ") == "Kɔnɛ Ŋaba Ɓaŋɔ"
        assert folds.casei(None) is None and folds.accenti(None) is None

    def test_conformance_declares_both_classes(self):
        conforms = self.client.get("/ogcapi/conformance").json()["conformsTo"]
        for name in ("case-insensitive-comparison", "accent-insensitive-comparison"):
            assert f"http://www.opengis.net/spec/cql2/1.0/conf/{name}" in conforms
