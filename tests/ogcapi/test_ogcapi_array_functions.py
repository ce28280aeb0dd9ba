"""CQL2's array functions (A_EQUALS, A_CONTAINS, A_CONTAINEDBY, A_OVERLAPS): no queryable of the parcels is an
array, so each is a 400 that names it, in both encodings, and /conformance does not claim the class."""

import json

from tests.base import RegistryTestCase

ITEMS = "/ogcapi/collections/parcels/items"
FUNCTIONS = ("A_EQUALS", "A_CONTAINS", "A_CONTAINEDBY", "A_OVERLAPS")


class ArrayFunctionTests(RegistryTestCase):
    def setUp(self):
        super().setUp()
        self.client.cookies["django_language"] = "en"  # messages matched in English, French checked below

    def refusal(self, text, lang="cql2-text"):
        response = self.client.get(ITEMS, {"filter": text, "filter-lang": lang})
        assert response.status_code == 400, text
        return response.json()["description"]

    def test_each_array_function_in_cql2_text_is_refused_by_its_name(self):
        for name in FUNCTIONS:
            for written in (name, name.lower()):
                message = self.refusal(f"{written}(land_use, ('pasture', 'fallow'))")
                assert message.startswith(f"filter: {name} is not supported"), message
                assert "array" in message
        message = self.refusal("number = 'TC-A-00001' AND NOT A_OVERLAPS(land_use, ('fallow'))")
        assert "A_OVERLAPS" in message

    def test_each_array_function_in_cql2_json_is_refused_by_its_name(self):
        for op in ("a_equals", "a_contains", "a_containedBy", "a_overlaps"):
            body = {"op": op, "args": [{"property": "land_use"}, ["pasture", "fallow"]]}
            message = self.refusal(json.dumps({"op": "and", "args": [body, body]}), "cql2-json")
            assert message.startswith(f"filter: {op.upper()} is not supported"), message

    def test_the_name_inside_a_string_is_only_a_string(self):
        response = self.client.get(ITEMS, {"filter": "number = 'A_EQUALS(x)'"})
        assert response.status_code == 200 and response.json()["numberReturned"] == 0

    def test_the_refusal_is_in_french_for_a_french_client(self):
        self.client.cookies["django_language"] = "fr"
        message = self.refusal("A_CONTAINS(land_use, ('pasture'))")
        assert "A_CONTAINS" in message and "tableau" in message

    def test_conformance_does_not_claim_the_array_functions(self):
        conforms = self.client.get("/ogcapi/conformance").json()["conformsTo"]
        assert not any(c.endswith("/array-functions") for c in conforms)
        assert any(c.endswith("/case-insensitive-comparison") for c in conforms)
        assert any(c.endswith("/accent-insensitive-comparison") for c in conforms)
