"""Keeping the vector index equal to the live clinical rows.

- A row is indexed while it, its visit and its patient are not voided. Held lab results and
  documents stay indexed with `release_state="held"` (staff may ask about them); patient
  retrieval filters them out inside the retrievers.
- `sync_sources` re-chunks the given rows and writes only what changed (by content hash);
  `index_all` does the same for everything (`manage.py rag_index`).
"""

import logging
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Model, QuerySet

from rag import chunking, embeddings
from rag.chunking import Chunk
from records.models import Allergy, Diagnosis, LabResult, MedicalDocument, MedicalRecord, Prescription

logger = logging.getLogger(__name__)

CHILD_MODELS: dict[str, type[Model]] = {
    "diagnosis": Diagnosis,
    "prescription": Prescription,
    "allergy": Allergy,
    "lab_result": LabResult,
    "document": MedicalDocument,
}
SOURCE_MODELS: dict[str, type[Model]] = {"visit": MedicalRecord, **CHILD_MODELS}
CHILD_CHUNKERS: dict[str, Callable[..., list[Chunk]]] = {
    "diagnosis": chunking.diagnosis_chunks,
    "prescription": chunking.prescription_chunks,
    "allergy": chunking.allergy_chunks,
    "lab_result": chunking.lab_result_chunks,
    "document": chunking.document_chunks,
}
EMBED_BATCH = 256


def source_type_of(model: type[Model]) -> str | None:
    for source_type, source_model in SOURCE_MODELS.items():
        if model is source_model:
            return source_type
    return None


def _rows(source_type: str) -> QuerySet:
    model = SOURCE_MODELS[source_type]
    if source_type == "visit":
        return model.all_objects.select_related("patient")
    return model.all_objects.select_related("medical_record", "patient")


def is_live(source_type: str, row) -> bool:
    """Not voided, and neither is its visit nor its patient."""
    if row.voided or row.patient.voided:
        return False
    return source_type == "visit" or not row.medical_record.voided


def chunks_for(source_type: str, row) -> list[Chunk]:
    if not is_live(source_type, row):
        return []
    if source_type == "visit":
        return chunking.visit_chunks(row)
    return CHILD_CHUNKERS[source_type](row, visit_date=row.medical_record.visit_date)


def _existing(collection, where: dict) -> dict[str, str]:
    found = collection.get(where=where, include=["metadatas"])
    return {
        chunk_id: (meta or {}).get("content_hash", "")
        for chunk_id, meta in zip(found["ids"], found["metadatas"], strict=True)
    }


def write_chunks(collection, chunks: list[Chunk], *, progress=None) -> int:
    """Embed and upsert `chunks` in batches; returns how many were written."""
    step = min(EMBED_BATCH, _max_batch(collection))
    for start in range(0, len(chunks), step):
        batch = chunks[start : start + step]
        vectors = embeddings.embed([chunk.text for chunk in batch])
        collection.upsert(
            ids=[chunk.id for chunk in batch],
            documents=[chunk.text for chunk in batch],
            metadatas=[chunk.metadata for chunk in batch],
            embeddings=vectors,
        )
        if progress is not None:
            progress.update(len(batch))
    return len(chunks)


def _max_batch(collection) -> int:
    from rag.vectorstore import batch_size

    return batch_size(collection)


def _delete_ids(collection, ids: list[str]) -> None:
    step = _max_batch(collection)
    for start in range(0, len(ids), step):
        collection.delete(ids=ids[start : start + step])


def sync_sources(collection, sources: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Re-chunk these rows; write changed chunks, delete chunks no longer wanted."""
    written = deleted = 0
    by_type: dict[str, set[int]] = {}
    for source_type, source_id in sources:
        by_type.setdefault(source_type, set()).add(int(source_id))
    for source_type, ids in by_type.items():
        rows = {row.pk: row for row in _rows(source_type).filter(pk__in=ids)}
        for source_id in sorted(ids):
            row = rows.get(source_id)
            wanted = chunks_for(source_type, row) if row is not None else []
            existing = _existing(collection, {"$and": [{"source_type": source_type}, {"source_id": source_id}]})
            wanted_ids = {chunk.id for chunk in wanted}
            stale = [chunk_id for chunk_id in existing if chunk_id not in wanted_ids]
            changed = [chunk for chunk in wanted if existing.get(chunk.id) != chunk.metadata["content_hash"]]
            if stale:
                _delete_ids(collection, stale)
            written += write_chunks(collection, changed)
            deleted += len(stale)
    return {"written": written, "deleted": deleted}


def _child_sources(**lookup) -> list[tuple[str, int]]:
    """Every child row (diagnosis, prescription, …) matching `lookup`, voided or not."""
    return [
        (source_type, pk)
        for source_type, model in CHILD_MODELS.items()
        for pk in model.all_objects.filter(**lookup).values_list("pk", flat=True)
    ]


def visit_sources(visit_id: int) -> list[tuple[str, int]]:
    """The visit and every child row of it, voided or not (a voided one is removed by the sync)."""
    return [("visit", int(visit_id)), *_child_sources(medical_record_id=visit_id)]


def patient_sources(patient_id: int) -> list[tuple[str, int]]:
    """Every visit and child row of a patient, voided or not."""
    visits = MedicalRecord.all_objects.filter(patient_id=patient_id).values_list("pk", flat=True)
    return [*(("visit", pk) for pk in visits), *_child_sources(patient_id=patient_id)]


def remove_patient(collection, patient_id: int) -> None:
    collection.delete(where={"patient_id": int(patient_id)})


def iter_all_chunks() -> Iterator[Chunk]:
    """Every live row's chunks, visits first."""
    for source_type in SOURCE_MODELS:
        queryset = _rows(source_type)
        queryset = queryset.filter(voided=False, patient__voided=False)
        if source_type != "visit":
            queryset = queryset.filter(medical_record__voided=False)
        for row in queryset.order_by("pk").iterator(chunk_size=2000):
            yield from chunks_for(source_type, row)


def index_all(collection, *, progress_factory=None) -> dict[str, int]:
    """Bring the whole index up to date: embed only new or changed chunks, drop stale ones."""
    existing = _existing_all(collection)
    wanted = list(iter_all_chunks())
    wanted_ids = {chunk.id for chunk in wanted}
    changed = [chunk for chunk in wanted if existing.get(chunk.id) != chunk.metadata["content_hash"]]
    stale = [chunk_id for chunk_id in existing if chunk_id not in wanted_ids]
    _delete_ids(collection, stale)
    progress = progress_factory(total=len(changed)) if progress_factory else None
    try:
        write_chunks(collection, changed, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    return {
        "chunks": len(wanted),
        "written": len(changed),
        "unchanged": len(wanted) - len(changed),
        "deleted": len(stale),
    }


def _existing_all(collection) -> dict[str, str]:
    existing: dict[str, str] = {}
    step, offset = 5000, 0
    while True:
        found = collection.get(include=["metadatas"], limit=step, offset=offset)
        for chunk_id, meta in zip(found["ids"], found["metadatas"], strict=True):
            existing[chunk_id] = (meta or {}).get("content_hash", "")
        if len(found["ids"]) < step:
            return existing
        offset += step
