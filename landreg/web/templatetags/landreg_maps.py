"""{% landreg_map "id" callback="functionName" %}: a Leaflet map without inline script.

django-leaflet's {% leaflet_map %} starts the map from an inline <script>, which the Content-Security-Policy
refuses. This tag writes the map's element and its options (the same django-leaflet settings, as JSON data);
static web/maps.js starts it and calls window[callback](map, options).
"""

import json

from django import template
from leaflet.templatetags.leaflet_tags import leaflet_map

register = template.Library()


@register.inclusion_tag("web/landreg_map.html")
def landreg_map(name: str, callback: str = ""):
    options = leaflet_map(name)["djoptions"]  # django-leaflet's own reading of LEAFLET_CONFIG
    return {
        "name": name,
        "callback": callback,
        "options": json.loads(options),
        "options_id": f"{name}-options",
    }
