import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")
application = get_wsgi_application()

from landreg.core.gc_tuning import freeze_after_start  # noqa: E402 - once Django is set up

freeze_after_start()
