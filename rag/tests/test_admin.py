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


def test_index_jobs_are_visible_to_admins_and_failed_ones_can_be_retried(make_user):
    from django.utils import timezone

    from rag.models import IndexJob, IndexJobKind, IndexJobState

    failed = IndexJob.objects.create(
        kind=IndexJobKind.LAB_RESULT,
        object_id=41,
        available_at=timezone.now(),
        state=IndexJobState.FAILED,
        attempts=8,
        last_error="ConnectError: vector server down",
    )
    admin = Client()
    admin.force_login(make_user("admin"))
    listing = admin.get("/admin/rag/indexjob/?state__exact=failed")
    assert listing.status_code == 200
    assert "ConnectError: vector server down" in listing.content.decode()
    response = admin.post("/admin/rag/indexjob/", {"action": "retry_now", "_selected_action": [failed.pk]}, follow=True)
    assert response.status_code == 200
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (IndexJobState.PENDING, 0)

    doctor = Client()
    doctor.force_login(make_user("doctor"))
    assert doctor.get("/admin/rag/indexjob/").status_code == 403


def test_tanya_ai_asks_the_rag_service_over_http_as_the_signed_in_petugas(dashboard, settings, make_user):
    """With RAG_SERVICE_URL set (runservices, deployments) the dashboard's process loads no model."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from rest_framework_simplejwt.tokens import AccessToken

    patient = PatientFactory()
    seen = {}

    class FakeRagService(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 -- http.server's naming
            seen["path"] = self.path
            seen["token"] = self.headers["Authorization"].removeprefix("Bearer ")
            seen["body"] = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            answer = {
                "answer": "Diabetes melitus tipe 2 [1].",
                "mode": "extractive",
                "language": "id",
                "disclaimer": "",
                "sources": [
                    {
                        "source_type": "diagnosis",
                        "source_id": 7,
                        "patient_id": patient.pk,
                        "medical_record_id": 3,
                        "date": "2026-01-05",
                        "text": "Diagnosis: E11.9",
                        "score": 1.0,
                    }
                ],
            }
            payload = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), FakeRagService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.RAG_SERVICE_URL = f"http://127.0.0.1:{server.server_port}"
    try:
        response = dashboard.post(f"/admin/tanya-ai/?patient={patient.pk}", {"question": "Diabetes?", "top_k": 4})
    finally:
        server.shutdown()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diabetes melitus tipe 2 [1]." in html and "/admin/records/diagnosis/7/change/" in html
    assert seen["path"] == "/rag/query"
    assert seen["body"] == {"question": "Diabetes?", "top_k": 4, "patient_id": patient.pk}
    token = AccessToken(seen["token"])
    assert token["exp"] - token["iat"] <= 120, "a short-lived token only"
    # The rag service's own authentication accepts it as the signed-in petugas.
    from django.test import RequestFactory

    from healthkon.api.authentication import JWTAuthentication

    incoming = RequestFactory().post("/rag/query", HTTP_AUTHORIZATION=f"Bearer {seen['token']}")
    user, _validated = JWTAuthentication().authenticate(incoming)
    assert user == response.wsgi_request.user


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
