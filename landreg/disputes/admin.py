from django.contrib import admin

from landreg.disputes.models import DisputeCase


@admin.register(DisputeCase)
class DisputeCaseAdmin(admin.ModelAdmin):
    list_display = ["number", "village", "status", "opened_at", "closed_at"]
    list_filter = ["status"]
    readonly_fields = ["number", "village", "opened_at", "opened_by", "closed_at"]
