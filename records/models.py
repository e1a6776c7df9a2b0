"""Clinical data: patients, visits (medical records) and what a visit produces.

Nothing clinical is ever hard-deleted: rows are voided (who, when, why) and every
edit is kept by django-simple-history.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from records import validators

NON_FIELD_ERRORS = "__all__"


def account_reference(verbose_name, *, on_delete=models.PROTECT, **kwargs) -> models.ForeignKey:
    """An optional reference to an account (who did or asked for something), with no reverse accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **kwargs,
    )


class ActiveManager(models.Manager):
    """Hides voided rows: normal code paths cannot reach them by accident."""

    def get_queryset(self):
        return super().get_queryset().filter(voided=False)


class ClinicalModel(models.Model):
    """Authorship, timestamps, voiding and version history shared by every clinical table."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = account_reference(_("created by"))
    updated_by = account_reference(_("updated by"))
    voided = models.BooleanField(_("voided"), default=False, db_index=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = account_reference(_("voided by"))
    void_reason = models.CharField(_("void reason"), max_length=255, blank=True)

    history = HistoricalRecords(inherit=True)

    objects = ActiveManager()
    all_objects = models.Manager()  # noqa: DJ012 -- voided rows too, for admins and history

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # What is in the database now: the next `clean` compares against this.
        self._loaded_values = {field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields}

    def clean_fields(self, exclude=None):
        self._fields_in_error = set()
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            self._fields_in_error = set(error.error_dict)
            raise

    def clean(self):
        """The clinic's rules, for every door (API services, the dashboard's forms, commands)."""
        super().clean()
        errors = {}
        if self.stored_value("voided"):
            errors[NON_FIELD_ERRORS] = [_("A voided entry cannot be changed.")]
        # A field that already failed its basic check would only repeat the complaint.
        failed = getattr(self, "_fields_in_error", set())
        for field, messages in self.rule_errors().items():
            if field not in failed:
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def stored_value(self, attname: str):
        """The column as it is in the database: as last read or written, else read now.

        "Else read now" covers instances not loaded by this code path, such as a history
        version being reverted in the dashboard: it must be compared with the row as stored.
        """
        if self._state.adding or self.pk is None:
            return None
        loaded = getattr(self, "_loaded_values", None)
        if loaded is None or attname not in loaded:
            stored = type(self).all_objects.filter(pk=self.pk).values(attname).first()
            loaded = self._loaded_values = {**(loaded or {}), attname: stored[attname] if stored else None}
        return loaded[attname]

    def changed_since_stored(self, attname: str) -> bool:
        return not self._state.adding and self.stored_value(attname) != getattr(self, attname)

    def rule_errors(self) -> dict[str, list[str]]:
        """`{field: [messages]}` for what `records.validators` says is wrong; each model names its rules."""
        return {}


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class BloodType(models.TextChoices):
    A_POS = "A+", "A+"
    A_NEG = "A-", "A-"
    B_POS = "B+", "B+"
    B_NEG = "B-", "B-"
    AB_POS = "AB+", "AB+"
    AB_NEG = "AB-", "AB-"
    O_POS = "O+", "O+"
    O_NEG = "O-", "O-"


class Patient(ClinicalModel):
    """A BPJS member whose medical records the clinic keeps."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    bpjs_number = models.CharField(_("BPJS number"), max_length=13, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=150, db_index=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    blood_type = models.CharField(_("blood type"), max_length=3, choices=BloodType.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.TextField(_("address"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="patient",
        verbose_name=_("mobile account"),
    )

    class Meta:
        db_table = "patients"
        ordering = ["name", "id"]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")

    def __str__(self):
        return f"{self.name} ({self.nik})"

    def rule_errors(self):
        return validators.patient_errors(self)


class MedicalRecord(ClinicalModel):
    """One visit (kunjungan), with optional vital signs."""

    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="medical_records", verbose_name=_("patient")
    )
    visit_date = models.DateTimeField(_("visit date"))
    facility = models.CharField(_("facility"), max_length=200, blank=True)
    attending = models.ForeignKey(
        "accounts.Petugas",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medical_records",
        verbose_name=_("attending"),
    )
    chief_complaint = models.TextField(_("chief complaint"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    height_cm = models.DecimalField(_("height (cm)"), max_digits=4, decimal_places=1, null=True, blank=True)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=4, decimal_places=1, null=True, blank=True)
    systolic = models.PositiveSmallIntegerField(_("systolic (mmHg)"), null=True, blank=True)
    diastolic = models.PositiveSmallIntegerField(_("diastolic (mmHg)"), null=True, blank=True)
    heart_rate = models.PositiveSmallIntegerField(_("heart rate (/min)"), null=True, blank=True)
    temperature_c = models.DecimalField(_("temperature (°C)"), max_digits=3, decimal_places=1, null=True, blank=True)
    spo2 = models.PositiveSmallIntegerField(_("SpO₂ (%)"), null=True, blank=True)

    class Meta:
        db_table = "medical_records"
        ordering = ["-visit_date", "-id"]
        indexes = [models.Index(fields=["patient", "visit_date"]), models.Index(fields=["visit_date"])]
        verbose_name = _("medical record")
        verbose_name_plural = _("medical records")

    def __str__(self):
        return f"{self.patient.name} — {self.visit_date:%Y-%m-%d}"

    def rule_errors(self):
        errors = validators.medical_record_errors(self)
        if self.changed_since_stored("patient_id"):
            errors.setdefault("patient", []).append(_("A visit cannot be moved to another patient."))
        return errors


def visit_foreign_key(related_name: str) -> models.ForeignKey:
    """The visit a child row belongs to, reachable from the visit as `related_name`."""
    return models.ForeignKey(
        MedicalRecord, on_delete=models.PROTECT, related_name=related_name, verbose_name=_("medical record")
    )


class VisitChild(ClinicalModel):
    """Something a visit produced; `patient` mirrors the visit's patient for scoping and filters.

    Each subclass declares `medical_record = visit_foreign_key("<plural>")`.
    """

    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("patient")
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.patient_id = self.medical_record.patient_id  # never trusted from input
        super().save(*args, **kwargs)

    def rule_errors(self):
        errors = validators.visit_child_errors(self)
        if self.changed_since_stored("medical_record_id"):
            errors.setdefault("medical_record", []).append(_("An entry cannot be moved to another visit."))
        return errors


class Severity(models.TextChoices):
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


class Allergy(VisitChild):
    medical_record = visit_foreign_key("allergies")
    allergen = models.CharField(_("allergen"), max_length=200)
    reaction = models.CharField(_("reaction"), max_length=255, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)

    class Meta:
        db_table = "allergies"
        ordering = ["-created_at", "-id"]
        verbose_name = _("allergy")
        verbose_name_plural = _("allergies")

    def __str__(self):
        return self.allergen


class DiagnosisKind(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")


class ICD10Edition(models.TextChoices):
    WHO_2019 = validators.ICD10Edition.WHO_2019, _("WHO ICD-10 2019")
    EARLIER = validators.ICD10Edition.EARLIER, _("Earlier WHO edition (e.g. 2010, used by BPJS)")


class Diagnosis(VisitChild):
    medical_record = visit_foreign_key("diagnoses")
    icd10_code = models.CharField(_("ICD-10 code"), max_length=10, db_index=True)
    icd10_edition = models.CharField(
        _("ICD-10 edition"),
        max_length=10,
        choices=ICD10Edition.choices,
        default=ICD10Edition.WHO_2019,
        editable=False,
        help_text=_("Set from the code: WHO 2019, or an earlier edition (2010, used for BPJS claims)."),
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DiagnosisKind.choices, default=DiagnosisKind.PRIMARY)

    class Meta:
        db_table = "diagnoses"
        ordering = ["-created_at", "-id"]
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")

    def __str__(self):
        return f"{self.icd10_code} {self.description}".strip()

    def rule_errors(self):
        return validators.merge_errors(super().rule_errors(), validators.diagnosis_code_errors(self))


class Prescription(VisitChild):
    medical_record = visit_foreign_key("prescriptions")
    medication = models.CharField(_("medication"), max_length=200)
    dosage = models.CharField(_("dosage"), max_length=100, blank=True)
    frequency = models.CharField(_("frequency"), max_length=100, blank=True)
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"), null=True, blank=True)
    instructions = models.TextField(_("instructions"), blank=True)

    class Meta:
        db_table = "prescriptions"
        ordering = ["-created_at", "-id"]
        verbose_name = _("prescription")
        verbose_name_plural = _("prescriptions")

    def __str__(self):
        return f"{self.medication} {self.dosage}".strip()


class ReleaseState(models.TextChoices):
    HELD = "held", _("Held by the clinician")
    RELEASED = "released", _("Released to the patient")


# Set by `ReleasableModel.save`, never by hand.
RELEASE_DECISION_FIELDS = ["release_decided_at", "release_decided_by"]


class ReleasableModel(models.Model):
    """A result a clinician may hold back from the patient's app until it has been explained.

    New rows are released. Whoever changes the state, through any door, is recorded with the time:
    `save` compares with the state loaded from the database, so no caller can forget it.
    """

    release_state = models.CharField(
        _("release to patient"),
        max_length=10,
        choices=ReleaseState.choices,
        default=ReleaseState.RELEASED,
        db_index=True,
    )
    release_decided_at = models.DateTimeField(_("release decided at"), null=True, blank=True, editable=False)
    release_decided_by = account_reference(_("release decided by"), editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.changed_since_stored("release_state"):
            self.release_decided_at = timezone.now()
            self.release_decided_by_id = self.updated_by_id or self.created_by_id
        super().save(*args, **kwargs)


class LabFlag(models.TextChoices):
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class LabResult(ReleasableModel, VisitChild):
    medical_record = visit_foreign_key("lab_results")
    test_name = models.CharField(_("test name"), max_length=200, db_index=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    reference_range = models.CharField(_("reference range"), max_length=100, blank=True)
    flag = models.CharField(_("flag"), max_length=10, choices=LabFlag.choices, blank=True)
    result_text = models.TextField(_("result text"), blank=True)
    resulted_at = models.DateTimeField(_("resulted at"), null=True, blank=True, db_index=True)

    class Meta:
        db_table = "lab_results"
        ordering = ["-resulted_at", "-id"]
        verbose_name = _("lab result")
        verbose_name_plural = _("lab results")

    def __str__(self):
        return self.test_name

    def rule_errors(self):
        return validators.merge_errors(super().rule_errors(), validators.lab_result_errors(self))


class DocumentType(models.TextChoices):
    LAB_REPORT = "lab_report", _("Lab report")
    REFERRAL = "referral", _("Referral letter")
    DISCHARGE_SUMMARY = "discharge_summary", _("Discharge summary")
    IMAGING = "imaging", _("Imaging report")
    CLINICAL_NOTE = "clinical_note", _("Clinical note")
    OTHER = "other", _("Other")


def document_upload_path(instance, filename: str) -> str:
    """A random stored name: the uploader's file name never reaches the file system."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"medical-documents/{uuid.uuid4().hex}{suffix}"


class MedicalDocument(ReleasableModel, VisitChild):
    medical_record = visit_foreign_key("medical_documents")
    document_type = models.CharField(
        _("document type"), max_length=30, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_path, null=True, blank=True)
    file_content_type = models.CharField(_("file type"), max_length=100, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)

    class Meta:
        db_table = "medical_documents"
        ordering = ["-created_at", "-id"]
        verbose_name = _("medical document")
        verbose_name_plural = _("medical documents")

    def __str__(self):
        return self.title

    def rule_errors(self):
        return validators.merge_errors(super().rule_errors(), validators.medical_document_errors(self))


# Everything a visit produces.
VISIT_CHILD_MODELS = (Allergy, Diagnosis, Prescription, LabResult, MedicalDocument)


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other")


class Relation(ClinicalModel):
    """`patient` (the viewer) is linked to `related_patient`; records show only if can_view_records."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="relations", verbose_name=_("patient"))
    related_patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="related_by", verbose_name=_("related patient")
    )
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship.choices)
    can_view_records = models.BooleanField(_("can view records"), default=False)

    class Meta:
        db_table = "relations"
        ordering = ["patient_id", "id"]
        indexes = [models.Index(fields=["patient", "can_view_records"])]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self):
        return f"{self.patient} → {self.related_patient} ({self.get_relationship_display()})"

    def rule_errors(self):
        return validators.relation_errors(self)


# --- Mobile accounts linked to patients ---------------------------------------------------------


class AccountLinkStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting staff confirmation")
    APPROVED = "approved", _("Confirmed by staff")
    REJECTED = "rejected", _("Rejected by staff")
    LINKED = "linked", _("Linked")
    UNLINKED = "unlinked", _("Unlinked")


class AccountLinkChannel(models.TextChoices):
    MOBILE = "mobile", _("Patient's app (NIK, BPJS number, birth date)")
    STAFF = "staff", _("Clinic staff")


class AccountLink(models.Model):
    """One link of a mobile account to a patient, asked for or made: what staff review in the dashboard.

    A patient's own link (`POST /me/link`) to a record that a guardian's relation already uses
    waits here as `pending` until staff confirm it (`records.services.account_link_decide`);
    every other link and unlink is written here as it happens, so the page lists them all.
    """

    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="account_links", verbose_name=_("patient")
    )
    user = account_reference(_("mobile account"), on_delete=models.SET_NULL)
    user_email = models.CharField(_("account email"), max_length=254, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AccountLinkStatus.choices, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=AccountLinkChannel.choices)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    requested_by = account_reference(_("requested by"), on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = account_reference(_("decided by"), on_delete=models.SET_NULL)

    class Meta:
        db_table = "account_links"
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["user", "status"])]
        verbose_name = _("account link")
        verbose_name_plural = _("account links")

    def __str__(self):
        return f"{self.user_email} → {self.patient_id} ({self.get_status_display()})"


# --- Access audit log (Permenkes 24/2022) --------------------------------------------------------


class AuditAction(models.TextChoices):
    LIST = "list", _("List")
    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    VOID = "void", _("Void")
    DOWNLOAD = "download", _("Download")
    EXPORT_FHIR = "export_fhir", _("FHIR export")
    LINK = "link", _("Account linked to patient")
    LINK_FAILED = "link_failed", _("Failed link attempt")
    LINK_REQUESTED = "link_requested", _("Link awaiting staff confirmation")
    LINK_REJECTED = "link_rejected", _("Link request rejected")
    UNLINK = "unlink", _("Account unlinked from patient")
    DENIED = "denied", _("Denied (outside the caller's scope or role)")
    RAG_QUERY = "rag_query", _("Question (RAG)")
    RAG_SEARCH = "rag_search", _("Search (RAG)")


class AuditLogImmutableError(Exception):
    """Audit entries are append-only: nothing may change or delete them."""


class AuditLogQuerySet(models.QuerySet):
    """Inserts only: bulk updates and deletes raise instead of rewriting the trail."""

    def bulk_create(self, objs, batch_size=None, **kwargs):
        """Outside a transaction, rows that fit one INSERT are written by that INSERT alone.

        Django's `bulk_create` always opens a transaction (autocommit off, INSERT, COMMIT): three
        round trips for an audited read where one statement is atomic by itself. Inside a
        transaction (a write and its audit rows), or when the rows need several INSERTs
        (SQLite's parameter cap), Django's own runs, all or nothing.
        """
        objs = list(objs)
        connection = connections[self.db]
        fields = [f for f in self.model._meta.concrete_fields if not f.generated and not f.primary_key]
        if (
            not objs
            or batch_size
            or kwargs
            or connection.in_atomic_block
            or any(obj._is_pk_set() for obj in objs)
            or len(objs) > connection.ops.bulk_batch_size(fields, objs)
        ):
            return super().bulk_create(objs, batch_size=batch_size, **kwargs)
        self._prepare_for_bulk_create(objs)
        returning = self.model._meta.db_returning_fields
        if not connection.features.can_return_rows_from_bulk_insert:
            returning = None
        rows = self._insert(objs, fields=fields, using=self.db, returning_fields=returning)
        for obj, values in zip(objs, rows or [], strict=False):
            for value, field in zip(values, returning, strict=True):
                setattr(obj, field.attname, value)
        for obj in objs:
            obj._state.adding = False
            obj._state.db = self.db
        return objs

    def update(self, **kwargs):
        raise AuditLogImmutableError("Audit log entries cannot be updated.")

    def delete(self):
        raise AuditLogImmutableError("Audit log entries cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogImmutableError("Audit log entries cannot be updated.")

    def _update(self, values):
        raise AuditLogImmutableError("Audit log entries cannot be updated.")

    def _raw_delete(self, using):
        raise AuditLogImmutableError("Audit log entries cannot be deleted.")


class AuditLog(models.Model):
    """One read or write of patient data: who, what, when, from where. Written by records.audit only."""

    user = account_reference(_("user"))
    # Snapshots: what the account was at that moment, whatever it becomes later.
    user_email = models.CharField(_("user email"), max_length=254, blank=True)
    user_role = models.CharField(_("user role"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    resource = models.CharField(_("resource"), max_length=100, help_text=_("Model label, e.g. records.diagnosis."))
    object_id = models.CharField(_("object id"), max_length=64)
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("patient")
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    service = models.CharField(_("service"), max_length=30)
    path = models.CharField(_("path"), max_length=500, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)
    # What was asked (RAG questions: the question, its scope and the sources returned).
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        db_table = "audit_logs"
        base_manager_name = "objects"  # related lookups and deletion collectors refuse writes too
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["patient", "occurred_at"]), models.Index(fields=["user", "occurred_at"])]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.user_email} {self.action} {self.resource} #{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutableError("Audit log entries cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutableError("Audit log entries cannot be deleted.")
