"""The objects a server process holds from start-up, kept out of Python's garbage collector.

After Django has loaded (settings, apps, models, URL patterns) a process holds a few hundred thousand objects
that live as long as it does. Python's collector walks every one of them at each full collection, and a page
that allocates as much as a list page (model rows, querysets, template nodes) triggers several: on the
parcel list of a commune of 100,000 parcels, 4 of its 16 ms of Python (bench/bench_lists.py). ``gc.freeze()``
moves them to a permanent generation the collector skips; what requests allocate afterwards is collected as
before. Called by landreg/wsgi.py once the application is loaded, so in each gunicorn worker.
"""

import gc

from django.urls import get_resolver


def freeze_after_start() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports every view module, as the first request would
    gc.freeze()
