from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OgcapiConfig(AppConfig):
    name = "landreg.ogcapi"
    verbose_name = _("OGC API - Features")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        # folds registers CASEI's and ACCENTI's functions on each SQLite connection, by being imported.
        from landreg.ogcapi.filtering import folds  # noqa: F401
        from landreg.ogcapi.selectors import forget_offered_crs
        from landreg.territory.models import AdministrativeUnit

        for signal in (post_save, post_delete):
            signal.connect(forget_offered_crs, sender=AdministrativeUnit, dispatch_uid=f"ogcapi-crs-{signal}")
