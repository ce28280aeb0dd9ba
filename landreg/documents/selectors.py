from django.db.models import Q, QuerySet

from landreg.accounts.selectors import villages_covered
from landreg.documents.models import PERSONAL_PAPERS, Source


def sources_visible_to(user) -> QuerySet[Source]:
    return Source.objects.filter(village__in=villages_covered(user, "view_records"))


def sources_openable_by(user) -> QuerySet[Source]:
    """Documents the user may open: identity papers and field photos of papers (documents.models.
    PERSONAL_PAPERS), and the powers of attorney shown when a certificate was handed to a representative, only
    where the user sees personal data."""
    personal = villages_covered(user, "view_personal_data")
    personal_papers = Q(source_type__in=PERSONAL_PAPERS) | Q(proxied_deliveries__isnull=False)
    return sources_visible_to(user).exclude(personal_papers & ~Q(village__in=personal))
