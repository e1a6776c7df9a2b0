"""Factory-boy factories for clinical rows; they write straight to the database (no services)."""

import datetime
import itertools

import factory
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

# Jakarta Pusat, Gambir: a region code python-stdnum knows.
NIK_REGION = "317101"
_nik_serials = itertools.count(1)


def make_nik(birth_date: datetime.date, sex: str, serial: int | None = None) -> str:
    """A structurally valid NIK for that birth date and sex (women: day + 40)."""
    day = birth_date.day + (40 if sex == "F" else 0)
    serial = next(_nik_serials) if serial is None else serial
    return f"{NIK_REGION}{day:02d}{birth_date:%m%y}{serial % 10000:04d}"


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    name = factory.Sequence(lambda n: f"Pasien {n:04d}")
    birth_date = factory.Sequence(lambda n: datetime.date(1950, 1, 1) + datetime.timedelta(days=(97 * n) % 25_000))
    sex = factory.Iterator(["M", "F"])
    nik = factory.LazyAttribute(lambda patient: make_nik(patient.birth_date, patient.sex))
    bpjs_number = factory.Sequence(lambda n: f"{1_000_000_000_000 + n:013d}")


class MedicalRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MedicalRecord

    patient = factory.SubFactory(PatientFactory)
    visit_date = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    facility = "Klinik Pratama Sehat"
    chief_complaint = "Sering haus dan lelah"


class VisitChildFactory(factory.django.DjangoModelFactory):
    medical_record = factory.SubFactory(MedicalRecordFactory)


class AllergyFactory(VisitChildFactory):
    class Meta:
        model = Allergy

    allergen = "Penisilin"
    reaction = "Ruam"
    severity = "moderate"


class DiagnosisFactory(VisitChildFactory):
    class Meta:
        model = Diagnosis

    icd10_code = "E11.9"
    description = "Type 2 diabetes mellitus without complications"
    kind = "primary"


class PrescriptionFactory(VisitChildFactory):
    class Meta:
        model = Prescription

    medication = "Metformin"
    dosage = "500 mg"
    frequency = "2x sehari"
    duration_days = 30


class LabResultFactory(VisitChildFactory):
    class Meta:
        model = LabResult

    test_name = "HbA1c"
    value = "7.2000"
    unit = "%"
    flag = "high"
    resulted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=20))


class MedicalDocumentFactory(VisitChildFactory):
    class Meta:
        model = MedicalDocument

    title = "Surat rujukan"
    document_type = "referral"
    content = "Rujukan ke poli penyakit dalam."


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relation

    patient = factory.SubFactory(PatientFactory)
    related_patient = factory.SubFactory(PatientFactory)
    relationship = "child"
    can_view_records = True
