"""Writes on clinical data: create, update and void. Nothing here ever deletes a row.

Every write goes through `clinical_save`: it validates the whole instance (`full_clean`, which
runs the clinic's rules from `records.validators` through the models' `clean`), records who made
it, and leaves a django-simple-history version. The dashboard calls the same functions.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_petugas
from records.models import (
    Allergy,
    ClinicalModel,
    Diagnosis,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Patient,
    Prescription,
    Relation,
)

VOID_REASON_MAX_LENGTH = 255
# simple-history's change-reason column is 100 characters long.
HISTORY_REASON_MAX_LENGTH = 100


def clinical_save(instance: ClinicalModel, *, saved_by: User) -> ClinicalModel:
    """The one write path for every door (API, dashboard, commands): authorship, the clinic's rules, history.

    The rules live in the models' `clean` (see `ClinicalModel.rule_errors`), so `full_clean` here and
    a dashboard form's validation apply the very same checks.
    """
    if instance._state.adding:
        instance.created_by = saved_by
    instance.updated_by = saved_by
    # Uniqueness is checked by the rules against voided rows too (the default manager hides them).
    instance.full_clean(validate_unique=False)
    instance._history_user = saved_by
    instance.save()
    return instance


@transaction.atomic
def _create(model: type[ClinicalModel], *, created_by: User, data: dict) -> ClinicalModel:
    return clinical_save(model(**data), saved_by=created_by)


@transaction.atomic
def _update(instance: ClinicalModel, *, updated_by: User, data: dict) -> ClinicalModel:
    for field, value in data.items():
        setattr(instance, field, value)
    return clinical_save(instance, saved_by=updated_by)


@transaction.atomic
def clinical_void(instance: ClinicalModel, *, voided_by: User, reason: str = "") -> list[ClinicalModel]:
    """Hide the row from everyone but admins; it stays in the table and in its history.

    What hangs from it (a patient's visits, a visit's entries) is not touched: the selectors treat
    a row as live only while its visit and patient are, so un-voiding would bring them back.
    Returns the rows voided by this call (none when it was voided already).
    """
    reason = (reason or "").strip()
    if len(reason) > VOID_REASON_MAX_LENGTH:
        raise ValidationError({"reason": [_("At most 255 characters.")]})
    if instance.voided:
        return []
    instance.voided = True
    instance.voided_at = timezone.now()
    instance.voided_by = voided_by
    instance.void_reason = reason
    instance.updated_by = voided_by
    instance._history_user = voided_by
    instance._change_reason = (f"voided: {reason}" if reason else "voided")[:HISTORY_REASON_MAX_LENGTH]
    instance.save()
    return [instance]


def _void(instance: ClinicalModel, *, voided_by: User, reason: str = "") -> ClinicalModel:
    clinical_void(instance, voided_by=voided_by, reason=reason)
    return instance


# --- Patients ----------------------------------------------------------------------------------


def patient_create(*, created_by: User, **data) -> Patient:
    return _create(Patient, created_by=created_by, data=data)


def patient_update(*, patient: Patient, updated_by: User, data: dict) -> Patient:
    return _update(patient, updated_by=updated_by, data=data)


def patient_void(*, patient: Patient, voided_by: User, reason: str = "") -> Patient:
    return _void(patient, voided_by=voided_by, reason=reason)


# --- Medical records (visits) ------------------------------------------------------------------


def medical_record_create(*, created_by: User, **data) -> MedicalRecord:
    return _create(MedicalRecord, created_by=created_by, data=data)


def medical_record_update(*, medical_record: MedicalRecord, updated_by: User, data: dict) -> MedicalRecord:
    return _update(medical_record, updated_by=updated_by, data=data)


def medical_record_void(*, medical_record: MedicalRecord, voided_by: User, reason: str = "") -> MedicalRecord:
    return _void(medical_record, voided_by=voided_by, reason=reason)


# --- What a visit produces ---------------------------------------------------------------------


def allergy_create(*, created_by: User, **data) -> Allergy:
    return _create(Allergy, created_by=created_by, data=data)


def allergy_update(*, allergy: Allergy, updated_by: User, data: dict) -> Allergy:
    return _update(allergy, updated_by=updated_by, data=data)


def allergy_void(*, allergy: Allergy, voided_by: User, reason: str = "") -> Allergy:
    return _void(allergy, voided_by=voided_by, reason=reason)


def diagnosis_create(*, created_by: User, **data) -> Diagnosis:
    return _create(Diagnosis, created_by=created_by, data=data)


def diagnosis_update(*, diagnosis: Diagnosis, updated_by: User, data: dict) -> Diagnosis:
    return _update(diagnosis, updated_by=updated_by, data=data)


def diagnosis_void(*, diagnosis: Diagnosis, voided_by: User, reason: str = "") -> Diagnosis:
    return _void(diagnosis, voided_by=voided_by, reason=reason)


def prescription_create(*, created_by: User, **data) -> Prescription:
    return _create(Prescription, created_by=created_by, data=data)


def prescription_update(*, prescription: Prescription, updated_by: User, data: dict) -> Prescription:
    return _update(prescription, updated_by=updated_by, data=data)


def prescription_void(*, prescription: Prescription, voided_by: User, reason: str = "") -> Prescription:
    return _void(prescription, voided_by=voided_by, reason=reason)


def lab_result_create(*, created_by: User, **data) -> LabResult:
    return _create(LabResult, created_by=created_by, data=data)


def lab_result_update(*, lab_result: LabResult, updated_by: User, data: dict) -> LabResult:
    return _update(lab_result, updated_by=updated_by, data=data)


def lab_result_void(*, lab_result: LabResult, voided_by: User, reason: str = "") -> LabResult:
    return _void(lab_result, voided_by=voided_by, reason=reason)


def medical_document_create(*, created_by: User, **data) -> MedicalDocument:
    return _create(MedicalDocument, created_by=created_by, data=data)


def medical_document_update(*, medical_document: MedicalDocument, updated_by: User, data: dict) -> MedicalDocument:
    return _update(medical_document, updated_by=updated_by, data=data)


def medical_document_void(*, medical_document: MedicalDocument, voided_by: User, reason: str = "") -> MedicalDocument:
    return _void(medical_document, voided_by=voided_by, reason=reason)


# --- Family links --------------------------------------------------------------------------------


def relation_create(*, created_by: User, **data) -> Relation:
    return _create(Relation, created_by=created_by, data=data)


def relation_update(*, relation: Relation, updated_by: User, data: dict) -> Relation:
    return _update(relation, updated_by=updated_by, data=data)


def relation_void(*, relation: Relation, voided_by: User, reason: str = "") -> Relation:
    return _void(relation, voided_by=voided_by, reason=reason)


# --- A patient links their own mobile account (rm_mobile, :8003) ------------------------------


class PatientLinkRefused(Exception):
    """No live, unlinked patient matches all three values, or this account may not link one.

    Deliberately one error for every reason: the caller learns nothing about which value was
    wrong or whether a patient with that NIK exists.
    """


def _digits(value: str) -> str:
    return "".join(value.split())  # cards and KTPs are often typed with spaces


@transaction.atomic
def patient_link_account(*, user: User, nik: str, bpjs_number: str, birth_date) -> Patient:
    """Link `user` to the live patient whose NIK, BPJS number and birth date all match.

    Refused (PatientLinkRefused) when the account is petugas, already has a patient (even a
    voided one), or no live patient without an account matches all three values.
    Staff link accounts through :8001 (`PATCH /patients/{id} {user}`) and the dashboard.
    """
    if not user or not user.is_authenticated or is_petugas(user):
        raise PatientLinkRefused
    if Patient.all_objects.filter(user=user).exists():
        raise PatientLinkRefused
    patient = (
        Patient.objects.select_for_update()
        .filter(nik=_digits(nik), bpjs_number=_digits(bpjs_number), birth_date=birth_date, user__isnull=True)
        .first()
    )
    if patient is None:
        raise PatientLinkRefused
    patient.user = user
    patient.updated_by = user
    patient._history_user = user
    patient._change_reason = "linked by the patient (mobile)"
    try:
        with transaction.atomic():
            patient.save(update_fields=["user", "updated_by", "updated_at"])
    except IntegrityError as error:  # the account was linked by a concurrent request
        raise PatientLinkRefused from error
    return patient
