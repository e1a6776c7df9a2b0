"""Filter types shared by every service's query strings."""

from functools import lru_cache

import django_filters
from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

# Primary keys are BIGINT: anything outside 1…2**63−1 can name no row, and passing it to the
# database (e.g. `?patient=-6.9e+173`) would overflow into a 500 instead of a 400.
MAX_ID = 2**63 - 1


TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
FALSE_VALUES = frozenset({"0", "false", "no", "off"})


def query_flag(request, name: str) -> bool:
    """A yes/no query parameter: absent is False; anything but true/false (1/0, yes/no, on/off) is a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    value = raw.strip().lower()
    if value not in TRUE_VALUES | FALSE_VALUES:
        raise ValidationError({name: [_("Must be true or false.")]})
    return value in TRUE_VALUES


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number from 1 to 2**63−1; anything else is a 400 naming the parameter."""

    field_class = IdField


class QueryParameters(serializers.Serializer):
    """A serializer for a view's query string: a typed parameter sent empty is a 400, as for filters.

    DRF reads an empty value of an optional field in form-like data (a query string) as "not
    sent": `?patient=` would silently mean every patient.
    """

    def to_internal_value(self, data):
        errors = {
            name: [_("This parameter may not be empty.")]
            for name, field in self.fields.items()
            if name in data
            and not any(data.getlist(name) if hasattr(data, "getlist") else [data[name]])
            and not getattr(field, "allow_blank", False)
        }
        if errors:
            raise ValidationError(errors)
        return super().to_internal_value(data)


class RequestedFiltersBackend(DjangoFilterBackend):
    """django-filter's backend, with a FilterSet of only the filters the query string names.

    Building a FilterSet's form costs about a millisecond per filter on every request (deep
    copies, form fields), whether or not the filter is used. A filter absent from the query
    string filters nothing, so the FilterSet is narrowed to the filters a parameter names
    (`name` or `name_…`, e.g. `visit_date_after`), and skipped when none is named. Invalid values
    of a named filter are a 400 as before; the OpenAPI schema still lists every filter.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        keys = list(request.query_params)
        named = frozenset(
            name
            for name in filterset_class.base_filters
            if any(key == name or key.startswith(f"{name}_") for key in keys)
        )
        if not named:
            return queryset
        filters = {name: filterset_class.base_filters[name] for name in named}
        _refuse_empty_values(request, keys, filters)
        kwargs = self.get_filterset_kwargs(request, queryset, view)
        kwargs["data"] = _yes_no_spelled_out(request, filters)
        filterset = _narrowed(filterset_class, named)(**kwargs)
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(_errors_by_parameter(filterset, keys))
        return filterset.qs


def _refuse_empty_values(request, keys, filters) -> None:
    """`?to=` names a date and gives none: a 400, not a silently ignored filter (text filters may be empty)."""
    errors = {}
    for key in keys:
        if any(request.query_params.getlist(key)):
            continue
        for name, query_filter in filters.items():
            named = key == name or key.startswith(f"{name}_")
            if named and not isinstance(query_filter, django_filters.CharFilter):
                errors[key] = [_("This parameter may not be empty.")]
    if errors:
        raise ValidationError(errors)


def _yes_no_spelled_out(request, filters):
    """The query string with yes/no filters as `true`/`false`; any other value of one is a 400.

    django-filter's boolean widgets read only some spellings (`true`, `1` or `True`, depending on
    the widget) and treat anything else — `?has_file=maybe` — as no filter at all. Here a yes/no
    filter takes what `query_flag` takes, and the widgets get the one spelling they all read.
    """
    data = request.query_params.copy()
    errors = {}
    for name, query_filter in filters.items():
        if not isinstance(query_filter, django_filters.BooleanFilter) or name not in data:
            continue
        value = data[name].strip().lower()
        if value not in TRUE_VALUES | FALSE_VALUES:
            errors[name] = [_("Must be true or false.")]
        data[name] = "true" if value in TRUE_VALUES else "false"
    if errors:
        raise ValidationError(errors)
    return data


def _errors_by_parameter(filterset, keys) -> ErrorDict:
    """The filterset's errors keyed by the query parameters the caller sent.

    A range filter (`created`) reads two parameters (`created_after`, `created_before`); its
    error names the one whose value is wrong, or both when each is fine alone (after > before).
    """
    errors = ErrorDict()
    for name, messages in filterset.errors.items():
        query_filter = filterset.filters.get(name)
        suffixes = getattr(getattr(query_filter, "field", None) and query_filter.field.widget, "suffixes", None)
        sent = [key for key in keys if key != name and key.startswith(f"{name}_")]
        if name in keys or not suffixes or not sent:
            errors[name] = messages
            continue
        parts = dict(zip(suffixes, query_filter.field.fields, strict=False))
        wrong = [key for key in sent if not _valid(parts.get(key[len(name) + 1 :]), filterset.data.get(key))]
        for key in wrong or sent:
            errors[key] = messages
    return errors


def _valid(form_field, value) -> bool:
    if form_field is None:
        return True
    try:
        form_field.clean(value)
    except forms.ValidationError:
        return False
    return True


@lru_cache(maxsize=512)
def _narrowed(filterset_class, names: frozenset):
    narrowed = type(filterset_class.__name__, (filterset_class,), {"__module__": filterset_class.__module__})
    narrowed.base_filters = {name: f for name, f in filterset_class.base_filters.items() if name in names}
    return narrowed
