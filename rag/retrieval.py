"""Hybrid retrieval: dense vectors + BM25, fused by reciprocal rank fusion.

The scope is part of both searches, never a filter on their results: one Chroma filter,
`where={"patient_id": {"$in": scope}}` (plus `release_state="released"` for patients), decides
which chunks either retriever may rank.
- Small scopes (a patient and dependents, one patient for staff): the scoped chunks are fetched
  once with their vectors; dense ranks them by exact cosine, BM25 builds its statistics
  (document frequencies, lengths) over exactly those candidates.
- Large scopes (staff over every patient): Chroma's filtered kNN for dense, and BM25 over the
  candidates fetched with the same filter.
An empty scope returns nothing without asking the store.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from rag import embeddings
from rag.chunking import RELEASED
from rag.text import expand_query, tokenize

RRF_K = 60
# The dense model is English-only and most questions are Indonesian: BM25 over stemmed Indonesian
# tokens gets twice the vote. Chosen on the labelled set (`manage.py rag_eval`; equal weights
# measured there too, see docs/benchmarks.md).
RRF_WEIGHTS = {"dense": 1.0, "bm25": 2.0}
DENSE_CANDIDATES = 50
BM25_K1 = 1.2
BM25_B = 0.75
# A passage counts as relevant when the model finds it close enough or it shares a (non-stop) term.
DENSE_MIN_SIMILARITY = 0.45
BM25_MIN_SCORE = 0.0
MODES = ("hybrid", "dense", "bm25")
# Up to this many patients in scope, their chunks are fetched once and ranked exactly in memory
# (one store round trip, no approximate search); beyond it Chroma's filtered HNSW does the kNN.
SMALL_SCOPE_PATIENTS = 50


@dataclass
class Hit:
    id: str
    text: str
    metadata: dict
    score: float = 0.0
    dense_similarity: float | None = None
    bm25_score: float | None = None
    ranks: dict = field(default_factory=dict)

    @property
    def relevant(self) -> bool:
        return (self.dense_similarity or 0.0) >= DENSE_MIN_SIMILARITY or (self.bm25_score or 0.0) > BM25_MIN_SCORE


def scope_where(patient_ids: list[int] | None, *, released_only: bool, excluded_ids: list[int] = ()) -> dict | None:
    """The Chroma filter for a scope: these patients (None: every patient but `excluded_ids`),
    and only released rows when asked. None when nothing needs filtering."""
    clauses = []
    if patient_ids is not None:
        clauses.append({"patient_id": {"$in": [int(pk) for pk in patient_ids]}})
    elif excluded_ids:
        clauses.append({"patient_id": {"$nin": [int(pk) for pk in excluded_ids]}})
    if released_only:
        clauses.append({"release_state": RELEASED})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def dense_search(collection, query: str, *, where: dict, limit: int) -> list[Hit]:
    """Chroma's nearest neighbours among the chunks matching `where` (large scopes)."""
    vector = embeddings.embed([query])[0]
    found = collection.query(
        query_embeddings=[vector], n_results=limit, where=where, include=["documents", "metadatas", "distances"]
    )
    return [
        Hit(id=chunk_id, text=text, metadata=meta, dense_similarity=1.0 - float(distance))
        for chunk_id, text, meta, distance in zip(
            found["ids"][0], found["documents"][0], found["metadatas"][0], found["distances"][0], strict=True
        )
    ]


def dense_rank(candidates: dict, query: str, *, limit: int) -> list[Hit]:
    """Exact cosine ranking of already-scoped candidates (vectors are unit length)."""
    if not candidates["ids"]:
        return []
    vector = embeddings.embed([query])[0]
    similarities = np.asarray(candidates["embeddings"], dtype=np.float32) @ vector
    order = np.argsort(-similarities, kind="stable")[:limit]
    return [
        Hit(
            id=candidates["ids"][i],
            text=candidates["documents"][i],
            metadata=candidates["metadatas"][i],
            dense_similarity=float(similarities[i]),
        )
        for i in order
    ]


def bm25_scores(query_tokens: list[str], documents: list[list[str]]) -> list[float]:
    """Okapi BM25 (Lucene's idf) of each tokenized document for the query, over this set only."""
    if not documents or not query_tokens:
        return [0.0] * len(documents)
    count = len(documents)
    average_length = sum(len(doc) for doc in documents) / count or 1.0
    frequencies = Counter(token for doc in documents for token in set(doc))
    terms = set(query_tokens)
    idf = {term: math.log(1 + (count - frequencies[term] + 0.5) / (frequencies[term] + 0.5)) for term in terms}
    scores = []
    for doc in documents:
        counts = Counter(doc)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(doc) / average_length)
        scores.append(sum(idf[t] * counts[t] * (BM25_K1 + 1) / (counts[t] + norm) for t in terms if counts.get(t)))
    return scores


def bm25_rank(candidates: dict, query: str, *, limit: int) -> list[Hit]:
    """BM25 over the scoped candidates only: their document frequencies, their lengths."""
    documents = [(meta or {}).get("tokens", "").split() for meta in candidates["metadatas"]]
    scores = bm25_scores(tokenize(query), documents)
    ranked = sorted(
        (
            (score, chunk_id, text, meta)
            for score, chunk_id, text, meta in zip(
                scores, candidates["ids"], candidates["documents"], candidates["metadatas"], strict=True
            )
            if score > 0
        ),
        key=lambda item: (-item[0], item[1]),
    )
    return [
        Hit(id=chunk_id, text=text, metadata=meta, bm25_score=score) for score, chunk_id, text, meta in ranked[:limit]
    ]


GET_PAGE = 5000  # Chroma's SQLite refuses one get of ~100,000 rows ("too many SQL variables")


def bm25_search(collection, query: str, *, where: dict | None, limit: int) -> list[Hit]:
    """BM25 over every chunk matching `where`, fetched page by page (large scopes)."""
    candidates: dict = {"ids": [], "documents": [], "metadatas": []}
    offset = 0
    while True:
        page = collection.get(where=where, include=["documents", "metadatas"], limit=GET_PAGE, offset=offset)
        for key in candidates:
            candidates[key] += page[key]
        if len(page["ids"]) < GET_PAGE:
            return bm25_rank(candidates, query, limit=limit)
        offset += GET_PAGE


def search(
    collection,
    query: str,
    *,
    patient_ids: list[int] | None,
    released_only: bool,
    excluded_ids: list[int] = (),
    top_k: int = 5,
    mode: str = "hybrid",
    relevant_only: bool = True,
    weights: dict[str, float] | None = None,
) -> list[Hit]:
    """The best `top_k` passages within the scope, fused by reciprocal rank; [] for an empty scope."""
    if patient_ids is not None and not patient_ids or not query.strip():
        return []
    weights = weights or RRF_WEIGHTS
    where = scope_where(patient_ids, released_only=released_only, excluded_ids=excluded_ids)
    expanded = expand_query(query)
    limit = max(DENSE_CANDIDATES, top_k * 5)
    lists: dict[str, list[Hit]] = {}
    if patient_ids is not None and len(patient_ids) <= SMALL_SCOPE_PATIENTS:
        # A few patients' chunks: fetch them once (with vectors) and rank them exactly, both ways.
        include = ["documents", "metadatas", "embeddings"] if mode != "bm25" else ["documents", "metadatas"]
        candidates = collection.get(where=where, include=include)
        if mode in ("hybrid", "dense"):
            lists["dense"] = dense_rank(candidates, expanded, limit=limit)
        if mode in ("hybrid", "bm25"):
            lists["bm25"] = bm25_rank(candidates, expanded, limit=limit)
    else:
        if mode in ("hybrid", "dense"):
            lists["dense"] = dense_search(collection, expanded, where=where, limit=limit)
        if mode in ("hybrid", "bm25"):
            lists["bm25"] = bm25_search(collection, expanded, where=where, limit=limit)
    fused: dict[str, Hit] = {}
    for name, hits in lists.items():
        for rank, hit in enumerate(hits, start=1):
            merged = fused.setdefault(hit.id, Hit(id=hit.id, text=hit.text, metadata=hit.metadata))
            merged.score += weights[name] / (RRF_K + rank)
            merged.ranks[name] = rank
            if hit.dense_similarity is not None:
                merged.dense_similarity = hit.dense_similarity
            if hit.bm25_score is not None:
                merged.bm25_score = hit.bm25_score
    best_possible = sum(weights[name] for name in lists) / (RRF_K + 1)
    ranked = sorted(fused.values(), key=lambda hit: (-hit.score, hit.id))
    for hit in ranked:
        hit.score = round(hit.score / best_possible, 4)
        if hit.bm25_score is None and "bm25" in lists:
            hit.bm25_score = 0.0
    if relevant_only:
        ranked = [hit for hit in ranked if hit.relevant]
    return ranked[:top_k]
