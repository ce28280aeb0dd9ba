from django.contrib import admin

from landreg.collect.models import Submission, SubmissionAttachment


class AttachmentInline(admin.TabularInline):
    model = SubmissionAttachment
    extra = 0
    can_delete = False
    readonly_fields = ["name", "content_type", "size"]
    exclude = ["file"]  # opened through the registry's permission-checked views, not from the admin


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Read-only: a submission is what a device sent; corrections come back as a new submission."""

    list_display = ["instance_id", "agent", "village", "state", "received_at"]
    list_filter = ["state", "village"]
    search_fields = ["instance_id", "agent__username"]
    inlines = [AttachmentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
