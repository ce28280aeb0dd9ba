from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from landreg.audit.admin_mixins import RegisterAdminMixin
from landreg.core.admin_scoping import NoDeleteAdminMixin, ScopedAdminMixin, VersionedAdminMixin
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
class ParcelAdmin(
    VersionedAdminMixin, RegisterAdminMixin, ScopedAdminMixin, NoDeleteAdminMixin, LeafletGeoAdmin
):
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
