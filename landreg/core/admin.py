from django.contrib import admin

from landreg.core.admin_scoping import ReadOnlyAdminMixin
from landreg.core.models import VersionRecord


@admin.register(VersionRecord)
class VersionRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Past versions are evidence: readable, never editable."""

    list_display = ["content_type", "object_id", "version", "begin_lifespan", "end_lifespan", "actor"]
    list_filter = ["content_type"]
    search_fields = ["object_id", "reason"]
