"""Reads on health calculations: a user's own history and its per-calculator summary."""

from collections import defaultdict
from typing import Any

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from accounts.models import User
from calculator import formulas
from calculator.formulas.rounding import round_half_up
from calculator.models import HealthCalculation
from records.models import MedicalRecord

# Two readings per calculator are enough for "latest, previous and trend".
READINGS_PER_CALCULATOR = 2
# Calculators whose inputs a clinic visit measures, and the visit fields that feed them.
CLINIC_VITAL_INPUTS = {"bmi": ("weight_kg", "height_cm"), "blood-pressure": ("systolic", "diastolic")}
# Changes smaller than this (in the calculator's own unit) count as stable.
TREND_TOLERANCE = 1e-9


def calculation_list(*, fetched_by: User) -> QuerySet[HealthCalculation]:
    """Only the caller's own calculations: nobody reads another person's history."""
    return HealthCalculation.objects.filter(user=fetched_by).order_by("-created_at", "-id")


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


def _latest_calculations(user: User) -> dict[str, list[dict[str, Any]]]:
    """The newest readings of each calculator in one query, however long the history is."""
    ranked = (
        HealthCalculation.objects.filter(user=user, primary_value__isnull=False)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("calculator"), order_by=[F("created_at").desc(), F("id").desc()])
        )
        .filter(rank__lte=READINGS_PER_CALCULATOR)
    )
    readings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for calculation in ranked:
        readings[calculation.calculator].append(_reading_from_calculation(calculation))
    return readings


def _clinic_visit_readings(user: User, lang: str) -> dict[str, list[dict[str, Any]]]:
    """Vitals measured at the clinic are readings of the same calculators (BMI, blood pressure)."""
    readings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    patient = getattr(user, "patient", None)
    if patient is None or patient.voided:
        return readings
    visits = MedicalRecord.objects.filter(patient=patient).order_by("-visit_date", "-id")
    for calculator, fields in CLINIC_VITAL_INPUTS.items():
        # Every input present (a filter ANDs them), so a half-measured visit takes no reading slot.
        measured = visits.filter(**{f"{field}__isnull": False for field in fields}).only("id", "visit_date", *fields)[
            :READINGS_PER_CALCULATOR
        ]
        for visit in measured:
            raw = {field: str(getattr(visit, field)) for field in fields}
            try:
                result = formulas.compute(calculator, raw, lang)
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


def _trend(latest: float | None, previous: float | None) -> str | None:
    if latest is None or previous is None:
        return None
    if abs(latest - previous) <= TREND_TOLERANCE:
        return "stable"
    return "up" if latest > previous else "down"


def calculation_summary(*, fetched_by: User, lang: str = "id") -> list[dict[str, Any]]:
    """Per calculator: the latest reading, the one before it, and which way it moved."""
    readings = _latest_calculations(fetched_by)
    for calculator, visit_readings in _clinic_visit_readings(fetched_by, lang).items():
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
