from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "landreg.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from landreg.audit.services import register_cross_check
        from landreg.certificates.issuing.chain import certificate_events_agree_with_chain

        register_cross_check(certificate_events_agree_with_chain)
