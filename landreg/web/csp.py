"""The Content-Security-Policy (django-csp; the policy itself is CONTENT_SECURITY_POLICY in settings).

Our pages run scripts and styles from our own static files only: no inline <script>, no event attributes, no
<style> blocks or style="" attributes (map options travel as JSON data, behaviour lives in static/web/*.js).

The admin is Django's and django-leaflet's: the map widget writes inline scripts carrying the request's nonce
(LeafletGeoAdmin passes request.csp_nonce; django-csp adds the nonce to script-src only on pages that used
it), and Django's change list writes a <style> block when a list has no actions. So the admin alone may use
inline styles; inline scripts stay refused everywhere unless they carry the nonce.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"


class LandregCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX) and parts.update is None:
            parts.update = {"style-src": [UNSAFE_INLINE]}
        return parts
