"""A patient's record as a FHIR R4 Bundle (plain dicts, JSON-ready).

`patient_bundle(patient, viewer=user)` is a pure mapping from rows to resources; it reads
only prefetched data, so the number of queries does not depend on how many visits the
patient has. Pass a patient from `patient_bundle_queryset(viewer=user)` (cheapest), or any
patient: it is then re-read once through that queryset.

What is in the bundle depends on who asks: lab results and documents a clinician holds back
(`release_state="held"`) are exported only to petugas (`records.selectors.released_to`, the
same rule as every other read). Without a viewer, held rows are left out.

Decisions
- Bundle type `collection`: the export is a set of resources about one patient,
  not the answer to a search (`searchset` implies `search.mode` and `total`
  semantics) and not a signed clinical `document` (which needs a Composition).
- Only non-voided rows are exported: voided visits, and everything under them,
  never leave the clinic.
- Datetimes are UTC with a `Z` suffix, as SATUSEHAT requires (it rejects local
  offsets for many resources).
- Each entry's `fullUrl` is stable: `urn:uuid:` + a UUIDv5 of "Type/id" by default,
  or `{base_url}/Type/id` when a base URL is given. References inside the bundle
  point at those fullUrls.
"""

import base64
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from records import validators
from records.models import (
    Allergy,
    Diagnosis,
    DiagnosisKind,
    DocumentType,
    LabFlag,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Patient,
    Prescription,
    Severity,
    Sex,
)
from records.selectors import released_to

# SATUSEHAT's naming system for the NIK (https://satusehat.kemkes.go.id/platform/docs/id/fhir/resources/patient/,
# Master Patient Index playbook: identifier=https://fhir.kemkes.go.id/id/nik|<nik>).
NIK_SYSTEM = "https://fhir.kemkes.go.id/id/nik"
# SATUSEHAT publishes patient identifier systems for nik, nik-ibu, ihs-number, paspor and kk only
# (same pages as above); it defines none for the BPJS card number. Integrations in the wild use
# several spellings (`/id/bpjs`, `/id/bpjs-kartu`, `/id/bpjs-kesehatan`); we use the most common,
# `https://fhir.kemkes.go.id/id/bpjs`, and will follow Kemenkes if it ever publishes one.
BPJS_SYSTEM = "https://fhir.kemkes.go.id/id/bpjs"
ICD10_SYSTEM = "http://hl7.org/fhir/sid/icd-10"
LOINC_SYSTEM = "http://loinc.org"
UCUM_SYSTEM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONDITION_CLINICAL_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-category"
ALLERGY_CLINICAL_SYSTEM = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
ALLERGY_VERIFICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"

# Namespace of the deterministic `urn:uuid:` fullUrls.
FULL_URL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://healthkon.id/fhir")

# (field, id slug, LOINC code, LOINC display, UCUM code, human unit); extra codings follow the FHIR
# vital-signs profile, which also wants 2708-6 on pulse-oximetry SpO2.
VITAL_SIGNS = [
    ("height_cm", "body-height", "8302-2", "Body height", "cm", "cm"),
    ("weight_kg", "body-weight", "29463-7", "Body weight", "kg", "kg"),
    ("systolic", "systolic-bp", "8480-6", "Systolic blood pressure", "mm[Hg]", "mmHg"),
    ("diastolic", "diastolic-bp", "8462-4", "Diastolic blood pressure", "mm[Hg]", "mmHg"),
    ("heart_rate", "heart-rate", "8867-4", "Heart rate", "/min", "beats/minute"),
    ("temperature_c", "body-temperature", "8310-5", "Body temperature", "Cel", "°C"),
    (
        "spo2",
        "oxygen-saturation",
        "59408-5",
        "Oxygen saturation in Arterial blood by Pulse oximetry",
        "%",
        "%",
    ),
]
EXTRA_VITAL_CODINGS = {"59408-5": [("2708-6", "Oxygen saturation in Arterial blood")]}

LAB_INTERPRETATION = {
    LabFlag.NORMAL: ("N", "Normal"),
    LabFlag.LOW: ("L", "Low"),
    LabFlag.HIGH: ("H", "High"),
    LabFlag.CRITICAL: ("AA", "Critical abnormal"),
}

# LOINC document-type codes for our document types (`other` keeps only its text).
DOCUMENT_TYPE_LOINC = {
    DocumentType.LAB_REPORT: ("11502-2", "Laboratory report"),
    DocumentType.REFERRAL: ("57133-1", "Referral note"),
    DocumentType.DISCHARGE_SUMMARY: ("18842-5", "Discharge summary"),
    DocumentType.IMAGING: ("18748-4", "Diagnostic imaging study"),
    DocumentType.CLINICAL_NOTE: ("11506-3", "Progress note"),
}


def patient_bundle_queryset(
    queryset: QuerySet[Patient] | None = None, *, viewer: User | None = None
) -> QuerySet[Patient]:
    """Patients with everything `patient_bundle` reads, as `viewer` may see it: 7 queries, however many visits."""
    records = (
        MedicalRecord.objects.select_related("attending")
        .order_by("visit_date", "id")
        .prefetch_related(
            Prefetch("diagnoses", queryset=Diagnosis.objects.order_by("id")),
            Prefetch("allergies", queryset=Allergy.objects.order_by("id")),
            Prefetch("prescriptions", queryset=Prescription.objects.order_by("id")),
            Prefetch("lab_results", queryset=released_to(viewer, LabResult.objects.order_by("id"))),
            Prefetch("medical_documents", queryset=released_to(viewer, MedicalDocument.objects.order_by("id"))),
        )
    )
    queryset = Patient.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(Prefetch("medical_records", queryset=records))


def patient_bundle(
    patient: Patient,
    *,
    viewer: User | None = None,
    base_url: str | None = None,
    mask_text: Callable[[str], str] | None = None,
    mask_identifiers: bool = False,
) -> dict:
    """The patient and their non-voided visits, diagnoses, allergies, prescriptions, labs and documents.

    A patient that was not read through `patient_bundle_queryset` is re-read with `viewer`'s view.
    For a patient-facing export, `mask_identifiers` leaves the NIK and BPJS number out (someone
    else's record: a dependent's) and `mask_text` rewrites document text before it is encoded
    (records.identifiers); every other string is masked in the rendered body.
    """
    if "medical_records" not in getattr(patient, "_prefetched_objects_cache", {}):
        patient = patient_bundle_queryset(Patient.all_objects.filter(pk=patient.pk), viewer=viewer).get()
    builder = _BundleBuilder(base_url=base_url, mask_text=mask_text)
    patient_ref = builder.add(_patient(patient, mask_identifiers=mask_identifiers))
    for record in patient.medical_records.all():
        builder.add_visit(record, patient_ref)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": fhir_instant(timezone.now()),
        "entry": builder.entries,
    }


def fhir_instant(value: datetime) -> str:
    """An aware datetime as UTC `YYYY-MM-DDThh:mm:ssZ` (SATUSEHAT wants UTC)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(value: Decimal | int) -> int | float:
    """A JSON number: integers stay integers, decimals become floats (`5.6000` → 5.6)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    return value


def _codeable(system: str, code: str, display: str, text: str | None = None) -> dict:
    concept = {"coding": [{"system": system, "code": code, "display": display}]}
    if text:
        concept["text"] = text
    return concept


class _BundleBuilder:
    """Collects entries and hands out references (the fullUrls) to what it added."""

    def __init__(self, *, base_url: str | None, mask_text: Callable[[str], str] | None = None):
        self.base_url = base_url.rstrip("/") if base_url else None
        self.mask_text = mask_text
        self.entries: list[dict] = []

    def full_url(self, resource_type: str, resource_id: str) -> str:
        if self.base_url:
            return f"{self.base_url}/{resource_type}/{resource_id}"
        return f"urn:uuid:{uuid.uuid5(FULL_URL_NAMESPACE, f'{resource_type}/{resource_id}')}"

    def add(self, resource: dict) -> dict:
        """Add a resource; return a Reference to it."""
        full_url = self.full_url(resource["resourceType"], resource["id"])
        self.entries.append({"fullUrl": full_url, "resource": resource})
        return {"reference": full_url}

    def add_all(self, resources: Iterable[dict]) -> list[dict]:
        return [self.add(resource) for resource in resources]

    def add_visit(self, record: MedicalRecord, patient_ref: dict) -> None:
        diagnoses = list(record.diagnoses.all())
        encounter = _encounter(record, patient_ref)
        encounter_ref = self.add(encounter)
        condition_refs = self.add_all(_condition(d, patient_ref, encounter_ref) for d in diagnoses)
        if condition_refs:
            encounter["diagnosis"] = [
                {"condition": ref, "rank": 1 if d.kind == DiagnosisKind.PRIMARY else 2}
                for d, ref in zip(diagnoses, condition_refs, strict=True)
            ]
        self.add_all(_allergy(a, patient_ref, encounter_ref) for a in record.allergies.all())
        self.add_all(_medication_request(p, record, patient_ref, encounter_ref) for p in record.prescriptions.all())
        self.add_all(_vital_signs(record, patient_ref, encounter_ref))
        self.add_all(_lab_observation(lab, record, patient_ref, encounter_ref) for lab in record.lab_results.all())
        self.add_all(
            _document_reference(doc, patient_ref, encounter_ref, mask_text=self.mask_text)
            for doc in record.medical_documents.all()
        )


def _identifier(use: str, system: str, value: str, *, masked: bool) -> dict:
    """An identifier; masked, it keeps its kind and says why the value is absent (FHIR data-absent-reason)."""
    if not masked:
        return {"use": use, "system": system, "value": value}
    return {"use": use, "system": system, "_value": {"extension": [{"url": DATA_ABSENT_REASON, "valueCode": "masked"}]}}


def _patient(patient: Patient, *, mask_identifiers: bool = False) -> dict:
    identifiers = [_identifier("official", NIK_SYSTEM, patient.nik, masked=mask_identifiers)]
    if patient.bpjs_number:
        identifiers.append(_identifier("secondary", BPJS_SYSTEM, patient.bpjs_number, masked=mask_identifiers))
    resource = {
        "resourceType": "Patient",
        "id": str(patient.pk),
        "identifier": identifiers,
        "active": not patient.voided,
        "name": [{"use": "official", "text": patient.name}],
        "gender": {Sex.MALE: "male", Sex.FEMALE: "female"}.get(patient.sex, "unknown"),
        "birthDate": patient.birth_date.isoformat() if isinstance(patient.birth_date, date) else patient.birth_date,
    }
    if patient.phone:
        resource["telecom"] = [{"system": "phone", "value": patient.phone, "use": "mobile"}]
    if patient.address:
        lines = [line.strip() for line in patient.address.splitlines() if line.strip()]
        resource["address"] = [{"use": "home", "text": ", ".join(lines), "line": lines, "country": "ID"}]
    return resource


def _encounter(record: MedicalRecord, patient_ref: dict) -> dict:
    resource = {
        "resourceType": "Encounter",
        "id": str(record.pk),
        "status": "finished" if record.visit_date <= timezone.now() else "planned",
        "class": {"system": ACT_CODE_SYSTEM, "code": "AMB", "display": "ambulatory"},
        "subject": patient_ref,
        "period": {"start": fhir_instant(record.visit_date)},
    }
    if record.attending_id:
        resource["participant"] = [{"individual": {"display": record.attending.nama}}]
    if record.chief_complaint:
        resource["reasonCode"] = [{"text": record.chief_complaint}]
    if record.facility:
        resource["serviceProvider"] = {"display": record.facility}
    return resource


def _icd10_coding(diagnosis: Diagnosis) -> dict:
    """The WHO title as display (the clinician's wording goes in `text`); the edition when it is 2019."""
    coding = {"system": ICD10_SYSTEM, "code": diagnosis.icd10_code}
    try:
        _code, edition, official = validators.icd10_lookup(diagnosis.icd10_code)
    except ValidationError:  # stored before the code lists changed: say what was recorded, nothing more
        return coding
    coding["display"] = official
    if edition == validators.ICD10Edition.WHO_2019:
        coding["version"] = "2019"
    return coding


def _condition(diagnosis: Diagnosis, patient_ref: dict, encounter_ref: dict) -> dict:
    code = {"coding": [_icd10_coding(diagnosis)]}
    if diagnosis.description:
        code["text"] = diagnosis.description
    return {
        "resourceType": "Condition",
        "id": str(diagnosis.pk),
        "clinicalStatus": _codeable(CONDITION_CLINICAL_SYSTEM, "active", "Active"),
        "verificationStatus": _codeable(CONDITION_VERIFICATION_SYSTEM, "confirmed", "Confirmed"),
        "category": [_codeable(CONDITION_CATEGORY_SYSTEM, "encounter-diagnosis", "Encounter Diagnosis")],
        "code": code,
        "subject": patient_ref,
        "encounter": encounter_ref,
        "recordedDate": fhir_instant(diagnosis.created_at),
    }


def _allergy(allergy: Allergy, patient_ref: dict, encounter_ref: dict) -> dict:
    resource = {
        "resourceType": "AllergyIntolerance",
        "id": str(allergy.pk),
        "clinicalStatus": _codeable(ALLERGY_CLINICAL_SYSTEM, "active", "Active"),
        "verificationStatus": _codeable(ALLERGY_VERIFICATION_SYSTEM, "confirmed", "Confirmed"),
        "code": {"text": allergy.allergen},
        "patient": patient_ref,
        "encounter": encounter_ref,
        "recordedDate": fhir_instant(allergy.created_at),
    }
    if allergy.severity == Severity.SEVERE:
        resource["criticality"] = "high"
    if allergy.reaction:
        reaction = {"manifestation": [{"text": allergy.reaction}]}
        if allergy.severity:
            reaction["severity"] = allergy.severity  # mild | moderate | severe, as in FHIR
        resource["reaction"] = [reaction]
    return resource


def _medication_request(
    prescription: Prescription, record: MedicalRecord, patient_ref: dict, encounter_ref: dict
) -> dict:
    if prescription.duration_days is None:
        status = "unknown"
    elif record.visit_date + timedelta(days=prescription.duration_days) < timezone.now():
        status = "completed"
    else:
        status = "active"
    resource = {
        "resourceType": "MedicationRequest",
        "id": str(prescription.pk),
        "status": status,
        "intent": "order",
        "medicationCodeableConcept": {"text": prescription.medication},
        "subject": patient_ref,
        "encounter": encounter_ref,
        "authoredOn": fhir_instant(record.visit_date),
    }
    if record.attending_id:
        resource["requester"] = {"display": record.attending.nama}
    dosage = {}
    dose_text = " ".join(part for part in (prescription.dosage, prescription.frequency) if part)
    if dose_text:
        dosage["text"] = dose_text
    if prescription.instructions:
        dosage["patientInstruction"] = prescription.instructions
    if dosage:
        resource["dosageInstruction"] = [dosage]
    if prescription.duration_days is not None:
        resource["dispenseRequest"] = {
            "expectedSupplyDuration": {
                "value": prescription.duration_days,
                "unit": "days",
                "system": UCUM_SYSTEM,
                "code": "d",
            }
        }
    return resource


def _vital_signs(record: MedicalRecord, patient_ref: dict, encounter_ref: dict) -> list[dict]:
    observations = []
    for field, slug, loinc, display, ucum, unit in VITAL_SIGNS:
        value = getattr(record, field)
        if value is None:
            continue
        coding = [{"system": LOINC_SYSTEM, "code": loinc, "display": display}]
        coding += [{"system": LOINC_SYSTEM, "code": c, "display": d} for c, d in EXTRA_VITAL_CODINGS.get(loinc, [])]
        observations.append(
            {
                "resourceType": "Observation",
                "id": f"vital-{record.pk}-{slug}",
                "status": "final",
                "category": [_codeable(OBSERVATION_CATEGORY_SYSTEM, "vital-signs", "Vital Signs")],
                "code": {"coding": coding, "text": display},
                "subject": patient_ref,
                "encounter": encounter_ref,
                "effectiveDateTime": fhir_instant(record.visit_date),
                "valueQuantity": {"value": _number(value), "unit": unit, "system": UCUM_SYSTEM, "code": ucum},
            }
        )
    return observations


def _lab_observation(lab: LabResult, record: MedicalRecord, patient_ref: dict, encounter_ref: dict) -> dict:
    resource = {
        "resourceType": "Observation",
        "id": f"lab-{lab.pk}",
        "status": "final",
        "category": [_codeable(OBSERVATION_CATEGORY_SYSTEM, "laboratory", "Laboratory")],
        "code": {"text": lab.test_name},
        "subject": patient_ref,
        "encounter": encounter_ref,
        "effectiveDateTime": fhir_instant(lab.resulted_at or record.visit_date),
    }
    if lab.value is not None:
        quantity = {"value": _number(lab.value)}
        if lab.unit:
            quantity["unit"] = lab.unit
        resource["valueQuantity"] = quantity
        if lab.result_text:
            resource["note"] = [{"text": lab.result_text}]
    elif lab.result_text:
        resource["valueString"] = lab.result_text
    if lab.flag in LAB_INTERPRETATION:
        code, display = LAB_INTERPRETATION[lab.flag]
        resource["interpretation"] = [_codeable(INTERPRETATION_SYSTEM, code, display)]
    if lab.reference_range:
        resource["referenceRange"] = [{"text": lab.reference_range}]
    return resource


def _document_reference(
    document: MedicalDocument, patient_ref: dict, encounter_ref: dict, *, mask_text: Callable[[str], str] | None = None
) -> dict:
    doc_type = {"text": document.get_document_type_display()}
    if document.document_type in DOCUMENT_TYPE_LOINC:
        code, display = DOCUMENT_TYPE_LOINC[document.document_type]
        doc_type["coding"] = [{"system": LOINC_SYSTEM, "code": code, "display": display}]
    if document.content:
        content = mask_text(document.content) if mask_text else document.content
        attachment = {
            "contentType": "text/plain; charset=utf-8",
            "data": base64.b64encode(content.encode("utf-8")).decode("ascii"),
            "title": document.title,
        }
    else:  # an uploaded file is not embedded: the title says what exists
        attachment = {"title": document.title}
        if document.file_content_type:
            attachment["contentType"] = document.file_content_type
    return {
        "resourceType": "DocumentReference",
        "id": str(document.pk),
        "status": "current",
        "docStatus": "final",
        "type": doc_type,
        "subject": patient_ref,
        "date": fhir_instant(document.created_at),
        "description": document.title,
        "content": [{"attachment": attachment}],
        "context": {"encounter": [encounter_ref]},
    }
