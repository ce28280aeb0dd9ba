from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "landreg.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from landreg.core import checks  # noqa: F401 - registers the system checks
        from landreg.core import gdal_guard

        # Before any request or job: no GDAL reader of this process reaches the network.
        gdal_guard.apply()
