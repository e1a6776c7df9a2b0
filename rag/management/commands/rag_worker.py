"""The built-in index worker: applies the outbox's jobs to the vector index, until stopped.

`runservices` starts it beside the six services when no Celery broker is configured. It loads
the embedding model once at start (the services that write never do), then polls the job table
every `RAG_WORKER_POLL_SECONDS` while idle. SIGINT/SIGTERM finish the batch in hand and exit.
"""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from rag import outbox


class Command(BaseCommand):
    help = "Apply index jobs (clinical changes) to the RAG vector index until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Apply what is due now, then exit.")

    def handle(self, *args, once=False, **options):
        stop = {"requested": False}

        def request_stop(signum, frame):
            stop["requested"] = True  # only a flag: nothing that takes a lock runs in a handler

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)

        from rag import vectorstore
        from rag.warmup import warm_up

        warm_up()  # load the model before the first job, not during it
        collection = vectorstore.get_collection()
        self.stdout.write(f"Index worker ready (queue: {outbox.queue_stats()}).")
        poll = float(getattr(settings, "RAG_WORKER_POLL_SECONDS", 0.25))
        while not stop["requested"]:
            close_old_connections()  # as at a request's start: a connection the server dropped is replaced
            try:
                result = outbox.drain(collection=collection, max_batches=1)
            except Exception as error:  # noqa: BLE001 -- the database or the store is down: wait, retry
                self.stderr.write(f"Index worker: {type(error).__name__}: {error}; retrying.")
                connection.close()
                result = None
                self._sleep(stop, 2.0)
                continue
            if result.done or result.failed:
                self.stdout.write(
                    f"Index worker: {result.done} jobs applied ({result.written} chunks written, "
                    f"{result.deleted} removed), {result.failed} failed."
                )
                continue  # more may be due: no sleep between batches
            if once:
                break
            self._sleep(stop, poll)
        self.stdout.write("Index worker stopped.")

    @staticmethod
    def _sleep(stop, seconds):
        deadline = time.monotonic() + seconds
        while not stop["requested"] and time.monotonic() < deadline:
            time.sleep(min(0.05, seconds))
