"""Writes on clinical data: create, update and void. Nothing here ever deletes a row.

Every write goes through `clinical_save`: it validates the whole instance (`full_clean`, which
runs the clinic's rules from `records.validators` through the models' `clean`), records who made
it, and leaves a django-simple-history version. The dashboard calls the same functions.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.roles import is_petugas, user_role
from records.audit import DeniedReason
from records.models import (
    AccountLink,
    AccountLinkChannel,
    AccountLinkStatus,
    Allergy,
    AuditAction,
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

# Linking a mobile account to a patient gives that account the whole record: front-desk work
# (staff) and the clinic's administrators, not clinicians.
ACCOUNT_LINKERS = (Role.ADMIN, Role.STAFF)


class AccountLinkForbidden(PermissionDenied):
    """The caller may edit the patient but not link or unlink its mobile account (403)."""

    denied_reason = DeniedReason.MAY_NOT_LINK_ACCOUNTS


def may_link_accounts(user: User) -> bool:
    return user_role(user) in ACCOUNT_LINKERS


def patient_save(patient: Patient, *, saved_by: User, change_reason: str = "") -> Patient:
    """`clinical_save` for a patient, with the rule for its mobile account (`user`).

    Only ACCOUNT_LINKERS change it (AccountLinkForbidden otherwise, before anything is written);
    each change is an AccountLink row (unlinked, linked) and is listed, as `(AuditAction, account
    id)`, in `patient.account_link_changes` for the door's audit (records.audit.audit_account_links).
    """
    previous, current = patient.stored_value("user_id"), patient.user_id
    changes = []
    if previous != current:
        if not may_link_accounts(saved_by):
            raise AccountLinkForbidden(_("Only clinic staff and administrators link or unlink a mobile account."))
        changes = [(AuditAction.UNLINK, previous)] if previous is not None else []
        changes += [(AuditAction.LINK, current)] if current is not None else []
    if change_reason:
        patient._change_reason = change_reason
    clinical_save(patient, saved_by=saved_by)
    statuses = {AuditAction.UNLINK: AccountLinkStatus.UNLINKED, AuditAction.LINK: AccountLinkStatus.LINKED}
    for action, account_id in changes:
        _account_link_record(
            patient=patient,
            account=User.objects.get(pk=account_id),
            status=statuses[action],
            channel=AccountLinkChannel.STAFF,
            by=saved_by,
        )
    patient.account_link_changes = changes
    return patient


@transaction.atomic
def patient_create(*, created_by: User, **data) -> Patient:
    return patient_save(Patient(**data), saved_by=created_by)


@transaction.atomic
def patient_update(*, patient: Patient, updated_by: User, data: dict) -> Patient:
    for field, value in data.items():
        setattr(patient, field, value)
    return patient_save(patient, saved_by=updated_by)


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


def _account_link_record(*, patient: Patient, account: User, status: str, channel: str, by: User) -> AccountLink:
    decided = status != AccountLinkStatus.PENDING
    return AccountLink.objects.create(
        patient=patient,
        user=account,
        user_email=account.email,
        status=status,
        channel=channel,
        requested_by=by,
        decided_at=timezone.now() if decided else None,
        decided_by=by if decided else None,
    )


def patient_in_guardian_use(patient: Patient) -> bool:
    """Whether someone views this patient's record through a live relation (a parent, a carer).

    Whoever holds that relation reads the record, so the three values the self-link asks for are
    no proof of being this patient: staff confirm such a link (AccountLink `pending`).
    """
    return Relation.objects.filter(related_patient=patient, can_view_records=True, patient__voided=False).exists()


@transaction.atomic
def patient_link_account(*, user: User, nik: str, bpjs_number: str, birth_date) -> AccountLink:
    """Link `user` to the live patient whose NIK, BPJS number and birth date all match.

    Refused (PatientLinkRefused) when the account is petugas, already has a patient (even a
    voided one), or no live patient without an account matches all three values. A patient in
    a guardian's use (`patient_in_guardian_use`) is not linked: the request waits for staff
    (`account_link_decide`) as a `pending` AccountLink, returned as is (one per account and patient).
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
    if patient_in_guardian_use(patient):
        waiting = AccountLink.objects.filter(patient=patient, user=user, status=AccountLinkStatus.PENDING).first()
        return waiting or _account_link_record(
            patient=patient, account=user, status=AccountLinkStatus.PENDING, channel=AccountLinkChannel.MOBILE, by=user
        )
    patient.user = user
    patient.updated_by = user
    patient._history_user = user
    patient._change_reason = "linked by the patient (mobile)"
    try:
        with transaction.atomic():
            patient.save(update_fields=["user", "updated_by", "updated_at"])
    except IntegrityError as error:  # the account was linked by a concurrent request
        raise PatientLinkRefused from error
    return _account_link_record(
        patient=patient, account=user, status=AccountLinkStatus.LINKED, channel=AccountLinkChannel.MOBILE, by=user
    )


@transaction.atomic
def account_link_decide(*, link: AccountLink, decided_by: User, approve: bool) -> AccountLink:
    """Staff confirm (the account is linked) or reject a pending self-link; anything else is refused.

    Confirming re-checks what may have changed meanwhile: the patient still live and without an
    account, the account still without a patient (ValidationError otherwise: reject it instead).
    """
    if not may_link_accounts(decided_by):
        raise AccountLinkForbidden(_("Only clinic staff and administrators link or unlink a mobile account."))
    link = AccountLink.objects.select_for_update().get(pk=link.pk)
    if link.status != AccountLinkStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if approve:
        patient = Patient.objects.select_for_update().filter(pk=link.patient_id, user__isnull=True).first()
        if patient is None or link.user is None or Patient.all_objects.filter(user=link.user).exists():
            raise ValidationError(_("The record or the account has been linked meanwhile: reject this request."))
        patient.user = link.user
        patient._change_reason = "link confirmed by staff"
        clinical_save(patient, saved_by=decided_by)
    link.status = AccountLinkStatus.APPROVED if approve else AccountLinkStatus.REJECTED
    link.decided_at = timezone.now()
    link.decided_by = decided_by
    link.save(update_fields=["status", "decided_at", "decided_by"])
    return link
