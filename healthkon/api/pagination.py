from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

# How many rows past a page's first row a list counts; beyond that `count` is a lower bound.
COUNT_LIMIT = 1000
# OFFSET is a signed 64-bit number in SQLite and MariaDB.
MAX_OFFSET = 2**62
# A queryset annotated with this (a `COUNT(*) OVER ()`) brings its exact count with its page.
TOTAL_ANNOTATION = "paginator_total"


class BoundedCountPaginator(Paginator):
    """Reads the page first: a page that is not full gives the exact count without a COUNT.

    A queryset annotated with `TOTAL_ANNOTATION` (a window count, for queries that read every
    match anyway) has its exact count in every row of the page: no COUNT either.

    Otherwise the rows from the page's first one on are counted up to `COUNT_LIMIT + 1`
    (`SELECT COUNT(*) FROM (… LIMIT 1001 OFFSET …)`), so no page scans the whole table: `count`
    is exact when at most `COUNT_LIMIT` rows start at this page, else it is the rows before the
    page + 1,001, a lower bound ("more than"). `next` and `previous` are always exact.
    """

    def page(self, number):
        if not isinstance(self.object_list, QuerySet) or self.orphans:
            return super().page(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        if bottom > MAX_OFFSET:  # no table has that many rows; the database would overflow (a 500)
            raise EmptyPage(self.error_messages["no_results"])
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        if TOTAL_ANNOTATION in self.object_list.query.annotations:
            count = getattr(rows[0], TOTAL_ANNOTATION) if rows else 0
        elif len(rows) < self.per_page:
            count = bottom + len(rows)
        else:  # the order of the rows does not change how many there are
            count = bottom + self.object_list.order_by()[bottom : bottom + COUNT_LIMIT + 1].count()
        self.__dict__["count"] = count  # Paginator.count is a cached_property
        return self._get_page(rows, number, self)


class PageNumberPagination(pagination.PageNumberPagination):
    """`{count, next, previous, results}` with `?page=` and `?page_size=` (at most 100).

    `count` is exact up to 1,000 rows from the page on; see BoundedCountPaginator. A `page_size`
    that is not a whole number ≥ 1 is a 400 naming it (DRF would silently use the default);
    above 100 gives 100 rows. So is a `page` that is neither a whole number ≥ 1 nor `last` (DRF
    answers 404 "Invalid page", or page 1 for an empty value); a page past the end is a 404.
    """

    django_paginator_class = BoundedCountPaginator
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        size = _positive_whole_number(request, self.page_size_query_param, _("A whole number of at least 1."))
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return paginator.num_pages
        number = _positive_whole_number(request, self.page_query_param, _("A whole number of at least 1, or “last”."))
        return 1 if number is None else number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"Rows matching, exact when at most {COUNT_LIMIT:,} start at this page; otherwise the rows "
            f"before this page + {COUNT_LIMIT + 1:,}, meaning more than that. Follow `next` to page on."
        )
        return response


def _positive_whole_number(request, name: str, message) -> int | None:
    """The query parameter as a whole number ≥ 1, None when absent; anything else is a 400 naming it."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number < 1:
        raise ValidationError({name: [message]})
    return number
