"""The audit chain's head, (number, hash), read by a statement built once per process (core.db.kept): what
values kept until the registry changes are kept under, since every write of the registry records an event,
which moves the head (web.search.kept, the public parcel page's procedure profile)."""

from landreg.audit.models import AuditHead
from landreg.core.db.kept import KeptQuery

AUDIT_HEAD = KeptQuery(lambda: AuditHead.objects.filter(pk=1).values_list("last_seq", "last_hash"))
