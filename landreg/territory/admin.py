from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from landreg.accounts.selectors import units_covered
from landreg.core.admin_scoping import NoDeleteAdminMixin, ScopedAdminMixin
from landreg.territory.models import AdministrativeUnit


def _units_visible(user):
    return units_covered(user, "view_records")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ScopedAdminMixin, NoDeleteAdminMixin, LeafletGeoAdmin):
    scope_selector = _units_visible
    list_display = ["code", "name", "level", "parent", "projected_srid"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    readonly_fields = ["path"]
    autocomplete_fields = ["parent"]
