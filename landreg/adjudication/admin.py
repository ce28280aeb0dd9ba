"""Procedure profiles are edited here by system administrators; claims are read-only (moves use pages/API)."""

import json
import re

from django import forms
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.models import Claim, ClaimEvent, CommuneProcedure, ProcedureProfile
from landreg.adjudication.pages.move_forms import MOVE_LABELS
from landreg.adjudication.profiles import profile_assign
from landreg.adjudication.selectors import claims_visible_to
from landreg.adjudication.states import Step
from landreg.audit.services import audit_record
from landreg.core.admin_scoping import (
    NoDeleteAdminMixin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ScopedAdminMixin,
)

PROFILE_FIELDSETS = [
    (None, {"fields": ["code", "name", "country_code", "certificate_name", "legal_basis"]}),
    (_("Procedure"), {"fields": ["steps", "notice_days", "overdue_after_days", "required_documents"]}),
    (
        _("Later changes"),
        {"fields": ["change_steps", "change_notice_days", "spouse_consent_required", "majority_age"]},
    ),
    (_("Committee"), {"fields": ["quorum_min_votes", "quorum_rule", "president_signature_required"]}),
    (
        _("Signature"),
        {
            "fields": [
                "signatory_title",
                "certificate_signature_required",
                "certificate_number_format",
                "certificate_language",
            ]
        },
    ),
    (
        _("Spatial"),
        {
            "fields": [
                "overlap_tolerance_m2",
                "overlap_tolerance_pct",
                "neighbour_gap_m",
                "min_parcel_area_m2",
                "max_parcel_area_m2",
            ]
        },
    ),
    (
        _("Disputes"),
        {
            "fields": [
                "conciliation_body",
                "dispute_first_session_days",
                "dispute_conciliation_days",
                "dispute_court_days",
                "dispute_appeal_days",
                "dispute_homologation",
                "dispute_new_notice",
            ]
        },
    ),
    (_("Public register"), {"fields": ["holders_public"]}),
]


class StepListField(forms.Field):
    """The profile's steps typed as their codes in order, separated by commas: the JSON list the field holds
    (["public_notice", …]) was a syntax an administrator had to guess, and « Saisissez du contenu JSON
    valide » did not say it. A JSON list is still read. Which codes, and each once: validate_profile."""

    widget = forms.TextInput(attrs={"size": 80})

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = (value or "").strip()
        if text.startswith("["):
            try:
                listed = json.loads(text)
            except ValueError:
                listed = None
            if isinstance(listed, list):
                return [str(step) for step in listed]
        codes = (code.strip("\"'[]") for code in re.split(r"[\s,;]+", text))
        return [code for code in codes if code]


def _steps_help():
    codes = ", ".join(f"{step.value} ({step.label})" for step in Step)
    return _("Their codes in order, separated by commas, from: %(codes)s.") % {"codes": codes}


class ProcedureProfileForm(forms.ModelForm):
    steps = StepListField(label=_("steps in order"), help_text=lazy(_steps_help, str)())

    class Meta:
        model = ProcedureProfile
        fields = [field for _title, options in PROFILE_FIELDSETS for field in options["fields"]]


@admin.register(ProcedureProfile)
class ProcedureProfileAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    form = ProcedureProfileForm
    list_display = ["code", "name", "country_code", "notice_days", "quorum_min_votes", "quorum_rule"]
    fieldsets = PROFILE_FIELDSETS

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Changing the law's parameters is itself part of the tamper-evident history.
        audit_record(
            action="procedure.edit", obj=obj, actor=request.user, payload={"changed": form.changed_data}
        )


@admin.register(CommuneProcedure)
class CommuneProcedureAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["commune", "profile"]
    autocomplete_fields = ["commune"]

    def save_model(self, request, obj, form, change):
        profile_assign(commune=obj.commune, profile=obj.profile, actor=request.user)


class ClaimEventInline(ReadOnlyInline):
    model = ClaimEvent
    fields = ["occurred_at", "move_done", "from_state", "to_state", "actor", "reason"]
    readonly_fields = fields

    @admin.display(description=_("move"))
    def move_done(self, event):
        # The move's words on the claim page, not its code ("submit").
        return MOVE_LABELS.get(event.move, event.move)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    scope_selector = claims_visible_to
    list_display = [
        "receipt_number",
        "village",
        "purpose",
        "state",
        "parcel_number",
        "notice_start",
        "notice_end",
    ]
    list_filter = ["purpose", "state", "profile"]
    search_fields = ["receipt_number", "parcel_number", "claimants__last_name"]
    inlines = [ClaimEventInline]  # read-only: a claim changes only through its moves
