from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from landreg.audit.admin_mixins import RegisterAdminMixin
from landreg.core.admin_scoping import NoDeleteAdminMixin, ScopedAdminMixin
from landreg.core.versioning import version_supersede, versions_begin
from landreg.parcels.models import Parcel
from landreg.parcels.selectors import parcels_visible_to
from landreg.rights.models import Right


class RightInline(admin.TabularInline):
    model = Right
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["right_type", "tenure_system", "legal_basis", "start_date", "end_date", "end_lifespan"]
    readonly_fields = ["end_lifespan"]


@admin.register(Parcel)
class ParcelAdmin(RegisterAdminMixin, ScopedAdminMixin, NoDeleteAdminMixin, LeafletGeoAdmin):
    scope_selector = parcels_visible_to
    list_display = [
        "number",
        "village",
        "land_use",
        "area_m2",
        "official_area_m2",
        "survey_method",
        "version",
        "end_lifespan",
    ]
    list_filter = ["village", "land_use", "survey_method"]
    search_fields = ["number", "local_name", "source_id"]
    readonly_fields = ["area_m2", "area_srid", "version", "begin_lifespan", "end_lifespan"]
    inlines = [RightInline]

    def save_model(self, request, obj, form, change):
        """An edit here makes a new version like the services' (the stored one is kept in the history)."""
        if not change:
            super().save_model(request, obj, form, change)
            versions_begin(obj, actor=request.user, reason="admin")
            return
        own = {f.name for f in Parcel._meta.concrete_fields}
        changed = [name for name in form.changed_data if name in own]
        if not changed:
            return  # only its rights (inlines) changed
        stored = Parcel.objects.get(pk=obj.pk)
        updated = version_supersede(
            stored, changes={name: getattr(obj, name) for name in changed}, actor=request.user, reason="admin"
        )
        obj.version, obj.begin_lifespan, obj.updated_at = (
            updated.version,
            updated.begin_lifespan,
            updated.updated_at,
        )
