"""Questions and searches over the records in a caller's scope; both services call these.

`rag_search` returns ranked passages; `rag_answer` turns them into a cited answer, from the
LLM when one is configured (PII masked) and extractively otherwise or when the LLM fails.
Every call is written to the access audit log: the question, its scope and the sources.
"""

import re

from django.apps import apps
from django.db.models import Q

from accounts.models import Petugas, User
from rag import llm, retrieval
from rag.pii import PiiMasker
from rag.retrieval import Hit
from rag.selectors import RagScope, rag_scope
from rag.text import STOPWORDS, detect_language
from records.audit import audit_record
from records.models import AuditAction, Patient, Relation

EXTRACTIVE_PASSAGES = 3
MASK_SCOPE_LIMIT = 1000
MASK_QUESTION_WORDS = 10
PASSAGE_MAX_CHARS = 400

SOURCE_LABELS = {
    "visit": "records.medicalrecord",
    "diagnosis": "records.diagnosis",
    "prescription": "records.prescription",
    "allergy": "records.allergy",
    "lab_result": "records.labresult",
    "document": "records.medicaldocument",
}
TEXTS = {
    "id": {
        "intro": "Berdasarkan rekam medis yang tersedia:",
        "nothing": "Maaf, rekam medis yang dapat diakses tidak memuat informasi tentang hal tersebut.",
        "patient": "pasien #{id}",
        "disclaimer": (
            "Informasi ini diambil dari rekam medis Anda dan bukan pengganti konsultasi dengan dokter atau tenaga "
            "kesehatan."
        ),
    },
    "en": {
        "intro": "According to the available medical records:",
        "nothing": "Sorry, the records you can access do not contain information about that.",
        "patient": "patient #{id}",
        "disclaimer": (
            "This information comes from your medical records and is not a substitute for advice from your doctor "
            "or health worker."
        ),
    },
}


def _source(hit: Hit) -> dict:
    meta = hit.metadata
    return {
        "source_type": meta["source_type"],
        "source_id": meta["source_id"],
        "patient_id": meta["patient_id"],
        "medical_record_id": meta["medical_record_id"],
        "date": meta.get("date", ""),
        "text": hit.text,
        "score": hit.score,
    }


def _collection():
    from rag import vectorstore  # chromadb loads on the first question, not at start-up

    return vectorstore.get_collection()


def _audit(*, request, action: AuditAction, scope: RagScope, text: str, sources: list[dict], extra: dict) -> None:
    """One row per patient asked about (or one `*` row for all patients) and one per source returned."""
    if scope.empty:
        scope_rows = [request.user]  # an account with nobody in scope: the question is still logged
        scope_detail: list[int] | str = []
    elif scope.requested_patient_id is not None or scope.released_only:
        scope_rows = [Patient(pk=pk) for pk in scope.patient_ids]
        scope_detail = scope.patient_ids
    else:
        scope_rows = [Patient()]  # staff across every patient
        scope_detail = "all"
    source_rows = []
    for source in sources:
        model = apps.get_model(SOURCE_LABELS[source["source_type"]])
        source_rows.append(model(pk=source["source_id"], patient_id=source["patient_id"]))
    detail = {
        "question": text,
        "scope": scope_detail,
        "sources": [f"{source['source_type']}:{source['source_id']}" for source in sources],
        **extra,
    }
    audit_record(request=request, action=action, instances=[*scope_rows, *source_rows], detail=detail)


def _search(*, scope: RagScope, text: str, top_k: int, mode: str = "hybrid") -> list[Hit]:
    if scope.empty:
        return []
    return retrieval.search(
        _collection(),
        text,
        patient_ids=None if scope.everyone else scope.patient_ids,
        excluded_ids=scope.excluded_ids,
        released_only=scope.released_only,
        top_k=top_k,
        mode=mode,
    )


def rag_search(*, request, user: User, query: str, patient_id: int | None = None, top_k: int = 5) -> list[dict]:
    """The `top_k` most relevant passages in the caller's scope (404 for a patient outside it)."""
    scope = rag_scope(fetched_by=user, patient_id=patient_id)
    sources = [_source(hit) for hit in _search(scope=scope, text=query, top_k=top_k)]
    _audit(request=request, action=AuditAction.RAG_SEARCH, scope=scope, text=query, sources=sources, extra={})
    return sources


def _clip(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= PASSAGE_MAX_CHARS:
        return text
    cut = text[:PASSAGE_MAX_CHARS].rsplit(" ", 1)[0]
    return f"{cut} …"


def extractive_answer(*, sources: list[dict], language: str, multiple_patients: bool) -> str:
    """Readable sentences from the best passages, each ending with its citation."""
    texts = TEXTS[language]
    if not sources:
        return texts["nothing"]
    sentences = [texts["intro"]]
    for number, source in enumerate(sources[:EXTRACTIVE_PASSAGES], start=1):
        passage = _clip(source["text"]).rstrip(".")
        if multiple_patients:
            passage = f"({texts['patient'].format(id=source['patient_id'])}) {passage}"
        sentences.append(f"{passage} [{number}].")
    return " ".join(sentences)


def _question_name_words(question: str) -> list[str]:
    """Words of the question that could be part of a name, whatever their case ("budi santoso")."""
    words = [word for word in re.findall(r"[^\W\d_]{3,}", question) if word.lower() not in STOPWORDS]
    return list(dict.fromkeys(words))[:MASK_QUESTION_WORDS]


def _patients_named_in(question: str, in_scope) -> set[int]:
    """Patients in scope one of whose name parts is a word of the question, compared case-insensitively."""
    words = _question_name_words(question)
    if not words:
        return set()
    named = Q()
    for word in words:
        named |= Q(name__icontains=word)
    wanted = {word.lower() for word in words}
    candidates = in_scope.filter(named).values_list("pk", "name")[:MASK_SCOPE_LIMIT]
    return {pk for pk, name in candidates if wanted & {part.lower() for part in re.split(r"[\s,.]+", name)}}


def _masker(*, scope: RagScope, question: str, sources: list[dict]) -> PiiMasker:
    """What the database knows about everyone the text could mention, for `rag.pii.PiiMasker`.

    The patients of the sources, the scope when it is small, and (for staff over everyone) any
    patient in scope named in the question in any case; with them, their relations' names, and the
    names of the clinic's staff (the doctor of a visit, a colleague named in a note).
    """
    ids = {source["patient_id"] for source in sources}
    if not scope.everyone and len(scope.patient_ids) <= MASK_SCOPE_LIMIT:
        ids |= set(scope.patient_ids)
    if scope.everyone or len(scope.patient_ids) > MASK_SCOPE_LIMIT:
        in_scope = Patient.objects.all() if scope.everyone else Patient.objects.filter(pk__in=scope.patient_ids)
        ids |= _patients_named_in(question, in_scope)
    related = Relation.all_objects.filter(Q(patient_id__in=ids) | Q(related_patient_id__in=ids))
    ids |= {pk for pair in related.values_list("patient_id", "related_patient_id") for pk in pair}
    patients = list(Patient.all_objects.filter(pk__in=ids).values_list("name", "address", "birth_date"))
    staff = list(Petugas.objects.values_list("nama", flat=True)[:MASK_SCOPE_LIMIT])
    return PiiMasker(
        names=[name for name, _, _ in patients] + staff,
        addresses=[address for _, address, _ in patients],
        birth_dates=[birth_date for _, _, birth_date in patients],
    )


def llm_passages(sources: list[dict]) -> list[llm.Passage]:
    """Sources as the LLM sees them: whose record is a placeholder ("Pasien", or "Pasien 2" when the
    sources belong to several patients, numbered in order of appearance), never a name or an id."""
    owners: dict[int, str] = {}
    for source in sources:
        owners.setdefault(source["patient_id"], f"Pasien {len(owners) + 1}")
    if len(owners) == 1:
        owners = dict.fromkeys(owners, "Pasien")
    return [
        llm.Passage(
            text=source["text"],
            source_type=source["source_type"],
            date=source["date"],
            owner=owners[source["patient_id"]],
        )
        for source in sources
    ]


def rag_answer(
    *, request, user: User, question: str, patient_id: int | None = None, top_k: int = 5, audience: str = "staff"
) -> dict:
    """`{answer, mode, language, sources}`; extractive unless an LLM answers usably."""
    scope = rag_scope(fetched_by=user, patient_id=patient_id)
    language = detect_language(question)
    sources = [_source(hit) for hit in _search(scope=scope, text=question, top_k=top_k)]
    mode = "extractive"
    if not sources:
        answer = TEXTS[language]["nothing"]
    else:
        try:
            answer = llm.llm_answer(
                question=question,
                passages=llm_passages(sources),
                language=language,
                audience=audience,
                masker=_masker(scope=scope, question=question, sources=sources),
            )
            mode = "llm"
        except llm.LlmUnavailable:
            answer = extractive_answer(
                sources=sources, language=language, multiple_patients=len({s["patient_id"] for s in sources}) > 1
            )
    disclaimer = TEXTS[language]["disclaimer"] if audience == "patient" else ""
    if disclaimer:
        answer = f"{answer}\n\n{disclaimer}"
    _audit(
        request=request,
        action=AuditAction.RAG_QUERY,
        scope=scope,
        text=question,
        sources=sources,
        extra={"mode": mode, "top_k": top_k},
    )
    return {"answer": answer, "mode": mode, "language": language, "disclaimer": disclaimer, "sources": sources}
