"""Serializer field rules every service shares, installed once at start-up (healthkon.apps)."""

from rest_framework import fields

from healthkon.api.filters import parsed_flag

_drf_char_to_internal_value = fields.CharField.to_internal_value
_drf_boolean_to_internal_value = fields.BooleanField.to_internal_value


def _string_only(self, data):
    # The OpenAPI schema says "type: string" with a maxLength; DRF would store `{"phone": 0}` as
    # "0" and measure the length after trimming spaces. A number where text is expected, or text
    # longer than documented, is a client bug to report (400), not to guess at. Form and multipart
    # bodies arrive as text and are unaffected.
    if not isinstance(data, str):
        self.fail("invalid")
    if self.max_length is not None and len(data) > self.max_length:
        self.fail("max_length", max_length=self.max_length)
    return _drf_char_to_internal_value(self, data)


def _boolean_only(self, data):
    # JSON says true/false; DRF also takes 0/1 and "yes". Text is still read (multipart uploads
    # send every field as text) in the spellings query strings take.
    if isinstance(data, str) and parsed_flag(data) is not None:
        return parsed_flag(data)
    if not isinstance(data, bool):
        self.fail("invalid", input=data)
    return _drf_boolean_to_internal_value(self, data)


def require_json_types_for_text_and_yes_no_fields() -> None:
    """Every CharField (Email, Regex, Slug, URL…) takes only strings, every BooleanField only yes/no."""
    fields.CharField.to_internal_value = _string_only
    fields.BooleanField.to_internal_value = _boolean_only
