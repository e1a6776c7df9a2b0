"""FHIR R4 export: the bundle validates against the R4 models and says the right things.

fhir.resources 8.x defaults to R5; its `fhir.resources.R4B` package (FHIR 4.3) is the R4 line
it ships. R4B left Patient, Encounter, Condition, AllergyIntolerance, MedicationRequest,
Observation and DocumentReference as they were in R4 (4.0.1), so it validates our R4 output.
"""

import base64
import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fhir.resources.R4B import __fhir_version__ as r4b_version
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from records.fhir import BPJS_SYSTEM, ICD10_SYSTEM, LOINC_SYSTEM, NIK_SYSTEM, patient_bundle, patient_bundle_queryset
from records.models import (
    Allergy,
    Diagnosis,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Patient,
    Prescription,
)

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
UTC_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_seq = iter(range(1, 10_000))


def make_patient(**fields) -> Patient:
    n = next(_seq)
    defaults = {
        "nik": f"3171015708{n:06d}",
        "bpjs_number": f"{n:013d}",
        "name": "Siti Rahayu",
        "birth_date": dt.date(1985, 8, 17),
        "sex": "F",
        "blood_type": "O+",
        "phone": "+62 812-3456-7890",
        "address": "Jl. Melati No. 5\nKebayoran Baru, Jakarta Selatan",
    }
    return Patient.objects.create(**{**defaults, **fields})


def make_visit(patient, *, attending=None, when=None, **fields) -> MedicalRecord:
    return MedicalRecord.objects.create(
        patient=patient,
        visit_date=when or dt.datetime(2024, 3, 5, 9, 30, tzinfo=WIB),
        facility="Klinik Pratama Sehat",
        attending=attending,
        **fields,
    )


def make_rich_visit(patient, *, attending=None, when=None) -> MedicalRecord:
    """A visit with all vitals and one of each child."""
    record = make_visit(
        patient,
        attending=attending,
        when=when,
        chief_complaint="Sering haus dan sering buang air kecil",
        height_cm=Decimal("158.5"),
        weight_kg=Decimal("67.0"),
        systolic=142,
        diastolic=91,
        heart_rate=88,
        temperature_c=Decimal("36.8"),
        spo2=98,
    )
    Diagnosis.objects.create(
        medical_record=record, icd10_code="E11.9", description="Type 2 diabetes mellitus without complications"
    )
    Diagnosis.objects.create(
        medical_record=record, icd10_code="I10", description="Essential (primary) hypertension", kind="secondary"
    )
    Allergy.objects.create(medical_record=record, allergen="Amoksisilin", reaction="Ruam kulit", severity="severe")
    Prescription.objects.create(
        medical_record=record,
        medication="Metformin 500 mg",
        dosage="1 tablet",
        frequency="2x sehari",
        duration_days=30,
        instructions="Sesudah makan",
    )
    LabResult.objects.create(
        medical_record=record,
        test_name="Glukosa darah puasa",
        value=Decimal("182.0000"),
        unit="mg/dL",
        reference_range="70-99",
        flag="high",
        resulted_at=dt.datetime(2024, 3, 5, 11, 0, tzinfo=WIB),
    )
    LabResult.objects.create(medical_record=record, test_name="Urinalisis", result_text="Glukosuria +2", flag="high")
    MedicalDocument.objects.create(
        medical_record=record, document_type="clinical_note", title="Catatan kontrol", content="Edukasi diet DM."
    )
    MedicalDocument.objects.create(medical_record=record, document_type="imaging", title="Rontgen toraks")
    return record


def resources(bundle: dict, resource_type: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type]


@pytest.fixture
def doctor(make_user):
    return make_user("doctor", nama="dr. Andi Wijaya").petugas


@pytest.fixture
def rich_patient(doctor):
    patient = make_patient()
    make_rich_visit(patient, attending=doctor)
    return patient


def test_bundle_is_a_valid_fhir_r4_collection(rich_patient):
    bundle = patient_bundle(rich_patient)

    assert r4b_version.startswith("4.3")
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    for entry in bundle["entry"]:  # each resource also validates on its own, as its own type
        model = get_fhir_model_class(entry["resource"]["resourceType"])
        model.model_validate(entry["resource"])
    counts = {}
    for entry in bundle["entry"]:
        counts[entry["resource"]["resourceType"]] = counts.get(entry["resource"]["resourceType"], 0) + 1
    assert counts == {
        "Patient": 1,
        "Encounter": 1,
        "Condition": 2,
        "AllergyIntolerance": 1,
        "MedicationRequest": 1,
        "Observation": 7 + 2,  # seven vital signs, two lab results
        "DocumentReference": 2,
    }


def test_patient_identifiers_and_demographics(rich_patient):
    (patient,) = resources(patient_bundle(rich_patient), "Patient")

    assert {"use": "official", "system": NIK_SYSTEM, "value": rich_patient.nik} in patient["identifier"]
    assert {"use": "secondary", "system": BPJS_SYSTEM, "value": rich_patient.bpjs_number} in patient["identifier"]
    assert patient["name"] == [{"use": "official", "text": "Siti Rahayu"}]
    assert patient["gender"] == "female" and patient["birthDate"] == "1985-08-17"
    assert patient["telecom"] == [{"system": "phone", "value": "+62 812-3456-7890", "use": "mobile"}]
    assert patient["address"][0]["line"] == ["Jl. Melati No. 5", "Kebayoran Baru, Jakarta Selatan"]


def test_patient_without_bpjs_number_has_only_nik(db):
    (patient,) = resources(patient_bundle(make_patient(bpjs_number=None, phone="", address="")), "Patient")
    assert [i["system"] for i in patient["identifier"]] == [NIK_SYSTEM]
    assert "telecom" not in patient and "address" not in patient


def test_datetimes_are_utc_with_z(rich_patient):
    bundle = patient_bundle(rich_patient)
    (encounter,) = resources(bundle, "Encounter")

    assert encounter["period"]["start"] == "2024-03-05T02:30:00Z"  # 09:30 WIB
    assert UTC_Z.match(bundle["timestamp"])
    lab = next(o for o in resources(bundle, "Observation") if o["code"].get("text") == "Glukosa darah puasa")
    assert lab["effectiveDateTime"] == "2024-03-05T04:00:00Z"
    stamps = [c["recordedDate"] for c in resources(bundle, "Condition")]
    stamps += [d["date"] for d in resources(bundle, "DocumentReference")]
    assert stamps and all(UTC_Z.match(s) for s in stamps)


def test_conditions_carry_icd10_and_the_encounter_ranks_them(rich_patient):
    bundle = patient_bundle(rich_patient)
    (encounter,) = resources(bundle, "Encounter")
    encounter_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is encounter)
    conditions = resources(bundle, "Condition")

    codings = sorted((c["code"]["coding"][0]["system"], c["code"]["coding"][0]["code"]) for c in conditions)
    assert codings == [(ICD10_SYSTEM, "E11.9"), (ICD10_SYSTEM, "I10")]
    assert all(c["encounter"] == {"reference": encounter_url} for c in conditions)
    assert sorted(d["rank"] for d in encounter["diagnosis"]) == [1, 2]
    assert encounter["participant"] == [{"individual": {"display": "dr. Andi Wijaya"}}]


def test_vital_signs_use_loinc_and_ucum(rich_patient):
    vitals = [
        o
        for o in resources(patient_bundle(rich_patient), "Observation")
        if o["category"][0]["coding"][0]["code"] == "vital-signs"
    ]
    by_code = {o["code"]["coding"][0]["code"]: o["valueQuantity"] for o in vitals}

    assert all(o["code"]["coding"][0]["system"] == LOINC_SYSTEM for o in vitals)
    assert by_code == {
        "8302-2": {"value": 158.5, "unit": "cm", "system": "http://unitsofmeasure.org", "code": "cm"},
        "29463-7": {"value": 67.0, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"},
        "8480-6": {"value": 142, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"},
        "8462-4": {"value": 91, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"},
        "8867-4": {"value": 88, "unit": "beats/minute", "system": "http://unitsofmeasure.org", "code": "/min"},
        "8310-5": {"value": 36.8, "unit": "°C", "system": "http://unitsofmeasure.org", "code": "Cel"},
        "59408-5": {"value": 98, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"},
    }


def test_missing_vitals_are_left_out(db):
    patient = make_patient()
    make_visit(patient, heart_rate=72)
    observations = resources(patient_bundle(patient), "Observation")
    assert [o["code"]["coding"][0]["code"] for o in observations] == ["8867-4"]


def test_labs_allergies_prescriptions_and_documents(rich_patient):
    bundle = patient_bundle(rich_patient)
    labs = {
        o["code"]["text"]: o
        for o in resources(bundle, "Observation")
        if o["category"][0]["coding"][0]["code"] == "laboratory"
    }
    glucose, urine = labs["Glukosa darah puasa"], labs["Urinalisis"]
    assert glucose["valueQuantity"] == {"value": 182, "unit": "mg/dL"}
    assert glucose["interpretation"][0]["coding"][0]["code"] == "H"
    assert glucose["referenceRange"] == [{"text": "70-99"}]
    assert urine["valueString"] == "Glukosuria +2"

    (allergy,) = resources(bundle, "AllergyIntolerance")
    assert allergy["code"] == {"text": "Amoksisilin"} and allergy["criticality"] == "high"
    assert allergy["reaction"] == [{"manifestation": [{"text": "Ruam kulit"}], "severity": "severe"}]

    (request,) = resources(bundle, "MedicationRequest")
    assert request["medicationCodeableConcept"] == {"text": "Metformin 500 mg"}
    assert request["dosageInstruction"] == [{"text": "1 tablet 2x sehari", "patientInstruction": "Sesudah makan"}]
    assert request["status"] == "completed" and request["intent"] == "order"

    documents = {d["description"]: d for d in resources(bundle, "DocumentReference")}
    note = documents["Catatan kontrol"]["content"][0]["attachment"]
    assert base64.b64decode(note["data"]).decode() == "Edukasi diet DM."
    assert documents["Rontgen toraks"]["content"][0]["attachment"] == {"title": "Rontgen toraks"}


def test_voided_rows_are_not_exported(rich_patient, doctor):
    voided_visit = make_rich_visit(rich_patient, attending=doctor, when=dt.datetime(2024, 6, 1, 8, 0, tzinfo=WIB))
    MedicalRecord.all_objects.filter(pk=voided_visit.pk).update(voided=True, void_reason="wrong patient")
    live_visit = MedicalRecord.objects.exclude(pk=voided_visit.pk).get(patient=rich_patient)
    Diagnosis.all_objects.filter(medical_record=live_visit, icd10_code="I10").update(voided=True)
    LabResult.all_objects.filter(medical_record=live_visit, test_name="Urinalisis").update(voided=True)

    bundle = patient_bundle(rich_patient)

    assert [e["id"] for e in resources(bundle, "Encounter")] == [str(live_visit.pk)]
    assert [c["code"]["coding"][0]["code"] for c in resources(bundle, "Condition")] == ["E11.9"]
    assert "Urinalisis" not in [o["code"].get("text") for o in resources(bundle, "Observation")]
    assert len(resources(bundle, "MedicationRequest")) == 1  # the voided visit's prescription is gone


def test_full_urls_are_stable_unique_and_referenced(rich_patient):
    first, second = patient_bundle(rich_patient), patient_bundle(rich_patient)
    urls = [e["fullUrl"] for e in first["entry"]]

    assert urls == [e["fullUrl"] for e in second["entry"]]
    assert len(set(urls)) == len(urls) and all(u.startswith("urn:uuid:") for u in urls)
    patient_url = urls[0]
    for entry in first["entry"][1:]:
        resource = entry["resource"]
        assert (resource.get("subject") or resource.get("patient")) == {"reference": patient_url}


def test_base_url_gives_restful_full_urls(rich_patient):
    bundle = patient_bundle(rich_patient, base_url="https://rm.example.id/fhir/")
    entry = bundle["entry"][0]
    assert entry["fullUrl"] == f"https://rm.example.id/fhir/Patient/{rich_patient.pk}"
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert entry["fullUrl"] == f"https://rm.example.id/fhir/{resource['resourceType']}/{resource['id']}"


def _queries_for(patient_id: int, *, prefetched: bool) -> int:
    with CaptureQueriesContext(connection) as ctx:
        queryset = patient_bundle_queryset() if prefetched else Patient.objects.all()
        patient = queryset.get(pk=patient_id)
        patient_bundle(patient)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_visits(doctor, django_assert_max_num_queries):
    few, many = make_patient(), make_patient()
    make_rich_visit(few, attending=doctor)
    for day in range(1, 13):
        make_rich_visit(many, attending=doctor, when=dt.datetime(2024, 1, day, 8, 0, tzinfo=WIB))

    with django_assert_max_num_queries(7):  # patient, visits (+attending), five child tables
        patient_bundle(patient_bundle_queryset().get(pk=many.pk))
    assert _queries_for(few.pk, prefetched=True) == _queries_for(many.pk, prefetched=True)
    # A plain patient is re-read once through the prefetching queryset: still constant.
    assert _queries_for(few.pk, prefetched=False) == _queries_for(many.pk, prefetched=False) <= 8
    assert len(resources(patient_bundle(many), "Encounter")) == 12
