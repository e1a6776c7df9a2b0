"""“Tanya AI” in the staff dashboard, reached from a patient's page."""

import pytest
from django.test import Client

from records.models import AuditAction, AuditLog
from records.tests.factories import DiagnosisFactory, PatientFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


@pytest.fixture
def dashboard(make_user):
    client = Client()
    client.force_login(make_user("doctor"))
    return client


def test_patient_page_links_to_tanya_ai(dashboard):
    patient = PatientFactory()
    page = dashboard.get(f"/admin/records/patient/{patient.pk}/change/")
    assert page.status_code == 200
    assert f"/admin/tanya-ai/?patient={patient.pk}" in page.content.decode()


def test_question_shows_answer_with_links_to_cited_records(dashboard, reindex):
    diagnosis = DiagnosisFactory(icd10_code="E11.9", description="Diabetes melitus tipe 2")
    reindex()
    patient_id = diagnosis.patient_id
    assert dashboard.get(f"/admin/tanya-ai/?patient={patient_id}").status_code == 200
    response = dashboard.post(
        f"/admin/tanya-ai/?patient={patient_id}", {"question": "Apakah pasien diabetes?", "top_k": 5}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "[1]" in html
    assert f"/admin/records/diagnosis/{diagnosis.pk}/change/" in html
    assert AuditLog.objects.filter(action=AuditAction.RAG_QUERY, detail__question="Apakah pasien diabetes?").exists()


def test_unknown_patient_is_404_and_patients_cannot_enter(dashboard, make_user, chroma):
    assert dashboard.get("/admin/tanya-ai/?patient=987654").status_code == 404
    assert dashboard.get("/admin/tanya-ai/?patient=abc").status_code == 404
    outsider = Client()
    outsider.force_login(make_user())
    assert outsider.get("/admin/tanya-ai/").status_code == 302  # to the admin login


def test_asking_about_a_voided_patient_in_the_dashboard_is_a_denied_row(dashboard, make_user, chroma):
    """Issue 19 item 8: the dashboard's Tanya AI refuses like :8002 and leaves the same trace."""
    from records import services

    patient = PatientFactory()
    services.patient_void(patient=patient, voided_by=make_user("admin"), reason="duplikat")
    assert dashboard.get(f"/admin/tanya-ai/?patient={patient.pk}").status_code == 404
    [row] = AuditLog.objects.filter(action="denied")
    assert (row.resource, row.object_id, row.patient_id, row.user_role) == (
        "records.patient",
        str(patient.pk),
        patient.pk,
        "doctor",
    )
    assert row.detail == {"reason": "out_of_scope", "status": 404}
