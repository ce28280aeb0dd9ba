from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from landreg.audit.admin_mixins import RegisterAdminMixin
from landreg.core.admin_scoping import (
    NoDeleteAdminMixin,
    ReadOnlyInline,
    ScopedAdminMixin,
    VersionedAdminMixin,
)
from landreg.core.search.collation import NameOrder
from landreg.parties.models import GroupMembership, LegalRepresentation, Party
from landreg.parties.selectors import parties_visible_to
from landreg.parties.services import representation_record


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    fk_name = "group"
    extra = 0
    can_delete = False
    autocomplete_fields = ["member"]
    fields = [
        "member",
        "share_numerator",
        "share_denominator",
        "is_mandatary",
        "begin_lifespan",
        "end_lifespan",
    ]


class RepresentationInline(ReadOnlyInline):
    """A minor's legal representatives, current and past: recorded under « Legal representations of
    minors » (through the service that ends the previous one), read here."""

    model = LegalRepresentation
    fk_name = "person"
    fields = ["representative_name", "basis", "reference", "begin_lifespan", "end_lifespan"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Party)
class PartyAdmin(
    VersionedAdminMixin, RegisterAdminMixin, ScopedAdminMixin, NoDeleteAdminMixin, admin.ModelAdmin
):
    scope_selector = parties_visible_to
    list_display = ["name_shown", "kind", "sex", "village", "version", "end_lifespan"]
    list_filter = ["kind", "sex", "group_type", "marital_status", "village"]
    search_fields = ["last_name", "first_names", "name", "id_document_number"]
    readonly_fields = ["version", "begin_lifespan", "end_lifespan"]
    inlines = [GroupMembershipInline, RepresentationInline]

    # The names in the alphabet's order (core.search.collation): Ŋɔmbɔ after Nabi, not after Zongo.
    ordering = [NameOrder("last_name"), NameOrder("first_names"), NameOrder("name"), "pk"]

    @admin.display(description=_("name"), ordering=NameOrder("last_name"))
    def name_shown(self, party):
        return party.display_name

    fieldsets = [
        (None, {"fields": ["kind", "village"]}),
        (
            _("Natural person"),
            {
                "fields": [
                    ("last_name", "first_names"),
                    "sex",
                    ("birth_date", "birth_date_is_approximate"),
                    "birth_place",
                    ("id_document_type", "id_document_number"),
                    "profession",
                    "domicile",
                    "marital_status",
                    "fingerprint_marker",
                ]
            },
        ),
        (_("Non-natural person or group"), {"fields": ["name", "registration_number", "group_type"]}),
        (_("History"), {"fields": ["version", "begin_lifespan", "end_lifespan"]}),
    ]


def _representations_visible_to(user):
    return LegalRepresentation.objects.filter(person__in=parties_visible_to(user))


@admin.register(LegalRepresentation)
class LegalRepresentationAdmin(ScopedAdminMixin, NoDeleteAdminMixin, admin.ModelAdmin):
    """A representative named here is recorded as the pages record one (parties.services), so the
    previous representation ends and the chain of events keeps the change."""

    scope_selector = _representations_visible_to
    list_display = ["person", "representative_name", "basis", "begin_lifespan", "end_lifespan"]
    list_filter = ["basis"]
    search_fields = ["person__last_name", "person__first_names", "representative_name"]
    autocomplete_fields = ["person"]
    fields = ["person", "representative_name", "basis", "reference"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The model's clean() has checked what the service refuses, so the form said it beside its field.
        saved = representation_record(
            person=obj.person,
            representative_name=obj.representative_name,
            basis=obj.basis,
            reference=obj.reference,
            actor=request.user,
        )
        obj.pk, obj.begin_lifespan = saved.pk, saved.begin_lifespan
