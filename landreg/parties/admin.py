from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from landreg.audit.admin_mixins import RegisterAdminMixin
from landreg.core.admin_scoping import NoDeleteAdminMixin, ScopedAdminMixin, VersionedAdminMixin
from landreg.parties.models import GroupMembership, Party
from landreg.parties.selectors import parties_visible_to


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


@admin.register(Party)
class PartyAdmin(
    VersionedAdminMixin, RegisterAdminMixin, ScopedAdminMixin, NoDeleteAdminMixin, admin.ModelAdmin
):
    scope_selector = parties_visible_to
    list_display = ["name_shown", "kind", "sex", "village", "version", "end_lifespan"]
    list_filter = ["kind", "sex", "group_type", "marital_status", "village"]
    search_fields = ["last_name", "first_names", "name", "id_document_number"]
    readonly_fields = ["version", "begin_lifespan", "end_lifespan"]
    inlines = [GroupMembershipInline]

    @admin.display(description=_("name"), ordering="last_name")
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
