"""DRF's parsers, with their refusals in the caller's language.

DRF writes ``JSON parse error - <Python's own message>``, ``Multipart form parse error - ...`` and
``Unsupported charset ...`` without gettext, so a French client read English (``Expecting property name
enclosed in double quotes: line 1 column 2 (char 1)``). Here the refusal says what was wrong in the
registry's words; for JSON, where.
"""

import codecs
import json

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            encoding = parsers.get_encoding(parser_context or {})  # refuses a codec that is not text's
        except ParseError as exc:
            raise ParseError(
                _("The body's character set is not one the registry reads; send UTF-8.")
            ) from exc
        try:
            # NaN and Infinity are not JSON (RFC 8259); DRF refuses them too (strict).
            return json.load(codecs.getreader(encoding)(stream), parse_constant=_not_a_number)
        except json.JSONDecodeError as exc:
            raise ParseError(
                _("The body is not valid JSON (line %(line)d, column %(column)d).")
                % {"line": exc.lineno, "column": exc.colno}
            ) from exc
        except UnicodeDecodeError as exc:
            raise ParseError(_("The body is not text in %(encoding)s.") % {"encoding": encoding}) from exc
        except ValueError as exc:  # NaN, Infinity
            raise ParseError(
                _("The body is not valid JSON: %(value)s is not a number.") % {"value": exc}
            ) from exc


def _not_a_number(name: str):
    raise ValueError(name)


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except TooManyFilesSent as exc:
            # Django's cap on a form's files (DATA_UPLOAD_MAX_NUMBER_FILES): its refusal is no parse error for
            # DRF and became a bare HTML « Bad Request » page; a sync push over it is refused whole, saying
            # the cap and what to do.
            raise ParseError(
                _(
                    "A multipart body carries at most %(limit)d files; this one carries more. Send the "
                    "records and their attachments in several pushes."
                )
                % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
                code="too_many_files",
            ) from exc
        except ParseError as exc:
            if exc.detail.code == "parse_error" and str(exc.detail).startswith("Multipart form parse error"):
                raise ParseError(_("The body is not a readable multipart form.")) from exc
            raise
