"""RAG benchmark: indexing throughput against raw model encoding, and query latency at scale.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/benchmark_rag.py [--index-chunks 2000] \
        [--sizes 10000 100000] [--queries 200] [--write docs/benchmarks.md]

1. Indexing: synthetic rows → chunks (rag.chunking, with tokenizing) → embeddings + Chroma upsert
   (rag.index.write_chunks), against `model.encode` of the same texts in the same run.
2. Query latency without an LLM, at each size: the collection is filled with precomputed unit
   vectors (random directions around topic centres: embedding 100,000 texts on 2 CPU cores would
   take longer than the run is worth) and real chunk texts/tokens; each query embeds the question
   with the real model and runs the full hybrid search (`rag.retrieval.search`) in a patient's
   scope (own + one dependent), as :8004 does; a few staff searches over every patient are timed too.

Nothing touches the project's database or index: everything lives in a temporary directory.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthkon.settings.test")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from rag import chunking, embeddings, index, retrieval, vectorstore  # noqa: E402

START, END = "<!-- rag-benchmark:start -->", "<!-- rag-benchmark:end -->"
LABS = [
    ("Trombosit", "/uL", 20000, 400000),
    ("Hemoglobin", "g/dL", 7, 17),
    ("HbA1c", "%", 4, 12),
    ("Glukosa darah puasa", "mg/dL", 60, 300),
    ("Kolesterol LDL", "mg/dL", 60, 220),
    ("Kreatinin", "mg/dL", 0.5, 3),
    ("Asam urat", "mg/dL", 2, 11),
]
DIAGNOSES = [
    ("A91", "Demam berdarah dengue"),
    ("E11.9", "Diabetes melitus tipe 2"),
    ("I10", "Hipertensi esensial"),
    ("J45.9", "Asma"),
    ("A15.0", "Tuberkulosis paru"),
    ("K29.7", "Gastritis"),
    ("J06.9", "ISPA"),
    ("M10.9", "Gout"),
]
COMPLAINTS = [
    "Demam tinggi 3 hari dan nyeri sendi",
    "Sering haus dan sering kencing malam",
    "Sakit kepala dan tengkuk tegang",
    "Sesak napas malam hari",
    "Batuk berdahak lebih dari tiga minggu",
    "Nyeri ulu hati setelah makan",
    "Kontrol rutin, tidak ada keluhan",
]
QUESTIONS = [
    "Berapa trombosit saya?",
    "What is my HbA1c?",
    "Apakah saya punya darah tinggi?",
    "Obat apa yang saya minum untuk diabetes?",
    "Do I have asthma?",
    "Hasil kolesterol terakhir saya?",
    "Saya alergi obat apa?",
    "What did the doctor note about my cough?",
]


def synthetic_chunks(count: int, *, patients: int, rng: random.Random) -> list[chunking.Chunk]:
    """About `count` chunks from realistic rows spread over `patients` patients."""
    chunks: list[chunking.Chunk] = []
    next_id = 1
    while len(chunks) < count:
        patient_id = rng.randint(1, patients)
        visit_date = datetime.datetime(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
        visit = SimpleNamespace(
            pk=next_id,
            patient_id=patient_id,
            visit_date=visit_date,
            facility="Puskesmas",
            chief_complaint=rng.choice(COMPLAINTS),
            notes=rng.choice(["", "Kontrol 1 minggu lagi.", "Edukasi diet dan olahraga."]),
            systolic=rng.randint(100, 170),
            diastolic=rng.randint(60, 105),
            heart_rate=rng.randint(60, 110),
            temperature_c=Decimal(f"{rng.uniform(36, 39.5):.1f}"),
            spo2=rng.randint(92, 99),
            weight_kg=None,
            height_cm=None,
        )
        chunks += chunking.visit_chunks(visit)
        visit_id = next_id
        next_id += 1
        code, description = rng.choice(DIAGNOSES)
        diagnosis = SimpleNamespace(
            pk=next_id,
            patient_id=patient_id,
            medical_record_id=visit_id,
            icd10_code=code,
            description=description,
            kind="primary",
        )
        chunks += chunking.diagnosis_chunks(diagnosis, visit_date=visit_date)
        next_id += 1
        name, unit, low, high = rng.choice(LABS)
        lab = SimpleNamespace(
            pk=next_id,
            patient_id=patient_id,
            medical_record_id=visit_id,
            test_name=name,
            value=Decimal(f"{rng.uniform(low, high):.1f}"),
            unit=unit,
            reference_range="",
            flag=rng.choice(["normal", "high", "low"]),
            result_text="",
            resulted_at=visit_date,
            release_state=rng.choice(["released"] * 9 + ["held"]),
        )
        chunks += chunking.lab_result_chunks(lab, visit_date=visit_date)
        next_id += 1
    return chunks[:count]


def bench_indexing(count: int, workdir: str, rng: random.Random) -> dict:
    model = embeddings.get_model()
    embeddings.embed(["pemanasan"])
    started = time.perf_counter()
    chunks = synthetic_chunks(count, patients=max(1, count // 20), rng=rng)
    chunking_seconds = time.perf_counter() - started
    texts = [chunk.text for chunk in chunks]

    started = time.perf_counter()
    model.encode(texts, batch_size=embeddings.BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False)
    encode_seconds = time.perf_counter() - started

    client = vectorstore.get_client(path=os.path.join(workdir, "indexing"), url="")
    collection = vectorstore.get_collection(client=client, name="bench_indexing")
    started = time.perf_counter()
    index.write_chunks(collection, chunks)
    write_seconds = time.perf_counter() - started
    return {
        "chunks": count,
        "encode_per_s": count / encode_seconds,
        "write_per_s": count / write_seconds,
        "pipeline_per_s": count / (write_seconds + chunking_seconds),
        "chunking_per_s": count / chunking_seconds,
    }


def fill_with_vectors(collection, chunks: list[chunking.Chunk], rng: random.Random) -> None:
    """Unit vectors scattered around a few topic centres: the shape of real embeddings, none of the cost."""
    generator = np.random.default_rng(rng.randint(0, 2**31))
    centres = generator.normal(size=(32, 384)).astype(np.float32)
    step = vectorstore.batch_size(collection)
    for start in range(0, len(chunks), step):
        batch = chunks[start : start + step]
        topics = generator.integers(0, len(centres), size=len(batch))
        vectors = centres[topics] + 0.6 * generator.normal(size=(len(batch), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        collection.upsert(
            ids=[chunk.id for chunk in batch],
            documents=[chunk.text for chunk in batch],
            metadatas=[chunk.metadata for chunk in batch],
            embeddings=vectors,
        )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def bench_queries(size: int, queries: int, workdir: str, rng: random.Random) -> dict:
    patients = size // 10
    chunks = synthetic_chunks(size, patients=patients, rng=rng)
    client = vectorstore.get_client(path=os.path.join(workdir, f"q{size}"), url="")
    collection = vectorstore.get_collection(client=client, name=f"bench_{size}")
    started = time.perf_counter()
    fill_with_vectors(collection, chunks, rng)
    fill_seconds = time.perf_counter() - started
    for question in QUESTIONS:  # warm-up
        retrieval.search(collection, question, patient_ids=[1, 2], released_only=True)
    latencies = []
    for number in range(queries):
        scope = rng.sample(range(1, patients + 1), 2)
        question = QUESTIONS[number % len(QUESTIONS)]
        started = time.perf_counter()
        retrieval.search(collection, question, patient_ids=scope, released_only=True, top_k=5)
        latencies.append(1000 * (time.perf_counter() - started))
    # The same queries with the question vectors computed beforehand: the store and ranking alone.
    from rag.text import expand_query

    cached = {expand_query(q): embeddings.embed([expand_query(q)]) for q in QUESTIONS}
    real_embed = embeddings.embed
    embeddings.embed = lambda texts, path=None: (
        cached[texts[0]] if len(texts) == 1 and texts[0] in cached else real_embed(texts, path=path)
    )
    retrieval_only = []
    try:
        for number in range(queries):
            scope = rng.sample(range(1, patients + 1), 2)
            started = time.perf_counter()
            retrieval.search(collection, QUESTIONS[number % len(QUESTIONS)], patient_ids=scope, released_only=True)
            retrieval_only.append(1000 * (time.perf_counter() - started))
    finally:
        embeddings.embed = real_embed
    staff = []
    for question in QUESTIONS[:3]:
        started = time.perf_counter()
        retrieval.search(collection, question, patient_ids=None, released_only=False, top_k=5)
        staff.append(1000 * (time.perf_counter() - started))
    embed_ms = []
    for question in QUESTIONS * 3:
        started = time.perf_counter()
        embeddings.embed([question])
        embed_ms.append(1000 * (time.perf_counter() - started))
    return {
        "size": size,
        "patients": patients,
        "fill_seconds": fill_seconds,
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "embed_p50": statistics.median(embed_ms),
        "retrieval_p50": statistics.median(retrieval_only),
        "retrieval_p95": percentile(retrieval_only, 0.95),
        "staff_all_ms": statistics.median(staff),
        "queries": queries,
    }


def report(indexing: dict, sizes: list[dict], command: str) -> str:
    load = os.getloadavg()
    ratio = indexing["write_per_s"] / indexing["encode_per_s"]
    lines = [
        START,
        "## RAG benchmark",
        "",
        f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPU cores "
        f"(load average at the end {load[0]:.1f}, other work was running), one torch thread "
        "(`EMBEDDING_THREADS=1`), packaged all-MiniLM-L6-v2, embedded Chroma on local disk, no LLM.",
        f"Command: `{command}`",
        "",
        "### Indexing",
        "",
        "| chunks | model.encode (chunks/s) | embed + upsert (chunks/s) | ratio | chunking incl. stemming (chunks/s) "
        "| whole pipeline (chunks/s) |",
        "|---|---|---|---|---|---|",
        f"| {indexing['chunks']:,} | {indexing['encode_per_s']:.0f} | {indexing['write_per_s']:.0f} | "
        f"{ratio:.2f}× | {indexing['chunking_per_s']:.0f} | {indexing['pipeline_per_s']:.0f} |",
        "",
        "### Query latency (hybrid, patient scope of 2 patients, no LLM)",
        "",
        "Vectors in the collection are precomputed (random directions around 32 topic centres) so "
        "100,000 chunks load in seconds; the question itself is embedded by the real model, and "
        "texts/tokens are real chunk texts. Latency = embed the question + one filtered Chroma fetch "
        "of the scope's chunks with their vectors + exact cosine + BM25 over them + fusion; the "
        "'without embedding' columns repeat the queries with the question vectors computed beforehand.",
        "",
        "| chunks | patients | queries | p50 (ms) | p95 (ms) | question embedding alone, p50 (ms) "
        "| without embedding: p50 / p95 (ms) | staff search over all patients, median (ms) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        lines.append(
            f"| {size['size']:,} | {size['patients']:,} | {size['queries']} | {size['p50']:.1f} | "
            f"{size['p95']:.1f} | {size['embed_p50']:.1f} | {size['retrieval_p50']:.1f} / "
            f"{size['retrieval_p95']:.1f} | {size['staff_all_ms']:.0f} |"
        )
    lines += [
        "",
        "Run on a machine whose 2 cores were shared with other test suites: the load average "
        "says how contended it was, and the model's own encode rate (above) is the yardstick.",
        "",
        "Goals: indexing ≥ 0.8× raw encode; patient-scoped p95 ≤ 50 ms. The staff search over "
        "*every* patient builds BM25 over every chunk per query, so it grows with the index; it is "
        "listed for honesty, not tuned (a persistent inverted index would be the next step).",
        END,
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    text = path.read_text() if path.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = f"{before}{section}{after}"
    else:
        text = f"{text.rstrip()}\n\n{section}\n"
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index-chunks", type=int, default=2000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", type=Path, help="Replace the RAG section of this markdown file.")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as workdir:
        indexing = bench_indexing(args.index_chunks, workdir, rng)
        print(f"indexing: {indexing}", flush=True)
        sizes = []
        for size in args.sizes:
            sizes.append(bench_queries(size, args.queries, workdir, rng))
            print(f"queries: {sizes[-1]}", flush=True)
    command = "python " + " ".join(["scripts/benchmark_rag.py", *sys.argv[1:]])
    section = report(indexing, sizes, command)
    print(section)
    if args.write:
        write_section(args.write, section)


if __name__ == "__main__":
    main()
