from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from landreg.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["role", "unit", "granted_by", "granted_at", "revoked_at"]
    readonly_fields = fields  # grants go through landreg.accounts.services (manage.py grant_role)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "is_active"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "granted_at", "revoked_at"]
    list_filter = ["role", "unit__level"]
    search_fields = ["user__username", "unit__code", "unit__name"]
    readonly_fields = ["user", "role", "unit", "granted_by", "granted_at", "revoked_by", "revoked_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
