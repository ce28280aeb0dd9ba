from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdjudicationConfig(AppConfig):
    name = "landreg.adjudication"
    label = "adjudication"
    verbose_name = _("Adjudication")
