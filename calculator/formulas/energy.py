"""Energy expenditure: basal metabolic rate (BMR) and total daily energy expenditure (TDEE)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .rounding import round_half_up, round_half_up_int, to_decimal
from .spec import ADULT_AGE_HELP, HEIGHT_HELP, WEIGHT_HELP, CalculatorSpec, InputSpec, number_input, sex_input
from .text import Text, format_number

ACTIVITY_FACTORS: dict[str, Decimal] = {
    "sedentary": Decimal("1.2"),
    "light": Decimal("1.375"),
    "moderate": Decimal("1.55"),
    "active": Decimal("1.725"),
    "very_active": Decimal("1.9"),
}
ACTIVITY_LABELS = {
    "sedentary": Text("Sangat jarang bergerak (duduk sepanjang hari)", "Sedentary (little or no exercise)"),
    "light": Text("Aktivitas ringan (olahraga 1–3 hari/minggu)", "Light (exercise 1–3 days a week)"),
    "moderate": Text("Aktivitas sedang (olahraga 3–5 hari/minggu)", "Moderate (exercise 3–5 days a week)"),
    "active": Text("Aktif (olahraga 6–7 hari/minggu)", "Active (exercise 6–7 days a week)"),
    "very_active": Text(
        "Sangat aktif (kerja fisik berat atau latihan 2×/hari)",
        "Very active (hard physical work or training twice a day)",
    ),
}


def mifflin_st_jeor(*, weight_kg: float, height_cm: float, age: int, sex: str) -> Decimal:
    """Mifflin–St Jeor BMR (kcal/day), unrounded: 10W + 6.25H − 5A + 5 (men) / − 161 (women)."""
    base = 10 * to_decimal(weight_kg) + Decimal("6.25") * to_decimal(height_cm) - 5 * to_decimal(age)
    return base + (5 if sex == "male" else -161)


def harris_benedict_revised(*, weight_kg: float, height_cm: float, age: int, sex: str) -> Decimal:
    """Harris–Benedict BMR as revised by Roza & Shizgal (kcal/day), unrounded."""
    weight, height, years = to_decimal(weight_kg), to_decimal(height_cm), to_decimal(age)
    if sex == "male":
        return Decimal("88.362") + Decimal("13.397") * weight + Decimal("4.799") * height - Decimal("5.677") * years
    return Decimal("447.593") + Decimal("9.247") * weight + Decimal("3.098") * height - Decimal("4.330") * years


def _bmr_methods(weight_kg: float, height_cm: float, age: int, sex: str) -> tuple[Decimal, Decimal]:
    kwargs = {"weight_kg": weight_kg, "height_cm": height_cm, "age": age, "sex": sex}
    return mifflin_st_jeor(**kwargs), harris_benedict_revised(**kwargs)


def bmr(*, weight_kg: float, height_cm: float, age: int, sex: str, lang: str = "id") -> dict[str, Any]:
    """Basal metabolic rate (kcal/day) by Mifflin–St Jeor (the value) and revised Harris–Benedict.

    Mifflin–St Jeor: men 10W + 6.25H − 5A + 5; women 10W + 6.25H − 5A − 161.
    Harris–Benedict (Roza & Shizgal): men 88.362 + 13.397W + 4.799H − 5.677A;
    women 447.593 + 9.247W + 3.098H − 4.330A. W kg, H cm, A years. Reported to
    2 decimals, half-up.

    References:
        Mifflin MD, St Jeor ST, et al. A new predictive equation for resting energy
        expenditure in healthy individuals. Am J Clin Nutr. 1990;51:241-247.
        Roza AM, Shizgal HM. The Harris Benedict equation reevaluated. Am J Clin Nutr.
        1984;40:168-182.
    """
    mifflin, harris = _bmr_methods(weight_kg, height_cm, age, sex)
    value = round_half_up(mifflin, 2)
    shown = format_number(round_half_up_int(mifflin), lang)
    return {
        "calculator": "bmr",
        "value": value,
        "unit": "kcal/day",
        "scheme": "mifflin_st_jeor_1990",
        "methods": {
            "mifflin_st_jeor": {"value": value, "unit": "kcal/day", "reference": "Mifflin et al. 1990"},
            "harris_benedict_revised": {
                "value": round_half_up(harris, 2),
                "unit": "kcal/day",
                "reference": "Roza & Shizgal 1984",
            },
        },
        "interpretation": Text(
            f"Saat istirahat total, tubuh Anda membakar sekitar {shown} kkal per hari (Mifflin–St Jeor). "
            "Kebutuhan harian sebenarnya lebih tinggi karena aktivitas; lihat kalkulator TDEE.",
            f"At complete rest your body burns about {shown} kcal a day (Mifflin–St Jeor). "
            "Your real daily need is higher because of activity; see the TDEE calculator.",
        ).get(lang),
    }


def tdee(*, weight_kg: float, height_cm: float, age: int, sex: str, activity: str, lang: str = "id") -> dict[str, Any]:
    """Total daily energy expenditure = BMR × activity factor.

    Factors: sedentary 1.2, light 1.375, moderate 1.55, active 1.725, very active 1.9,
    applied to the unrounded BMR; the result is reported to 1 decimal, half-up.

    References:
        Mifflin MD, St Jeor ST, et al. Am J Clin Nutr. 1990;51:241-247.
        Roza AM, Shizgal HM. Am J Clin Nutr. 1984;40:168-182.
        McArdle WD, Katch FI, Katch VL. Exercise Physiology (activity multipliers).
    """
    mifflin, harris = _bmr_methods(weight_kg, height_cm, age, sex)
    factor = ACTIVITY_FACTORS[activity]
    value = round_half_up(mifflin * factor, 1)
    shown = format_number(round_half_up_int(mifflin * factor), lang)
    return {
        "calculator": "tdee",
        "value": value,
        "unit": "kcal/day",
        "scheme": "mifflin_st_jeor_1990",
        "activity": {"code": activity, "label": ACTIVITY_LABELS[activity].get(lang), "factor": float(factor)},
        "bmr": {
            "mifflin_st_jeor": round_half_up(mifflin, 2),
            "harris_benedict_revised": round_half_up(harris, 2),
            "unit": "kcal/day",
        },
        "methods": {
            "mifflin_st_jeor": {"value": value, "unit": "kcal/day"},
            "harris_benedict_revised": {"value": round_half_up(harris * factor, 1), "unit": "kcal/day"},
        },
        "interpretation": Text(
            f"Untuk menjaga berat badan, Anda membutuhkan sekitar {shown} kkal per hari. "
            "Untuk menurunkan berat badan secara aman, kurangi sekitar 500 kkal per hari.",
            f"To keep your weight steady you need about {shown} kcal a day. "
            "To lose weight safely, eat about 500 kcal a day less.",
        ).get(lang),
    }


_BMR_INPUTS = (
    number_input("weight_kg", "kg", "20", "300", WEIGHT_HELP),
    number_input("height_cm", "cm", "100", "250", HEIGHT_HELP),
    number_input("age", "years", "18", "120", ADULT_AGE_HELP, integer=True),
    sex_input(),
)
_REFERENCES = ("Mifflin et al. 1990", "Roza & Shizgal 1984 (revised Harris–Benedict)")

BMR_SPEC = CalculatorSpec(
    name="bmr",
    title=Text("Angka metabolisme basal (BMR)", "Basal metabolic rate (BMR)"),
    description=Text(
        "Energi yang dibakar tubuh saat istirahat (Mifflin–St Jeor dan Harris–Benedict).",
        "Energy the body burns at rest (Mifflin–St Jeor and Harris–Benedict).",
    ),
    references=_REFERENCES,
    inputs=_BMR_INPUTS,
    function=bmr,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("BMR Mifflin–St Jeor (kkal/hari)", "Mifflin–St Jeor BMR (kcal/day)"),
)

TDEE_SPEC = CalculatorSpec(
    name="tdee",
    title=Text("Kebutuhan energi harian (TDEE)", "Total daily energy expenditure (TDEE)"),
    description=Text("BMR dikali faktor aktivitas fisik.", "BMR multiplied by a physical-activity factor."),
    references=_REFERENCES,
    inputs=_BMR_INPUTS
    + (
        InputSpec(
            name="activity",
            type="choice",
            choices=tuple(ACTIVITY_FACTORS),
            choice_labels=ACTIVITY_LABELS,
            help=Text("Tingkat aktivitas fisik.", "Physical activity level."),
        ),
    ),
    function=tdee,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("TDEE (kkal/hari)", "TDEE (kcal/day)"),
)
