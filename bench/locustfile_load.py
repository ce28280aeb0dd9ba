"""Locust users of the load benchmark (bench/bench_load.py starts locust with this file, headless).

MixUser: the read mix, each kind of request equally often, no think time (a closed loop: a client sends its
next request when the last one is answered). MinimalUser: the bench's minimal view only (load_urls.py).
What to ask for (parcel ids, sessions, tokens, the data's extent) comes from the JSON file named by
LOAD_BENCH_DATA, written by bench_load.py.
"""

import json
import math
import os
import random

from locust import FastHttpUser, constant, task

DATA = json.loads(open(os.environ["LOAD_BENCH_DATA"]).read())  # noqa: SIM115 - read once at import
QUERIES = ["Ouédraogo Aminata", "Wedrago Aminata", "Kone Ngaba", "Sawadogo"]


def _tile(z, lon, lat):
    n = 2**z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def _random_point():
    west, south, east, north = DATA["box"]
    return random.uniform(west, east), random.uniform(south, north)


class MixUser(FastHttpUser):
    wait_time = constant(0)

    def _get(self, url, name, session=None):
        headers = {"Cookie": f"sessionid={session}"} if session else {}
        with self.client.get(url, name=name, headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")

    @task
    def parcel_detail(self):
        self._get(f"/parcels/{random.choice(DATA['parcels'])}/", "parcel detail", DATA["registrar"])

    @task
    def public_parcel(self):
        self._get(f"/registre/parcelles/{random.choice(DATA['parcels'])}/", "public parcel page")

    @task
    def search(self):
        self._get(f"/search/?q={random.choice(QUERIES)}", "search", DATA["registrar"])

    @task
    def parcel_list(self):
        self._get(f"/parcels/?page={random.randint(1, 200)}", "parcel list page", DATA["registrar"])

    @task
    def public_village_list(self):
        village = random.choice(DATA["villages"])
        self._get(f"/registre/villages/{village}/?page={random.randint(1, 50)}", "public village list")

    @task
    def bbox(self):
        # A map's view: about 250 m around a random point (some 20 parcels).
        x, y = _random_point()
        self._get(
            f"/ogcapi/collections/parcels/items?bbox={x - 0.00125:.6f},{y - 0.00125:.6f},{x + 0.00125:.6f},"
            f"{y + 0.00125:.6f}&limit=100&f=json",
            "OGC bbox",
        )

    @task
    def tile(self):
        x, y = _random_point()
        tx, ty = _tile(15, x, y)
        self._get(f"/tiles/parcels/15/{tx}/{ty}.mvt", "z15 tile")

    @task
    def ogc_items(self):
        offset = random.randrange(max(DATA["total"] - 100, 1))
        self._get(
            f"/ogcapi/collections/parcels/items?limit=100&offset={offset}&f=json", "OGC items page of 100"
        )

    @task
    def verify(self):
        self._get(f"/verify/{random.choice(DATA['tokens'])}", "certificate verification")

    @task
    def sync(self):
        self._get("/api/v1/sync/?cursor=0", "sync (pull)", DATA["agent"])


class MinimalUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def minimal(self):
        self.client.get("/bench/minimal/", name="minimal view")
