from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from landreg.audit.admin_mixins import RegisterAdminMixin
from landreg.core.admin_messages import said_form
from landreg.core.admin_scoping import NoDeleteAdminMixin, ScopedAdminMixin
from landreg.rights.descriptions import description_said
from landreg.rights.models import Right, RightHolder, RightType
from landreg.rights.selectors import rights_visible_to


class RightHolderInline(admin.TabularInline):
    model = RightHolder
    extra = 0
    can_delete = False
    autocomplete_fields = ["party"]
    fields = ["party", "share_numerator", "share_denominator"]


@admin.register(Right)
class RightAdmin(RegisterAdminMixin, ScopedAdminMixin, NoDeleteAdminMixin, admin.ModelAdmin):
    scope_selector = rights_visible_to
    form = said_form({"description": description_said})
    list_display = [
        "parcel",
        "right_type",
        "tenure_system",
        "start_date",
        "end_date",
        "version",
        "end_lifespan",
        "description_said",
    ]
    list_filter = ["right_type__kind", "right_type", "tenure_system", "parcel__village"]
    search_fields = ["parcel__number", "holders__party__last_name", "holders__party__name", "legal_basis"]
    autocomplete_fields = ["parcel"]
    readonly_fields = ["version", "begin_lifespan", "end_lifespan"]
    inlines = [RightHolderInline]

    def get_readonly_fields(self, request, obj=None):
        # A registered right's type is its legal meaning (ownership, lease, mortgage…): its certificates,
        # versions and history rest on it, and a new type would rewrite what was registered as if it had
        # always been so. Chosen when the right is added; a wrong type is corrected by ending the right and
        # registering the right one, through the register's procedures. Its parcel likewise: moving a right
        # to another parcel would give that parcel's holders a right they never applied for and take it from
        # the first parcel's, with no procedure, no notice and no record in either parcel's history.
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "right_type", "parcel"]

    @admin.display(description=_("description"))
    def description_said(self, right):
        return description_said(right.description)


@admin.register(RightType)
class RightTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "label_fr", "label_en", "is_secondary", "ladm_code"]
    list_filter = ["kind", "is_secondary"]
    search_fields = ["code", "label_fr", "label_en"]
