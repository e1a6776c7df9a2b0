"""Energy expenditure: basal metabolic rate (BMR) and total daily energy expenditure (TDEE)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .body import bmi_category_code, bmi_value, check_adult_bmi_plausible
from .rounding import round_half_up, round_half_up_int, to_decimal
from .spec import (
    ADULT_AGE_HELP,
    HEIGHT_HELP,
    WEIGHT_HELP,
    CalculatorSpec,
    InputSpec,
    ValidationContext,
    flag_input,
    number_input,
    sex_input,
)
from .text import Text, format_number
from .water import LACTATION_PERIOD_LABELS, check_pregnancy_lactation, lactation_period_input

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


def tdee(
    *,
    weight_kg: float,
    height_cm: float,
    age: int,
    sex: str,
    activity: str,
    pregnant: bool = False,
    trimester: str | None = None,
    lactating: bool = False,
    lactation_period: str = "first_6_months",
    lang: str = "id",
) -> dict[str, Any]:
    """Total daily energy expenditure = BMR × activity factor.

    Factors: sedentary 1.2, light 1.375, moderate 1.55, active 1.725, very active 1.9,
    applied to the unrounded BMR; the result is reported to 1 decimal, half-up.

    The advice follows the BMI (Kemenkes cut-offs), see ``energy_goal``: eat less only when
    overweight or obese and never below 1,200 kcal (women) / 1,500 kcal (men) a day; eat
    enough to gain when underweight; otherwise keep the intake.

    In pregnancy and while breastfeeding there is never a deficit, whatever the BMI: the need is
    the TDEE plus the AKG 2019 addition (pregnancy +180 kcal in the 1st trimester, +300 in the
    2nd and 3rd; breastfeeding +330 in the first 6 months, +400 in the second 6 months).

    References:
        Mifflin MD, St Jeor ST, et al. Am J Clin Nutr. 1990;51:241-247.
        Roza AM, Shizgal HM. Am J Clin Nutr. 1984;40:168-182.
        McArdle WD, Katch FI, Katch VL. Exercise Physiology (activity multipliers).
        NIH/NHLBI/NAASO. The Practical Guide: Identification, Evaluation, and Treatment of
        Overweight and Obesity in Adults. NIH Publication No. 00-4084, October 2000: a deficit
        of 500–1,000 kcal/day; weight-loss diets of 1,000–1,200 kcal/day for most women and
        1,200–1,600 kcal/day for men. The floors used here (1,200 women, 1,500 men) are this
        project's rule for self-guided advice, inside the guide's targets.
        Permenkes RI No. 28/2019 (AKG 2019): additions for pregnancy and breastfeeding.
    """
    mifflin, harris = _bmr_methods(weight_kg, height_cm, age, sex)
    factor = ACTIVITY_FACTORS[activity]
    value = round_half_up(mifflin * factor, 1)
    shown = format_number(round_half_up_int(mifflin * factor), lang)
    bmi = bmi_value(weight_kg, height_cm)
    bmi_code = bmi_category_code(bmi, "kemenkes")
    goal = energy_goal(tdee_kcal=mifflin * factor, sex=sex, bmi_code=bmi_code)
    addition = None
    if pregnant or lactating:
        addition = _akg_energy_addition(pregnant, trimester, lactation_period, lang)
        goal = {
            "goal": "pregnancy" if pregnant else "lactation",
            "target_kcal": round_half_up_int(mifflin * factor) + addition["kcal"],
            "safe_floor_kcal": goal["safe_floor_kcal"],
            "floor_applied": False,
            "addition_kcal": addition["kcal"],
        }
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
        "bmi": {"value": float(bmi), "code": bmi_code, "scheme": "kemenkes"},
        "energy_goal": goal,
        "akg_addition": addition,
        "interpretation": (
            _pregnancy_energy_advice(goal, addition, shown_maintain=shown, pregnant=pregnant, lang=lang)
            if addition
            else _energy_advice(goal, shown_maintain=shown, bmi=bmi, bmi_code=bmi_code, lang=lang)
        ),
    }


# Permenkes 28/2019 (AKG 2019), "Hamil" and "Menyusui" rows: energy added to the woman's own need.
AKG_2019_PREGNANCY_ENERGY_KCAL = {"1": 180, "2": 300, "3": 300}
AKG_2019_LACTATION_ENERGY_KCAL = {"first_6_months": 330, "second_6_months": 400}
TRIMESTER_LABELS = {
    "1": Text("Trimester 1", "First trimester"),
    "2": Text("Trimester 2", "Second trimester"),
    "3": Text("Trimester 3", "Third trimester"),
}


def _akg_energy_addition(pregnant: bool, trimester: str | None, lactation_period: str, lang: str) -> dict[str, Any]:
    if pregnant:
        assert trimester is not None  # the input check requires it
        return {
            "reason": "pregnancy",
            "period": trimester,
            "label": TRIMESTER_LABELS[trimester].get(lang),
            "kcal": AKG_2019_PREGNANCY_ENERGY_KCAL[trimester],
        }
    return {
        "reason": "lactation",
        "period": lactation_period,
        "label": LACTATION_PERIOD_LABELS[lactation_period].get(lang),
        "kcal": AKG_2019_LACTATION_ENERGY_KCAL[lactation_period],
    }


def _pregnancy_energy_advice(
    goal: dict[str, Any], addition: dict[str, Any], *, shown_maintain: str, pregnant: bool, lang: str
) -> str:
    target = format_number(goal["target_kcal"], lang)
    extra = format_number(addition["kcal"], lang)
    if pregnant:
        return Text(
            f"Selama hamil ({addition['label'].lower()}) kebutuhan Anda sekitar {target} kkal per hari: "
            f"{shown_maintain} kkal ditambah {extra} kkal menurut AKG 2019. Jangan berdiet untuk menurunkan berat "
            "badan selama hamil, "
            "berapa pun IMT Anda; kenaikan berat badan dipantau bidan atau dokter sesuai IMT sebelum hamil. Hitung "
            "dengan berat badan sebelum hamil bila Anda mengetahuinya.",
            f"During pregnancy ({addition['label'].lower()}) you need about {target} kcal a day: {shown_maintain} kcal "
            f"plus {extra} kcal according to AKG 2019. Do not diet to lose weight in pregnancy, whatever your BMI; "
            "your weight gain is followed by your midwife or doctor according to your pre-pregnancy BMI. Use your "
            "pre-pregnancy weight if you know it.",
        ).get(lang)
    return Text(
        f"Selama menyusui ({addition['label'].lower()}) kebutuhan Anda sekitar {target} kkal per hari: "
        f"{shown_maintain} kkal ditambah {extra} kkal menurut AKG 2019. Jangan mengurangi makan secara ketat "
        "selama menyusui; bila "
        "ingin menurunkan berat badan, lakukan perlahan setelah berkonsultasi dengan bidan, dokter, atau ahli gizi.",
        f"While breastfeeding ({addition['label'].lower()}) you need about {target} kcal a day: {shown_maintain} kcal "
        f"plus {extra} kcal according to AKG 2019. Do not cut your food sharply while breastfeeding; if you want to "
        "lose weight, do it slowly after talking to a midwife, doctor or dietitian.",
    ).get(lang)


# Self-guided weight-loss advice never names less than this (kcal/day). The NIH/NHLBI Practical Guide
# (2000) sets weight-loss diets at 1,000–1,200 kcal for most women and 1,200–1,600 for men; these floors
# are this project's rule inside those targets, lower intakes only under a doctor's or dietitian's care.
SAFE_FLOOR_KCAL = {"female": 1200, "male": 1500}
DEFICIT_KCAL = 500
# BMI (Kemenkes, Permenkes 41/2014) decides which advice applies: only overweight or obese adults
# are told to eat less, underweight adults are told to eat enough and to gain.
_UNDERWEIGHT_CODES = ("severe_thinness", "mild_thinness")
_OVERWEIGHT_CODES = ("overweight", "obese")


def energy_goal(*, tdee_kcal: Decimal, sex: str, bmi_code: str) -> dict[str, Any]:
    """Which way energy advice may point for this BMI, and the intake it names (kcal/day).

    - underweight (BMI < 18.5): ``gain`` — at least the TDEE, never a deficit;
    - normal: ``maintain`` at the TDEE;
    - overweight/obese (BMI > 25.0): ``lose`` — TDEE − 500 kcal, but never below the safe
      floor (1,200 kcal women, 1,500 men); when the TDEE is already at or under the floor,
      ``maintain`` and see a doctor or dietitian instead of cutting.
    """
    floor = SAFE_FLOOR_KCAL[sex]
    maintain = round_half_up_int(tdee_kcal)
    if bmi_code in _UNDERWEIGHT_CODES:
        return {"goal": "gain", "target_kcal": maintain, "safe_floor_kcal": floor, "floor_applied": False}
    if bmi_code not in _OVERWEIGHT_CODES:
        return {"goal": "maintain", "target_kcal": maintain, "safe_floor_kcal": floor, "floor_applied": False}
    if maintain <= floor:
        return {"goal": "maintain", "target_kcal": maintain, "safe_floor_kcal": floor, "floor_applied": True}
    target = max(maintain - DEFICIT_KCAL, floor)
    return {"goal": "lose", "target_kcal": target, "safe_floor_kcal": floor, "floor_applied": target == floor}


def _energy_advice(goal: dict[str, Any], *, shown_maintain: str, bmi: Decimal, bmi_code: str, lang: str) -> str:
    bmi_shown = format_number(float(bmi), lang, 1)
    target = format_number(goal["target_kcal"], lang)
    floor = format_number(goal["safe_floor_kcal"], lang)
    keep = Text(
        f"Untuk menjaga berat badan, Anda membutuhkan sekitar {shown_maintain} kkal per hari.",
        f"To keep your weight steady you need about {shown_maintain} kcal a day.",
    )
    if goal["goal"] == "gain":
        extra = (
            Text(
                " Berat badan Anda jauh di bawah kisaran sehat: periksakan diri ke dokter atau ahli gizi "
                "sebelum mengubah pola makan.",
                " Your weight is far below the healthy range: see a doctor or dietitian before changing your diet.",
            )
            if bmi_code == "severe_thinness"
            else Text("", "")
        )
        advice = Text(
            f"IMT Anda {bmi_shown} kg/m² berada di bawah kisaran sehat, jadi jangan mengurangi makan. "
            f"Makanlah setidaknya {target} kkal per hari dengan gizi seimbang, dan tambah sedikit demi sedikit "
            "(misalnya 300–500 kkal per hari) untuk menaikkan berat badan." + extra.id,
            f"Your BMI of {bmi_shown} kg/m² is below the healthy range, so do not eat less. "
            f"Eat at least {target} kcal a day of balanced meals, and add a little at a time "
            "(for example 300–500 kcal a day) to gain weight." + extra.en,
        )
    elif goal["goal"] == "lose":
        floor_text = Text(
            f" Jangan makan kurang dari {floor} kkal per hari tanpa pengawasan dokter.",
            f" Do not eat less than {floor} kcal a day without a doctor's supervision.",
        )
        advice = Text(
            f"IMT Anda {bmi_shown} kg/m² di atas kisaran sehat. Untuk menurunkan berat badan secara aman, "
            f"makanlah sekitar {target} kkal per hari." + floor_text.id,
            f"Your BMI of {bmi_shown} kg/m² is above the healthy range. To lose weight safely, "
            f"eat about {target} kcal a day." + floor_text.en,
        )
    elif goal["floor_applied"]:
        advice = Text(
            f"IMT Anda {bmi_shown} kg/m² di atas kisaran sehat, tetapi kebutuhan energi Anda sudah dekat batas aman "
            f"{floor} kkal per hari: jangan mengurangi makan sendiri. Untuk menurunkan berat badan, tambah aktivitas "
            "fisik dan konsultasikan dengan dokter atau ahli gizi.",
            f"Your BMI of {bmi_shown} kg/m² is above the healthy range, but your energy need is already near the "
            f"safe floor of {floor} kcal a day: do not cut your food on your own. To lose weight, be more active and "
            "talk to a doctor or dietitian.",
        )
    else:
        advice = Text(
            f"IMT Anda {bmi_shown} kg/m² dalam kisaran sehat: pertahankan asupan ini dengan gizi seimbang.",
            f"Your BMI of {bmi_shown} kg/m² is in the healthy range: keep to this intake with balanced meals.",
        )
    return f"{keep.get(lang)} {advice.get(lang)}"


def _check_tdee(values: dict[str, Any], context: ValidationContext) -> None:
    check_adult_bmi_plausible(values, context)
    check_pregnancy_lactation(values, context)
    if not context.errors and values.get("pregnant") and values.get("trimester") is None:
        context.add_error(
            "trimester",
            Text("Wajib diisi bila sedang hamil (1, 2, atau 3).", "Required when pregnant (1, 2 or 3)."),
        )


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
    cross_check=check_adult_bmi_plausible,
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
        flag_input(
            "pregnant",
            Text(
                "Sedang hamil (tidak ada defisit kalori; tambahan AKG 2019 per trimester).",
                "Currently pregnant (never a calorie deficit; AKG 2019 addition by trimester).",
            ),
        ),
        InputSpec(
            name="trimester",
            type="choice",
            choices=tuple(AKG_2019_PREGNANCY_ENERGY_KCAL),
            choice_labels=TRIMESTER_LABELS,
            required=False,
            help=Text("Trimester kehamilan (wajib bila pregnant = true).", "Trimester (required when pregnant)."),
        ),
        flag_input(
            "lactating",
            Text(
                "Sedang menyusui (tambahan AKG 2019 menurut masa menyusui).",
                "Currently breastfeeding (AKG 2019 addition by breastfeeding period).",
            ),
        ),
        lactation_period_input(),
    ),
    function=tdee,
    cross_check=_check_tdee,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("TDEE (kkal/hari)", "TDEE (kcal/day)"),
)
