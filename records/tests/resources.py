"""What the API tests need to know about each endpoint: a row, a valid body, a harmless change."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

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
from records.tests import factories


def an_hour_ago() -> str:
    return (timezone.now() - datetime.timedelta(hours=1)).isoformat()


@dataclass(frozen=True)
class Resource:
    path: str
    model: type
    make_row: Callable[[], Any]
    create_body: Callable[[], dict]
    change: tuple[str, Any]  # a field and a new valid value for PATCH

    def url(self, pk=None, suffix: str = "") -> str:
        return f"/{self.path}/" if pk is None else f"/{self.path}/{pk}/{suffix}"

    def __str__(self):
        return self.path


def _new_patient_body() -> dict:
    birth_date = datetime.date(1990, 5, 17)
    return {
        "nik": factories.make_nik(birth_date, "F"),
        "bpjs_number": "0009876543210",
        "name": "Siti Rahma",
        "birth_date": "1990-05-17",
        "sex": "F",
        "blood_type": "O+",
    }


def _child_body(**fields):
    def body():
        return {"medical_record": factories.MedicalRecordFactory().pk, **fields}

    return body


RESOURCES = {
    "patients": Resource("patients", Patient, factories.PatientFactory, _new_patient_body, ("name", "Nama Baru")),
    "medical-records": Resource(
        "medical-records",
        MedicalRecord,
        factories.MedicalRecordFactory,
        lambda: {
            "patient": factories.PatientFactory().pk,
            "visit_date": an_hour_ago(),
            "facility": "Puskesmas Gambir",
            "systolic": 130,
            "diastolic": 85,
        },
        ("chief_complaint", "Pusing"),
    ),
    "allergies": Resource(
        "allergies",
        Allergy,
        factories.AllergyFactory,
        _child_body(allergen="Amoksisilin", severity="severe"),
        ("reaction", "Sesak napas"),
    ),
    "diagnoses": Resource(
        "diagnoses",
        Diagnosis,
        factories.DiagnosisFactory,
        _child_body(icd10_code="I10", kind="secondary"),
        ("description", "Hipertensi esensial"),
    ),
    "prescriptions": Resource(
        "prescriptions",
        Prescription,
        factories.PrescriptionFactory,
        _child_body(medication="Amlodipin", dosage="5 mg", frequency="1x sehari"),
        ("dosage", "10 mg"),
    ),
    "lab-results": Resource(
        "lab-results",
        LabResult,
        factories.LabResultFactory,
        lambda: {
            **_child_body(test_name="Gula darah puasa", value="126", unit="mg/dL", flag="high")(),
            "resulted_at": an_hour_ago(),
        },
        ("unit", "mmol/L"),
    ),
    "medical-documents": Resource(
        "medical-documents",
        MedicalDocument,
        factories.MedicalDocumentFactory,
        _child_body(title="Ringkasan pulang", document_type="discharge_summary", content="Pasien pulang sehat."),
        ("title", "Judul baru"),
    ),
    "relations": Resource(
        "relations",
        Relation,
        factories.RelationFactory,
        lambda: {
            "patient": factories.PatientFactory().pk,
            "related_patient": factories.PatientFactory().pk,
            "relationship": "spouse",
            "can_view_records": False,
        },
        ("can_view_records", False),
    ),
}

CRUD = {"list", "retrieve", "create", "update", "partial_update", "destroy"}
CRU = CRUD - {"destroy"}
READ = {"list", "retrieve"}

# The matrix of architecture.md, written out independently of accounts.roles on purpose.
MATRIX = {
    "admin": dict.fromkeys(RESOURCES, CRUD),
    "doctor": {**dict.fromkeys(RESOURCES, CRU), "relations": READ},
    "staff": {
        "patients": CRU,
        "medical-records": READ,
        "diagnoses": READ,
        "prescriptions": READ,
        "allergies": CRU,
        "lab-results": CRU,
        "medical-documents": CRU,
        "relations": CRU,
    },
}
