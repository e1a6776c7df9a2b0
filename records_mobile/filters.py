"""Query-string filters of the patients' service. They only narrow the scoped queryset.

- `?patient=<id>` and `?medical_record=<id>` name a row the caller must be able to see: an id
  outside the caller's scope (another family's, a dependent without consent, a voided one, a
  missing one) answers 404 with the same body as a missing path id, never an empty list that
  would differ from "no such id". A value that is not a positive whole number is a 400 naming
  the parameter.
- `?from=YYYY-MM-DD` / `?to=YYYY-MM-DD` (inclusive, Asia/Jakarta days) bound the date of the
  visit: a visit's own `visit_date`, or the date of the visit a diagnosis, prescription, lab
  result, allergy or document belongs to. `from` after `to` is a 400.
- Type filters take the stored codes: `?severity=` (allergies), `?kind=` (diagnoses), `?flag=`
  (lab results), `?document_type=` (documents), `?relationship=` (relations); an unknown code is
  a 400 listing nothing but the parameter.
"""

import datetime

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from healthkon.api.filters import IdField
from records import selectors
from records.audit import OutOfScope
from records.models import (
    Allergy,
    Diagnosis,
    DiagnosisKind,
    DocumentType,
    LabFlag,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Prescription,
    Relation,
    Relationship,
    Severity,
)


@extend_schema_field(OpenApiTypes.INT)
class ScopedIdFilter(django_filters.Filter):
    """An id that must name a row the caller can see through `selector`, else 404."""

    field_class = IdField

    def __init__(self, *, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def filter(self, queryset: QuerySet, value):
        if value in (None, ""):
            return queryset
        in_scope = self.selector(fetched_by=self.parent.request.user)
        if not in_scope.filter(pk=value).exists():
            raise OutOfScope(in_scope.model, value)
        return queryset.filter(**{self.field_name: value})


def _start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight in the service's time zone, computed here so no database time-zone tables are needed."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class MobileFilterSet(django_filters.FilterSet):
    """`?patient=`, and `?from=`/`?to=` on `date_field` (set per resource)."""

    date_field = "medical_record__visit_date"

    patient = ScopedIdFilter(
        selector=selectors.patient_list, field_name="patient_id", label=_("patient id: yours or a dependent's")
    )
    # `from` is a Python keyword: both date filters get their API names in `get_filters`.
    date_from = django_filters.DateFilter(method="filter_from", label=_("from (YYYY-MM-DD, inclusive)"))
    date_to = django_filters.DateFilter(method="filter_to", label=_("to (YYYY-MM-DD, inclusive)"))

    @classmethod
    def get_filters(cls):
        declared = super().get_filters()
        declared["from"] = declared.pop("date_from")
        declared["to"] = declared.pop("date_to")
        return declared

    def is_valid(self):
        valid = super().is_valid()
        data = getattr(self.form, "cleaned_data", {})
        start, end = data.get("from"), data.get("to")
        if valid and start and end and start > end:
            self.form.add_error("from", _("`from` must not be after `to`."))
            return False
        return valid

    def filter_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": _start_of_day(value)})

    def filter_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lt": _start_of_day(value + datetime.timedelta(days=1))})


class MedicalRecordFilterSet(MobileFilterSet):
    date_field = "visit_date"

    class Meta:
        model = MedicalRecord
        fields = ["patient"]


class VisitChildFilterSet(MobileFilterSet):
    medical_record = ScopedIdFilter(
        selector=selectors.medical_record_list, field_name="medical_record_id", label=_("visit id")
    )


class AllergyFilterSet(VisitChildFilterSet):
    severity = django_filters.ChoiceFilter(choices=Severity.choices)

    class Meta:
        model = Allergy
        fields = ["patient", "medical_record", "severity"]


class DiagnosisFilterSet(VisitChildFilterSet):
    kind = django_filters.ChoiceFilter(choices=DiagnosisKind.choices)

    class Meta:
        model = Diagnosis
        fields = ["patient", "medical_record", "kind"]


class PrescriptionFilterSet(VisitChildFilterSet):
    class Meta:
        model = Prescription
        fields = ["patient", "medical_record"]


class LabResultFilterSet(VisitChildFilterSet):
    flag = django_filters.ChoiceFilter(choices=LabFlag.choices)

    class Meta:
        model = LabResult
        fields = ["patient", "medical_record", "flag"]


class MedicalDocumentFilterSet(VisitChildFilterSet):
    document_type = django_filters.ChoiceFilter(choices=DocumentType.choices)

    class Meta:
        model = MedicalDocument
        fields = ["patient", "medical_record", "document_type"]


class RelationFilterSet(django_filters.FilterSet):
    """The caller's own family links; `?patient=` is the viewer (the caller's own patient)."""

    patient = ScopedIdFilter(selector=selectors.patient_list, field_name="patient_id", label=_("patient id"))
    relationship = django_filters.ChoiceFilter(choices=Relationship.choices)

    class Meta:
        model = Relation
        fields = ["patient", "relationship", "can_view_records"]
