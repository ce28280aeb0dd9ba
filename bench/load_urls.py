"""The load benchmark's URLconf: the product's pages and APIs, and one reference view of the bench's own.

``/bench/minimal/``: one indexed PostGIS query (the parcel under a random point of the data's extent, through
the GiST index) answered as a small JSON document, through the same middleware and server as the product's
pages. It measures what the machine, gunicorn, Django's request cycle and one round trip to PostGIS cost, so
the read mix is compared with it in the same run. It exists only here, never in ``landreg/urls.py``.
"""

import json
import os
import random

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from landreg.urls import urlpatterns as product_urlpatterns

# The data's extent (bench_search.build's grid), given by the bench.
_BOX = [float(v) for v in os.environ.get("LOAD_BENCH_BOX", "-1.6,12.2,-1.3,12.5").split(",")]


def minimal(request):
    x = random.uniform(_BOX[0], _BOX[2])  # noqa: S311 - a benchmark's random point
    y = random.uniform(_BOX[1], _BOX[3])  # noqa: S311
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT number FROM parcels_parcel WHERE geometry && ST_SetSRID(ST_MakePoint(%s, %s), 4326) "
            "AND ST_Intersects(geometry, ST_SetSRID(ST_MakePoint(%s, %s), 4326)) LIMIT 1",
            [x, y, x, y],
        )
        row = cursor.fetchone()
    return HttpResponse(json.dumps({"number": row[0] if row else None}), content_type="application/json")


urlpatterns = [path("bench/minimal/", minimal), *product_urlpatterns]
