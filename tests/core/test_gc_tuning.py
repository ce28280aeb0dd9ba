"""The server process keeps the objects it holds from start-up out of the garbage collector's walks."""

import gc
import importlib
import sys

from django.test import SimpleTestCase


class FreezeAfterStartTests(SimpleTestCase):
    def test_loading_the_wsgi_application_freezes_what_start_up_made(self):
        gc.unfreeze()
        try:
            if "landreg.wsgi" in sys.modules:
                importlib.reload(sys.modules["landreg.wsgi"])
            else:
                importlib.import_module("landreg.wsgi")
            # Django, the apps, the models and the URL patterns: far more than a few objects.
            assert gc.get_freeze_count() > 50_000, gc.get_freeze_count()
        finally:
            gc.unfreeze()  # the test process itself goes on as before
