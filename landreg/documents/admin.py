from django.contrib import admin

from landreg.core.admin_scoping import ScopedAdminMixin
from landreg.documents.models import Source
from landreg.documents.selectors import sources_visible_to


@admin.register(Source)
class SourceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_selector = sources_visible_to
    list_display = ["source_type", "reference", "document_date", "village"]
    list_filter = ["source_type", "village"]
    search_fields = ["reference", "description"]
    autocomplete_fields = ["parcels", "parties", "rights"]
