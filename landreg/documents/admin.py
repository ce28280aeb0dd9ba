from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from landreg.core.admin_messages import said_form
from landreg.core.admin_scoping import ScopedAdminMixin
from landreg.core.stored_messages import message_said
from landreg.documents.models import Source
from landreg.documents.selectors import sources_visible_to


@admin.register(Source)
class SourceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_selector = sources_visible_to
    form = said_form({"description": message_said})
    list_display = ["source_type", "reference", "document_date", "village", "description_said"]
    list_filter = ["source_type", "village"]
    search_fields = ["reference", "description"]
    autocomplete_fields = ["parcels", "parties", "rights"]

    @admin.display(description=_("description"))
    def description_said(self, source):
        # The registry's own descriptions (a power of attorney's) are kept as messages: said in the reader's.
        return message_said(source.description)
