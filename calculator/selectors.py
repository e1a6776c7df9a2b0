"""Reads on health calculations: a user's history, a patient's measurements and their summary.

Whose rows (decided here, nowhere else):
- no patient named: the history is every calculation the caller saved (for anyone); the
  summary is the caller themself (their own patient's rows, and rows they saved unlinked);
- a patient named: every calculation about that patient, whoever saved it (a parent, the other
  parent, a petugas), plus — for the caller's own patient — the rows they saved before their
  account was linked. The patient itself must come through `patient_in_scope`, which asks
  records.selectors (patients: own + dependents with can_view_records; petugas: any live
  patient); anything else is "not found".
"""

from collections import defaultdict
from typing import Any

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from calculator import formulas
from calculator.charts import GrowthPoint, TrendPoint
from calculator.formulas.rounding import round_half_up
from calculator.formulas.who_growth import MAX_AGE_DAYS
from calculator.models import HealthCalculation
from records.models import Patient
from records.selectors import medical_record_list, patient_list

# Two readings per calculator are enough for "latest, previous and trend".
READINGS_PER_CALCULATOR = 2
# Calculators whose inputs a clinic visit measures, and the visit fields that feed them.
CLINIC_VITAL_INPUTS = {"bmi": ("weight_kg", "height_cm"), "blood-pressure": ("systolic", "diastolic")}
# Changes smaller than this (in the calculator's own unit) count as stable.
TREND_TOLERANCE = 1e-9


def patient_in_scope(*, fetched_by: User, patient_id: int) -> Patient | None:
    """The live patient `fetched_by` may name, or None (the API answers 404 either way)."""
    return patient_list(fetched_by=fetched_by).filter(pk=patient_id).first()


def own_patient(user: User) -> Patient | None:
    """The caller's own live patient, if their account is linked to one."""
    if not user or not user.is_authenticated:
        return None
    return Patient.objects.filter(user=user).first()


def _about(patient: Patient, fetched_by: User) -> Q:
    rows = Q(patient=patient)
    if patient.user_id is not None and patient.user_id == fetched_by.pk:
        rows |= Q(user=fetched_by, patient__isnull=True)  # saved before the account was linked
    return rows


def calculation_list(*, fetched_by: User, patient: Patient | None = None) -> QuerySet[HealthCalculation]:
    """The caller's history, or (with `patient`, already scope-checked) that patient's measurements."""
    if not fetched_by or not fetched_by.is_authenticated:
        return HealthCalculation.objects.none()
    rows = HealthCalculation.objects.filter(_about(patient, fetched_by) if patient else Q(user=fetched_by))
    return rows.order_by("-created_at", "-id")


def calculation_visible_list(*, fetched_by: User) -> QuerySet[HealthCalculation]:
    """Single rows the caller may read: their own, and any about a patient in their scope."""
    if not fetched_by or not fetched_by.is_authenticated:
        return HealthCalculation.objects.none()
    return HealthCalculation.objects.filter(
        Q(user=fetched_by) | Q(patient__in=patient_list(fetched_by=fetched_by).values("pk"))
    ).order_by("-created_at", "-id")


def _subject_calculations(fetched_by: User, patient: Patient | None) -> QuerySet[HealthCalculation]:
    """Rows about one person: `patient`, or else the caller themself."""
    if patient is not None:
        return HealthCalculation.objects.filter(_about(patient, fetched_by))
    return HealthCalculation.objects.filter(user=fetched_by, patient__isnull=True)


def child_growth_measurements(*, fetched_by: User, patient: Patient) -> list[HealthCalculation]:
    """A child's saved child-growth results, oldest first (for the KMS chart)."""
    return list(
        calculation_list(fetched_by=fetched_by, patient=patient)
        .filter(calculator="child-growth")
        .order_by("created_at", "id")
        .only("id", "result", "inputs", "created_at", "patient_id")
    )


def _category(result: dict[str, Any]) -> dict[str, Any]:
    category = result.get("category") if isinstance(result, dict) else None
    return category if isinstance(category, dict) else {}


def _reading_from_calculation(calculation: HealthCalculation) -> dict[str, Any]:
    category = _category(calculation.result)
    return {
        "value": calculation.primary_value,
        "measured_at": calculation.created_at,
        "source": "calculation",
        "calculation_id": calculation.pk,
        "medical_record_id": None,
        "code": category.get("code"),
        "label": category.get("label"),
    }


def _latest_calculations(rows: QuerySet[HealthCalculation]) -> dict[str, list[dict[str, Any]]]:
    """The newest readings of each calculator in one query, however long the history is."""
    ranked = (
        rows.filter(primary_value__isnull=False)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("calculator"), order_by=[F("created_at").desc(), F("id").desc()])
        )
        .filter(rank__lte=READINGS_PER_CALCULATOR)
    )
    readings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for calculation in ranked:
        readings[calculation.calculator].append(_reading_from_calculation(calculation))
    return readings


def _clinic_visit_readings(user: User, patient: Patient | None, lang: str) -> dict[str, list[dict[str, Any]]]:
    """Vitals measured at the clinic are readings of the same calculators (BMI, blood pressure),
    for the patient they were measured on (visits in the caller's scope only)."""
    readings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if patient is None or patient.voided:
        return readings
    visits = medical_record_list(fetched_by=user).filter(patient=patient).order_by("-visit_date", "-id")
    for calculator, fields in CLINIC_VITAL_INPUTS.items():
        # Every input present (a filter ANDs them), so a half-measured visit takes no reading slot.
        measured = visits.filter(**{f"{field}__isnull": False for field in fields}).only("id", "visit_date", *fields)[
            :READINGS_PER_CALCULATOR
        ]
        for visit in measured:
            raw = _visit_inputs(calculator, visit, patient, fields)
            try:
                result = formulas.compute(calculator, raw, lang, today=timezone.localdate())
            except formulas.CalculatorInputError:
                continue  # a visit value outside the calculator's range is not a usable reading
            category = _category(result)
            readings[calculator].append(
                {
                    "value": formulas.primary_value(calculator, result),
                    "measured_at": visit.visit_date,
                    "source": "clinic_visit",
                    "calculation_id": None,
                    "medical_record_id": visit.pk,
                    "code": category.get("code"),
                    "label": category.get("label"),
                }
            )
    return readings


def _visit_inputs(calculator: str, visit, patient: Patient, fields: tuple[str, ...]) -> dict[str, Any]:
    """A clinic visit's vitals as calculator input. For BMI the patient's birth date, sex and the
    visit date go with them, so a child of 5–17 gets BMI-for-age and an under-five is refused (and
    skipped) instead of being judged by the adult cut-offs."""
    raw: dict[str, Any] = {field: str(getattr(visit, field)) for field in fields}
    if calculator == "bmi":
        raw.update(
            birth_date=patient.birth_date.isoformat(),
            sex={"M": "male", "F": "female"}.get(patient.sex),
            on_date=timezone.localdate(visit.visit_date).isoformat(),
        )
    return raw


def _trend(latest: float | None, previous: float | None) -> str | None:
    if latest is None or previous is None:
        return None
    if abs(latest - previous) <= TREND_TOLERANCE:
        return "stable"
    return "up" if latest > previous else "down"


def calculation_summary(*, fetched_by: User, patient: Patient | None = None, lang: str = "id") -> list[dict[str, Any]]:
    """Per calculator: the latest reading, the one before it, and which way it moved — for
    `patient` (scope-checked by the caller) or else for the caller themself."""
    subject = patient if patient is not None else own_patient(fetched_by)
    readings = _latest_calculations(_subject_calculations(fetched_by, subject))
    for calculator, visit_readings in _clinic_visit_readings(fetched_by, subject, lang).items():
        readings[calculator].extend(visit_readings)
    summary = []
    for calculator in sorted(readings):
        ordered = sorted(readings[calculator], key=lambda reading: reading["measured_at"], reverse=True)
        latest = ordered[0]
        previous = ordered[1] if len(ordered) > 1 else None
        summary.append(
            {
                "calculator": calculator,
                "latest": latest,
                "previous": previous,
                "trend": _trend(latest["value"], previous["value"] if previous else None),
                "change": (
                    round_half_up(latest["value"] - previous["value"], 2)
                    if previous and latest["value"] is not None and previous["value"] is not None
                    else None
                ),
            }
        )
    return summary


def growth_points(*, fetched_by: User, patient: Patient) -> list[GrowthPoint]:
    """A child's measurements as chart points: saved child-growth results and the weight and
    height measured at clinic visits under 5 years (two queries).

    A visit does not record how the child was measured; it is taken to be the way the WHO
    standard expects at that age (lying under 24 months, standing from 24), so no ±0.7 cm.
    """
    points = []
    for calculation in child_growth_measurements(fetched_by=fetched_by, patient=patient):
        result, inputs = calculation.result or {}, calculation.inputs or {}
        age_days = result.get("age_days")
        if not isinstance(age_days, int):
            continue  # not a usable measurement
        weighed = not inputs.get("oedema")  # with oedema the weight says nothing about nutrition
        points.append(
            GrowthPoint(
                age_days=age_days,
                weight_kg=_number(inputs.get("weight_kg")) if weighed else None,
                length_cm=_number(result.get("length_cm_used")),
                bmi=_number(result.get("bmi")) if weighed else None,
            )
        )
    if patient.voided:
        return points
    visits = (
        medical_record_list(fetched_by=fetched_by)
        .filter(patient=patient)
        .filter(Q(weight_kg__isnull=False) | Q(height_cm__isnull=False))
        .order_by("visit_date", "id")
        .only("id", "visit_date", "weight_kg", "height_cm")
    )
    for visit in visits:
        age_days = (timezone.localdate(visit.visit_date) - patient.birth_date).days
        if not 0 <= age_days <= MAX_AGE_DAYS:
            continue
        weight = float(visit.weight_kg) if visit.weight_kg is not None else None
        length = float(visit.height_cm) if visit.height_cm is not None else None
        bmi = round_half_up(weight / (length / 100) ** 2, 2) if weight and length else None
        points.append(GrowthPoint(age_days, weight, length, bmi, source="clinic_visit"))
    return points


# The newest readings a trend chart shows, per source.
TREND_READINGS = 100


def trend_points(*, fetched_by: User, calculator: str, patient: Patient | None = None) -> list[TrendPoint]:
    """BMI, blood-pressure or HbA1c readings over time for `patient` (scope-checked by the caller) or the
    caller themself: their saved calculations and clinic-visit vitals (two queries)."""
    subject = patient if patient is not None else own_patient(fetched_by)
    points: list[TrendPoint] = []
    rows = (
        _subject_calculations(fetched_by, subject)
        .filter(calculator=calculator, primary_value__isnull=False)
        .order_by("-created_at", "-id")
        .only("id", "result", "primary_value", "created_at")[:TREND_READINGS]
    )
    for calculation in rows:
        values = _trend_values(calculator, calculation.result or {}, calculation.primary_value)
        if values:
            points.append(TrendPoint(when=calculation.created_at, values=values, source="calculation"))
    fields = CLINIC_VITAL_INPUTS.get(calculator)  # a clinic visit records BMI and blood-pressure inputs only
    if subject is not None and not subject.voided and fields:
        visits = (
            medical_record_list(fetched_by=fetched_by)
            .filter(patient=subject, **{f"{field}__isnull": False for field in fields})
            .order_by("-visit_date", "-id")
            .only("id", "visit_date", *fields)[:TREND_READINGS]
        )
        for visit in visits:
            if calculator == "bmi":
                try:
                    result = formulas.compute(
                        "bmi", _visit_inputs("bmi", visit, subject, fields), today=timezone.localdate()
                    )
                except formulas.CalculatorInputError:
                    continue
                values = (result["value"],)
            else:
                values = (float(visit.systolic), float(visit.diastolic))
            points.append(TrendPoint(when=visit.visit_date, values=values, source="clinic_visit"))
    return points


def _trend_values(calculator: str, result: dict[str, Any], primary: float) -> tuple[float, ...] | None:
    if calculator == "blood-pressure":
        systolic, diastolic = _number(result.get("systolic")), _number(result.get("diastolic"))
        return (systolic, diastolic) if systolic is not None and diastolic is not None else None
    return (primary,)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)
