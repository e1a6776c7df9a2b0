"""Query-string filters. Filters only narrow the scoped queryset; they never widen it.

Ids are plain numbers, not model choices: a filter on a patient the caller cannot see (or a
voided one) gives an empty list instead of an error that would confirm the patient exists.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from rest_framework import exceptions, filters

from healthkon.api.filters import IdFilter
from records import selectors, validators
from records.audit import DeniedReason
from records.models import (
    Allergy,
    AuditAction,
    AuditLog,
    Diagnosis,
    DiagnosisKind,
    LabFlag,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Patient,
    Prescription,
    Relation,
)


class PatientSearchFilter(filters.SearchFilter):
    """`?search=`: NIK/BPJS number prefixes or name words, on indexes (records.selectors.patient_search)."""

    def get_search_terms(self, request):
        # DRF refuses a NUL byte with a bare list (`["Null characters are not allowed."]`): name the parameter.
        try:
            return super().get_search_terms(request)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError({self.search_param: error.detail}) from error

    def filter_queryset(self, request, queryset, view):
        terms = self.get_search_terms(request)
        return selectors.patient_search(queryset, " ".join(terms)) if terms else queryset


class ClinicalFilterSet(django_filters.FilterSet):
    created = django_filters.DateFromToRangeFilter(field_name="created_at")


class PatientFilterSet(ClinicalFilterSet):
    birth_date = django_filters.DateFromToRangeFilter()
    has_account = django_filters.BooleanFilter(field_name="user", lookup_expr="isnull", exclude=True)
    user = IdFilter(field_name="user_id")

    class Meta:
        model = Patient
        fields = ["sex", "blood_type", "nik", "bpjs_number"]


class MedicalRecordFilterSet(ClinicalFilterSet):
    patient = IdFilter(field_name="patient_id")
    attending = IdFilter(field_name="attending_id")
    visit_date = django_filters.DateFromToRangeFilter()
    facility = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = MedicalRecord
        fields = ["patient", "attending", "facility"]


class VisitChildFilterSet(ClinicalFilterSet):
    patient = IdFilter(field_name="patient_id")
    medical_record = IdFilter(field_name="medical_record_id")


class AllergyFilterSet(VisitChildFilterSet):
    allergen = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Allergy
        fields = ["severity"]


class DiagnosisFilterSet(VisitChildFilterSet):
    icd10_code = django_filters.CharFilter(method="filter_icd10_code")
    kind = django_filters.ChoiceFilter(choices=DiagnosisKind.choices)

    class Meta:
        model = Diagnosis
        fields = ["kind"]

    def filter_icd10_code(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """`E11` finds every E11.x; `e119` finds E11.9 (codes are stored dotted upper case)."""
        try:
            code = validators.normalize_icd10_code(value)
        except ValidationError:
            code = value.strip().upper()
        return queryset.filter(icd10_code__startswith=code)


class PrescriptionFilterSet(VisitChildFilterSet):
    medication = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Prescription
        fields = []


class LabResultFilterSet(VisitChildFilterSet):
    resulted = django_filters.DateFromToRangeFilter(field_name="resulted_at")
    flag = django_filters.ChoiceFilter(choices=LabFlag.choices)
    test_name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = LabResult
        fields = ["flag", "release_state"]


class MedicalDocumentFilterSet(VisitChildFilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains")
    has_file = django_filters.BooleanFilter(method="filter_has_file")

    class Meta:
        model = MedicalDocument
        fields = ["document_type", "release_state"]

    def filter_has_file(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        no_file = Q(file__isnull=True) | Q(file="")
        return queryset.exclude(no_file) if value else queryset.filter(no_file)


class RelationFilterSet(ClinicalFilterSet):
    patient = IdFilter(field_name="patient_id")
    related_patient = IdFilter(field_name="related_patient_id")

    class Meta:
        model = Relation
        fields = ["relationship", "can_view_records"]


class AuditLogFilterSet(django_filters.FilterSet):
    patient = IdFilter(field_name="patient_id")
    user = IdFilter(field_name="user_id")
    action = django_filters.ChoiceFilter(choices=AuditAction.choices)
    resource = django_filters.CharFilter()
    object_id = django_filters.CharFilter()
    occurred_after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lte")
    # Refused attempts (`?action=denied`) by why they were refused.
    reason = django_filters.ChoiceFilter(field_name="detail__reason", choices=DeniedReason.choices)

    class Meta:
        model = AuditLog
        fields = ["patient", "user", "action", "resource", "object_id", "service"]
