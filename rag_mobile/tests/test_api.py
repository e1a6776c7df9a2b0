"""The patient service (:8004): own and consented dependents' records only, never held rows."""

import pytest

from records.models import AuditAction, AuditLog, ReleaseState
from records.tests.factories import (
    DiagnosisFactory,
    LabResultFactory,
    MedicalRecordFactory,
    PatientFactory,
    RelationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.rag_mobile")]


@pytest.fixture
def family(make_user, client_for, reindex):
    """An account linked to `own`, who may view `child` but not `spouse`; `stranger` is unrelated."""
    account = make_user()
    own = PatientFactory(user=account, name="Budi Santoso")
    child = PatientFactory(name="Ani Santoso")
    spouse = PatientFactory(name="Dewi Lestari")
    stranger = PatientFactory(name="Siti Rahayu", nik="3171014506900001")
    RelationFactory(patient=own, related_patient=child, can_view_records=True)
    RelationFactory(patient=own, related_patient=spouse, can_view_records=False)
    own_visit = MedicalRecordFactory(patient=own, chief_complaint="Sakit kepala dan tekanan darah tinggi")
    DiagnosisFactory(medical_record=own_visit, icd10_code="I10", description="Hipertensi esensial")
    LabResultFactory(
        medical_record=own_visit,
        test_name="Biopsi hati",
        value=None,
        unit="",
        flag="critical",
        result_text="Karsinoma hepatoseluler, menunggu penjelasan dokter",
        release_state=ReleaseState.HELD,
    )
    child_visit = MedicalRecordFactory(patient=child, chief_complaint="Batuk pilek 3 hari")
    DiagnosisFactory(medical_record=child_visit, icd10_code="J06.9", description="ISPA")
    spouse_visit = MedicalRecordFactory(patient=spouse, chief_complaint="Nyeri haid")
    DiagnosisFactory(medical_record=spouse_visit, icd10_code="N94.6", description="Dismenore")
    stranger_visit = MedicalRecordFactory(patient=stranger, chief_complaint="Batuk darah dua minggu")
    DiagnosisFactory(medical_record=stranger_visit, icd10_code="A15.0", description="Tuberkulosis paru")
    reindex()
    return {"client": client_for(account), "own": own, "child": child, "spouse": spouse, "stranger": stranger}


def ask(client, question, **extra):
    return client.post("/rag/query", {"question": question, **extra}, format="json")


def test_own_question_is_answered_from_own_records_with_a_disclaimer(family):
    response = ask(family["client"], "Apa diagnosis darah tinggi saya?")
    assert response.status_code == 200
    body = response.json()
    assert body["sources"]
    assert body["sources"][0]["patient_id"] == family["own"].pk
    assert any("I10" in source["text"] for source in body["sources"][:2])
    assert "bukan pengganti konsultasi" in body["answer"]
    assert body["disclaimer"]


def test_english_question_gets_an_english_disclaimer(family):
    body = ask(family["client"], "What is my blood pressure diagnosis?").json()
    assert "not a substitute" in body["answer"]


def test_consented_dependent_is_in_scope(family):
    body = ask(family["client"], "Anak saya batuk, apa diagnosisnya?", patient_id=family["child"].pk).json()
    assert body["sources"]
    assert {source["patient_id"] for source in body["sources"]} == {family["child"].pk}


@pytest.mark.parametrize("who", ["spouse", "stranger"])
def test_patient_outside_scope_is_404(family, who):
    response = ask(family["client"], "Apa diagnosisnya?", patient_id=family[who].pk)
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_unknown_patient_is_404(family):
    assert ask(family["client"], "Apa diagnosisnya?", patient_id=987_654).status_code == 404


@pytest.mark.parametrize(
    "question",
    [
        "Apa diagnosis Siti Rahayu?",
        "Does Siti Rahayu have tuberculosis?",
        "Tampilkan rekam medis NIK 3171014506900001",
        "batuk darah tuberkulosis paru A15.0",
        "Dewi Lestari nyeri haid dismenore",
    ],
)
def test_questions_naming_others_never_retrieve_their_records(family, question):
    body = ask(family["client"], question).json()
    in_scope = {family["own"].pk, family["child"].pk}
    assert {source["patient_id"] for source in body["sources"]} <= in_scope
    everything = body["answer"] + " ".join(source["text"] for source in body["sources"])
    for secret in ("Tuberkulosis", "A15.0", "Batuk darah", "Dismenore", "Nyeri haid", "3171014506900001"):
        assert secret.lower() not in everything.lower()


@pytest.mark.parametrize("question", ["Apa hasil biopsi hati saya?", "karsinoma hepatoseluler", "liver biopsy result"])
def test_held_results_are_never_retrieved(family, question):
    body = ask(family["client"], question).json()
    assert all("biopsi" not in source["text"].lower() for source in body["sources"])
    assert "karsinoma" not in body["answer"].lower()


def test_account_without_a_patient_gets_nothing_found(make_user, client_for, chroma):
    account = make_user()
    response = ask(client_for(account), "Apa diagnosis saya?")
    assert response.status_code == 200
    assert response.json()["sources"] == []
    assert "tidak memuat" in response.json()["answer"]
    [row] = AuditLog.objects.filter(action=AuditAction.RAG_QUERY)
    assert (row.resource, row.object_id, row.patient_id) == ("accounts.user", str(account.pk), None)
    assert row.detail["scope"] == []


def test_petugas_is_403_and_no_token_401(make_user, client_for, api_client):
    assert ask(client_for(make_user("doctor")), "demam").status_code == 403
    assert ask(api_client, "demam").status_code == 401


def test_search_is_not_offered_to_patients(family):
    assert family["client"].post("/rag/search", {"query": "demam"}, format="json").status_code == 404


@pytest.mark.parametrize("path", ["/rag/query", "/rag/query/"])
def test_path_with_or_without_slash(family, path):
    assert family["client"].post(path, {"question": "darah tinggi"}, format="json").status_code == 200


@pytest.mark.parametrize("body", [{}, {"question": ""}, {"question": "x", "top_k": 0}, {"question": "x", "top_k": 99}])
def test_bad_input_is_400(family, body):
    assert family["client"].post("/rag/query", body, format="json").status_code == 400


def test_question_is_audited_with_the_patient_scope(family):
    ask(family["client"], "darah tinggi")
    rows = AuditLog.objects.filter(action=AuditAction.RAG_QUERY, resource="records.patient")
    assert {int(row.object_id) for row in rows} == {family["own"].pk, family["child"].pk}
    assert rows.first().detail["scope"] == sorted([family["own"].pk, family["child"].pk])
    assert rows.first().service
