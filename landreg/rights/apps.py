from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "landreg.rights"
    label = "rights"
    verbose_name = _("Rights, restrictions and responsibilities")

    def ready(self):
        from landreg.rights.legal_basis import register_labelled_values

        register_labelled_values()
