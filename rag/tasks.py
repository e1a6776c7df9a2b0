"""Celery's side of the index outbox (used when `CELERY_BROKER_URL` is set).

A task carries no data, only "there is work": the rows in `rag_index_jobs` are the truth, so a
message lost by the broker costs at most one beat period (`CELERY_BEAT_SCHEDULE`).
"""

from celery import shared_task
from celery.signals import worker_ready

from rag import outbox


@worker_ready.connect
def load_model_before_the_first_job(**kwargs) -> None:
    from rag.warmup import warm_up

    warm_up()


@shared_task(name="rag.drain_index_jobs", ignore_result=True)
def drain_index_jobs() -> dict:
    result = outbox.drain()
    if result.failed:
        # A failed job came back with backoff: look again when the shortest backoff ends.
        drain_index_jobs.apply_async(countdown=outbox.backoff(1).total_seconds())
    return {"done": result.done, "failed": result.failed}
