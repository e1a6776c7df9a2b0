"""Writes on health calculations."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from calculator import formulas, selectors
from calculator.formulas.body import ADULT_AGE, completed_years
from calculator.formulas.registry import RECORD_FILLED_CALCULATORS
from calculator.formulas.text import Text
from calculator.formulas.who_growth import DAYS_PER_MONTH
from calculator.models import HealthCalculation
from records.models import Patient


def calculation_run(
    *,
    user: User,
    calculator: str,
    raw_inputs: dict[str, Any],
    lang: str,
    save: bool,
    patient: Patient | None = None,
) -> dict:
    """Validate, compute and (unless `save` is false) keep the result in the user's history.

    `patient` is whom the measurement is about; the caller (the view) has already checked it
    is in the user's scope (calculator.selectors.patient_in_scope). Without it, a patient
    account's result is about its own linked patient. For child-growth (and head-circumference,
    immunisation: the same sex/birth_date/age_months/on_date inputs), a named patient's
    record supplies the sex and birth date when they are left out (see `_child_inputs`); for
    BMI, a named patient under 18 gets BMI-for-age from their record's birth date (see
    `_bmi_inputs`).

    Raises formulas.UnknownCalculatorError (404) or formulas.CalculatorInputError (400).
    """
    today = timezone.localdate()  # "today" for a patient in Indonesia, not the server's UTC date
    if patient is None:
        patient = selectors.own_patient(user)
    elif calculator in RECORD_FILLED_CALCULATORS:
        raw_inputs = _child_inputs(raw_inputs, patient=patient, lang=lang, today=today)
    elif calculator == "bmi":
        raw_inputs = _bmi_inputs(raw_inputs, patient=patient, lang=lang, today=today)
    inputs = formulas.validate_inputs(calculator, raw_inputs, lang=lang, today=today)
    result = formulas.compute(calculator, inputs, lang, today=today)
    calculation = None
    if save:
        with transaction.atomic():
            calculation = HealthCalculation.objects.create(
                user=user,
                patient=patient,
                calculator=calculator,
                inputs=inputs,
                result=result,
                primary_value=formulas.primary_value(calculator, result),
            )
    return {"calculation": calculation, "inputs": inputs, "result": result, "patient": patient}


# How far an explicit age in months may sit from the age the patient's birth date gives.
AGE_MONTHS_TOLERANCE = 1


def _child_inputs(raw: dict[str, Any], *, patient: Patient, lang: str, today) -> dict[str, Any]:
    """Child-growth inputs completed from the patient's record.

    Precedence: the record fills `sex` and `birth_date` when they are left out; an explicit
    value must agree with the record (sex, birth date; an `age_months` within one month of
    the age the birth date gives on the measurement day), otherwise the request is a 400 —
    a measurement saved for a child must not contradict who the child is.
    """
    record_sex = {"M": "male", "F": "female"}.get(patient.sex)
    errors: dict[str, list[str]] = {}
    completed = dict(raw)
    if _blank(raw.get("sex")):
        completed["sex"] = record_sex
    else:
        given = formulas.CALCULATORS["child-growth"].input("sex").parse(raw["sex"], lang)[0]
        if given is not None and given != record_sex:
            errors["sex"] = [_DISAGREES["sex"].get(lang)]
    if _blank(raw.get("birth_date")) and _blank(raw.get("age_months")):
        completed["birth_date"] = patient.birth_date.isoformat()
    elif not _blank(raw.get("birth_date")):
        given = formulas.CALCULATORS["child-growth"].input("birth_date").parse(raw["birth_date"], lang)[0]
        if given is not None and given != patient.birth_date:
            errors["birth_date"] = [_DISAGREES["birth_date"].get(lang)]
    else:
        months = formulas.CALCULATORS["child-growth"].input("age_months").parse(raw["age_months"], lang)[0]
        on_date = formulas.CALCULATORS["child-growth"].input("on_date").parse(raw.get("on_date") or today, lang)[0]
        if months is not None and on_date is not None:
            record_months = (on_date - patient.birth_date).days / float(DAYS_PER_MONTH)
            if abs(record_months - months) > AGE_MONTHS_TOLERANCE:
                errors["age_months"] = [_DISAGREES["age_months"].get(lang)]
    if errors:
        raise formulas.CalculatorInputError(errors)
    return completed


def _bmi_inputs(raw: dict[str, Any], *, patient: Patient, lang: str, today) -> dict[str, Any]:
    """BMI inputs completed from the record of a named patient (a family member) who is a child.

    The adult cut-offs must not judge a child: when the named patient's record says they are
    under 18, their birth date (and sex, when left out) comes from the record, so the calculator
    grades BMI-for-age or refuses an under-five with a pointer to child-growth. An explicit birth
    date must agree with the record; an explicit age is checked against it by the calculator.
    """
    if completed_years(patient.birth_date, today) >= ADULT_AGE:
        return raw
    completed = dict(raw)
    if _blank(raw.get("birth_date")):
        completed["birth_date"] = patient.birth_date.isoformat()
    else:
        given = formulas.CALCULATORS["bmi"].input("birth_date").parse(raw["birth_date"], lang)[0]
        if given is not None and given != patient.birth_date:
            raise formulas.CalculatorInputError({"birth_date": [_DISAGREES["birth_date"].get(lang)]})
    if _blank(raw.get("sex")):
        completed["sex"] = {"M": "male", "F": "female"}.get(patient.sex)
    return completed


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_DISAGREES = {
    "sex": Text(
        "Tidak sesuai dengan jenis kelamin di data pasien; kosongkan untuk memakai data pasien.",
        "Does not match the patient's recorded sex; leave it out to use the record.",
    ),
    "birth_date": Text(
        "Tidak sesuai dengan tanggal lahir di data pasien; kosongkan untuk memakai data pasien.",
        "Does not match the patient's recorded birth date; leave it out to use the record.",
    ),
    "age_months": Text(
        "Tidak sesuai dengan umur menurut tanggal lahir di data pasien; kosongkan untuk memakai data pasien.",
        "Does not match the age from the patient's recorded birth date; leave it out to use the record.",
    ),
}


def calculation_delete(*, calculation: HealthCalculation) -> None:
    """A user's own calculator history is theirs to remove (it is not a clinical record)."""
    calculation.delete()
