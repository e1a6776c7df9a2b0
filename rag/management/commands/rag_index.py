"""Bring the RAG index up to date with the database (incremental by content hash)."""

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from rag import index, vectorstore


class Command(BaseCommand):
    help = "Index every live visit, diagnosis, prescription, allergy, lab result and document for RAG."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Drop the index and embed everything again.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, rebuild=False, no_progress=False, **options):
        started = time.perf_counter()
        collection = vectorstore.reset_collection() if rebuild else vectorstore.get_collection()

        def progress(total):
            return tqdm(total=total, unit="chunk", desc="Embedding", disable=no_progress or total == 0)

        stats = index.index_all(collection, progress_factory=progress)
        self.stdout.write(
            f"RAG index: {stats['chunks']} chunks, {stats['written']} written, {stats['unchanged']} unchanged, "
            f"{stats['deleted']} removed in {time.perf_counter() - started:.1f} s."
        )
