"""The access audit log: every read and write of patient data, through the API or the admin, leaves a row."""

import datetime as dt
from unittest import mock
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from records.audit import AuditUnavailable
from records.models import AuditAction, AuditLog, AuditLogImmutableError, Diagnosis, Patient
from records.tests import factories
from records.tests.resources import RESOURCES

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


@pytest.fixture(autouse=True)
def _records_service(settings):
    settings.SERVICE_NAME = "records"


def entries(**filters) -> list[AuditLog]:
    return list(AuditLog.objects.filter(**filters).order_by("id"))


def patient_of(row) -> int:
    return row.pk if isinstance(row, Patient) else row.patient_id


def audit_inserts(captured) -> int:
    return sum(1 for query in captured if query["sql"].startswith("INSERT") and "audit_logs" in query["sql"])


def assert_entry(entry: AuditLog, *, user: User, role: str, action: str, row) -> None:
    assert (entry.user, entry.user_email, entry.user_role) == (user, user.email, role)
    assert entry.action == action
    assert entry.resource == row._meta.label_lower
    assert entry.object_id == str(row.pk)
    assert entry.patient_id == patient_of(row)
    assert (entry.ip, entry.service) == ("127.0.0.1", "records")
    assert entry.occurred_at is not None


# --- The API: each action, each resource ----------------------------------------------------------


@pytest.mark.parametrize("path", list(RESOURCES))
def test_create_read_update_void_each_leave_one_row(admin_api, admin_account, path):
    resource = RESOURCES[path]
    created = admin_api.post(resource.url(), resource.create_body())
    assert created.status_code == 201, created.data
    row = resource.model.all_objects.get(pk=created.data["id"])
    assert admin_api.get(resource.url(row.pk)).status_code == 200
    field, value = resource.change
    assert admin_api.patch(resource.url(row.pk), {field: value}).status_code == 200
    assert admin_api.delete(resource.url(row.pk)).status_code == 204

    logged = entries(resource=row._meta.label_lower, object_id=str(row.pk))
    assert [entry.action for entry in logged] == ["create", "read", "update", "void"]
    for entry, action in zip(logged, ["create", "read", "update", "void"], strict=True):
        assert_entry(entry, user=admin_account, role="admin", action=action, row=row)
    assert logged[0].path == resource.url()
    assert logged[3].path == resource.url(row.pk)


def test_put_is_an_update(doctor_api, doctor_account):
    diagnosis = factories.DiagnosisFactory()
    body = {"medical_record": diagnosis.medical_record_id, "icd10_code": "I10", "description": "", "kind": "primary"}
    assert doctor_api.put(f"/diagnoses/{diagnosis.pk}", body).status_code == 200
    (entry,) = entries()
    assert_entry(entry, user=doctor_account, role="doctor", action="update", row=diagnosis)


def test_list_records_one_row_per_returned_item(staff_api, staff_account):
    patient = factories.PatientFactory()
    visits = [factories.MedicalRecordFactory(patient=patient) for _ in range(3)]
    factories.MedicalRecordFactory()  # another patient's: filtered out, not returned, not logged

    response = staff_api.get(f"/medical-records/?patient={patient.pk}")

    assert response.status_code == 200 and response.data["count"] == 3
    logged = entries()
    assert sorted(entry.object_id for entry in logged) == sorted(str(visit.pk) for visit in visits)
    for entry in logged:
        assert entry.action == "list" and entry.patient_id == patient.pk and entry.user_role == "staff"
        assert entry.resource == "records.medicalrecord" and entry.user == staff_account
        assert entry.path == f"/medical-records/?patient={patient.pk}"


def test_list_records_only_the_page_returned(doctor_api):
    for _ in range(5):
        factories.DiagnosisFactory()
    response = doctor_api.get("/diagnoses/?page_size=2&page=2")
    returned = {str(item["id"]) for item in response.data["results"]}
    assert len(returned) == 2
    assert {entry.object_id for entry in entries()} == returned


def test_empty_list_records_nothing(doctor_api):
    assert doctor_api.get("/allergies/").status_code == 200
    assert entries() == []


@pytest.mark.parametrize("path", list(RESOURCES))
def test_list_query_count_does_not_grow_with_rows(admin_api, path, django_assert_max_num_queries):
    resource = RESOURCES[path]
    for _ in range(3):
        resource.make_row()
    with CaptureQueriesContext(connection) as few:
        assert admin_api.get(f"/{path}/?page_size=100").status_code == 200
    for _ in range(27):
        resource.make_row()
    with django_assert_max_num_queries(len(few)), CaptureQueriesContext(connection) as many:
        assert admin_api.get(f"/{path}/?page_size=100").status_code == 200
    assert audit_inserts(few) == audit_inserts(many) == 1
    assert AuditLog.objects.filter(action="list").count() == 3 + 30


def test_a_full_page_is_one_insert(admin_api):
    for _ in range(100):
        factories.PatientFactory()
    with CaptureQueriesContext(connection) as captured:
        assert len(admin_api.get("/patients/?page_size=100").data["results"]) == 100
    assert AuditLog.objects.count() == 100
    # Django caps an SQLite statement at 999 parameters: 90 rows of 11 columns per INSERT there.
    assert audit_inserts(captured) == (2 if connection.vendor == "sqlite" else 1)


def test_medical_document_download_is_logged(doctor_api, doctor_account, visit):
    document = factories.MedicalDocumentFactory(
        medical_record=visit,
        file=SimpleUploadedFile("hasil.txt", b"HbA1c 7.2"),
        file_content_type="text/plain",
        original_filename="hasil.txt",
    )
    response = doctor_api.get(f"/medical-documents/{document.pk}/download")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    (entry,) = entries()
    assert_entry(entry, user=doctor_account, role="doctor", action="download", row=document)


def test_download_without_a_file_is_404_and_not_logged(doctor_api, visit):
    document = factories.MedicalDocumentFactory(medical_record=visit)
    assert doctor_api.get(f"/medical-documents/{document.pk}/download").status_code == 404
    assert entries() == []


def test_fhir_export_is_logged_once_for_the_patient(doctor_api, doctor_account):
    record = factories.MedicalRecordFactory()
    factories.DiagnosisFactory(medical_record=record)
    assert doctor_api.get(f"/patients/{record.patient_id}/fhir").status_code == 200
    (entry,) = entries()
    assert_entry(entry, user=doctor_account, role="doctor", action="export_fhir", row=record.patient)


def test_admin_reading_voided_rows_is_logged(admin_api):
    diagnosis = factories.DiagnosisFactory(voided=True)
    assert admin_api.get(f"/diagnoses/{diagnosis.pk}?include_voided=1").status_code == 200
    assert [(entry.action, entry.object_id) for entry in entries()] == [("read", str(diagnosis.pk))]


def test_superuser_is_logged_as_admin(client_for):
    root = User.objects.create_superuser(email="root@example.id", password="x-Kuat-2024")
    patient = factories.PatientFactory()
    assert client_for(root).get(f"/patients/{patient.pk}").status_code == 200
    (entry,) = entries()
    assert_entry(entry, user=root, role="admin", action="read", row=patient)


def test_role_and_email_are_a_snapshot(doctor_api, doctor_account):
    patient = factories.PatientFactory()
    doctor_api.get(f"/patients/{patient.pk}")
    User.objects.filter(pk=doctor_account.pk).update(email="renamed@example.id")
    assert AuditLog.objects.get().user_email == doctor_account.email


# --- Refused requests record nothing about rows they did not return --------------------------------


def test_refused_requests_log_no_read_only_a_denied_row_with_target_and_reason(
    role_client, make_user, client_for, api_client
):
    """Issue 19 item 8: a 403, or a 404 for an id outside the caller's scope, is one `denied` row; no
    token names nobody (nothing logged); a 400 is not an attempt on anyone's data."""
    diagnosis = factories.DiagnosisFactory()
    patient_account = make_user(None)
    diagnosis.patient.user = patient_account
    diagnosis.patient.save()
    doctor, staff = role_client("doctor"), role_client("staff")
    missing_id = diagnosis.pk + 1000

    assert doctor.delete(f"/diagnoses/{diagnosis.pk}").status_code == 403
    assert staff.patch(f"/diagnoses/{diagnosis.pk}", {"description": "x"}).status_code == 403
    new_diagnosis = {"medical_record": diagnosis.medical_record_id, "icd10_code": "I10"}
    assert staff.post("/diagnoses/", new_diagnosis).status_code == 403
    assert client_for(patient_account).get("/diagnoses/").status_code == 403
    assert client_for(patient_account).get(f"/patients/{diagnosis.patient_id}/fhir").status_code == 403
    assert api_client.get(f"/diagnoses/{diagnosis.pk}").status_code == 401
    assert doctor.get(f"/diagnoses/{missing_id}").status_code == 404
    assert doctor.get(f"/patients/{diagnosis.patient_id + 1000}/fhir").status_code == 404
    assert doctor.get("/diagnoses/?created_after=not-a-date&patient=abc").status_code == 400

    rows = [
        (e.action, e.user_role, e.resource, e.object_id, e.patient_id, e.detail["reason"], e.detail["status"])
        for e in AuditLog.objects.order_by("id")
    ]
    patient = diagnosis.patient_id
    assert rows == [
        ("denied", "doctor", "records.diagnosis", str(diagnosis.pk), patient, "forbidden", 403),
        ("denied", "staff", "records.diagnosis", str(diagnosis.pk), patient, "forbidden", 403),
        ("denied", "staff", "records.diagnosis", "*", None, "forbidden", 403),
        ("denied", "user", "records.diagnosis", "*", None, "forbidden", 403),
        ("denied", "user", "records.patient", str(patient), patient, "forbidden", 403),
        ("denied", "doctor", "records.diagnosis", str(missing_id), None, "not_found", 404),
        ("denied", "doctor", "records.patient", str(patient + 1000), None, "not_found", 404),
    ]


def test_invalid_writes_are_not_logged(doctor_api):
    diagnosis = factories.DiagnosisFactory()
    assert doctor_api.patch(f"/diagnoses/{diagnosis.pk}", {"icd10_code": "not a code"}).status_code == 400
    assert doctor_api.post("/diagnoses/", {"medical_record": diagnosis.medical_record_id}).status_code == 400
    assert doctor_api.post("/diagnoses/", {"medical_record": 10**9, "icd10_code": "I10"}).status_code == 400
    assert entries() == []


def test_voided_rows_are_404_for_doctors_and_logged_as_denied_not_read(doctor_api):
    diagnosis = factories.DiagnosisFactory(voided=True)
    assert doctor_api.get(f"/diagnoses/{diagnosis.pk}").status_code == 404
    assert doctor_api.get(f"/diagnoses/{diagnosis.pk}?include_voided=1").status_code == 404
    assert doctor_api.get("/diagnoses/?include_voided=1").data["count"] == 0
    assert [(e.action, e.object_id, e.detail["reason"]) for e in entries(action__in=["read", "denied"])] == [
        ("denied", str(diagnosis.pk), "out_of_scope")
    ] * 2


# --- An audit log that cannot be written fails the request -----------------------------------------


def failing_audit():
    return mock.patch.object(AuditLog.objects, "bulk_create", side_effect=DatabaseError("disk full"))


def test_a_read_that_cannot_be_audited_is_not_served(doctor_api):
    patient = factories.PatientFactory()
    with failing_audit():
        detail = doctor_api.get(f"/patients/{patient.pk}")
        listing = doctor_api.get("/patients/")
        bundle = doctor_api.get(f"/patients/{patient.pk}/fhir")
    for response in (detail, listing, bundle):
        assert response.status_code == 503
        assert patient.nik not in response.content.decode()
        assert set(response.json()) == {"detail"}


def test_a_write_that_cannot_be_audited_is_undone(doctor_api):
    diagnosis = factories.DiagnosisFactory(description="Lama")
    versions = diagnosis.history.count()
    body = RESOURCES["patients"].create_body()
    with failing_audit():
        assert doctor_api.post("/patients/", body).status_code == 503
        assert doctor_api.patch(f"/diagnoses/{diagnosis.pk}", {"description": "Baru"}).status_code == 503
        new = {"medical_record": diagnosis.medical_record_id, "icd10_code": "I10"}
        assert doctor_api.post("/diagnoses/", new).status_code == 503
    assert not Patient.all_objects.filter(nik=body["nik"]).exists()
    assert Diagnosis.objects.get(pk=diagnosis.pk).description == "Lama"
    assert Diagnosis.all_objects.count() == 1
    assert diagnosis.history.count() == versions  # the version history was rolled back with the row


def test_a_void_that_cannot_be_audited_is_undone(admin_api):
    diagnosis = factories.DiagnosisFactory()
    with failing_audit():
        assert admin_api.delete(f"/diagnoses/{diagnosis.pk}").status_code == 503
    assert not Diagnosis.all_objects.get(pk=diagnosis.pk).voided


def test_download_that_cannot_be_audited_is_not_served(doctor_api, visit):
    document = factories.MedicalDocumentFactory(
        medical_record=visit, file=SimpleUploadedFile("a.txt", b"rahasia"), file_content_type="text/plain"
    )
    with failing_audit():
        response = doctor_api.get(f"/medical-documents/{document.pk}/download")
    assert response.status_code == 503 and b"rahasia" not in response.content


# --- Where the request came from -------------------------------------------------------------------


def test_forwarded_for_is_ignored_without_trusted_proxies(doctor_api, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    patient = factories.PatientFactory()
    doctor_api.get(f"/patients/{patient.pk}", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="198.51.100.7")
    assert AuditLog.objects.get().ip == "198.51.100.7"


def test_forwarded_for_is_used_behind_one_trusted_proxy(doctor_api, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    patient = factories.PatientFactory()
    doctor_api.get(f"/patients/{patient.pk}", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9", REMOTE_ADDR="198.51.100.7")
    assert AuditLog.objects.get().ip == "203.0.113.9"


def test_an_address_that_is_not_an_ip_is_stored_as_unknown(doctor_api):
    patient = factories.PatientFactory()
    assert doctor_api.get(f"/patients/{patient.pk}", REMOTE_ADDR="unix:/run/gunicorn.sock").status_code == 200
    assert AuditLog.objects.get().ip is None


# --- The Django admin --------------------------------------------------------------------------------


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:records_{model}_{view}", args=args)


@pytest.fixture
def doctor_browser(client, doctor_account):
    client.force_login(doctor_account)
    return client


@pytest.fixture
def admin_browser(client, admin_account):
    client.force_login(admin_account)
    return client


def test_admin_changelist_logs_the_rows_shown(doctor_browser, doctor_account):
    patients = [factories.PatientFactory() for _ in range(3)]
    response = doctor_browser.get(admin_url("patient", "changelist"))
    assert response.status_code == 200
    logged = entries(action="list")
    assert sorted(entry.patient_id for entry in logged) == sorted(patient.pk for patient in patients)
    assert {(entry.user, entry.user_role, entry.resource, entry.ip) for entry in logged} == {
        (doctor_account, "doctor", "records.patient", "127.0.0.1")
    }


def test_admin_changelist_query_count_does_not_grow_with_rows(doctor_browser):
    for _ in range(3):
        factories.DiagnosisFactory()
    with CaptureQueriesContext(connection) as few:
        doctor_browser.get(admin_url("diagnosis", "changelist"))
    for _ in range(27):
        factories.DiagnosisFactory()
    with CaptureQueriesContext(connection) as many:
        doctor_browser.get(admin_url("diagnosis", "changelist"))
    assert audit_inserts(few) == audit_inserts(many) == 1
    assert len(many) == len(few)


def test_admin_search_logs_only_the_matches(doctor_browser):
    wanted = factories.PatientFactory(name="Siti Rahayu")
    factories.PatientFactory(name="Budi")
    doctor_browser.get(admin_url("patient", "changelist"), {"q": "Rahayu"})
    assert [entry.object_id for entry in entries()] == [str(wanted.pk)]
    assert entries()[0].path.endswith("?q=Rahayu")


def test_admin_change_page_and_history_are_reads(doctor_browser, doctor_account):
    diagnosis = factories.DiagnosisFactory()
    assert doctor_browser.get(admin_url("diagnosis", "change", diagnosis.pk)).status_code == 200
    assert doctor_browser.get(admin_url("diagnosis", "history", diagnosis.pk)).status_code == 200
    logged = entries()
    assert [entry.action for entry in logged] == ["read", "read"]
    for entry in logged:
        assert_entry(entry, user=doctor_account, role="doctor", action="read", row=diagnosis)


def test_admin_delete_confirmation_page_is_a_read(admin_browser, admin_account):
    record = factories.MedicalRecordFactory()
    assert admin_browser.get(admin_url("medicalrecord", "delete", record.pk)).status_code == 200
    [entry] = entries()
    assert_entry(entry, user=admin_account, role="admin", action="read", row=record)
    assert not type(record).all_objects.get(pk=record.pk).voided


def test_admin_autocomplete_suggestions_are_logged(doctor_browser, doctor_account):
    wanted = factories.PatientFactory(name="Siti Rahayu")
    factories.PatientFactory(name="Budi")
    response = doctor_browser.get(
        reverse("admin:autocomplete"),
        {"term": "Rahayu", "app_label": "records", "model_name": "medicalrecord", "field_name": "patient"},
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(wanted.pk)]
    [entry] = entries()
    assert (entry.action, entry.resource, entry.patient_id, entry.user) == (
        "list",
        "records.patient",
        wanted.pk,
        doctor_account,
    )


def test_admin_missing_or_forbidden_pages_are_not_logged(doctor_browser, make_user, client):
    diagnosis = factories.DiagnosisFactory(voided=True)
    assert doctor_browser.get(admin_url("diagnosis", "change", diagnosis.pk)).status_code == 302  # "does not exist"
    assert doctor_browser.get(admin_url("diagnosis", "history", diagnosis.pk)).status_code == 404
    assert doctor_browser.get(admin_url("relation", "add")).status_code == 403
    client.force_login(make_user(None))  # a patient's account: no admin at all
    assert client.get(admin_url("diagnosis", "changelist")).status_code == 302
    assert entries() == []


def test_admin_add_change_and_delete_are_logged(admin_browser, admin_account):
    record = factories.MedicalRecordFactory()
    diagnosis = factories.DiagnosisFactory(medical_record=record)
    response = admin_browser.post(
        admin_url("allergy", "add"), {"medical_record": record.pk, "allergen": "Udang", "severity": "mild"}
    )
    assert response.status_code == 302
    allergy = record.allergies.get()

    response = admin_browser.post(
        admin_url("diagnosis", "change", diagnosis.pk),
        {"medical_record": record.pk, "icd10_code": "J06.9", "description": "ISPA", "kind": "primary"},
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert admin_browser.post(admin_url("medicalrecord", "delete", record.pk), {"post": "yes"}).status_code == 302

    writes = [(entry.action, entry.resource, entry.object_id) for entry in entries()]
    assert writes[:2] == [
        ("create", "records.allergy", str(allergy.pk)),
        ("update", "records.diagnosis", str(diagnosis.pk)),
    ]
    # Deleting a visit voids it (what it produced is hidden with it, untouched): the void is logged.
    assert writes[2:] == [("void", "records.medicalrecord", str(record.pk))]
    assert {(entry.user, entry.patient_id) for entry in entries()} == {(admin_account, record.patient_id)}


def test_admin_bulk_void_action_is_logged(admin_browser):
    patients = [factories.PatientFactory() for _ in range(2)]
    response = admin_browser.post(
        admin_url("patient", "changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in patients], "post": "yes"},
    )
    assert response.status_code == 302
    assert sorted(entry.object_id for entry in entries(action="void")) == sorted(str(p.pk) for p in patients)


def test_admin_write_that_cannot_be_audited_is_undone(admin_browser):
    diagnosis = factories.DiagnosisFactory(description="Lama")
    with failing_audit(), pytest.raises(AuditUnavailable):  # the test client re-raises the view's error
        admin_browser.post(
            admin_url("diagnosis", "change", diagnosis.pk),
            {
                "medical_record": diagnosis.medical_record_id,
                "icd10_code": "J06.9",
                "description": "Baru",
                "kind": "primary",
            },
        )
    assert Diagnosis.objects.get(pk=diagnosis.pk).description == "Lama"


# --- GET /audit-logs/ ---------------------------------------------------------------------------------


def test_audit_logs_are_for_admins_only(role_client, make_user, client_for, api_client):
    assert role_client("admin").get("/audit-logs/").status_code == 200
    for role in ("doctor", "staff"):
        assert role_client(role).get("/audit-logs/").status_code == 403, role
    assert client_for(make_user(None)).get("/audit-logs").status_code == 403
    assert api_client.get("/audit-logs/").status_code == 401


def test_audit_logs_are_read_only_for_everybody(admin_api, doctor_api, client_for):
    factories.PatientFactory()
    doctor_api.get("/patients/")
    entry = AuditLog.objects.get()
    root = User.objects.create_superuser(email="root@example.id", password="x-Kuat-2024")
    for client in (admin_api, client_for(root), doctor_api):
        assert client.post("/audit-logs/", {"action": "read"}).status_code == 405
        assert client.put(f"/audit-logs/{entry.pk}", {"action": "read"}).status_code == 405
        assert client.patch(f"/audit-logs/{entry.pk}", {"action": "read"}).status_code == 405
        assert client.delete(f"/audit-logs/{entry.pk}").status_code == 405
    assert APIClient().post("/audit-logs/", {"action": "read"}).status_code == 401
    assert AuditLog.objects.get().action == "list"


def test_a_patient_account_writing_to_the_audit_log_is_the_wrong_role(make_user, client_for, admin_api):
    """Valid token, wrong role → 403 (architecture.md): the 405 is for petugas, who may use :8001."""
    factories.PatientFactory()
    admin_api.get("/patients/")
    entry = AuditLog.objects.get()
    client = client_for(make_user(None))
    assert client.post("/audit-logs/", {"action": "read"}).status_code == 403
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(f"/audit-logs/{entry.pk}", {"action": "read"}).status_code == 403, method
    assert list(AuditLog.objects.exclude(action="denied").values_list("pk", flat=True)) == [entry.pk]
    assert AuditLog.objects.filter(action="denied", user_role="user").count() == 4  # each refusal, once


def test_audit_log_detail_and_its_reads_are_not_logged(admin_api, doctor_api, doctor_account):
    patient = factories.PatientFactory()
    doctor_api.get(f"/patients/{patient.pk}")
    entry = AuditLog.objects.get()
    response = admin_api.get(f"/audit-logs/{entry.pk}")
    assert response.status_code == 200
    assert response.data == {
        "id": entry.pk,
        "occurred_at": response.data["occurred_at"],
        "user": doctor_account.pk,
        "user_email": doctor_account.email,
        "user_role": "doctor",
        "action": "read",
        "resource": "records.patient",
        "object_id": str(patient.pk),
        "patient": patient.pk,
        "patient_name": patient.name,
        "detail": {},
        "ip": "127.0.0.1",
        "service": "records",
        "path": f"/patients/{patient.pk}",
    }
    admin_api.get("/audit-logs/")
    assert AuditLog.objects.count() == 1


def test_audit_logs_filters_and_order(admin_api, make_user, client_for):
    first, second = factories.PatientFactory(), factories.PatientFactory()
    diagnosis = factories.DiagnosisFactory(medical_record__patient=first)
    doctor_account, staff_account = make_user("doctor"), make_user("staff")
    month_ago = timezone.now() - dt.timedelta(days=30)
    with mock.patch("django.utils.timezone.now", return_value=month_ago):  # occurred_at is auto_now_add
        client_for(staff_account).get(f"/patients/{second.pk}")
    old = AuditLog.objects.get()
    doctor = client_for(doctor_account)
    doctor.get(f"/patients/{first.pk}")
    doctor.get(f"/diagnoses/{diagnosis.pk}")
    doctor.get(f"/diagnoses/?patient={first.pk}")

    def ids(query: str) -> list[int]:
        response = admin_api.get(f"/audit-logs/?{query}")
        assert response.status_code == 200, response.data
        return [item["id"] for item in response.data["results"]]

    everything = ids("")
    assert everything == sorted(everything, reverse=True) and everything[-1] == old.pk  # newest first
    assert len(everything) == 4
    assert len(ids(f"patient={first.pk}")) == 3 and ids(f"patient={second.pk}") == [old.pk]
    assert ids(f"user={staff_account.pk}") == [old.pk] and len(ids(f"user={doctor_account.pk}")) == 3
    assert len(ids("action=read")) == 3 and len(ids("action=list")) == 1
    assert len(ids("resource=records.diagnosis")) == 2 and len(ids("resource=records.patient")) == 2
    week_ago = (timezone.now() - dt.timedelta(days=7)).isoformat()
    assert old.pk not in ids(f"occurred_after={quote(week_ago)}") and len(ids(f"occurred_after={quote(week_ago)}")) == 3
    assert ids(f"occurred_before={quote(week_ago)}") == [old.pk]
    assert len(ids(f"user={doctor_account.pk}&action=read&resource=records.patient")) == 1
    assert admin_api.get("/audit-logs/?action=steal").status_code == 400
    assert admin_api.get("/audit-logs/?occurred_after=yesterday").status_code == 400


def test_audit_logs_list_query_count_is_constant(admin_api, doctor_api, django_assert_max_num_queries):
    patients = [factories.PatientFactory() for _ in range(30)]
    for patient in patients[:3]:
        doctor_api.get(f"/patients/{patient.pk}")
    with CaptureQueriesContext(connection) as few:
        assert admin_api.get("/audit-logs/?page_size=100").data["count"] == 3
    few_queries = len(few)  # read now: the next request clears the connection's query log
    for patient in patients[3:]:
        doctor_api.get(f"/patients/{patient.pk}")
    with django_assert_max_num_queries(few_queries):
        assert admin_api.get("/audit-logs/?page_size=100").data["count"] == 30


# --- Nobody can change or delete an entry ---------------------------------------------------------------


@pytest.fixture
def entry(doctor_api):
    patient = factories.PatientFactory()
    doctor_api.get(f"/patients/{patient.pk}")
    return AuditLog.objects.get()


def test_orm_refuses_to_change_or_delete(entry):
    entry.action = AuditAction.UPDATE
    with pytest.raises(AuditLogImmutableError):
        entry.save()
    with pytest.raises(AuditLogImmutableError):
        entry.delete()
    with pytest.raises(AuditLogImmutableError):
        AuditLog.objects.filter(pk=entry.pk).update(action="update")
    with pytest.raises(AuditLogImmutableError):
        AuditLog.objects.all().delete()
    with pytest.raises(AuditLogImmutableError):
        AuditLog.objects.bulk_update([entry], ["action"])
    with pytest.raises(AuditLogImmutableError):
        AuditLog._base_manager.filter(pk=entry.pk).delete()
    refreshed = AuditLog.objects.get(pk=entry.pk)
    assert refreshed.action == "read"


def test_a_user_or_patient_with_entries_cannot_be_hard_deleted(entry):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Patient.all_objects.get(pk=entry.patient_id).delete()
    with pytest.raises(ProtectedError):
        entry.user.delete()


@pytest.mark.parametrize("superuser", [False, True])
def test_admin_site_shows_entries_read_only(entry, client, admin_account, superuser):
    user = User.objects.create_superuser(email="root@example.id", password="x-Kuat-2024") if superuser else None
    client.force_login(user or admin_account)
    changelist = client.get(reverse("admin:records_auditlog_changelist"))
    assert changelist.status_code == 200 and entry.user_email in changelist.content.decode()
    assert changelist.context["action_form"] is None  # no actions at all: nothing to delete in bulk
    assert client.get(reverse("admin:records_auditlog_change", args=[entry.pk])).status_code == 200  # view only
    assert client.post(reverse("admin:records_auditlog_change", args=[entry.pk]), {"action": "void"}).status_code == 403
    assert client.get(reverse("admin:records_auditlog_delete", args=[entry.pk])).status_code == 403
    assert client.post(reverse("admin:records_auditlog_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:records_auditlog_add")).status_code == 403
    assert AuditLog.objects.get(pk=entry.pk).action == "read"
    assert AuditLog.objects.count() == 1  # reading the log is not itself logged


def test_admin_site_search_by_email_and_nik(entry, client, admin_account):
    other = factories.PatientFactory()
    client.force_login(admin_account)
    url = reverse("admin:records_auditlog_changelist")
    assert list(client.get(url, {"q": entry.user_email}).context["cl"].result_list) == [entry]
    assert list(client.get(url, {"q": entry.patient.nik}).context["cl"].result_list) == [entry]
    assert list(client.get(url, {"q": other.nik}).context["cl"].result_list) == []
    assert client.get(url, {"action": "read"}).status_code == 200


def test_doctors_and_staff_cannot_open_the_log_in_the_admin(entry, client, doctor_account, staff_account):
    for user in (doctor_account, staff_account):
        client.force_login(user)
        assert client.get(reverse("admin:records_auditlog_changelist")).status_code == 403
        assert client.get(reverse("admin:records_auditlog_change", args=[entry.pk])).status_code == 403


def test_staff_filter_denied_attempts_by_reason_in_the_dashboard_and_the_api(
    client, admin_account, doctor_api, client_for
):
    """Issue 19 item 8: the audit log page (and GET /audit-logs/) filter refusals by reason."""
    patient = factories.PatientFactory()
    factories.PatientFactory()  # a read that is not a refusal
    assert doctor_api.get(f"/patients/{patient.pk + 1000}").status_code == 404
    assert doctor_api.delete(f"/patients/{patient.pk}").status_code == 403
    assert doctor_api.get(f"/patients/{patient.pk}").status_code == 200
    [missing] = entries(action="denied", detail__reason="not_found")
    [forbidden] = entries(action="denied", detail__reason="forbidden")

    client.force_login(admin_account)
    url = reverse("admin:records_auditlog_changelist")
    page = client.get(url, {"action__exact": "denied"})
    assert set(page.context["cl"].result_list) == {missing, forbidden}
    assert "Peran tidak diizinkan" in page.content.decode()  # the reason's column, in the dashboard's language
    assert list(client.get(url, {"reason": "forbidden"}).context["cl"].result_list) == [forbidden]
    assert list(client.get(url, {"reason": "not_found"}).context["cl"].result_list) == [missing]

    api = client_for(admin_account)
    listed = api.get("/audit-logs/", {"action": "denied", "reason": "forbidden"}).json()
    assert [row["id"] for row in listed["results"]] == [forbidden.pk]
    assert listed["results"][0]["detail"] == {"reason": "forbidden", "status": 403}
    assert api.get("/audit-logs/", {"reason": "bogus"}).status_code == 400
