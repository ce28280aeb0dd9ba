from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdjudicationConfig(AppConfig):
    name = "landreg.adjudication"
    label = "adjudication"
    verbose_name = _("Adjudication")

    def ready(self):
        from landreg.adjudication.checks import claim_events_agree_with_chain
        from landreg.audit.services import register_cross_check

        register_cross_check(claim_events_agree_with_chain)
