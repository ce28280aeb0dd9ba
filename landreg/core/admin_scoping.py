"""Admin pages list only what the staff user may see: the same selectors as pages and API."""

from django.contrib import admin


class ScopedAdminMixin:
    """Set ``scope_selector`` to a selector ``f(user) -> queryset``; superusers see everything."""

    scope_selector = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or self.scope_selector is None:
            return queryset
        return queryset.filter(pk__in=type(self).scope_selector(request.user).values("pk"))


class NoDeleteAdminMixin:
    """Registry records are retired, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyAdminMixin(NoDeleteAdminMixin):
    """Evidence and records that change only through services and transitions: readable, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
