"""Admin pages list only what the staff user may see: the same selectors as pages and API."""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext as _

from landreg.core.basemap import basemap_max_zoom, basemap_url

# As the site's maps (web/static/web/map.js): drawn down to zoom 22, the file's last level enlarged beyond it.
MAX_ZOOM, NATIVE_ZOOM = 22, 19


class ScopedAdminMixin:
    """Set ``scope_selector`` to a selector ``f(user) -> queryset``; superusers see everything."""

    scope_selector = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or self.scope_selector is None:
            return queryset
        return queryset.filter(pk__in=type(self).scope_selector(request.user).values("pk"))


class VersionedAdminMixin:
    """An edit in the admin makes a new version, as the services do: the stored version is closed in the
    record's history table (``landreg.core.history.versioning``) and the edited one opened, not
    overwritten."""

    def derived_changes(self, obj, form) -> dict:
        """Fields the admin computes rather than reads from the form (a parcel's area from its boundary)."""
        return {}

    def save_model(self, request, obj, form, change):
        from landreg.core.history.versioning import version_supersede, versions_begin

        if not change:
            super().save_model(request, obj, form, change)
            versions_begin(obj, actor=request.user, reason="admin")
            return
        own = {f.name for f in type(obj)._meta.concrete_fields}
        changes = {name: getattr(obj, name) for name in form.changed_data if name in own}
        if not changes:
            return  # only its inlines changed
        changes |= self.derived_changes(obj, form)
        stored = type(obj).objects.get(pk=obj.pk)
        updated = version_supersede(stored, changes=changes, actor=request.user, reason="admin")
        obj.version, obj.begin_lifespan, obj.updated_at = (
            updated.version,
            updated.begin_lifespan,
            updated.updated_at,
        )


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


class MapAdminMixin:
    """Put before django-leaflet's LeafletGeoAdmin: its map widget with the drawing toolbar in French
    (core/admin/leaflet_widget.html says why the library's own template left it in English)."""

    map_template = "core/admin/leaflet_widget.html"

    @property
    def settings_overrides(self) -> dict:
        """The map widget's tiles: the office's base map, as every map of the site gets it (core/basemap.py),
        read at each page. LEAFLET_CONFIG, read once when django-leaflet is imported, gave the admin's map
        no base map unless the environment named one at start-up, and beyond the file's last zoom level (a
        village's boundary fits at zoom 16 or 17; imagery often stops before) it asked for tiles that do not
        exist: the map went blank around the boundary drawn on it."""
        url = basemap_url()
        if not url:
            return {"TILES": []}
        options = {
            "attribution": settings.LANDREG_BASEMAP_ATTRIBUTION,
            "maxNativeZoom": basemap_max_zoom() or NATIVE_ZOOM,
        }
        return {"TILES": [(_("Base map"), url, options)], "MAX_ZOOM": MAX_ZOOM}
