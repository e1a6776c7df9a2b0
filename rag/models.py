"""The index outbox: one row per clinical change the vector index has still to follow.

A clinical save writes its `IndexJob` in the same database transaction (`rag.signals`), so a
committed change is never missed even if the process dies right after the commit; a worker
(`manage.py rag_worker`, or Celery when `CELERY_BROKER_URL` is set) drains the table
(`rag.outbox`). Applying a job twice is harmless: chunks are written only when their content
hash changed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexJobState(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("running")
    FAILED = "failed", _("failed")


class IndexJobKind(models.TextChoices):
    """What changed: one clinical row, a visit (with its children) or a whole patient."""

    VISIT = "visit", _("visit")
    DIAGNOSIS = "diagnosis", _("diagnosis")
    PRESCRIPTION = "prescription", _("prescription")
    ALLERGY = "allergy", _("allergy")
    LAB_RESULT = "lab_result", _("lab result")
    DOCUMENT = "document", _("document")
    PATIENT = "patient", _("patient")


class IndexJob(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=IndexJobKind.choices)
    object_id = models.BigIntegerField(_("row id"))
    state = models.CharField(_("state"), max_length=10, choices=IndexJobState.choices, default=IndexJobState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Not before this moment: now for a new job, later after a failure (backoff), the end of the
    # lease while a worker holds it (a worker that died releases it when the lease runs out).
    available_at = models.DateTimeField(_("available at"))
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "rag_index_jobs"
        ordering = ["id"]
        indexes = [models.Index(fields=["state", "available_at"], name="rag_index_jobs_due")]
        verbose_name = _("index job")
        verbose_name_plural = _("index jobs")

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.state})"
