"""The staff service (:8002) through its HTTP API, on the real model and an on-disk Chroma."""

import pytest

from records.models import AuditAction, AuditLog
from records.tests.factories import (
    AllergyFactory,
    DiagnosisFactory,
    LabResultFactory,
    MedicalRecordFactory,
    PatientFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.rag")]

SOURCE_KEYS = {"source_type", "source_id", "patient_id", "medical_record_id", "text", "score"}


@pytest.fixture
def dengue_patient(reindex):
    visit = MedicalRecordFactory(chief_complaint="Demam tinggi 4 hari, bintik merah di kulit", notes="Curiga DBD")
    DiagnosisFactory(medical_record=visit, icd10_code="A91", description="Demam berdarah dengue")
    LabResultFactory(medical_record=visit, test_name="Trombosit", value="42000", unit="/uL", flag="low")
    AllergyFactory(medical_record=visit, allergen="Penisilin", reaction="Ruam kulit")
    other = MedicalRecordFactory(chief_complaint="Kontrol gula darah")
    DiagnosisFactory(medical_record=other, icd10_code="E11.9", description="Diabetes melitus tipe 2")
    reindex()
    return visit.patient


@pytest.fixture
def doctor_api(make_user, client_for):
    return client_for(make_user("doctor"))


def test_query_answers_with_citations_from_the_right_patient(doctor_api, dengue_patient):
    response = doctor_api.post(
        "/rag/query", {"question": "Berapa hasil trombosit?", "patient_id": dengue_patient.pk}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "extractive"
    assert "[1]" in body["answer"]
    assert body["sources"], body
    assert set(body["sources"][0]) >= SOURCE_KEYS
    assert body["sources"][0]["source_type"] == "lab_result"
    assert "42000" in body["sources"][0]["text"]
    assert {source["patient_id"] for source in body["sources"]} == {dengue_patient.pk}


@pytest.mark.parametrize(
    ("question", "expected_type"),
    [
        ("Does the patient have dengue?", "diagnosis"),
        ("Apakah pasien alergi obat?", "allergy"),
        ("What was the platelet count?", "lab_result"),
        ("A91", "diagnosis"),
    ],
)
def test_bilingual_questions_find_the_record(doctor_api, dengue_patient, question, expected_type):
    response = doctor_api.post("/rag/query", {"question": question, "patient_id": dengue_patient.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["sources"][0]["source_type"] == expected_type


def test_answer_language_follows_the_question(doctor_api, dengue_patient):
    english = doctor_api.post("/rag/query", {"question": "What is the diagnosis?", "patient_id": dengue_patient.pk})
    indonesian = doctor_api.post("/rag/query", {"question": "Apa diagnosisnya?", "patient_id": dengue_patient.pk})
    assert english.json()["answer"].startswith("According to")
    assert english.json()["language"] == "en"
    assert indonesian.json()["answer"].startswith("Berdasarkan")


@pytest.mark.parametrize(
    ("question", "expected"),
    [("What is the capital of France?", "do not contain"), ("Siapa presiden pertama Indonesia?", "tidak memuat")],
)
def test_nothing_relevant_says_so_with_no_sources(doctor_api, dengue_patient, question, expected):
    response = doctor_api.post("/rag/query", {"question": question, "patient_id": dengue_patient.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["sources"] == []
    assert expected in response.json()["answer"]


def test_search_across_all_patients(doctor_api, dengue_patient):
    response = doctor_api.post("/rag/search", {"query": "diabetes E11.9", "top_k": 3}, format="json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert 1 <= len(results) <= 3
    assert results[0]["source_type"] == "diagnosis"
    assert "E11.9" in results[0]["text"]
    assert results[0]["patient_id"] != dengue_patient.pk


def test_top_k_limits_results(doctor_api, dengue_patient):
    response = doctor_api.post("/rag/search", {"query": "demam", "top_k": 1, "patient_id": dengue_patient.pk})
    assert len(response.json()["results"]) == 1


@pytest.mark.parametrize("path", ["/rag/query", "/rag/query/", "/rag/search", "/rag/search/"])
def test_paths_answer_with_or_without_slash(doctor_api, chroma, path):
    response = doctor_api.post(path, {"question": "demam", "query": "demam"}, format="json")
    assert response.status_code == 200


def test_no_token_is_401(api_client):
    assert api_client.post("/rag/query", {"question": "demam"}, format="json").status_code == 401
    assert api_client.post("/rag/search", {"query": "demam"}, format="json").status_code == 401


def test_patient_account_is_403(make_user, client_for):
    client = client_for(make_user())
    assert client.post("/rag/query", {"question": "demam"}, format="json").status_code == 403
    assert client.post("/rag/search", {"query": "demam"}, format="json").status_code == 403


@pytest.mark.parametrize("role", ["admin", "staff"])
def test_every_petugas_role_may_ask(make_user, client_for, chroma, role):
    response = client_for(make_user(role)).post("/rag/query", {"question": "demam"}, format="json")
    assert response.status_code == 200


def test_unknown_or_voided_patient_is_404(doctor_api, chroma):
    voided = PatientFactory(voided=True)
    for patient_id in (999_999, voided.pk):
        response = doctor_api.post("/rag/query", {"question": "demam", "patient_id": patient_id}, format="json")
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"question": ""},
        {"question": "   "},
        {"question": 123},
        {"question": ["demam"]},
        {"question": "demam", "top_k": 0},
        {"question": "demam", "top_k": 21},
        {"question": "demam", "top_k": "abc"},
        {"question": "demam", "top_k": True},
        {"question": "demam", "top_k": 5.5},
        {"question": "demam", "patient_id": "x"},
        {"question": "demam", "patient_id": 0},
        {"question": "x" * 2001},
    ],
)
def test_bad_query_input_is_400_with_field_errors(doctor_api, body):
    response = doctor_api.post("/rag/query", body, format="json")
    assert response.status_code == 400
    assert isinstance(response.json(), dict)


def test_non_object_body_is_400(doctor_api):
    assert doctor_api.post("/rag/query", ["demam"], format="json").status_code == 400
    assert doctor_api.post("/rag/search", {"query": 5}, format="json").status_code == 400


def test_every_question_is_audited_with_scope_and_sources(doctor_api, dengue_patient):
    response = doctor_api.post(
        "/rag/query", {"question": "Berapa trombosit?", "patient_id": dengue_patient.pk}, format="json"
    )
    sources = response.json()["sources"]
    rows = list(AuditLog.objects.filter(action=AuditAction.RAG_QUERY))
    assert rows
    assert {row.detail["question"] for row in rows} == {"Berapa trombosit?"}
    assert rows[0].detail["scope"] == [dengue_patient.pk]
    assert {(row.resource, row.object_id) for row in rows} >= {("records.patient", str(dengue_patient.pk))}
    assert len(rows) == 1 + len(sources)
    assert rows[0].detail["sources"] == [f"{s['source_type']}:{s['source_id']}" for s in sources]


def test_search_over_all_patients_is_audited_as_all(doctor_api, dengue_patient):
    doctor_api.post("/rag/search", {"query": "diabetes"}, format="json")
    rows = AuditLog.objects.filter(action=AuditAction.RAG_SEARCH)
    assert rows.filter(resource="records.patient", object_id="*").count() == 1
    assert {row.detail["scope"] for row in rows} == {"all"}


def test_staff_see_held_results_patients_do_not(doctor_api, reindex):
    lab = LabResultFactory(test_name="Biopsi hati", value=None, unit="", result_text="Karsinoma", release_state="held")
    reindex()
    body = doctor_api.post("/rag/query", {"question": "hasil biopsi hati", "patient_id": lab.patient_id}).json()
    assert body["sources"][0]["source_id"] == lab.pk


def test_voided_rows_are_never_returned(doctor_api, make_user, sync_on, django_capture_on_commit_callbacks):
    from records import services

    with django_capture_on_commit_callbacks(execute=True):
        diagnosis = DiagnosisFactory(icd10_code="E11.9", description="Diabetes melitus tipe 2")
    question = {"question": "diabetes E11.9", "patient_id": diagnosis.patient_id}
    assert any(s["source_id"] == diagnosis.pk for s in doctor_api.post("/rag/query", question).json()["sources"])
    with django_capture_on_commit_callbacks(execute=True):
        services.diagnosis_void(diagnosis=diagnosis, voided_by=make_user("admin"), reason="salah pasien")
    sources = doctor_api.post("/rag/query", question).json()["sources"]
    assert all(not (s["source_type"] == "diagnosis" and s["source_id"] == diagnosis.pk) for s in sources)


def test_search_over_everyone_skips_voided_patients_even_if_the_index_lags(doctor_api, reindex):
    kept = DiagnosisFactory(icd10_code="E11.9", description="Diabetes melitus tipe 2")
    gone = DiagnosisFactory(icd10_code="E11.9", description="Diabetes melitus tipe 2")
    reindex()
    gone.patient.voided = True  # no sync: its chunks are still in the index
    gone.patient.save()
    results = doctor_api.post("/rag/search", {"query": "diabetes E11.9"}, format="json").json()["results"]
    assert {result["patient_id"] for result in results} == {kept.patient_id}
