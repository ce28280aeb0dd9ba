"""Locust user of the OGC API comparison (bench/bench_pygeoapi.py): pages of OGC_LIMIT features at random
offsets of the parcels collection, no think time. The server is the --host locust is given (landreg or
pygeoapi), the path prefix OGC_ITEMS."""

import os
import random

from locust import FastHttpUser, constant, task

ITEMS = os.environ["OGC_ITEMS"]
LIMIT = int(os.environ.get("OGC_LIMIT", "10"))
TOTAL = int(os.environ["OGC_TOTAL"])


class PagingUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        offset = random.randrange(max(TOTAL - LIMIT, 1))
        with self.client.get(
            f"{ITEMS}?f=json&limit={LIMIT}&offset={offset}", name="random page", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(str(response.status_code))
