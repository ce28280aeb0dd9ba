"""Parcels in the Django admin, scoped to the user's villages; an edit makes a new version, and a boundary
typed or drawn here goes through the same checks as in the services."""

from django import forms
from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from landreg.audit.admin_mixins import RegisterAdminMixin
from landreg.core.admin_scoping import (
    MapAdminMixin,
    NoDeleteAdminMixin,
    ScopedAdminMixin,
    VersionedAdminMixin,
)
from landreg.parcels.checks import check_boundary
from landreg.parcels.exceptions import GeometryError
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


class ParcelAdminForm(forms.ModelForm):
    """The boundary as parcel_record and parcel_update take it (``parcels.checks.check_boundary``): an
    invalid one is refused with what is wrong and where, never repaired unasked, and the computed area and
    its CRS follow it (``checked``)."""

    checked = None

    def clean(self):
        cleaned = super().clean()
        geometry, village = cleaned.get("geometry"), cleaned.get("village")
        if village is None and self.instance.pk:
            village = self.instance.village
        touched = not self.instance.pk or {"geometry", "village"} & set(self.changed_data)
        if geometry is None or village is None or not touched:
            return cleaned
        try:
            self.checked = check_boundary(geometry, village=village)
        except GeometryError as exc:
            self.add_error("geometry", str(exc))
        else:
            cleaned["geometry"] = self.checked.polygon
        return cleaned


@admin.register(Parcel)
class ParcelAdmin(
    VersionedAdminMixin,
    RegisterAdminMixin,
    ScopedAdminMixin,
    NoDeleteAdminMixin,
    MapAdminMixin,
    LeafletGeoAdmin,
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
    form = ParcelAdminForm

    def derived_changes(self, obj, form) -> dict:
        checked = form.checked
        return {"area_m2": checked.area_m2, "area_srid": checked.area_srid} if checked else {}

    def save_model(self, request, obj, form, change):
        for name, value in self.derived_changes(obj, form).items():
            setattr(obj, name, value)  # an added parcel is saved with its area
        super().save_model(request, obj, form, change)
