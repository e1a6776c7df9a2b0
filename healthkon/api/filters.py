"""Filter types shared by every service's query strings."""

from functools import lru_cache

import django_filters
from django import forms
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend

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
        filterset = _narrowed(filterset_class, named)(**self.get_filterset_kwargs(request, queryset, view))
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset.qs


@lru_cache(maxsize=512)
def _narrowed(filterset_class, names: frozenset):
    narrowed = type(filterset_class.__name__, (filterset_class,), {"__module__": filterset_class.__module__})
    narrowed.base_filters = {name: f for name, f in filterset_class.base_filters.items() if name in names}
    return narrowed
