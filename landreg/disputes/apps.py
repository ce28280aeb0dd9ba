from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "landreg.disputes"
    label = "disputes"
    verbose_name = _("Disputes")

    def ready(self):
        from landreg.core.stored_messages import LABELLED_VALUES
        from landreg.disputes.outcomes.changes import REFERENCE

        # The outcome's kind in the reference its change writes is said in the reader's language too.
        LABELLED_VALUES[REFERENCE] = frozenset({"kind"})
