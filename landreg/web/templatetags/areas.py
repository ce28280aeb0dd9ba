"""``{{ area_m2|ha_a_ca }}``: an area in square metres written as land offices do, "1 ha 23 a 45 ca"."""

from django import template

from landreg.core.formats.pdf import number_in_language
from landreg.core.geometry import format_ha_a_ca

register = template.Library()


@register.filter
def ha_a_ca(area_m2) -> str:
    if area_m2 is None or area_m2 == "":
        return "—"
    return format_ha_a_ca(float(area_m2))


@register.filter
def square_metres(area_m2) -> str:
    """``3 600 m²``: whole square metres in the language's number format (narrow no-break space in French)."""
    if area_m2 is None or area_m2 == "":
        return "—"
    return f"{number_in_language(float(area_m2))} m²"
