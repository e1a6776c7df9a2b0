"""One rulebook for both doors: what the API refuses, the dashboard (Django admin) refuses too.

Each test names the rule; the reproduction is the one found in the dashboard, and the API side
is asserted alongside so the two cannot drift apart again.
"""

import datetime as dt

import pytest
from django.utils import timezone

from records.models import Diagnosis, MedicalRecord, Patient
from records.tests import factories
from records.tests.test_admin import admin_url, form_data, logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


@pytest.fixture
def doctor(make_user):
    return make_user("doctor")


@pytest.fixture
def clinic_admin(make_user):
    return make_user("admin")


@pytest.fixture
def voided_patients_visit():
    """A live visit (with a diagnosis) of a patient who has since been voided."""
    visit = factories.MedicalRecordFactory()
    diagnosis = factories.DiagnosisFactory(medical_record=visit)
    Patient.all_objects.filter(pk=visit.patient_id).update(voided=True)
    return visit, diagnosis


def form_errors(response) -> dict:
    form = response.context["adminform"].form
    return {field: list(messages) for field, messages in form.errors.items()}


def test_rows_of_a_voided_patient_are_not_live_in_the_dashboard(client, doctor, voided_patients_visit, client_for):
    visit, diagnosis = voided_patients_visit
    logged_in(client, doctor)
    listed = client.get(admin_url("diagnosis", "changelist")).context["cl"].result_list
    assert diagnosis not in listed
    assert client.get(admin_url("diagnosis", "change", diagnosis.pk)).status_code == 302  # "does not exist"
    assert client.get(admin_url("medicalrecord", "change", visit.pk)).status_code == 302
    assert client_for(doctor).get(f"/diagnoses/{diagnosis.pk}").status_code == 404


def test_nothing_is_added_to_a_voided_patients_visit(client, doctor, voided_patients_visit, client_for):
    visit, _diagnosis = voided_patients_visit
    body = {"medical_record": visit.pk, "icd10_code": "J06.9", "kind": "primary"}
    response = logged_in(client, doctor).post(admin_url("diagnosis", "add"), body)
    assert response.status_code == 200 and "medical_record" in form_errors(response)
    assert client_for(doctor).post("/diagnoses/", body).status_code == 400
    assert Diagnosis.all_objects.filter(medical_record=visit).count() == 1


def test_a_patient_needs_a_valid_nik_and_a_past_birth_date(client, doctor, client_for):
    body = {"name": "Uji", "nik": "0000000000000000", "birth_date": "2999-01-01", "sex": "M"}
    response = logged_in(client, doctor).post(admin_url("patient", "add"), body)
    assert response.status_code == 200
    assert {"nik", "birth_date"} <= set(form_errors(response))
    api = client_for(doctor).post("/patients/", body)
    assert api.status_code == 400 and "nik" in api.data  # the serializer stops at the malformed NIK
    api = client_for(doctor).post("/patients/", {**body, "nik": "3171014508850001"})
    assert api.status_code == 400 and "birth_date" in api.data
    assert not Patient.all_objects.filter(name="Uji").exists()


def test_a_visit_is_not_in_the_future_and_vitals_are_in_range(client, doctor, client_for):
    patient = factories.PatientFactory()
    body = {
        "patient": patient.pk,
        "visit_date_0": "2999-01-01",
        "visit_date_1": "09:00:00",
        "systolic": 5000,
        "diastolic": 80,
    }
    response = logged_in(client, doctor).post(admin_url("medicalrecord", "add"), body)
    assert response.status_code == 200
    assert {"visit_date", "systolic"} <= set(form_errors(response))
    api = client_for(doctor).post(
        "/medical-records/", {"patient": patient.pk, "visit_date": "2999-01-01T09:00:00+07:00", "systolic": 5000}
    )
    assert api.status_code == 400 and {"visit_date", "systolic"} <= set(api.data)
    assert not MedicalRecord.all_objects.filter(patient=patient).exists()


def test_a_diagnosis_needs_a_real_icd10_code(client, doctor, client_for):
    visit = factories.MedicalRecordFactory()
    body = {"medical_record": visit.pk, "icd10_code": "ZZZ.999", "kind": "primary"}
    response = logged_in(client, doctor).post(admin_url("diagnosis", "add"), body)
    assert response.status_code == 200 and "icd10_code" in form_errors(response)
    assert client_for(doctor).post("/diagnoses/", body).status_code == 400
    assert not Diagnosis.objects.filter(medical_record=visit).exists()


def test_an_entry_cannot_move_to_another_visit(client, doctor, client_for):
    diagnosis = factories.DiagnosisFactory()
    other_visit = factories.MedicalRecordFactory()
    url = admin_url("diagnosis", "change", diagnosis.pk)
    data = {**form_data(logged_in(client, doctor).get(url)), "medical_record": other_visit.pk}
    response = client.post(url, data)
    assert response.status_code == 200 and "medical_record" in form_errors(response)
    api = client_for(doctor).patch(f"/diagnoses/{diagnosis.pk}", {"medical_record": other_visit.pk})
    assert api.status_code == 400 and "medical_record" in api.data
    diagnosis.refresh_from_db()
    assert diagnosis.medical_record_id != other_visit.pk


def test_a_visit_cannot_move_to_another_patient(client, doctor):
    visit = factories.MedicalRecordFactory()
    other = factories.PatientFactory()
    url = admin_url("medicalrecord", "change", visit.pk)
    data = {**form_data(logged_in(client, doctor).get(url)), "patient": other.pk}
    response = client.post(url, data)
    assert response.status_code == 200 and "patient" in form_errors(response)
    visit.refresh_from_db()
    assert visit.patient_id != other.pk


def test_a_clinic_account_cannot_be_a_patients_mobile_account(client, clinic_admin, doctor, client_for):
    patient = factories.PatientFactory()
    url = admin_url("patient", "change", patient.pk)
    data = {**form_data(logged_in(client, clinic_admin).get(url)), "user": doctor.pk}
    response = client.post(url, data)
    assert response.status_code == 200 and "user" in form_errors(response)
    api = client_for(clinic_admin).patch(f"/patients/{patient.pk}", {"user": doctor.pk})
    assert api.status_code == 400 and "user" in api.data
    patient.refresh_from_db()
    assert patient.user_id is None


def test_voided_rows_are_read_only_everywhere(client, clinic_admin):
    diagnosis = factories.DiagnosisFactory(voided=True, voided_at=timezone.now())
    url = admin_url("diagnosis", "change", diagnosis.pk)
    page = logged_in(client, clinic_admin).get(url)
    assert page.status_code == 200 and page.context["has_change_permission"] is False  # shown, not editable
    body = {"medical_record": diagnosis.medical_record_id, "icd10_code": "A09", "kind": "primary"}
    assert client.post(url, body).status_code == 403
    assert client.post(admin_url("diagnosis", "delete", diagnosis.pk), {"post": "yes"}).status_code == 403
    diagnosis.refresh_from_db()
    assert diagnosis.icd10_code != "A09"


def test_the_model_refuses_to_change_a_voided_row_whatever_the_door():
    from django.core.exceptions import ValidationError

    diagnosis = factories.DiagnosisFactory(voided=True, voided_at=timezone.now())
    row = Diagnosis.all_objects.get(pk=diagnosis.pk)
    row.description = "diubah"
    with pytest.raises(ValidationError):
        row.full_clean()


def test_history_revert_cannot_unvoid_a_row(client, clinic_admin):
    from records import services

    diagnosis = factories.DiagnosisFactory(description="ISPA")
    live_version = diagnosis.history.first()
    services.clinical_void(Diagnosis.objects.get(pk=diagnosis.pk), voided_by=clinic_admin, reason="salah input")
    url = f"{admin_url('diagnosis', 'history', diagnosis.pk)}{live_version.history_id}/"
    body = {"medical_record": diagnosis.medical_record_id, "icd10_code": "J06.9", "kind": "primary"}
    response = logged_in(client, clinic_admin).post(url, body)
    assert response.status_code == 403
    assert Diagnosis.all_objects.get(pk=diagnosis.pk).voided


def test_a_future_lab_result_time_is_refused_in_the_dashboard(client, doctor):
    visit = factories.MedicalRecordFactory()
    future = timezone.localtime() + dt.timedelta(days=3)
    body = {
        "medical_record": visit.pk,
        "test_name": "Hemoglobin",
        "resulted_at_0": future.strftime("%Y-%m-%d"),
        "resulted_at_1": future.strftime("%H:%M:%S"),
        "release_state": "released",
    }
    response = logged_in(client, doctor).post(admin_url("labresult", "add"), body)
    assert response.status_code == 200 and "resulted_at" in form_errors(response)


def test_dashboard_uploads_get_the_apis_type_and_size_inspection(client, doctor, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from records.models import MedicalDocument

    visit = factories.MedicalRecordFactory()
    logged_in(client, doctor)
    evil = SimpleUploadedFile("evil.html", b"\x00\x01<script>alert(1)</script>\xff", content_type="text/html")
    body = {"medical_record": visit.pk, "title": "Hasil", "document_type": "other", "release_state": "released"}
    response = client.post(admin_url("medicaldocument", "add"), {**body, "file": evil})
    assert response.status_code == 200 and "file" in form_errors(response)
    assert not MedicalDocument.objects.filter(medical_record=visit).exists()

    settings.MEDICAL_DOCUMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("catatan.txt", b"x" * 11, content_type="text/plain")
    response = client.post(admin_url("medicaldocument", "add"), {**body, "file": big})
    assert response.status_code == 200 and "file" in form_errors(response)

    settings.MEDICAL_DOCUMENT_MAX_BYTES = 1000
    note = SimpleUploadedFile("catatan.html", b"Demam 3 hari, trombosit 90.000", content_type="text/html")
    assert client.post(admin_url("medicaldocument", "add"), {**body, "file": note}).status_code == 302
    stored = MedicalDocument.objects.get(medical_record=visit)
    assert stored.file.name.endswith(".txt") and stored.file_content_type == "text/plain"
    assert stored.original_filename == "catatan.html" and stored.content.startswith("Demam 3 hari")


def test_bulk_void_confirmation_page_is_audited_as_a_read_of_each_row_shown(client, clinic_admin):
    from records.models import AuditLog

    patients = [factories.PatientFactory() for _ in range(3)]
    logged_in(client, clinic_admin)
    response = client.post(
        admin_url("patient", "changelist"),
        {"action": "delete_selected", "_selected_action": [patient.pk for patient in patients[:2]]},
    )
    assert response.status_code == 200  # the confirmation page, nothing voided yet
    reads = AuditLog.objects.filter(user=clinic_admin, action="read", resource="records.patient")
    assert sorted(int(entry.object_id) for entry in reads) == sorted(patient.pk for patient in patients[:2])
    assert not Patient.all_objects.filter(voided=True).exists()
