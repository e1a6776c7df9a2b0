"""Serializer field rules every service shares."""

from rest_framework import fields

_drf_char_to_internal_value = fields.CharField.to_internal_value


def _string_only(self, data):
    # The OpenAPI schema says "type: string"; DRF would store `{"phone": 0}` as "0". A number where
    # text is expected is a client bug to report (400), not to guess at. Form and multipart bodies
    # arrive as text and are unaffected.
    if not isinstance(data, str):
        self.fail("invalid")
    return _drf_char_to_internal_value(self, data)


def require_strings_for_text_fields() -> None:
    """Make every CharField (EmailField, RegexField, SlugField, URLField…) refuse non-strings."""
    fields.CharField.to_internal_value = _string_only
