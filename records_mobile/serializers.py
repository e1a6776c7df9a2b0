"""What a patient sees of their records: plain fields with readable labels, nothing staff-internal.

Left out on purpose: authorship and audit fields (created_by, updated_by, timestamps of edits),
void metadata, release decisions (who held or released a result, and the state itself: a
patient only ever receives released rows), staff ids (the attending doctor is shown by name),
uploaded file names, and every identifier of a related patient (NIK, BPJS number, address; a
relation shows only the related patient's id and name).
Labels (`*_label`) follow `Accept-Language` (Indonesian by default, English on request).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from records.models import (
    Allergy,
    Diagnosis,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Patient,
    Prescription,
    Relation,
)
from records.serializers import DocumentFileFields


def label(field: str) -> serializers.CharField:
    """The translated label of a choice field (`get_<field>_display`)."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class OwnPatientSerializer(serializers.ModelSerializer):
    """The caller's own patient, as on their BPJS card."""

    sex_label = label("sex")

    class Meta:
        model = Patient
        fields = [
            "id",
            "nik",
            "bpjs_number",
            "name",
            "birth_date",
            "sex",
            "sex_label",
            "blood_type",
            "phone",
            "address",
        ]
        read_only_fields = fields


class DependentSerializer(serializers.ModelSerializer):
    """A family member the caller may view (no NIK, BPJS number or address of another person)."""

    id = serializers.IntegerField(source="related_patient.id", read_only=True)
    name = serializers.CharField(source="related_patient.name", read_only=True)
    birth_date = serializers.DateField(source="related_patient.birth_date", read_only=True)
    sex = serializers.CharField(source="related_patient.sex", read_only=True)
    sex_label = serializers.CharField(source="related_patient.get_sex_display", read_only=True)
    relationship_label = label("relationship")

    class Meta:
        model = Relation
        fields = ["id", "name", "birth_date", "sex", "sex_label", "relationship", "relationship_label"]
        read_only_fields = fields


class PendingLinkSerializer(serializers.Serializer):
    """A self-link waiting for the clinic's confirmation (POST /me/link answered 202)."""

    status = serializers.CharField(read_only=True)
    requested_at = serializers.DateTimeField(read_only=True)


class MeSerializer(serializers.Serializer):
    """Who the caller is (`patient`) and whom else it may view (`dependents`, read with `?patient=`)."""

    patient = OwnPatientSerializer(allow_null=True, read_only=True)
    dependents = DependentSerializer(many=True, read_only=True)
    pending_link = PendingLinkSerializer(allow_null=True, read_only=True, default=None)


class LinkPendingSerializer(PendingLinkSerializer):
    detail = serializers.CharField(read_only=True)


class LinkSerializer(serializers.Serializer):
    nik = serializers.CharField(max_length=32, help_text=_("NIK (16 digits) as on the KTP."))
    bpjs_number = serializers.CharField(max_length=32, help_text=_("BPJS Kesehatan card number (13 digits)."))
    birth_date = serializers.DateField(help_text=_("Birth date, YYYY-MM-DD."))


class MedicalRecordSerializer(serializers.ModelSerializer):
    """A visit; `attending_name` is the doctor's name (no staff id)."""

    attending_name = serializers.CharField(source="attending.nama", read_only=True, default=None)

    class Meta:
        model = MedicalRecord
        fields = [
            "id",
            "patient",
            "visit_date",
            "facility",
            "attending_name",
            "chief_complaint",
            "notes",
            "height_cm",
            "weight_kg",
            "systolic",
            "diastolic",
            "heart_rate",
            "temperature_c",
            "spo2",
        ]
        read_only_fields = fields


class VisitChildSerializer(serializers.ModelSerializer):
    """Something a visit produced; `visit_date` is the date of that visit."""

    visit_date = serializers.DateTimeField(source="medical_record.visit_date", read_only=True)

    class Meta:
        fields = ["id", "medical_record", "patient", "visit_date"]


class AllergySerializer(VisitChildSerializer):
    severity_label = label("severity")

    class Meta(VisitChildSerializer.Meta):
        model = Allergy
        fields = [*VisitChildSerializer.Meta.fields, "allergen", "reaction", "severity", "severity_label"]
        read_only_fields = fields


class DiagnosisSerializer(VisitChildSerializer):
    """`description` is the ICD-10 title (WHO, English) unless the clinician wrote one."""

    kind_label = label("kind")

    class Meta(VisitChildSerializer.Meta):
        model = Diagnosis
        fields = [*VisitChildSerializer.Meta.fields, "icd10_code", "description", "kind", "kind_label"]
        read_only_fields = fields


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
        ]
        read_only_fields = fields


class LabResultSerializer(VisitChildSerializer):
    flag_label = serializers.SerializerMethodField()

    class Meta(VisitChildSerializer.Meta):
        model = LabResult
        fields = [
            *VisitChildSerializer.Meta.fields,
            "test_name",
            "value",
            "unit",
            "reference_range",
            "flag",
            "flag_label",
            "result_text",
            "resulted_at",
        ]
        read_only_fields = fields

    def get_flag_label(self, lab: LabResult) -> str | None:
        return str(lab.get_flag_display()) if lab.flag else None


class MedicalDocumentSerializer(DocumentFileFields, VisitChildSerializer):
    """The file itself comes from `download_url`, which checks scope and release again."""

    document_type_label = label("document_type")

    class Meta(VisitChildSerializer.Meta):
        model = MedicalDocument
        fields = [
            *VisitChildSerializer.Meta.fields,
            "document_type",
            "document_type_label",
            "title",
            "content",
            "has_file",
            "download_url",
            "file_content_type",
            "file_size",
        ]
        read_only_fields = fields


class MedicalRecordDetailSerializer(MedicalRecordSerializer):
    """A visit with what it produced: live entries only, and only released lab results and documents."""

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
        read_only_fields = fields


class RelatedPatientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Patient
        fields = ["id", "name"]
        read_only_fields = fields


class RelationSerializer(serializers.ModelSerializer):
    """One of the caller's family links; the related patient by id and name only (their data needs consent)."""

    related_patient = RelatedPatientSerializer(read_only=True)
    relationship_label = label("relationship")

    class Meta:
        model = Relation
        fields = ["id", "related_patient", "relationship", "relationship_label", "can_view_records"]
        read_only_fields = fields
