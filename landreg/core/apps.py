from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "landreg.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # signing.checks registers the system checks, search.folding and search.name_keys their SQLite
        # functions, search.collation its SQLite collation, by being imported.
        from landreg.core.files import gdal_guard
        from landreg.core.search import collation, folding, name_keys  # noqa: F401
        from landreg.core.signing import checks  # noqa: F401

        # Before any request or job: no GDAL reader of this process reaches the network.
        gdal_guard.apply()
