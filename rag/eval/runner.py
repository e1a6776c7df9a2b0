"""Run the labelled set through dense-only, BM25-only and hybrid retrieval in a throwaway index.

Nothing touches the project's database or index: the synthetic rows are chunked by the same
functions as real rows, embedded by the same model and searched by the same `retrieval.search`,
in a temporary Chroma directory, with each question's patient scope (patient accounts' rules:
released rows only).
"""

import tempfile
import time
from dataclasses import dataclass

from rag import embeddings, index, retrieval, vectorstore
from rag.eval.dataset import QUESTIONS, build

# Questions a patient might ask about someone else or about a held result: any hit outside the
# scope, or any held row, counts as an out-of-scope source.
PROBES = [
    ("budi", "Tuberkulosis paru BTA positif, foto toraks kavitas"),
    ("budi", "Siti diabetes HbA1c metformin"),
    ("siti", "Demam berdarah trombosit 42000"),
    ("joko", "Apa hasil troponin saya?"),
    ("joko", "Troponin I result"),
    ("rudi", "Angina pektoris EKG iskemia"),
    ("ani", "USG kehamilan janin"),
    ("maya", "asam urat gout allopurinol"),
]


@dataclass
class ModeResult:
    mode: str
    recall_at_k: float
    mrr: float
    out_of_scope: int
    questions: int
    ms_per_query: float
    misses: list


# (label, retrieval mode, fusion weights): the shipped hybrid, and equal weights for comparison.
VARIANTS = [
    ("dense", "dense", None),
    ("bm25", "bm25", None),
    ("hybrid", "hybrid", None),
    ("hybrid 1:1", "hybrid", {"dense": 1.0, "bm25": 1.0}),
]


def run(*, top_k: int = 5, variants=None, workdir: str | None = None) -> dict:
    variants = variants or VARIANTS
    built = build()
    with tempfile.TemporaryDirectory(prefix="rag-eval-", dir=workdir) as path:
        client = vectorstore.get_client(path=path, url="")
        collection = vectorstore.get_collection(client=client, name="rag_eval")
        embeddings.embed(["pemanasan"])  # load the model outside the timings
        started = time.perf_counter()
        index.write_chunks(collection, built.chunks)
        indexing_seconds = time.perf_counter() - started
        retrieval.search(collection, "pemanasan", patient_ids=[1], released_only=True)  # warm caches
        results = {
            label: _evaluate(collection, built, label=label, mode=mode, weights=weights, top_k=top_k)
            for label, mode, weights in variants
        }
    return {"chunks": len(built.chunks), "indexing_seconds": indexing_seconds, "modes": results}


def _evaluate(collection, built, *, label: str, mode: str, weights, top_k: int) -> ModeResult:
    recall_sum = reciprocal_sum = 0.0
    out_of_scope = 0
    misses = []
    started = time.perf_counter()
    for question in QUESTIONS:
        scope = [built.patient_ids[question.patient]] + [built.patient_ids[key] for key in question.scope]
        hits = retrieval.search(
            collection,
            question.text,
            patient_ids=scope,
            released_only=True,
            top_k=top_k,
            mode=mode,
            relevant_only=False,
            weights=weights,
        )
        out_of_scope += _violations(hits, built, scope)
        keys = [built.source_keys[(hit.metadata["source_type"], hit.metadata["source_id"])] for hit in hits]
        found = [answer for answer in question.answers if answer in keys]
        recall_sum += len(found) / len(question.answers)
        ranks = [keys.index(answer) + 1 for answer in found]
        reciprocal_sum += 1 / min(ranks) if ranks else 0.0
        if not found:
            misses.append((question.text, question.answers, keys[:3]))
    for patient, text in PROBES:
        scope = [built.patient_ids[patient]]
        hits = retrieval.search(
            collection,
            text,
            patient_ids=scope,
            released_only=True,
            top_k=top_k,
            mode=mode,
            relevant_only=False,
            weights=weights,
        )
        out_of_scope += _violations(hits, built, scope)
    count = len(QUESTIONS)
    elapsed = time.perf_counter() - started
    return ModeResult(
        mode=label,
        recall_at_k=recall_sum / count,
        mrr=reciprocal_sum / count,
        out_of_scope=out_of_scope,
        questions=count,
        ms_per_query=1000 * elapsed / (count + len(PROBES)),
        misses=misses,
    )


def _violations(hits, built, scope: list[int]) -> int:
    return sum(
        hit.metadata["patient_id"] not in scope
        or (hit.metadata["source_type"], hit.metadata["source_id"]) in built.held
        for hit in hits
    )
