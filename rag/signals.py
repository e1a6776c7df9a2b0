"""Index jobs: every save of a clinical row (API, dashboard, shell) writes one, in its transaction.

post_save covers every door that saves a model, and runs inside the writer's transaction, so
the job row commits with the change or not at all (`rag.outbox`). Nothing here touches the
vector store or the embedding model: the records and mobile processes only write rows, a
worker applies them. `bulk_create` sends no signal (the demo data loader), which is why
`make setup` runs `manage.py rag_index` afterwards. `RAG_SYNC_ON_COMMIT = False` turns the
jobs off (tests that do not need the index).

Consent (`Relation.can_view_records`) is not in the index: who may read which patient is
decided from the database at every question (`rag.selectors.rag_scope`), so a consent given or
withdrawn takes effect on the next question, with no job and no lag.
"""

from django.conf import settings
from django.db.models.signals import post_save, pre_save

from rag import outbox
from rag.models import IndexJobKind
from records.models import Allergy, Diagnosis, LabResult, MedicalDocument, MedicalRecord, Patient, Prescription

CHILD_KINDS = {
    Diagnosis: IndexJobKind.DIAGNOSIS,
    Prescription: IndexJobKind.PRESCRIPTION,
    Allergy: IndexJobKind.ALLERGY,
    LabResult: IndexJobKind.LAB_RESULT,
    MedicalDocument: IndexJobKind.DOCUMENT,
}


def sync_enabled() -> bool:
    return getattr(settings, "RAG_SYNC_ON_COMMIT", True)


def child_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or not sync_enabled():
        return
    outbox.enqueue(CHILD_KINDS[sender], instance.pk)


def visit_saved(sender, instance, raw=False, **kwargs) -> None:
    """A visit's text, and whether its children are live, follow the visit row."""
    if raw or not sync_enabled():
        return
    outbox.enqueue(IndexJobKind.VISIT, instance.pk)


def patient_saving(sender, instance, raw=False, **kwargs) -> None:
    # Only voiding (or restoring) a patient changes the index: their chunks go (or come back).
    instance._index_after_save = not raw and sync_enabled() and instance.changed_since_stored("voided")


def patient_saved(sender, instance, raw=False, **kwargs) -> None:
    if getattr(instance, "_index_after_save", False):
        instance._index_after_save = False
        outbox.enqueue(IndexJobKind.PATIENT, instance.pk)


def connect() -> None:
    for model in CHILD_KINDS:
        post_save.connect(child_saved, sender=model, dispatch_uid=f"rag_sync_{model.__name__}")
    post_save.connect(visit_saved, sender=MedicalRecord, dispatch_uid="rag_sync_visit")
    pre_save.connect(patient_saving, sender=Patient, dispatch_uid="rag_sync_patient_pre")
    post_save.connect(patient_saved, sender=Patient, dispatch_uid="rag_sync_patient")
