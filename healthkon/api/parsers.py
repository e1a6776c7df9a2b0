"""The JSON request parser every service uses (issue #13, the bad-input corpus)."""

import codecs
import json
import math
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.settings import api_settings

# A surrogate code point left in a decoded string is half a character: "\ud800" in JSON.
_SURROGATE = re.compile("[\ud800-\udfff]")
NOT_A_NUMBER = _("A number out of range (not finite).")
NOT_UNICODE = _("Not valid Unicode text (a lone surrogate escape).")


def _problem(value) -> str | None:
    """Why no field can hold `value` (or something inside it), or None; no recursion, any depth."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return NOT_A_NUMBER
        if isinstance(item, str) and _SURROGATE.search(item):
            return NOT_UNICODE
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return None


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing with a 400 what it would pass on to crash later.

    - Nesting too deep for Python's parser (`[[[[…`) is a parse error, not a RecursionError (500).
    - A number beyond double range (`1e999`, and the non-JSON `Infinity`/`NaN`) and a string with
      a lone surrogate escape (`"\\ud800"`) fit no field: no database column or UTF-8 response
      can hold them (an error message echoing one could not even be rendered). They are a 400
      naming the top-level member that holds them.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded_stream = codecs.getreader(encoding)(stream)
            data = json.load(decoded_stream, parse_constant=float)
        except RecursionError:
            raise ParseError(_("JSON parse error - nested too deeply.")) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if isinstance(data, dict):
            errors = {}
            for key, value in data.items():
                problem = _problem(value)
                if _SURROGATE.search(key):
                    errors[api_settings.NON_FIELD_ERRORS_KEY] = [NOT_UNICODE]
                elif problem:
                    errors[key] = [problem]
            if errors:
                raise ValidationError(errors)
        elif problem := _problem(data):
            raise ParseError(problem)
        return data


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser, refusing a body in which no part has a name (a 400, not a no-op).

    Django skips parts without a `Content-Disposition: form-data; name=…` header, so a malformed
    body would reach the view as an empty form: a PATCH that silently changes nothing.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        if not parsed.data and not parsed.files:
            raise ParseError(_("Multipart body without any named part."))
        return parsed
