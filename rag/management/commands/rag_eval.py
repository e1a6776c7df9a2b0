"""Recall@k, MRR and out-of-scope sources of dense-only, BM25-only and hybrid retrieval."""

from django.core.management.base import BaseCommand
from django.test import override_settings

from rag.eval import runner
from rag.eval.dataset import QUESTIONS


class Command(BaseCommand):
    help = "Evaluate retrieval on the labelled set (synthetic patients, in a throwaway index)."

    def add_arguments(self, parser):
        parser.add_argument("--top-k", type=int, default=5)
        parser.add_argument("--model", default="", help="Another sentence-transformers model directory.")
        parser.add_argument("--misses", action="store_true", help="List the questions each mode missed.")

    def handle(self, *args, top_k=5, model="", misses=False, **options):
        overrides = {"EMBEDDING_MODEL_PATH": model} if model else {}
        with override_settings(**overrides):
            report = runner.run(top_k=top_k)
        english = sum(question.language == "en" for question in QUESTIONS)
        self.stdout.write(
            f"{len(QUESTIONS)} questions ({len(QUESTIONS) - english} Indonesian, {english} English) + "
            f"{len(runner.PROBES)} out-of-scope probes; {report['chunks']} chunks indexed in "
            f"{report['indexing_seconds']:.1f} s"
        )
        self.stdout.write(f"{'mode':<11} {'recall@' + str(top_k):>9} {'MRR':>6} {'out-of-scope':>13} {'ms/query':>9}")
        for result in report["modes"].values():
            self.stdout.write(
                f"{result.mode:<11} {result.recall_at_k:>9.3f} {result.mrr:>6.3f} {result.out_of_scope:>13d} "
                f"{result.ms_per_query:>9.1f}"
            )
            if misses:
                for text, answers, got in result.misses:
                    self.stdout.write(f"    miss: {text!r} wants {answers}, top: {got}")
