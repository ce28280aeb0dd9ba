"""OGC API - Features Part 1, "parameters for filtering on feature properties": each queryable of the parcels
as a query parameter (``?land_use=pasture&area_srid=32630``), its value typed as the queryables say, with
bbox, datetime, filter and paging; the caller's scope kept as in a filter."""

from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_retire
from tests.ogcapi.test_ogcapi_filter import ITEMS, FilterData

EVERY = ["TC-A-00001", "TC-A-00002", "TC-A-00003", "TC-B-00001", "TC-B-00002"]


class QueryParameterTests(FilterData):
    def items(self, **params) -> dict:
        response = self.client.get(ITEMS, params)
        assert response.status_code == 200, response.content[:400]
        return response.json()

    def listed(self, **params) -> list[str]:
        return [f["properties"]["number"] for f in self.items(**params)["features"]]

    def refused_parameters(self, **params) -> str:
        response = self.client.get(ITEMS, params)
        assert response.status_code == 400, (params, response.content[:400])
        body = response.json()
        assert body["code"] == "InvalidParameterValue" and body["description"]
        return body["description"]

    def test_each_queryable_is_an_equality_typed_as_the_queryables_say(self):
        assert self.listed(land_use="pasture") == ["TC-A-00002", "TC-B-00002"]
        assert self.listed(land_use="pasture", survey_method="gnss_rtk") == ["TC-A-00002"]
        assert self.listed(number="TC-A-00003") == ["TC-A-00003"]
        assert self.listed(village_code="TC-B") == ["TC-B-00001", "TC-B-00002"]
        assert self.listed(village="TC-B") == ["TC-B-00001", "TC-B-00002"]  # the name it had before
        assert self.listed(village_name="Village A", land_use="fallow") == ["TC-A-00003"]
        assert self.listed(official_area_m2="2600") == ["TC-A-00002"]
        assert self.listed(official_area_m2="2.6e3") == ["TC-A-00002"]
        assert self.listed(area_srid="32630", version="1") == EVERY
        assert self.listed(version="2") == []
        assert self.listed(dispute_pending="true") == ["TC-B-00001"]
        assert len(self.listed(dispute_pending="false")) == 4
        Parcel.objects.filter(pk=self.field.pk).update(begin_lifespan="2024-01-31T08:00:00Z")
        assert self.listed(begin_lifespan="2024-01-31T08:00:00Z") == ["TC-A-00003"]
        assert self.listed(begin_lifespan="2024-01-31T09:00:00+01:00") == ["TC-A-00003"]

    def test_an_empty_or_unknown_parameter_asks_nothing_as_before(self):
        assert self.listed(land_use="") == EVERY
        assert self.listed(colour="red", land_use="fallow") == ["TC-A-00003"]

    def test_a_value_not_of_the_queryables_type_is_a_400_in_french_first(self):
        for params in (
            {"official_area_m2": "big"},
            {"official_area_m2": "nan"},
            {"official_area_m2": "inf"},
            {"official_area_m2": "1e400"},
            {"official_area_m2": "1_000"},
            {"area_srid": "1.5"},
            {"version": "99999999999999999999"},
            {"dispute_pending": "yes"},
            {"begin_lifespan": "2024-02-30"},
            {"begin_lifespan": "yesterday"},
        ):
            self.refused_parameters(**params)
        assert self.refused_parameters(area_m2="grand") == "area_m2 doit être un nombre."
        # A number, but past what a filter compares: said so, not "must be a number".
        assert "1e400 est trop grand" in self.refused_parameters(area_m2="1e400")
        assert "1e17 est trop grand" in self.refused_parameters(version="1e17")
        assert "trop grand" not in self.refused_parameters(version="1.5")  # not a whole number, not too large
        assert "inf est trop grand" in self.refused_parameters(filter="area_m2 > 1e400")
        assert self.refused_parameters(dispute_pending="oui") == "dispute_pending doit être true ou false."

    def test_the_local_name_and_accuracy_are_parameters_of_a_callers_own_villages_only(self):
        description = self.refused_parameters(local_name="Champ Ŋaba")
        assert "local_name" in description and "Ŋaba" not in description
        self.refused_parameters(accuracy_m="0.5")
        self.client.force_login(self.agent_a)
        assert self.listed(local_name="Champ Ŋaba") == ["TC-A-00003"]
        assert self.listed(local_name="Kɔnɛ Ŋaba") == []  # village B's: null to agent A
        assert self.listed(accuracy_m="0.5") == ["TC-A-00002"]
        assert self.listed(accuracy_m="2") == []
        self.client.force_login(self.agent_b)
        assert self.listed(local_name="Kɔnɛ Ŋaba", accuracy_m="2.00") == ["TC-B-00002"]

    def test_parameters_with_bbox_datetime_a_filter_and_paging(self):
        minx, miny, maxx, maxy = self.lowland.geometry.extent
        assert self.listed(land_use="pasture", bbox=f"{minx},{miny},{maxx},{maxy}") == ["TC-A-00002"]
        assert self.listed(land_use="pasture", filter="area_m2 > 5000") == ["TC-B-00002"]
        first = self.items(survey_method="gps", limit=2)
        assert (first["numberMatched"], first["numberReturned"]) == (4, 2)
        [next_link] = [link["href"] for link in first["links"] if link["rel"] == "next"]
        assert "survey_method=gps" in next_link
        last = self.items(survey_method="gps", limit=2, offset=2)
        assert (last["numberMatched"], last["numberReturned"]) == (4, 2)
        assert not [link for link in last["links"] if link["rel"] == "next"]
        past = self.items(survey_method="gps", limit=2, offset=10)
        assert (past["numberMatched"], past["numberReturned"]) == (4, 0)
        retired = parcel_retire(parcel=self.field, reason="merged")
        assert self.listed(land_use="fallow") == []
        then = retired.end_lifespan.isoformat().replace("+00:00", "Z")
        assert self.listed(land_use="fallow", datetime=f"../{then}") == ["TC-A-00003"]
        html = self.client.get(ITEMS, {"land_use": "fallow", "f": "html", "datetime": f"../{then}"})
        assert html.status_code == 200 and "TC-A-00003" in html.content.decode()

    def test_the_openapi_document_declares_each_queryable_as_a_parameter_with_its_type(self):
        doc = self.client.get("/ogcapi/api").json()
        parameters = {p["name"]: p for p in doc["paths"]["/collections/parcels/items"]["get"]["parameters"]}
        assert parameters["area_m2"]["schema"]["type"] == "number"
        assert parameters["version"]["schema"]["type"] == "integer"
        assert parameters["dispute_pending"]["schema"]["type"] == "boolean"
        assert parameters["begin_lifespan"]["schema"]["format"] == "date-time"
        assert parameters["land_use"]["schema"]["type"] == "string" and "village" in parameters
        assert "local_name" in parameters and "geometry" not in parameters
