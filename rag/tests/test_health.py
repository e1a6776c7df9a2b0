"""/health of :8002 and :8004 reports the vector store and the index queue; a store that is down
is a 503 there and on every question, never a 500."""

import pytest
from django.test import override_settings
from django.urls import clear_url_caches
from django.utils import timezone

from rag.models import IndexJob, IndexJobKind, IndexJobState

pytestmark = pytest.mark.django_db
DEAD_SERVER = "http://127.0.0.1:9"  # nothing listens on the discard port


@pytest.fixture(params=["rag", "rag_mobile"])
def rag_service(request):
    with override_settings(ROOT_URLCONF=f"healthkon.urls.{request.param}", SERVICE_NAME=request.param):
        clear_url_caches()
        yield request.param
    clear_url_caches()


def test_health_reports_the_store_and_the_queue(rag_service, api_client, chroma, reindex):
    from records.tests.factories import MedicalRecordFactory

    MedicalRecordFactory.create_batch(2)
    reindex()
    IndexJob.objects.create(kind=IndexJobKind.VISIT, object_id=1, available_at=timezone.now())
    IndexJob.objects.create(
        kind=IndexJobKind.VISIT, object_id=2, available_at=timezone.now(), state=IndexJobState.FAILED
    )
    response = api_client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["service"] == rag_service
    assert body["vector_store"] == {"status": "ok", "backend": "embedded", "chunks": 2}
    assert body["index"]["pending_jobs"] == 1 and body["index"]["failed_jobs"] == 1
    assert body["index"]["lag_seconds"] >= 0


def test_a_vector_server_that_is_down_is_a_503_on_health(rag_service, api_client, settings):
    settings.CHROMA_URL = DEAD_SERVER
    response = api_client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["database"] == "ok"
    assert body["vector_store"] == {"status": "unavailable", "backend": "server", "chunks": None}


@pytest.mark.urls("healthkon.urls.rag")
@pytest.mark.parametrize("path, body", [("/rag/query", {"question": "Obat apa?"}), ("/rag/search", {"query": "obat"})])
def test_questions_while_the_vector_server_is_down_are_a_clear_503(make_user, client_for, settings, path, body):
    settings.CHROMA_URL = DEAD_SERVER
    client = client_for(make_user("doctor"))
    response = client.post(path, body, format="json")
    assert response.status_code == 503
    assert response.json() == {"detail": "Indeks pencarian rekam medis sedang tidak tersedia; coba lagi sebentar lagi."}
    in_english = client.post(path, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert in_english.json() == {"detail": "The records search index is unavailable; try again shortly."}


@pytest.mark.urls("healthkon.urls.rag_mobile")
def test_a_patients_question_while_the_vector_server_is_down_is_a_503(make_user, client_for, settings):
    from records.tests.factories import PatientFactory

    user = make_user()
    PatientFactory(user=user)
    settings.CHROMA_URL = DEAD_SERVER
    response = client_for(user).post("/rag/query", {"question": "Obat apa?"}, format="json")
    assert response.status_code == 503
