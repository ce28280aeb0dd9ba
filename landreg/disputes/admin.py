from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from landreg.core.admin_messages import said_form
from landreg.core.stored_messages import message_said
from landreg.disputes.cases.services import dispute_open
from landreg.disputes.models import DisputeCase
from landreg.territory.models import AdministrativeUnit, UnitLevel


class DisputeCaseAddForm(forms.ModelForm):
    """Adding a case asks only what opening one needs; the number and the dates come from the service."""

    village = forms.ModelChoiceField(
        label=_("village"), queryset=AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE)
    )

    class Meta:
        model = DisputeCase
        fields = ["subject"]


@admin.register(DisputeCase)
class DisputeCaseAdmin(admin.ModelAdmin):
    form = said_form({"subject": message_said})
    list_display = ["number", "village", "status", "opened_at", "closed_at"]
    list_filter = ["status"]
    readonly_fields = ["number", "village", "opened_at", "opened_by", "closed_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = DisputeCaseAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["village", "subject"] if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # The case is opened as an objection opens one: numbered under the village's lock, in the history.
        case = dispute_open(
            village=form.cleaned_data["village"], subject=form.cleaned_data["subject"], opened_by=request.user
        )
        obj.pk, obj.number, obj.village, obj.opened_at = case.pk, case.number, case.village, case.opened_at
        obj._state.adding, obj._state.db = False, case._state.db
