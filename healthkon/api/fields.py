"""Serializer field rules every service shares, installed once at start-up (healthkon.apps)."""

from rest_framework import fields, relations, serializers

from healthkon.api.filters import MAX_ID, parsed_flag

_drf_char_to_internal_value = fields.CharField.to_internal_value
_drf_boolean_to_internal_value = fields.BooleanField.to_internal_value
_drf_pk_to_internal_value = relations.PrimaryKeyRelatedField.to_internal_value


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
    if isinstance(data, str) and (flag := parsed_flag(data)) is not None:
        return flag
    if not isinstance(data, bool):
        self.fail("invalid", input=data)
    return _drf_boolean_to_internal_value(self, data)


def _whole_number_ids(self, data):
    # Django's lookup would read `{"medical_record": 1.5}` as row 1 (int(1.5)): the entry would
    # land on a visit the client never named. A fraction names no row.
    if isinstance(data, float) and not data.is_integer():
        self.fail("incorrect_type", data_type=type(data).__name__)
    return _drf_pk_to_internal_value(self, data)


def install_strict_json_fields() -> None:
    """Text fields take only strings, yes/no fields only yes or no, row references no fractions."""
    fields.CharField.to_internal_value = _string_only  # EmailField, RegexField, SlugField, URLField…
    fields.BooleanField.to_internal_value = _boolean_only
    relations.PrimaryKeyRelatedField.to_internal_value = _whole_number_ids


class RowIdField(serializers.IntegerField):
    """A row id in a body or a query string: a whole number from 1 to 2**63−1, as `IdFilter`.

    Beyond BIGINT an id names no row: a 400 naming the field, not a lookup that answers 404 (or
    overflows). A JSON `true` or `1.5` is not an id either.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool | float):
            self.fail("invalid")
        return super().to_internal_value(data)
