from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from landreg.accounts.selectors import units_covered
from landreg.audit.services import audit_record
from landreg.core.admin_scoping import MapAdminMixin, NoDeleteAdminMixin, ScopedAdminMixin
from landreg.territory.boundary_files import ACCEPTED, boundary_from_upload
from landreg.territory.exceptions import TerritoryError
from landreg.territory.models import AdministrativeUnit
from landreg.territory.overlaps import village_boundary_checked
from landreg.territory.services import boundary_checked, unit_create, unit_path, unit_update


def _units_visible(user):
    return units_covered(user, "view_records")


class AdministrativeUnitForm(forms.ModelForm):
    """The unit's boundary drawn on the map or read from a file; checked as territory.services checks it, a
    village's against the other villages of its commune too, so that an overlap is said beside the map and
    the drawing is kept to correct."""

    boundary_file = forms.FileField(
        label=_("Boundary file"),
        required=False,
        help_text=_("Instead of drawing: a file holding the boundary (%(kinds)s). It replaces the drawing.")
        % {"kinds": ", ".join(ACCEPTED)},
    )

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "code", "name", "parent", "boundary", "boundary_file", "projected_srid"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("boundary_file")
        try:
            if upload:
                cleaned["boundary"] = boundary_from_upload(upload)
            cleaned["boundary"] = boundary_checked(cleaned.get("boundary"))
            # Level and parent are read-only once the unit exists: the instance's then.
            village_boundary_checked(
                boundary=cleaned["boundary"],
                level=cleaned.get("level", self.instance.level),
                parent=cleaned.get("parent", self.instance.parent if self.instance.parent_id else None),
                village=None if self.instance._state.adding else self.instance,
            )
        except TerritoryError as exc:
            self.add_error("boundary_file" if upload else "boundary", str(exc))
        if self.instance._state.adding and {"level", "code"} <= cleaned.keys():
            try:
                unit_path(level=cleaned["level"], code=cleaned["code"], parent=cleaned.get("parent"))
            except TerritoryError as exc:
                self.add_error(None, str(exc))
        return cleaned


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ScopedAdminMixin, NoDeleteAdminMixin, MapAdminMixin, LeafletGeoAdmin):
    form = AdministrativeUnitForm
    scope_selector = _units_visible
    list_display = ["code", "name", "level", "parent", "projected_srid"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    readonly_fields = ["path"]
    autocomplete_fields = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # The path, which scopes every grant and list under the unit, is set once by unit_create: a unit
        # does not move in the tree nor change its code afterwards.
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "level", "code", "parent"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            unit_update(
                unit=obj,
                name=data["name"],
                boundary=data.get("boundary"),
                projected_srid=data.get("projected_srid"),
            )
            self._recorded(request, obj, form, change)
            return
        unit = unit_create(
            level=data["level"],
            code=data["code"],
            name=data["name"],
            parent=data.get("parent"),
            boundary=data.get("boundary"),
            projected_srid=data.get("projected_srid"),
        )
        obj.pk, obj.path, obj.code, obj.boundary = unit.pk, unit.path, unit.code, unit.boundary
        obj._state.adding, obj._state.db = False, unit._state.db
        self._recorded(request, obj, form, change)

    @staticmethod
    def _recorded(request, obj, form, change):
        # A village added or renamed here enters the chain like any registry write, in the admin's
        # transaction: who did it stays known, and the pages kept until the next write (the home page's
        # table of villages, the lists' village filters) show it at once, not ten minutes later.
        audit_record(
            action="admin.change" if change else "admin.add",
            obj=obj,
            actor=request.user,
            payload={"fields": sorted(form.changed_data)},
        )
