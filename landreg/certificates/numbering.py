"""Certificate numbers by the commune's pattern, without gaps, even with several registrars at once."""

from django.db import transaction
from django.utils.translation import gettext as _

from landreg.certificates.exceptions import CertificateError
from landreg.certificates.models import CertificateSeries
from landreg.core import clock
from landreg.territory.models import AdministrativeUnit

PATTERN_FIELDS = {"commune", "village", "year", "seq"}


def format_number(pattern: str, *, commune: str, village: str, year: int, seq: int) -> str:
    try:
        return pattern.format(commune=commune, village=village, year=year, seq=seq)
    except (KeyError, IndexError, ValueError) as exc:
        raise CertificateError(
            _("The numbering pattern “%(pattern)s” is not valid; use {commune}, {village}, {year}, {seq}.")
            % {"pattern": pattern}
        ) from exc


def series_for(commune: AdministrativeUnit) -> CertificateSeries:
    series, _created = CertificateSeries.objects.get_or_create(commune=commune)
    return series


def next_number(
    *, commune: AdministrativeUnit, village: AdministrativeUnit
) -> tuple[CertificateSeries, int, str]:
    """Take the next sequence of the commune. Must run inside the transaction that saves the certificate:
    if that transaction rolls back, so does the counter, and no number is lost."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the issuing transaction")
    series_for(commune)
    # The row lock serialises registrars of the same commune until the certificate is committed.
    series = CertificateSeries.objects.select_for_update().get(commune=commune)
    series.last_sequence += 1
    number = format_number(
        series.pattern,
        commune=commune.code,
        village=village.code,
        year=clock.today().year,
        seq=series.last_sequence,
    )
    series.save(update_fields=["last_sequence"])
    return series, series.last_sequence, number
