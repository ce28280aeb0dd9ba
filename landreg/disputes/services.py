"""Opening and closing dispute cases."""

from django.db import transaction
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError, RegistryError
from landreg.disputes.models import DisputeCase, DisputeStatus
from landreg.territory.models import AdministrativeUnit


class DisputeError(RegistryError):
    """A dispute case that cannot be opened or closed as asked."""


@transaction.atomic
def dispute_open(*, village: AdministrativeUnit, subject: str, opened_by=None) -> DisputeCase:
    # Numbering under the village row lock: two cases opened at once never share a number.
    village = AdministrativeUnit.objects.select_for_update().get(pk=village.pk)
    year = clock.today().year
    prefix = f"LIT-{village.code}-{year}-"
    count = DisputeCase.objects.filter(number__startswith=prefix).count()
    case = DisputeCase.objects.create(
        number=f"{prefix}{count + 1:04d}",
        village=village,
        subject=subject,
        opened_at=clock.now(),
        opened_by=opened_by,
    )
    audit_record(action="dispute.open", obj=case, actor=opened_by, payload={"number": case.number})
    return case


@transaction.atomic
def dispute_close(*, case: DisputeCase, status: str, note: str, actor) -> DisputeCase:
    case = DisputeCase.objects.select_for_update().get(pk=case.pk)  # one outcome per case
    if not (
        has_unit_perm(actor, "manage_disputes", case.village)
        or has_unit_perm(actor, "conciliate", case.village)
    ):
        raise PermissionDeniedError(_("You may not record the outcome of disputes in this village."))
    if not case.is_open:
        raise DisputeError(_("Case %(number)s is already closed.") % {"number": case.number})
    if status not in {DisputeStatus.CONCILIATED, DisputeStatus.NOT_CONCILIATED, DisputeStatus.WITHDRAWN}:
        raise DisputeError(_("Unknown outcome “%(status)s”.") % {"status": status})
    if not note.strip():
        raise DisputeError(_("Write the outcome of the hearing."))
    case.status, case.outcome_note, case.closed_at = status, note, clock.now()
    case.save(update_fields=["status", "outcome_note", "closed_at", "updated_at"])
    audit_record(action="dispute.close", obj=case, actor=actor, payload={"status": status})
    return case
