"""LLM mode against a local chat-completions server: masking, restoring, and every fallback."""

import pytest

from rag.llm import PiiMasker
from rag.tests.fake_llm import FakeLlm
from records.tests.factories import DiagnosisFactory, MedicalRecordFactory, PatientFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.rag")]

NIK = "3171015203850002"
BPJS = "0001234567890"
PHONE = "081234567890"


@pytest.fixture
def fake_llm(settings):
    with FakeLlm() as fake:
        settings.LLM_API_KEY = "test-key"
        settings.LLM_BASE_URL = fake.base_url
        settings.LLM_MODEL = "test-model"
        settings.LLM_TIMEOUT_SECONDS = 0.5
        yield fake


@pytest.fixture
def patient(reindex):
    patient = PatientFactory(
        name="Budi Santoso", nik=NIK, bpjs_number=BPJS, phone=PHONE, address="Jl. Melati No. 5, Gambir"
    )
    visit = MedicalRecordFactory(
        patient=patient,
        chief_complaint="Pusing, tekanan darah tinggi",
        notes=f"Pak Budi Santoso minta dihubungi di {PHONE}, alamat Jl. Melati No. 5, Gambir",
    )
    DiagnosisFactory(medical_record=visit, icd10_code="I10", description="Hipertensi esensial")
    reindex()
    return patient


@pytest.fixture
def doctor_api(make_user, client_for):
    return client_for(make_user("doctor"))


def ask(client, patient, question="Apakah Budi Santoso (NIK 3171015203850002) punya darah tinggi?"):
    response = client.post("/rag/query", {"question": question, "patient_id": patient.pk}, format="json")
    assert response.status_code == 200
    return response.json()


def test_llm_answers_with_citations_and_pii_never_leaves(doctor_api, patient, fake_llm):
    body = ask(doctor_api, patient)
    assert body["mode"] == "llm"
    assert body["answer"] == "Budi Santoso tercatat menderita hipertensi esensial [1]."
    assert body["sources"]
    sent = fake_llm.sent_text()
    assert len(fake_llm.requests) == 1
    for secret in (NIK, BPJS, PHONE, "Budi", "Santoso", "Melati"):
        assert secret not in sent
    assert "[NIK_1]" in sent and "[NAMA_" in sent
    request = fake_llm.requests[0]
    assert request["model"] == "test-model"
    system = request["messages"][0]["content"]
    assert "ONLY" in system and "[1]" in system and "Indonesian" in system


def test_english_question_asks_for_an_english_answer(doctor_api, patient, fake_llm):
    ask(doctor_api, patient, "Does the patient have high blood pressure?")
    assert "Answer in English" in fake_llm.requests[0]["messages"][0]["content"]


@pytest.mark.parametrize("behaviour", ["slow", "error", "garbage", "bad_citation", "empty"])
def test_any_llm_failure_falls_back_to_extractive(doctor_api, patient, fake_llm, behaviour):
    fake_llm.behaviour = behaviour
    body = ask(doctor_api, patient)
    assert body["mode"] == "extractive"
    assert "[1]" in body["answer"]
    assert body["sources"]
    assert len(fake_llm.requests) == 1  # no retries


def test_no_llm_call_when_nothing_is_relevant(doctor_api, patient, fake_llm):
    body = ask(doctor_api, patient, "What is the capital of France?")
    assert body["sources"] == []
    assert fake_llm.requests == []


def test_masker_round_trip():
    masker = PiiMasker(names=["Siti Rahayu"], addresses=["Jl. Kenanga 3"])
    original = f"Siti Rahayu (NIK {NIK}, BPJS {BPJS}, HP +62 812-3456-7890) tinggal di Jl. Kenanga 3; Siti sehat."
    masked = masker.mask(original)
    for secret in ("Siti", "Rahayu", NIK, BPJS, "3456", "Kenanga"):
        assert secret not in masked
    assert masker.unmask(masked) == original


def test_staff_question_over_everyone_masks_the_names_it_mentions(doctor_api, patient, fake_llm, monkeypatch):
    from rag import services

    monkeypatch.setattr(services, "MASK_SCOPE_LIMIT", 0)  # as if the clinic had more patients than that
    response = doctor_api.post("/rag/query", {"question": "Apakah Budi Santoso punya darah tinggi?"}, format="json")
    assert response.status_code == 200
    assert response.json()["mode"] == "llm"
    assert "Budi" not in fake_llm.sent_text() and "Santoso" not in fake_llm.sent_text()
    assert "Budi Santoso" in response.json()["answer"]
