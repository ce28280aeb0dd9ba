"""French for the messages of the API's libraries that reach users in English.

1. Marked for translation by DRF, simplejwt or drf-spectacular but missing from their French catalogues (the
   versions we install): listed here so that ``make messages`` keeps them in ours, which Django reads before
   the libraries' own (LOCALE_PATHS), and the library's look-up finds the French. A forged token was
   answered ``"message": "Token is invalid"``; ``tests/api/test_french_errors.py`` lists any new one after
   an upgrade.
2. Written by DRF without gettext: translated on the way out by the exception handler (``UNMARKED``).
"""

from django.utils.translation import gettext_lazy as _

MISSING_IN_LIBRARY_CATALOGUES = (
    # rest_framework/fields.py
    _("A valid biginteger is required."),
    _("Integer value too large to convert to float"),
    _("The number of days must be between {min_days} and {max_days}."),
    # rest_framework_simplejwt: tokens and backends
    _("Token is expired"),
    _("Token is invalid"),
    _("Unrecognized type '{}', 'leeway' must be of type int, float or timedelta."),
    # rest_framework_simplejwt: the blacklist app in the admin
    _("Blacklisted Token"),
    _("Blacklisted Tokens"),
    _("Blacklisted token for %(user)s"),
    _("Outstanding Token"),
    _("Outstanding Tokens"),
    _("Token for %(user)s (%(jti)s)"),
    # drf_spectacular: the schema's descriptions
    _("No response body"),
    _("Unspecified response body"),
    _('Token-based authentication with required prefix "%s"'),
)

# DRF's text -> ours (serializers.Serializer.errors: a body that is JSON null).
UNMARKED = {"No data provided": _("No data provided.")}
