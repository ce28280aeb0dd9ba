from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django's forms end every label with gettext(":") (Form.label_suffix), which Django's own French catalogue
# gives as "\xa0:" (a wide no-break space). Marked here so that the project's catalogue, read before Django's,
# gives French typography's narrow no-break space (U+202F) to every label_tag of every form.
gettext_noop(":")


class WebConfig(AppConfig):
    name = "landreg.web"
    label = "web"
    verbose_name = _("Web")
