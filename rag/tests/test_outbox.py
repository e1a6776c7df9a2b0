"""The index outbox: a job per clinical change, written in its transaction, drained by a worker
that retries with backoff, survives its own death and never loses or duplicates a change."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from rag import index, outbox
from rag.models import IndexJob, IndexJobKind, IndexJobState
from records import services
from records.tests.factories import MedicalRecordFactory, PatientFactory, PrescriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, chroma):
    """Jobs written but left for a worker, as in the services (no inline drain)."""
    settings.RAG_SYNC_ON_COMMIT = True
    settings.RAG_INDEX_DRAIN = "worker"
    return chroma


@pytest.fixture
def doctor(make_user):
    return make_user("doctor")


def quiet_visit():
    """A visit whose own index job is out of the way: the tests count the jobs they cause."""
    visit = MedicalRecordFactory()
    IndexJob.objects.all().delete()
    return visit


def ids(collection) -> set[str]:
    return set(collection.get()["ids"])


def test_a_clinical_write_leaves_its_job_in_the_same_transaction(queued, doctor):
    visit = MedicalRecordFactory()
    jobs_before = IndexJob.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.prescription_create(created_by=doctor, medical_record=visit, medication="Metformin")
        assert IndexJob.objects.count() == jobs_before + 1
        raise RuntimeError("the request failed after the save")
    assert IndexJob.objects.count() == jobs_before, "a rolled-back change leaves no job"

    prescription = services.prescription_create(created_by=doctor, medical_record=visit, medication="Metformin")
    job = IndexJob.objects.latest("id")
    assert (job.kind, job.object_id, job.state) == (IndexJobKind.PRESCRIPTION, prescription.pk, IndexJobState.PENDING)


def test_the_worker_applies_jobs_and_the_queue_reports_lag(queued, doctor):
    visit = quiet_visit()
    prescription = services.prescription_create(created_by=doctor, medical_record=visit, medication="Amlodipin")
    IndexJob.objects.update(created_at=timezone.now() - timedelta(seconds=30))
    stats = outbox.queue_stats()
    assert stats["pending_jobs"] == 1 and stats["failed_jobs"] == 0 and stats["lag_seconds"] >= 30
    assert f"prescription:{prescription.pk}:0" not in ids(queued), "nothing is embedded by the writer"

    result = outbox.drain(collection=queued)
    assert (result.done, result.failed) == (1, 0)
    assert f"prescription:{prescription.pk}:0" in ids(queued)
    assert outbox.queue_stats() == {"pending_jobs": 0, "failed_jobs": 0, "lag_seconds": 0.0}
    assert not IndexJob.objects.exists()


def test_applying_a_job_twice_writes_nothing_new(queued, doctor):
    prescription = PrescriptionFactory()
    job = IndexJob(kind=IndexJobKind.PRESCRIPTION, object_id=prescription.pk)
    assert outbox.apply([job], queued)["written"] == 1
    assert outbox.apply([job], queued) == {"written": 0, "deleted": 0}


def test_a_failing_job_backs_off_then_fails_visibly_and_can_be_retried(queued, doctor, settings):
    settings.RAG_INDEX_MAX_ATTEMPTS = 3
    prescription = services.prescription_create(created_by=doctor, medical_record=quiet_visit(), medication="Captopril")
    with mock.patch.object(index, "sync_sources", side_effect=RuntimeError("store down")):
        for attempt in range(1, 4):
            result = outbox.drain(collection=queued)
            assert result.failed == 1
            job = IndexJob.objects.get()
            assert job.attempts == attempt and "store down" in job.last_error
            assert job.available_at > timezone.now(), "backed off, not retried in a hot loop"
            assert outbox.drain(collection=queued).done == 0, "not due yet"
            IndexJob.objects.update(available_at=timezone.now())
    assert IndexJob.objects.get().state == IndexJobState.FAILED
    assert outbox.drain(collection=queued).done == 0, "a failed job waits for someone"
    assert outbox.queue_stats()["failed_jobs"] == 1

    assert outbox.retry_failed() == 1
    assert outbox.drain(collection=queued).done == 1
    assert f"prescription:{prescription.pk}:0" in ids(queued)


def test_one_bad_job_holds_no_other(queued, doctor):
    good = PrescriptionFactory()
    bad = PrescriptionFactory()
    IndexJob.objects.all().delete()
    for row in (good, bad):
        IndexJob.objects.create(kind=IndexJobKind.PRESCRIPTION, object_id=row.pk, available_at=timezone.now())
    real_sync = index.sync_sources

    def sync(collection, sources):
        if ("prescription", bad.pk) in list(sources):
            raise ValueError("unreadable row")
        return real_sync(collection, sources)

    with mock.patch.object(index, "sync_sources", side_effect=sync):
        result = outbox.drain(collection=queued)
    assert (result.done, result.failed) == (1, 1)
    assert f"prescription:{good.pk}:0" in ids(queued)
    assert IndexJob.objects.get().object_id == bad.pk


def test_a_worker_that_died_mid_batch_loses_nothing(queued, doctor):
    prescription = services.prescription_create(
        created_by=doctor, medical_record=quiet_visit(), medication="Simvastatin"
    )
    claimed = outbox.claim()
    assert [job.object_id for job in claimed] == [prescription.pk]
    # The worker dies here: its lease holds the job away from others until it runs out.
    assert outbox.claim() == []
    IndexJob.objects.update(available_at=timezone.now() - timedelta(seconds=1))
    assert outbox.drain(collection=queued).done == 1
    assert f"prescription:{prescription.pk}:0" in ids(queued)


def test_voiding_and_restoring_a_patient(queued, doctor):
    visit = MedicalRecordFactory()
    other = MedicalRecordFactory()
    index.index_all(queued)
    services.patient_void(patient=visit.patient, voided_by=doctor, reason="duplikat")
    outbox.drain(collection=queued)
    assert not queued.get(where={"patient_id": visit.patient_id})["ids"]
    assert queued.get(where={"patient_id": other.patient_id})["ids"]

    patient = type(visit.patient).all_objects.get(pk=visit.patient_id)
    patient.voided = False
    patient.save()
    outbox.drain(collection=queued)
    assert queued.get(where={"patient_id": visit.patient_id})["ids"] == [f"visit:{visit.pk}:0"]


def test_editing_a_patient_without_voiding_queues_nothing(queued, doctor):
    patient = PatientFactory()
    IndexJob.objects.all().delete()
    services.patient_update(patient=patient, updated_by=doctor, data={"phone": "081234567890"})
    assert not IndexJob.objects.exists()


def test_with_a_broker_the_commit_nudges_celery(queued, doctor, settings, django_capture_on_commit_callbacks):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    with mock.patch("rag.tasks.drain_index_jobs.delay") as delay, django_capture_on_commit_callbacks(execute=True):
        services.prescription_create(created_by=doctor, medical_record=quiet_visit(), medication="X")
    assert delay.called


def test_a_broker_that_is_down_never_breaks_the_write(queued, doctor, settings, django_capture_on_commit_callbacks):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    broker_down = mock.patch("rag.tasks.drain_index_jobs.delay", side_effect=ConnectionError("broker down"))
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        prescription = services.prescription_create(created_by=doctor, medical_record=quiet_visit(), medication="Y")
    assert IndexJob.objects.filter(object_id=prescription.pk, state=IndexJobState.PENDING).exists()


def test_the_celery_task_drains_the_queue(queued, doctor, settings):
    from rag.tasks import drain_index_jobs

    prescription = services.prescription_create(created_by=doctor, medical_record=quiet_visit(), medication="Z")
    with mock.patch("rag.vectorstore.get_collection", return_value=queued):
        assert drain_index_jobs.run() == {"done": 1, "failed": 0}
    assert f"prescription:{prescription.pk}:0" in ids(queued)


def test_rag_worker_once_applies_what_is_due(queued, doctor, capsys):
    prescription = services.prescription_create(created_by=doctor, medical_record=quiet_visit(), medication="Omeprazol")
    call_command("rag_worker", "--once")
    assert "1 jobs applied" in capsys.readouterr().out
    assert f"prescription:{prescription.pk}:0" in ids(queued)
