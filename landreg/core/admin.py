from django.contrib import admin

from landreg.core.models import VersionRecord


@admin.register(VersionRecord)
class VersionRecordAdmin(admin.ModelAdmin):
    """Past versions are evidence: readable, never editable."""

    list_display = ["content_type", "object_id", "version", "begin_lifespan", "end_lifespan", "actor"]
    list_filter = ["content_type"]
    search_fields = ["object_id", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
