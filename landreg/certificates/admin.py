from django.contrib import admin

from landreg.certificates.models import Certificate, CertificateSeries
from landreg.core.admin_scoping import ReadOnlyAdminMixin


@admin.register(CertificateSeries)
class CertificateSeriesAdmin(admin.ModelAdmin):
    """The numbering pattern and title per commune; the counter is only raised by issuing."""

    list_display = ["commune", "pattern", "title", "last_sequence"]
    readonly_fields = ["last_sequence"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: certificates change only through the registry's services and transitions."""

    list_display = ["number", "parcel", "status", "issue_date", "print_count"]
    list_filter = ["status"]
    search_fields = ["number", "parcel__number"]
