"""Certificate numbers by the commune's pattern, without gaps, even with several registrars at once."""

import string

from django.db import transaction
from django.utils.translation import gettext as _

from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.certificates.exceptions import CertificateError
from landreg.certificates.models import CertificateSeries
from landreg.core import clock
from landreg.territory.models import AdministrativeUnit, UnitLevel

# What may join a unit's code to its parent's when codes are built down the hierarchy (SAB → SAB-C).
CODE_SEPARATORS = "-_./ "


def within(code: str, parent_code: str) -> str:
    """The part of a unit's code that its parent's code does not already say: "SAB-C" in commune "SAB"
    is "C"; a code not built on its parent's (or equal to it) is kept whole."""
    rest = code[len(parent_code) :]
    if parent_code and code.startswith(parent_code) and len(rest) > 1 and rest[0] in CODE_SEPARATORS:
        return rest[1:]
    return code


def format_number(pattern: str, *, commune: str, village: str, year: int, seq: int, country: str = "") -> str:
    """The number the pattern gives. Where the pattern already names the parent unit, a child's code built
    on its parent's is shortened so the number says each code once: APFR-{commune}-{village} gives
    APFR-SAB-C-00001 for village SAB-C of commune SAB, not APFR-SAB-SAB-C-00001."""
    try:
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
        if "commune" in fields:
            village = within(village, commune)
        if "country" in fields:
            commune = within(commune, country)
        return pattern.format(country=country, commune=commune, village=village, year=year, seq=seq)
    except (KeyError, IndexError, ValueError) as exc:
        raise CertificateError(
            _(
                "The numbering pattern “%(pattern)s” is not valid; "
                "use {country}, {commune}, {village}, {year}, {seq}."
            )
            % {"pattern": pattern}
        ) from exc


def _profile_defaults(commune: AdministrativeUnit) -> dict:
    """A new series follows the commune's procedure profile: its numbering scheme, title and signatory."""
    try:
        profile = profile_for(commune)
    except NoProcedureError:
        return {}
    return {
        "pattern": profile.certificate_number_format,
        "title": profile.certificate_name,
        "authority_title": profile.signatory_title,
    }


def series_for(commune: AdministrativeUnit) -> CertificateSeries:
    series = CertificateSeries.objects.filter(commune=commune).first()
    if series is None:
        series, _created = CertificateSeries.objects.get_or_create(
            commune=commune, defaults=_profile_defaults(commune)
        )
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
    country = village.ancestor_at(UnitLevel.COUNTRY)
    number = format_number(
        series.pattern,
        country=country.code if country else "",
        commune=commune.code,
        village=village.code,
        year=clock.today().year,
        seq=series.last_sequence,
    )
    series.save(update_fields=["last_sequence"])
    return series, series.last_sequence, number
