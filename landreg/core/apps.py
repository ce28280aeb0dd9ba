from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "landreg.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # checks registers the system checks, folding and name_keys their SQLite functions, by being imported.
        from landreg.core import checks, folding, gdal_guard, name_keys  # noqa: F401

        # Before any request or job: no GDAL reader of this process reaches the network.
        gdal_guard.apply()
