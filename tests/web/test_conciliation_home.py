"""The conciliation committee's home page lists its work, the cases it hears (to schedule, open, awaiting
the court's homologation): on the walk of the demo, « conciliation » logged in to a home page with no work at
all and had to find « Litiges » in the header. Declaring a case final stays the dispute administrator's."""

import re

from django.test import Client
from django.utils import translation

from tests.disputes.helpers import DisputeTestCase


class ConciliationHomeTests(DisputeTestCase):
    def queues(self, user) -> dict[str, int]:
        translation.activate("fr")
        client = Client()
        client.force_login(user)
        html = client.get("/").content.decode()
        return {
            key: int(re.search(r'<strong class="count">(\d+)</strong>', body).group(1))
            for key, body in re.findall(r'<li data-queue="(\w+)">(.*?)</li>', html, re.S)
        }

    def test_the_conciliation_committee_sees_the_cases_it_hears(self):
        self.file_case(
            subject="Limite sud contestée par Ŋaba Kadiatou", kind="boundary", parcels=[self.parcel_a]
        )
        found = self.queues(self.conciliator)
        assert found["to_schedule"] == found["open_cases"] == 1
        assert "to_homologate" in found and "to_finalise" not in found

    def test_the_dispute_administrator_still_sees_cases_to_declare_final(self):
        assert "to_finalise" in self.queues(self.disputes)
