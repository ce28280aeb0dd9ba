from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TilesConfig(AppConfig):
    name = "landreg.tiles"
    verbose_name = _("Vector tiles")

    def ready(self):
        from landreg.tiles import receivers  # noqa: F401 - connects the cache to parcel changes
