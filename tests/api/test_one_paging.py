"""One way of paging across the API (issue 13 item 2): every list takes ?page=&page_size=, answers count, next
and previous, documents both in the OpenAPI schema, and walking its next links gives every row once."""

from tests.disputes.helpers import DisputeTestCase

# The lists of the API and the key that holds their rows (GeoJSON's for parcels).
LISTS = {
    "/api/v1/parcels/": "features",
    "/api/v1/claims/": "results",
    "/api/v1/certificates/": "results",
    "/api/v1/certificates/queue/": "results",
    "/api/v1/disputes/": "results",
}


class OnePagingTests(DisputeTestCase):
    def walk(self, url: str, rows_key: str) -> tuple[list, set]:
        """Every row of a list by following its next links two rows at a time; the counts it announced."""
        seen, counts = [], set()
        page = self.client.get(url + ("&" if "?" in url else "?") + "page_size=2").json()
        while True:
            seen += [row["id"] for row in page[rows_key]]
            counts.add(page["count"])
            if not page["next"]:
                return seen, counts
            page = self.client.get(page["next"]).json()

    def test_every_list_of_the_schema_documents_the_same_paging(self):
        self.client.force_login(self.disputes)
        schema = self.client.get("/api/schema/?format=json").json()
        for path in LISTS:
            operation = schema["paths"][path]["get"]
            names = {p["name"] for p in operation.get("parameters", [])}
            assert {"page", "page_size"} <= names, path
            body = operation["responses"]["200"]["content"]["application/json"]["schema"]
            if "$ref" in body:
                body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
            assert {"count", "next", "previous"} <= set(body["properties"]), path

    def test_dispute_cases_are_paged_overdue_first_and_none_is_left_out(self):
        first = self.file_case(parcels=[self.parcel_a], subject="Borne arrachée au nord")
        self.travel(40)  # past the first-session delay: the first case is overdue
        later = [
            self.file_case(parcels=[self.parcel_a], subject=f"Passage des troupeaux {i}") for i in range(4)
        ]
        self.client.force_login(self.disputes)
        seen, counts = self.walk("/api/v1/disputes/", "results")
        assert seen[0] == str(first.pk)
        assert sorted(seen) == sorted(str(c.pk) for c in [first, *later]) and counts == {5}
        everything, _ = self.walk("/api/v1/disputes/?all=1", "results")
        assert everything[-1] == str(first.pk) and len(everything) == 5  # newest first: the oldest last

    def test_a_page_past_the_end_and_a_page_that_is_not_a_number_are_refused_the_same_way(self):
        self.file_case(parcels=[self.parcel_a])
        self.client.force_login(self.disputes)
        for url in LISTS:
            assert self.client.get(url, {"page": 99}).status_code == 404, url
            assert self.client.get(url, {"page": "deux"}).status_code == 404, url
            # A page size that is not one: the same refusal everywhere, naming it (the parcels' list took any
            # value and gave its default of 200 rows).
            for size in ("0", "-1", "deux"):
                refused = self.client.get(url, {"page_size": size})
                assert refused.status_code == 404, (url, size)
                assert "page_size" in refused.json()["detail"], (url, size)
            for size in ("5000", "9" * 20):  # at most 1,000 rows, whatever is asked
                assert self.client.get(url, {"page_size": size}).status_code == 200, (url, size)
