from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from landreg.accounts.models import RoleAssignment, User
from landreg.accounts.permission_names import PermissionChoiceField
from landreg.accounts.services import role_grant, role_revoke


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["role", "unit", "granted_by", "granted_at", "revoked_at"]
    readonly_fields = fields  # grants go through the role assignment page, which calls the grant service

    def has_add_permission(self, request, obj=None):
        return False


class TranslatedPermissionsMixin:
    """Permission choices named in the reader's language (the stored names are English)."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionChoiceField
            kwargs["queryset"] = db_field.remote_field.model.objects.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(TranslatedPermissionsMixin, DjangoGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(TranslatedPermissionsMixin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None:
            fields = [*fields, "role_assignments_link"]
        if request.user.is_superuser:
            return fields
        # A system administrator's powers come from their role on a unit (accounts.services): by hand, a
        # superuser box, model permissions or groups would lift them, or anyone, past every unit's scope.
        return [*fields, "is_superuser", "groups", "user_permissions"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # The roles are granted on the role assignments' page (accounts.services.role_grant, with their
        # object permissions), not here: the table below only lists them, and said nothing when empty.
        return [*fieldsets, (_("Roles"), {"fields": ["role_assignments_link"]})]

    @admin.display(description=_("role assignments"))
    def role_assignments_link(self, obj):
        listed = reverse("admin:accounts_roleassignment_changelist") + f"?user__id__exact={obj.pk}"
        grant = reverse("admin:accounts_roleassignment_add") + f"?user={obj.pk}"
        return format_html(
            '{} <a href="{}">{}</a> · <a href="{}">{}</a>',
            _('Roles are granted and revoked under "Role assignments", each on a unit:'),
            listed,
            _("this user's role assignments"),
            grant,
            _("grant a role to this user"),
        )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Adding a row grants the role (object permissions included); the revoke action ends it. Rows stay."""

    list_display = ["user", "role", "unit", "granted_by", "granted_at", "revoked_at"]
    list_filter = ["role", "unit__level", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__last_name", "unit__code", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    actions = ["revoke_selected"]

    def get_fields(self, request, obj=None):
        return ["user", "role", "unit"] if obj is None else [*self.get_readonly_fields(request, obj)]

    def get_readonly_fields(self, request, obj=None):
        return (
            []
            if obj is None
            else ["user", "role", "unit", "granted_by", "granted_at", "revoked_by", "revoked_at"]
        )

    def save_model(self, request, obj, form, change):
        if change:
            return
        granted = role_grant(user=obj.user, role=obj.role, unit=obj.unit, granted_by=request.user)
        obj.pk = granted.pk

    @admin.action(description=_("Revoke the selected roles"))
    def revoke_selected(self, request, queryset):
        active = list(queryset.filter(revoked_at__isnull=True))
        for assignment in active:
            role_revoke(assignment=assignment, revoked_by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d role revoked.", "%(count)d roles revoked.", len(active))
            % {"count": len(active)},
            messages.SUCCESS,
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
