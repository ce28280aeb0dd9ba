"""Admin edits of register tables enter the chain like the services' writes.

The admin writes rows directly (not through the services), so without this an edit there would look to
``verify_audit`` like an edit made outside the registry. Mixed into the register's ModelAdmins: the row and
the rows of its inlines are recorded with the administrator as actor, in the admin's own transaction.
"""

from landreg.audit.rows import REGISTER_TABLES, register_write


class RegisterAdminMixin:
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rows = [form.instance]
        for formset in formsets:
            rows += [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]
        rows = [row for row in rows if row._meta.label_lower in REGISTER_TABLES]
        register_write(
            action="admin.change" if change else "admin.add",
            rows=rows,
            actor=request.user,
            obj=form.instance,
            payload={"fields": sorted(form.changed_data)},
        )
