"""The index outbox: jobs written with the clinical change, drained by a worker.

- `enqueue` runs inside the writer's transaction (a post_save handler): the job commits or
  rolls back with the change it describes. After the commit it nudges the worker (a Celery
  task when `CELERY_BROKER_URL` is set; nothing otherwise, the worker polls). A lost nudge
  loses nothing: the row is the truth and every worker sweeps for due rows.
- `drain` claims due jobs under a lease (`SELECT … FOR UPDATE SKIP LOCKED` where the database
  has it; SQLite's IMMEDIATE transactions serialise claims), applies them to the vector index
  and deletes them. A failure puts the job back with exponential backoff; after
  `RAG_INDEX_MAX_ATTEMPTS` it stays `failed`, visible in /health and the dashboard, until
  someone retries it. A worker killed mid-batch loses nothing: its lease runs out and another
  claim takes the jobs again (applying one twice writes nothing new: content hashes).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from rag.models import IndexJob, IndexJobKind, IndexJobState

logger = logging.getLogger(__name__)

CLAIM_BATCH = 100
LEASE = timedelta(minutes=5)
BACKOFF_MAX_SECONDS = 300


def max_attempts() -> int:
    return int(getattr(settings, "RAG_INDEX_MAX_ATTEMPTS", 8))


def enqueue(kind: str, object_id: int) -> None:
    """Record that this row changed; call inside the transaction that changed it."""
    IndexJob.objects.create(kind=kind, object_id=int(object_id), available_at=timezone.now())
    transaction.on_commit(nudge)


def nudge() -> None:
    """Tell a worker there is work. Never raises: the job row is already committed."""
    mode = getattr(settings, "RAG_INDEX_DRAIN", "worker")
    try:
        if mode == "inline":
            drain()
        elif celery_enabled():
            from rag.tasks import drain_index_jobs

            drain_index_jobs.delay()
    except Exception:  # noqa: BLE001 -- the worker's sweep finds the job anyway
        logger.exception("Could not nudge the index worker; the job waits for its sweep")


def celery_enabled() -> bool:
    return bool(getattr(settings, "CELERY_BROKER_URL", ""))


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_MAX_SECONDS, 2 ** max(0, attempts)))


def claim(limit: int = CLAIM_BATCH) -> list[IndexJob]:
    """Take up to `limit` due jobs (new, backed-off, or held by a worker whose lease ran out)."""
    with transaction.atomic():
        now = timezone.now()
        due = IndexJob.objects.filter(
            state__in=[IndexJobState.PENDING, IndexJobState.RUNNING], available_at__lte=now
        ).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        jobs = list(due[:limit])
        if jobs:
            IndexJob.objects.filter(pk__in=[job.pk for job in jobs]).update(
                state=IndexJobState.RUNNING, available_at=now + LEASE, attempts=F("attempts") + 1
            )
            for job in jobs:
                job.attempts += 1
    return jobs


def sources_of(jobs: list[IndexJob]) -> tuple[list[tuple[str, int]], list[int]]:
    """The (source_type, id) rows to re-sync, and the patients whose chunks all go."""
    from rag import index
    from records.models import Patient

    sources: set[tuple[str, int]] = set()
    removed_patients: list[int] = []
    for job in jobs:
        if job.kind == IndexJobKind.VISIT:
            sources.update(index.visit_sources(job.object_id))
        elif job.kind == IndexJobKind.PATIENT:
            if Patient.all_objects.filter(pk=job.object_id, voided=False).exists():
                sources.update(index.patient_sources(job.object_id))
            else:
                removed_patients.append(job.object_id)
        else:
            sources.add((job.kind, job.object_id))
    return sorted(sources), removed_patients


def apply(jobs: list[IndexJob], collection=None) -> dict[str, int]:
    from rag import index, vectorstore

    collection = collection if collection is not None else vectorstore.get_collection()
    sources, removed_patients = sources_of(jobs)
    for patient_id in removed_patients:
        index.remove_patient(collection, patient_id)
    return index.sync_sources(collection, sources)


def _finish(jobs: list[IndexJob]) -> None:
    IndexJob.objects.filter(pk__in=[job.pk for job in jobs], state=IndexJobState.RUNNING).delete()


def _fail(job: IndexJob, error: Exception) -> None:
    failed = job.attempts >= max_attempts()
    IndexJob.objects.filter(pk=job.pk).update(
        state=IndexJobState.FAILED if failed else IndexJobState.PENDING,
        available_at=timezone.now() + backoff(job.attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    log = logger.error if failed else logger.warning
    log("Index job %s failed (attempt %d of %d): %s", job, job.attempts, max_attempts(), error)


@dataclass
class DrainResult:
    done: int = 0
    failed: int = 0
    written: int = 0
    deleted: int = 0


def drain(*, collection=None, limit: int = CLAIM_BATCH, max_batches: int | None = None) -> DrainResult:
    """Apply every due job; a batch that fails is retried job by job, so one bad row holds no other."""
    result = DrainResult()
    batches = 0
    while max_batches is None or batches < max_batches:
        jobs = claim(limit)
        if not jobs:
            break
        batches += 1
        try:
            stats = apply(jobs, collection)
        except Exception:  # noqa: BLE001 -- find the bad job(s) one by one below
            for job in jobs:
                try:
                    stats = apply([job], collection)
                except Exception as error:  # noqa: BLE001 -- kept, retried, visible in /health
                    _fail(job, error)
                    result.failed += 1
                else:
                    _finish([job])
                    result.done += 1
                    result.written += stats["written"]
                    result.deleted += stats["deleted"]
        else:
            _finish(jobs)
            result.done += len(jobs)
            result.written += stats["written"]
            result.deleted += stats["deleted"]
    return result


def retry_failed(queryset=None) -> int:
    """Put failed jobs back in the queue now (the dashboard's action)."""
    queryset = IndexJob.objects.all() if queryset is None else queryset
    count = queryset.filter(state=IndexJobState.FAILED).update(
        state=IndexJobState.PENDING, attempts=0, available_at=timezone.now()
    )
    if count:
        transaction.on_commit(nudge)
    return count


def queue_stats() -> dict:
    """What /health reports: jobs waiting, failed, and the age of the oldest one still to apply."""
    totals = IndexJob.objects.aggregate(
        waiting=Count("pk", filter=Q(state__in=[IndexJobState.PENDING, IndexJobState.RUNNING])),
        failed=Count("pk", filter=Q(state=IndexJobState.FAILED)),
        oldest=Min("created_at", filter=Q(state__in=[IndexJobState.PENDING, IndexJobState.RUNNING])),
    )
    oldest = totals["oldest"]
    lag = max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0
    return {"pending_jobs": totals["waiting"], "failed_jobs": totals["failed"], "lag_seconds": round(lag, 1)}
