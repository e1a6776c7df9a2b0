"""Shapes of the records API. Validation of clinical rules lives in services/validators.

Every reference to another clinical row (a patient, a visit) is looked up through the caller's
scoping selector, so an id the caller cannot see is "does not exist", never a way in.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Petugas, User
from records import selectors, validators
from records.models import (
    RELEASE_DECISION_FIELDS,
    Allergy,
    AuditLog,
    Diagnosis,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Patient,
    Prescription,
    Relation,
)

AUDIT_FIELDS = [
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "voided",
    "voided_at",
    "voided_by",
    "void_reason",
]


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key resolved through a selector for the requesting user (live rows only)."""

    def __init__(self, *, selector, model, **kwargs):
        self.selector = selector
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:  # schema generation: no user, no rows
            return self.model.objects.none()
        return self.selector(fetched_by=request.user)


class ClinicalSerializer(serializers.ModelSerializer):
    class Meta:
        read_only_fields = ["id", *AUDIT_FIELDS]


class PatientSerializer(ClinicalSerializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False, help_text=_("The linked mobile account.")
    )

    class Meta:
        model = Patient
        fields = [
            "id",
            "nik",
            "bpjs_number",
            "name",
            "birth_date",
            "sex",
            "blood_type",
            "phone",
            "address",
            "user",
            *AUDIT_FIELDS,
        ]
        read_only_fields = ClinicalSerializer.Meta.read_only_fields
        # Uniqueness is checked by the service, against voided patients as well.
        extra_kwargs = {"nik": {"validators": []}, "bpjs_number": {"validators": []}}

    def validate_nik(self, value):
        validators.validate_nik(value)
        return value

    def validate_bpjs_number(self, value):
        if value in ("", None):
            return None  # "no card" is stored as NULL so it never collides with another blank
        validators.validate_bpjs_number(value)
        return value


def _patient_field(**kwargs):
    return ScopedPrimaryKeyRelatedField(selector=selectors.patient_list, model=Patient, **kwargs)


def _medical_record_field(**kwargs):
    return ScopedPrimaryKeyRelatedField(selector=selectors.medical_record_list, model=MedicalRecord, **kwargs)


class MedicalRecordSerializer(ClinicalSerializer):
    patient = _patient_field()
    attending = serializers.PrimaryKeyRelatedField(
        queryset=Petugas.objects.filter(user__is_active=True), allow_null=True, required=False
    )

    class Meta:
        model = MedicalRecord
        fields = [
            "id",
            "patient",
            "visit_date",
            "facility",
            "attending",
            "chief_complaint",
            "notes",
            "height_cm",
            "weight_kg",
            "systolic",
            "diastolic",
            "heart_rate",
            "temperature_c",
            "spo2",
            *AUDIT_FIELDS,
        ]
        read_only_fields = ClinicalSerializer.Meta.read_only_fields


class VisitChildSerializer(ClinicalSerializer):
    """`patient` is derived from the visit and shown read-only."""

    medical_record = _medical_record_field()
    patient = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        fields = ["id", "medical_record", "patient"]
        read_only_fields = ClinicalSerializer.Meta.read_only_fields


class AllergySerializer(VisitChildSerializer):
    class Meta(VisitChildSerializer.Meta):
        model = Allergy
        fields = [*VisitChildSerializer.Meta.fields, "allergen", "reaction", "severity", *AUDIT_FIELDS]


class DiagnosisSerializer(VisitChildSerializer):
    class Meta(VisitChildSerializer.Meta):
        model = Diagnosis
        fields = [
            *VisitChildSerializer.Meta.fields,
            "icd10_code",
            "icd10_edition",
            "description",
            "kind",
            *AUDIT_FIELDS,
        ]
        read_only_fields = [*VisitChildSerializer.Meta.read_only_fields, "icd10_edition"]


class PrescriptionSerializer(VisitChildSerializer):
    class Meta(VisitChildSerializer.Meta):
        model = Prescription
        fields = [
            *VisitChildSerializer.Meta.fields,
            "medication",
            "dosage",
            "frequency",
            "duration_days",
            "instructions",
            *AUDIT_FIELDS,
        ]


RELEASE_FIELDS = ["release_state", *RELEASE_DECISION_FIELDS]


class LabResultSerializer(VisitChildSerializer):
    class Meta(VisitChildSerializer.Meta):
        model = LabResult
        fields = [
            *VisitChildSerializer.Meta.fields,
            "test_name",
            "value",
            "unit",
            "reference_range",
            "flag",
            "result_text",
            "resulted_at",
            *RELEASE_FIELDS,
            *AUDIT_FIELDS,
        ]
        read_only_fields = [*VisitChildSerializer.Meta.read_only_fields, *RELEASE_DECISION_FIELDS]


class DocumentFileFields(serializers.Serializer):
    """`has_file` and `download_url` of a document, the same on :8001 and :8003 (both download
    routes are `/medical-documents/{id}/download` and check scope again)."""

    has_file = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    def get_has_file(self, document) -> bool:
        return bool(document.file)

    def get_download_url(self, document) -> str | None:
        return f"/medical-documents/{document.pk}/download" if document.file else None


class MedicalDocumentSerializer(DocumentFileFields, VisitChildSerializer):
    """The file goes in (multipart); it comes out only through `download_url`, which checks scope."""

    file = serializers.FileField(write_only=True, required=False, allow_null=True, use_url=False)

    class Meta(VisitChildSerializer.Meta):
        model = MedicalDocument
        fields = [
            *VisitChildSerializer.Meta.fields,
            "document_type",
            "title",
            "content",
            "file",
            "has_file",
            "download_url",
            "file_content_type",
            "file_size",
            "original_filename",
            *RELEASE_FIELDS,
            *AUDIT_FIELDS,
        ]
        read_only_fields = [
            *VisitChildSerializer.Meta.read_only_fields,
            *RELEASE_DECISION_FIELDS,
            "file_content_type",
            "file_size",
            "original_filename",
        ]


class MedicalRecordDetailSerializer(MedicalRecordSerializer):
    """A visit with everything it produced (live entries only)."""

    allergies = AllergySerializer(source="live_allergies", many=True, read_only=True)
    diagnoses = DiagnosisSerializer(source="live_diagnoses", many=True, read_only=True)
    prescriptions = PrescriptionSerializer(source="live_prescriptions", many=True, read_only=True)
    lab_results = LabResultSerializer(source="live_lab_results", many=True, read_only=True)
    medical_documents = MedicalDocumentSerializer(source="live_medical_documents", many=True, read_only=True)

    class Meta(MedicalRecordSerializer.Meta):
        fields = [
            *MedicalRecordSerializer.Meta.fields,
            "allergies",
            "diagnoses",
            "prescriptions",
            "lab_results",
            "medical_documents",
        ]


class RelationSerializer(ClinicalSerializer):
    patient = _patient_field(help_text=_("The patient who views the related patient's records."))
    related_patient = _patient_field()

    class Meta:
        model = Relation
        fields = ["id", "patient", "related_patient", "relationship", "can_view_records", *AUDIT_FIELDS]
        read_only_fields = ClinicalSerializer.Meta.read_only_fields


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class AuditLogSerializer(serializers.ModelSerializer):
    patient_name = serializers.CharField(source="patient.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = AuditLog
        fields = [
            "id",
            "occurred_at",
            "user",
            "user_email",
            "user_role",
            "action",
            "resource",
            "object_id",
            "patient",
            "patient_name",
            "detail",
            "ip",
            "service",
            "path",
        ]
        read_only_fields = fields
