"""Index sync: every save of a clinical row (API, admin, shell) re-indexes it after the commit.

post_save covers every door that saves a model; `bulk_create` sends no signal (the demo data
loader), which is why `make setup` runs `manage.py rag_index` afterwards. Voiding a visit or a
patient removes their children's chunks too. `RAG_SYNC_ON_COMMIT = False` turns this off
(tests that do not need the index).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save

from records.models import Allergy, Diagnosis, LabResult, MedicalDocument, MedicalRecord, Patient, Prescription

logger = logging.getLogger(__name__)

CHILD_SOURCE_TYPES = {
    Diagnosis: "diagnosis",
    Prescription: "prescription",
    Allergy: "allergy",
    LabResult: "lab_result",
    MedicalDocument: "document",
}


def sync_enabled() -> bool:
    return getattr(settings, "RAG_SYNC_ON_COMMIT", True)


def _run(job, *args) -> None:
    try:
        job(*args)
    except Exception:  # the clinical write has committed; the next rag_index repairs the index
        logger.exception("RAG index sync failed for %s%r", job.__name__, args)


def _sync_sources(sources: list[tuple[str, int]]) -> None:
    from rag import index, vectorstore

    index.sync_sources(vectorstore.get_collection(), sources)


def _sync_visit(visit_id: int) -> None:
    from rag import index, vectorstore

    index.sync_sources(vectorstore.get_collection(), index.visit_sources(visit_id))


def _remove_patient(patient_id: int) -> None:
    from rag import index, vectorstore

    index.remove_patient(vectorstore.get_collection(), patient_id)


def child_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or not sync_enabled():
        return
    sources = [(CHILD_SOURCE_TYPES[sender], instance.pk)]
    transaction.on_commit(lambda: _run(_sync_sources, sources))


def visit_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or not sync_enabled():
        return
    visit_id = instance.pk
    transaction.on_commit(lambda: _run(_sync_visit, visit_id))


def patient_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or not sync_enabled() or not instance.voided:
        return
    patient_id = instance.pk
    transaction.on_commit(lambda: _run(_remove_patient, patient_id))


def connect() -> None:
    for model in CHILD_SOURCE_TYPES:
        post_save.connect(child_saved, sender=model, dispatch_uid=f"rag_sync_{model.__name__}")
    post_save.connect(visit_saved, sender=MedicalRecord, dispatch_uid="rag_sync_visit")
    post_save.connect(patient_saved, sender=Patient, dispatch_uid="rag_sync_patient")
