"""The index follows every committed create, update, void and release change, through any door."""

import pytest
from django.core.management import call_command

from rag import index
from records import services
from records.models import ReleaseState
from records.tests.factories import MedicalRecordFactory, PatientFactory

pytestmark = pytest.mark.django_db


def chunk_ids(collection, **where) -> set[str]:
    if not where:
        return set(collection.get()["ids"])
    clause = {key: value for key, value in where.items()}
    if len(clause) > 1:
        clause = {"$and": [{key: value} for key, value in where.items()]}
    return set(collection.get(where=clause)["ids"])


def texts(collection) -> str:
    return " ".join(collection.get(include=["documents"])["documents"])


@pytest.fixture
def doctor(make_user):
    return make_user("doctor")


@pytest.fixture
def visit(doctor, sync_on, django_capture_on_commit_callbacks):
    patient = PatientFactory()
    with django_capture_on_commit_callbacks(execute=True):
        return services.medical_record_create(
            created_by=doctor,
            patient=patient,
            visit_date=MedicalRecordFactory.build().visit_date,
            chief_complaint="Demam tinggi tiga hari",
        )


def test_create_update_and_void_follow_the_database(doctor, visit, sync_on, django_capture_on_commit_callbacks):
    assert chunk_ids(sync_on) == {f"visit:{visit.pk}:0"}
    with django_capture_on_commit_callbacks(execute=True):
        diagnosis = services.diagnosis_create(
            created_by=doctor, medical_record=visit, icd10_code="E11.9", description="Diabetes melitus tipe 2"
        )
    assert f"diagnosis:{diagnosis.pk}:0" in chunk_ids(sync_on)
    assert "E11.9" in texts(sync_on)

    with django_capture_on_commit_callbacks(execute=True):
        services.diagnosis_update(
            diagnosis=diagnosis, updated_by=doctor, data={"icd10_code": "I10", "description": "Hipertensi esensial"}
        )
    assert "I10" in texts(sync_on) and "E11.9" not in texts(sync_on)

    with django_capture_on_commit_callbacks(execute=True):
        services.diagnosis_void(diagnosis=diagnosis, voided_by=doctor, reason="salah input")
    assert f"diagnosis:{diagnosis.pk}:0" not in chunk_ids(sync_on)


def test_voiding_a_visit_removes_its_children(doctor, visit, sync_on, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.lab_result_create(created_by=doctor, medical_record=visit, test_name="Trombosit", value="42000")
        services.allergy_create(created_by=doctor, medical_record=visit, allergen="Penisilin", severity="mild")
    assert len(chunk_ids(sync_on, medical_record_id=visit.pk)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.medical_record_void(medical_record=visit, voided_by=doctor, reason="pasien salah")
    assert chunk_ids(sync_on) == set()


def test_voiding_a_patient_removes_all_their_chunks(doctor, visit, sync_on, django_capture_on_commit_callbacks):
    other = MedicalRecordFactory()
    index.index_all(sync_on)
    with django_capture_on_commit_callbacks(execute=True):
        services.patient_void(patient=visit.patient, voided_by=doctor, reason="duplikat")
    assert chunk_ids(sync_on, patient_id=visit.patient_id) == set()
    assert chunk_ids(sync_on, patient_id=other.patient_id)


def test_holding_and_releasing_updates_the_release_state(doctor, visit, sync_on, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lab = services.lab_result_create(
            created_by=doctor, medical_record=visit, test_name="HbA1c", value="9.1", release_state=ReleaseState.HELD
        )
    assert chunk_ids(sync_on, source_type="lab_result", release_state="held") == {f"lab_result:{lab.pk}:0"}
    with django_capture_on_commit_callbacks(execute=True):
        services.lab_result_update(lab_result=lab, updated_by=doctor, data={"release_state": ReleaseState.RELEASED})
    assert chunk_ids(sync_on, source_type="lab_result", release_state="released") == {f"lab_result:{lab.pk}:0"}


def test_nothing_is_indexed_when_sync_is_off(settings, chroma, doctor, django_capture_on_commit_callbacks):
    settings.RAG_SYNC_ON_COMMIT = False
    with django_capture_on_commit_callbacks(execute=True):
        MedicalRecordFactory()
    assert chunk_ids(chroma) == set()


def test_a_failing_sync_never_breaks_the_write(doctor, sync_on, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise RuntimeError("index down")

    monkeypatch.setattr(index, "sync_sources", broken)
    with django_capture_on_commit_callbacks(execute=True):
        record = MedicalRecordFactory()
    assert record.pk


def test_rag_index_command_is_incremental_and_rebuilds(chroma, capsys):
    MedicalRecordFactory.create_batch(2)
    call_command("rag_index")
    first = capsys.readouterr().out
    assert "2 written" in first
    call_command("rag_index")
    assert "0 written, 2 unchanged" in capsys.readouterr().out
    call_command("rag_index", "--rebuild")
    assert "2 written" in capsys.readouterr().out
