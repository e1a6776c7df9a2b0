"""Filter types shared by every service's query strings."""

import django_filters
from django import forms

# Primary keys are BIGINT: anything outside 1…2**63−1 can name no row, and passing it to the
# database (e.g. `?patient=-6.9e+173`) would overflow into a 500 instead of a 400.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number from 1 to 2**63−1; anything else is a 400 naming the parameter."""

    field_class = IdField
