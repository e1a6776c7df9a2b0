import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from calculator import formulas
from calculator.models import HealthCalculation


def _start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight in the service's time zone (Asia/Jakarta), computed here so no DB time-zone tables are needed."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class HealthCalculationFilter(filters.FilterSet):
    calculator = filters.ChoiceFilter(choices=lambda: [(name, name) for name in formulas.CALCULATORS])
    # `from` is a Python keyword: the two date filters are added under their API names below.
    created_from = filters.DateFilter(method="filter_from", label=_("from (YYYY-MM-DD, inclusive)"))
    created_to = filters.DateFilter(method="filter_to", label=_("to (YYYY-MM-DD, inclusive)"))

    class Meta:
        model = HealthCalculation
        fields = ["calculator"]

    @classmethod
    def get_filters(cls):
        declared = super().get_filters()
        declared["from"] = declared.pop("created_from")
        declared["to"] = declared.pop("created_to")
        return declared

    def filter_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=_start_of_day(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(created_at__lt=_start_of_day(value + datetime.timedelta(days=1)))
