"""FINDRISC: the Finnish Diabetes Risk Score (10-year risk of type 2 diabetes)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .body import bmi_value, check_adult_bmi_plausible
from .rounding import round_half_up_decimal, to_decimal
from .spec import (
    ADULT_AGE_HELP,
    HEIGHT_HELP,
    WAIST_HELP,
    WEIGHT_HELP,
    CalculatorSpec,
    InputSpec,
    ValidationContext,
    number_input,
    sex_input,
)
from .text import Category, Text

FAMILY_HISTORY_CHOICES = ("none", "second_degree", "first_degree")
FAMILY_HISTORY_LABELS = {
    "none": Text("Tidak ada", "None"),
    "second_degree": Text("Kakek/nenek, paman/bibi, atau sepupu kandung", "Grandparent, aunt, uncle or first cousin"),
    "first_degree": Text("Orang tua, saudara kandung, atau anak", "Parent, brother, sister or child"),
}

# The 8-item, 0–26 questionnaire (with family history) is the published FINDRISC form; the
# 2003 derivation paper scored 7 items without family history. Old results and clients
# named the scheme "findrisc_2003": that name is still accepted on input.
SCHEME = "findrisc"
SCHEME_ALIASES = {"findrisc_2003": SCHEME}
SCHEME_LABELS = {
    SCHEME: Text(
        "FINDRISC, formulir 8 butir 0–26 (Finnish Diabetes Association)",
        "FINDRISC, 8-item 0–26 form (Finnish Diabetes Association)",
    )
}
REFERENCES = (
    "Finnish Diabetes Association (Diabetesliitto). Type 2 diabetes risk test (FINDRISC form, 8 items, 0–26)",
    "Lindström & Tuomilehto 2003, Diabetes Care 26:725 (derivation of the 7 items, 0–20)",
    "Saaristo et al. 2005, Diab Vasc Dis Res 2:67 (the family-history item, 3/5 points, and the 0–26 form)",
    "PERKENI 2021, Pedoman Pengelolaan dan Pencegahan DM Tipe 2 (who should have a glucose test)",
)

FINDRISC_BANDS = {
    "low": Category(
        "low",
        Text("Rendah (sekitar 1 dari 100)", "Low (about 1 in 100)"),
        Text(
            "Risiko diabetes Anda rendah. Pertahankan pola makan sehat dan aktivitas fisik.",
            "Your diabetes risk is low. Keep eating healthily and stay active.",
        ),
    ),
    "slightly_elevated": Category(
        "slightly_elevated",
        Text("Sedikit meningkat (sekitar 1 dari 25)", "Slightly elevated (about 1 in 25)"),
        Text(
            "Risiko diabetes Anda sedikit meningkat. Perbanyak sayur dan buah, aktif bergerak, dan jaga berat badan.",
            "Your diabetes risk is slightly raised. Eat more vegetables and fruit, be active and keep a "
            "healthy weight.",
        ),
    ),
    "moderate": Category(
        "moderate",
        Text("Sedang (sekitar 1 dari 6)", "Moderate (about 1 in 6)"),
        Text(
            "Risiko diabetes Anda sedang. Ubah gaya hidup sekarang dan pertimbangkan cek gula darah.",
            "Your diabetes risk is moderate. Change your lifestyle now and consider a blood-sugar test.",
        ),
    ),
    "high": Category(
        "high",
        Text("Tinggi (sekitar 1 dari 3)", "High (about 1 in 3)"),
        Text(
            "Risiko diabetes Anda tinggi. Periksakan gula darah ke puskesmas atau dokter.",
            "Your diabetes risk is high. Have your blood sugar checked at a clinic or by a doctor.",
        ),
    ),
    "very_high": Category(
        "very_high",
        Text("Sangat tinggi (sekitar 1 dari 2)", "Very high (about 1 in 2)"),
        Text(
            "Risiko diabetes Anda sangat tinggi. Segera periksakan gula darah ke dokter.",
            "Your diabetes risk is very high. See a doctor for a blood-sugar test soon.",
        ),
    ),
}


def findrisc_age_points(age: int) -> int:
    if age < 45:
        return 0
    if age <= 54:
        return 2
    if age <= 64:
        return 3
    return 4


def findrisc_bmi_points(bmi: Decimal) -> int:
    """BMI (1 decimal): < 25 → 0, 25–30 → 1, > 30 → 3."""
    if bmi < 25:
        return 0
    if bmi <= 30:
        return 1
    return 3


def findrisc_waist_points(waist_cm: Decimal, sex: str) -> int:
    """Men < 94 → 0, 94–102 → 3, > 102 → 4; women < 80 → 0, 80–88 → 3, > 88 → 4."""
    low, high = (Decimal(94), Decimal(102)) if sex == "male" else (Decimal(80), Decimal(88))
    if waist_cm < low:
        return 0
    if waist_cm <= high:
        return 3
    return 4


def findrisc_band(score: int) -> str:
    if score < 7:
        return "low"
    if score <= 11:
        return "slightly_elevated"
    if score <= 14:
        return "moderate"
    if score <= 20:
        return "high"
    return "very_high"


def findrisc(
    *,
    age: int,
    waist_cm: float,
    sex: str,
    physically_active: bool,
    daily_vegetables: bool,
    bp_medication: bool,
    high_glucose_history: bool,
    family_history: str,
    bmi: float | None = None,
    weight_kg: float | None = None,
    height_cm: float | None = None,
    scheme: str = SCHEME,
    lang: str = "id",
) -> dict[str, Any]:
    """FINDRISC total (0–26) and 10-year type 2 diabetes risk band.

    Points: age < 45: 0, 45–54: 2, 55–64: 3, > 64: 4; BMI < 25: 0, 25–30: 1, > 30: 3
    (BMI from weight and height when not given, 1 decimal half-up); waist men < 94: 0,
    94–102: 3, > 102: 4, women < 80: 0, 80–88: 3, > 88: 4; not active 30 min daily: 2;
    vegetables/fruit not every day: 1; ever on blood-pressure medication: 2; ever high
    blood glucose: 5; family history second-degree: 3, first-degree: 5. Bands: < 7 low,
    7–11 slightly elevated, 12–14 moderate, 15–20 high, > 20 very high.

    This is the published 8-item questionnaire (scheme ``findrisc``; the old name
    ``findrisc_2003`` is accepted as input). The 2003 paper derived the score from 7 items
    without family history (0–20); the form adds family history (3 or 5 points, 0–26).

    References:
        Finnish Diabetes Association (Diabetesliitto). Type 2 diabetes risk test /
        risk assessment form (FINDRISC), the 8-item questionnaire scored 0–26.
        Lindström J, Tuomilehto J. The diabetes risk score: a practical tool to predict
        type 2 diabetes risk. Diabetes Care. 2003;26:725-731 (derivation).
        Saaristo T, Peltonen M, Lindström J, et al. Cross-sectional evaluation of the
        Finnish Diabetes Risk Score: a tool to identify undetected type 2 diabetes,
        abnormal glucose tolerance and metabolic syndrome. Diab Vasc Dis Res.
        2005;2:67-72 (the form with family history).
    """
    scheme = SCHEME_ALIASES.get(scheme, scheme)
    if bmi is not None:
        bmi_used = round_half_up_decimal(bmi, 1)  # the same 1-decimal BMI the BMI calculator shows
    elif weight_kg is not None and height_cm is not None:
        bmi_used = bmi_value(weight_kg, height_cm)
    else:
        raise ValueError("give bmi, or weight_kg and height_cm")
    items = {
        "age": findrisc_age_points(age),
        "bmi": findrisc_bmi_points(bmi_used),
        "waist": findrisc_waist_points(to_decimal(waist_cm), sex),
        "physical_activity": 0 if physically_active else 2,
        "vegetables": 0 if daily_vegetables else 1,
        "bp_medication": 2 if bp_medication else 0,
        "high_glucose": 5 if high_glucose_history else 0,
        "family_history": {"none": 0, "second_degree": 3, "first_degree": 5}[family_history],
    }
    score = sum(items.values())
    band = FINDRISC_BANDS[findrisc_band(score)].to_dict(scheme, lang)
    reasons = glucose_test_reasons(
        age=age,
        bmi=bmi_used,
        physically_active=physically_active,
        bp_medication=bp_medication,
        high_glucose_history=high_glucose_history,
        family_history=family_history,
    )
    glucose_text = _glucose_test_advice(reasons, high_glucose_history, lang)
    return {
        "calculator": "findrisc",
        "value": score,
        "unit": "points",
        "max_score": 26,
        "scheme": scheme,
        "scheme_label": SCHEME_LABELS[scheme].get(lang),
        "category": band,
        "bmi_used": float(bmi_used),
        "points": items,
        "glucose_test": {"advised": bool(reasons), "reasons": reasons, "scheme": "perkeni_2021"},
        "interpretation": Text(
            f"Skor FINDRISC Anda {score} dari 26 — risiko diabetes tipe 2 dalam 10 tahun: {band['label']}. "
            f"{band['advice']}",
            f"Your FINDRISC score is {score} out of 26 — 10-year type 2 diabetes risk: {band['label']}. "
            f"{band['advice']}",
        ).get(lang)
        + (f" {glucose_text}" if glucose_text else ""),
    }


# PERKENI 2021 screening: everyone from 45 years; younger adults with BMI ≥ 23 (Asian cut-off) and one
# more risk factor; anyone with a past high glucose (prediabetes) yearly. Only the factors this form
# asks about can be checked here.
GLUCOSE_TEST_AGE = 45
GLUCOSE_TEST_BMI = Decimal(23)
GLUCOSE_TEST_REASON_LABELS = {
    "age_45_or_over": Text("usia 45 tahun atau lebih", "age 45 or over"),
    "high_glucose_history": Text("pernah ditemukan gula darah tinggi", "a past high blood glucose"),
    "bmi_23_with_risk_factor": Text(
        "IMT 23 atau lebih disertai faktor risiko lain (kurang aktif bergerak, orang tua/saudara kandung dengan "
        "diabetes, atau hipertensi)",
        "a BMI of 23 or more with another risk factor (physical inactivity, a parent or sibling with diabetes, or "
        "high blood pressure)",
    ),
}


def glucose_test_reasons(
    *,
    age: int,
    bmi: Decimal,
    physically_active: bool,
    bp_medication: bool,
    high_glucose_history: bool,
    family_history: str,
) -> list[str]:
    """Why PERKENI 2021 advises a blood-glucose test for this person, whatever the score (empty: no reason)."""
    reasons = []
    if age >= GLUCOSE_TEST_AGE:
        reasons.append("age_45_or_over")
    if high_glucose_history:
        reasons.append("high_glucose_history")
    other_factor = not physically_active or bp_medication or family_history == "first_degree"
    if bmi >= GLUCOSE_TEST_BMI and other_factor:
        reasons.append("bmi_23_with_risk_factor")
    return reasons


def _glucose_test_advice(reasons: list[str], high_glucose_history: bool, lang: str) -> str:
    if not reasons:
        return ""
    listed = "; ".join(GLUCOSE_TEST_REASON_LABELS[reason].get(lang) for reason in reasons)
    repeat = (
        Text("Bila normal, ulangi setiap tahun.", "If it is normal, repeat it every year.")
        if high_glucose_history
        else Text("Bila normal, ulangi setiap 3 tahun.", "If it is normal, repeat it every 3 years.")
    )
    return Text(
        f"Menurut PERKENI, periksakan gula darah (gula darah puasa, TTGO, atau HbA1c) di puskesmas atau laboratorium "
        f"karena: {listed}. {repeat.id}",
        f"PERKENI advises a blood-glucose test (fasting glucose, an oral glucose tolerance test or HbA1c) at a health "
        f"centre or laboratory because of: {listed}. {repeat.en}",
    ).get(lang)


def _check_findrisc(values: dict[str, Any], context: ValidationContext) -> None:
    check_adult_bmi_plausible(values, context)
    has_bmi = values.get("bmi") is not None
    has_weight, has_height = values.get("weight_kg") is not None, values.get("height_cm") is not None
    if has_bmi and (has_weight or has_height):
        context.add_error(
            "bmi",
            Text("Isi IMT atau berat dan tinggi badan, bukan keduanya.", "Give BMI or weight and height, not both."),
        )
    elif not has_bmi and not (has_weight and has_height):
        missing = Text("Isi IMT, atau berat dan tinggi badan.", "Give BMI, or weight and height.")
        if not has_weight:
            context.add_error("weight_kg", missing)
        if not has_height:
            context.add_error("height_cm", missing)


def _yes_no(name: str, question: Text) -> InputSpec:
    return InputSpec(name=name, type="boolean", help=question)


FINDRISC_SPEC = CalculatorSpec(
    name="findrisc",
    title=Text("Risiko diabetes (FINDRISC)", "Diabetes risk (FINDRISC)"),
    description=Text(
        "Skor risiko diabetes tipe 2 dalam 10 tahun (Finnish Diabetes Risk Score).",
        "10-year type 2 diabetes risk score (Finnish Diabetes Risk Score).",
    ),
    references=REFERENCES,
    inputs=(
        number_input("age", "years", "18", "120", ADULT_AGE_HELP, integer=True),
        number_input(
            "bmi",
            "kg/m²",
            "10",
            "80",
            Text("IMT (isi ini, atau berat dan tinggi badan).", "BMI (give this, or weight and height)."),
            required=False,
        ),
        number_input("weight_kg", "kg", "20", "300", WEIGHT_HELP, required=False),
        number_input("height_cm", "cm", "100", "250", HEIGHT_HELP, required=False),
        number_input("waist_cm", "cm", "40", "250", WAIST_HELP),
        sex_input(),
        _yes_no(
            "physically_active",
            Text(
                "Aktif bergerak minimal 30 menit setiap hari (di kerja atau waktu luang)?",
                "At least 30 minutes of physical activity every day (at work or in leisure time)?",
            ),
        ),
        _yes_no(
            "daily_vegetables",
            Text("Makan sayur, buah, atau beri setiap hari?", "Eat vegetables, fruit or berries every day?"),
        ),
        _yes_no(
            "bp_medication",
            Text("Pernah minum obat darah tinggi secara rutin?", "Ever taken blood-pressure medication regularly?"),
        ),
        _yes_no(
            "high_glucose_history",
            Text(
                "Pernah ditemukan gula darah tinggi (saat periksa, sakit, atau hamil)?",
                "Ever found to have high blood glucose (at a check-up, during illness or pregnancy)?",
            ),
        ),
        InputSpec(
            name="family_history",
            type="choice",
            choices=FAMILY_HISTORY_CHOICES,
            choice_labels=FAMILY_HISTORY_LABELS,
            help=Text("Anggota keluarga dengan diabetes tipe 1 atau 2.", "Family members with type 1 or 2 diabetes."),
        ),
        InputSpec(
            name="scheme",
            type="choice",
            choices=(SCHEME,),
            choice_labels=SCHEME_LABELS,
            aliases=SCHEME_ALIASES,
            required=False,
            default=SCHEME,
            help=Text(
                "Skema penilaian (hanya findrisc; nama lama findrisc_2003 juga diterima).",
                "Scoring scheme (findrisc only; the old name findrisc_2003 is also accepted).",
            ),
        ),
    ),
    function=findrisc,
    primary_value=lambda result: float(result["value"]),
    primary_value_help=Text("Skor FINDRISC (0–26)", "FINDRISC score (0–26)"),
    cross_check=_check_findrisc,
)
