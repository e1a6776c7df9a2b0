"""Filter types shared by every service's query strings."""

import datetime
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


# Nothing in a living patient's record happened before this; older dates are typing errors, and
# before ~1920 Asia/Jakarta had no standard offset (year 1 overflows converting to UTC: a 500).
EARLIEST_DATE = datetime.date(1900, 1, 1)
GIVE_ONCE = _("Give this parameter once.")
NOT_EMPTY = _("This parameter may not be empty.")
NOT_A_FLAG = _("Must be true or false.")
TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
FALSE_VALUES = frozenset({"0", "false", "no", "off"})


def parsed_flag(raw: str) -> bool | None:
    """true/false, 1/0, yes/no, on/off (any case) as a bool; None for anything else."""
    value = raw.strip().lower()
    return True if value in TRUE_VALUES else False if value in FALSE_VALUES else None


def query_flag(request, name: str) -> bool:
    """A yes/no query parameter: absent is False; anything `parsed_flag` does not know is a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    flag = parsed_flag(raw)
    if flag is None:
        raise ValidationError({name: [NOT_A_FLAG]})
    return flag


def _reads(name: str, key: str) -> bool:
    """Whether the filter `name` reads the query parameter `key` (itself, or `name_after`…)."""
    return key == name or key.startswith(f"{name}_")


def _repeated_or_empty(values: list[str], *, may_be_empty: bool):
    """Why a parameter's values are refused: given twice (`?patient=1&patient=2`: which one was
    meant?), or empty where only a typed value can be meant; None when neither."""
    if len(values) > 1:
        return GIVE_ONCE
    if values == [""] and not may_be_empty:
        return NOT_EMPTY
    return None


class QueryParametersSerializer(serializers.Serializer):
    """A view's own query parameters, read as strictly as its filters (`_checked_query`).

    DRF reads a query string like a form: an empty optional value (`?patient=`) counts as absent
    and a repeated one as its last value. Here both are a 400 naming the parameter.
    """

    def to_internal_value(self, data):
        errors = {}
        for name, field in self.fields.items():
            values = data.getlist(name) if hasattr(data, "getlist") else ([data[name]] if name in data else [])
            if problem := _repeated_or_empty(values, may_be_empty=getattr(field, "allow_blank", False)):
                errors[name] = [problem]
        if errors:
            raise ValidationError(errors)
        return super().to_internal_value(data)


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number from 1 to 2**63−1; anything else is a 400 naming the parameter."""

    field_class = IdField


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
        named = frozenset(name for name in filterset_class.base_filters if any(_reads(name, key) for key in keys))
        if not named:
            return queryset
        data = _checked_query(request.query_params, {name: filterset_class.base_filters[name] for name in named})
        filterset = _narrowed(filterset_class, named)(data=data, queryset=queryset, request=request)
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(_errors_by_parameter(filterset, keys))
        _refuse_dates_before_earliest(filterset.form.cleaned_data, keys)
        return filterset.qs


def _refuse_dates_before_earliest(cleaned_data: dict, keys: list[str]) -> None:
    errors = {}
    for name, value in cleaned_data.items():
        values = (value.start, value.stop) if isinstance(value, slice) else (value,)
        dates = [v.date() if isinstance(v, datetime.datetime) else v for v in values if isinstance(v, datetime.date)]
        if any(day < EARLIEST_DATE for day in dates):
            for key in keys:
                if _reads(name, key):
                    errors[key] = [_("Dates start in 1900.")]
    if errors:
        raise ValidationError(errors)


def _checked_query(query, filters):
    """The query string as the filters should read it, or a 400 for what django-filter would ignore.

    django-filter treats an empty value (`?to=`) and a yes/no it does not know (`?flag=null`,
    `?flag=1`) as "no filter", and reads only the last of repeated values. A repeated filter is
    refused, so is an empty value of a typed filter (text filters may be empty); a yes/no takes
    the spellings of `parsed_flag` and reaches the filter as true/false.
    """
    errors = {}
    data = query.copy()
    for key in query:
        value = query.get(key)  # the value django-filter would read: the last one given
        for name, query_filter in filters.items():
            if not _reads(name, key):
                continue
            may_be_empty = isinstance(query_filter, django_filters.CharFilter)
            if problem := _repeated_or_empty(query.getlist(key), may_be_empty=may_be_empty):
                errors[key] = [problem]
            elif isinstance(query_filter, django_filters.BooleanFilter):
                flag = parsed_flag(value)
                if flag is None:
                    errors[key] = [NOT_A_FLAG]
                else:
                    data[key] = "true" if flag else "false"
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
        sent = [key for key in keys if key != name and _reads(name, key)]
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
