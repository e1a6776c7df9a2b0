"""Both sides of every cut point of every classification scheme."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from calculator.formulas import CalculatorInputError, compute
from calculator.formulas.body import bmi_category_code, body_fat_category_code
from calculator.formulas.child_growth import status_code
from calculator.formulas.kidney import kdigo_stage

# --- BMI: classified on the value rounded to 1 decimal -------------------------------------


@pytest.mark.parametrize(
    ("scheme", "value", "code"),
    [
        ("kemenkes", "16.9", "severe_thinness"),
        ("kemenkes", "17.0", "mild_thinness"),
        ("kemenkes", "18.4", "mild_thinness"),
        ("kemenkes", "18.5", "normal"),
        ("kemenkes", "25.0", "normal"),
        ("kemenkes", "25.1", "overweight"),
        ("kemenkes", "27.0", "overweight"),
        ("kemenkes", "27.1", "obese"),
        ("asia_pacific", "18.4", "underweight"),
        ("asia_pacific", "18.5", "normal"),
        ("asia_pacific", "22.9", "normal"),
        ("asia_pacific", "23.0", "at_risk"),
        ("asia_pacific", "24.9", "at_risk"),
        ("asia_pacific", "25.0", "obese_1"),
        ("asia_pacific", "29.9", "obese_1"),
        ("asia_pacific", "30.0", "obese_2"),
        ("who", "15.9", "severe_thinness"),
        ("who", "16.0", "moderate_thinness"),
        ("who", "16.9", "moderate_thinness"),
        ("who", "17.0", "mild_thinness"),
        ("who", "18.4", "mild_thinness"),
        ("who", "18.5", "normal"),
        ("who", "24.9", "normal"),
        ("who", "25.0", "pre_obese"),
        ("who", "29.9", "pre_obese"),
        ("who", "30.0", "obese_1"),
        ("who", "34.9", "obese_1"),
        ("who", "35.0", "obese_2"),
        ("who", "39.9", "obese_2"),
        ("who", "40.0", "obese_3"),
    ],
)
def test_bmi_cut_points(scheme, value, code):
    assert bmi_category_code(Decimal(value), scheme) == code
    # The same through the API: at 200 cm, BMI = weight / 4 exactly.
    weight = Decimal(value) * 4
    result = compute("bmi", {"weight_kg": str(weight), "height_cm": 200, "scheme": scheme})
    assert result["value"] == float(value)
    assert result["category"]["code"] == code


@pytest.mark.parametrize(
    ("weight_kg", "bmi", "kemenkes"),
    [
        ("100.2", 25.1, "overweight"),  # exactly 25.05: half-up, so 25.1 (float arithmetic could give 25.0)
        ("100.18", 25.0, "normal"),  # 25.045 → 25.0
        ("108.2", 27.1, "obese"),  # exactly 27.05 → 27.1
        ("73.98", 18.5, "normal"),  # exactly 18.495 → 18.5
    ],
)
def test_bmi_ties_round_half_up_before_classifying(weight_kg, bmi, kemenkes):
    result = compute("bmi", {"weight_kg": weight_kg, "height_cm": 200})
    assert result["value"] == bmi
    assert result["categories"]["kemenkes"]["code"] == kemenkes


# --- Ideal weight ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "height_cm", "broca"),
    [("male", "159.9", 59.9), ("male", "160", 54.0), ("female", "149.9", 49.9), ("female", "150", 45.0)],
)
def test_broca_reduction_starts_at_160_cm_men_150_cm_women(sex, height_cm, broca):
    assert compute("ideal-weight", {"height_cm": height_cm, "sex": sex})["value"] == broca


@pytest.mark.parametrize(("height_cm", "extrapolated"), [("152.3", True), ("152.4", False)])
def test_devine_robinson_not_derived_below_152_4_cm(height_cm, extrapolated):
    result = compute("ideal-weight", {"height_cm": height_cm, "sex": "female"}, "en")
    for method in ("devine", "robinson"):
        assert result["methods"][method]["extrapolated"] is extrapolated
        assert (result["methods"][method]["note"] is not None) is extrapolated
    assert any("152.4 cm" in note for note in result["notes"]) is extrapolated
    assert result["methods"]["broca"]["extrapolated"] is False


# --- Body fat (ACE chart on the 1-decimal value) ---------------------------------------------


@pytest.mark.parametrize(
    ("sex", "percent", "code"),
    [
        ("male", "1.9", "below_essential"),
        ("male", "2.0", "essential"),
        ("male", "5.9", "essential"),
        ("male", "6.0", "athletes"),
        ("male", "13.9", "athletes"),
        ("male", "14.0", "fitness"),
        ("male", "17.9", "fitness"),
        ("male", "18.0", "average"),
        ("male", "24.9", "average"),
        ("male", "25.0", "obese"),
        ("female", "9.9", "below_essential"),
        ("female", "10.0", "essential"),
        ("female", "13.9", "essential"),
        ("female", "14.0", "athletes"),
        ("female", "20.9", "athletes"),
        ("female", "21.0", "fitness"),
        ("female", "24.9", "fitness"),
        ("female", "25.0", "average"),
        ("female", "31.9", "average"),
        ("female", "32.0", "obese"),
    ],
)
def test_body_fat_cut_points(sex, percent, code):
    assert body_fat_category_code(Decimal(percent), sex) == code


# --- Waist ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("waist_cm", "ratio", "code"),
    [
        ("79.9", 0.40, "low"),  # 0.3995: shown to 2 decimals as 0.40 but below NICE's 0.4
        (80, 0.40, "healthy"),
        (98, 0.49, "healthy"),
        (99, 0.50, "healthy"),  # 0.495: classified unrounded, so still below 0.5
        ("99.9", 0.50, "healthy"),
        (100, 0.50, "increased"),
        (118, 0.59, "increased"),
        (119, 0.60, "increased"),  # 0.595
        ("119.9", 0.60, "increased"),
        (120, 0.60, "high"),
        ("98.9", 0.49, "healthy"),
    ],
)
def test_waist_to_height_cut_points(waist_cm, ratio, code):
    # NICE 2022 on the unrounded ratio: < 0.4 low, 0.4–< 0.5 healthy, 0.5–< 0.6 increased, ≥ 0.6 high.
    result = compute("waist-ratio", {"waist_cm": waist_cm, "height_cm": 200, "sex": "female"})
    assert result["value"] == ratio
    assert result["category"]["code"] == code


@pytest.mark.parametrize(
    ("sex", "waist_cm", "present"),
    [("male", "90", False), ("male", "90.1", True), ("female", "80", False), ("female", "80.1", True)],
)
def test_central_obesity_cut_points(sex, waist_cm, present):
    result = compute("waist-ratio", {"waist_cm": waist_cm, "height_cm": 170, "sex": sex})
    assert result["central_obesity"]["present"] is present


# --- Blood pressure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("systolic", "diastolic", "esh", "grade"),
    [
        (119, 60, "optimal", None),
        (120, 60, "normal", None),
        (129, 60, "normal", None),
        (130, 60, "high_normal", None),
        (139, 60, "high_normal", None),
        (140, 60, "isolated_systolic", "grade_1"),
        (159, 85, "isolated_systolic", "grade_1"),
        (160, 85, "isolated_systolic", "grade_2"),
        (179, 85, "isolated_systolic", "grade_2"),
        (180, 85, "isolated_systolic", "grade_3"),
        (140, 89, "isolated_systolic", "grade_1"),
        (140, 90, "grade_1", None),
        (159, 95, "grade_1", None),
        (160, 95, "grade_2", None),
        (179, 95, "grade_2", None),
        (180, 95, "grade_3", None),
        (110, 79, "optimal", None),
        (110, 80, "normal", None),
        (110, 84, "normal", None),
        (110, 85, "high_normal", None),
        (110, 89, "high_normal", None),
        (110, 90, "grade_1", None),
        (110, 99, "grade_1", None),
        (110, 100, "grade_2", None),
        (120, 109, "grade_2", None),  # pulse pressure >= 10 (narrower is refused as a measuring error)
        (120, 110, "grade_3", None),
        (125, 87, "high_normal", None),  # systolic "normal", diastolic "high normal": the higher wins
    ],
)
def test_esh_2018_cut_points(systolic, diastolic, esh, grade):
    result = compute("blood-pressure", {"systolic": systolic, "diastolic": diastolic})
    assert result["category"]["code"] == esh
    assert result["category"]["grade"] == grade


@pytest.mark.parametrize(
    ("systolic", "diastolic", "code"),
    [
        (119, 70, "normal"),
        (120, 70, "elevated"),
        (129, 79, "elevated"),
        (125, 80, "stage_1"),  # elevated needs diastolic < 80
        (130, 70, "stage_1"),
        (139, 70, "stage_1"),
        (140, 70, "stage_2"),
        (110, 79, "normal"),
        (110, 80, "stage_1"),
        (110, 89, "stage_1"),
        (110, 90, "stage_2"),
        (180, 100, "stage_2"),
        (181, 100, "crisis"),
        (150, 120, "stage_2"),
        (150, 121, "crisis"),
    ],
)
def test_acc_aha_2017_cut_points(systolic, diastolic, code):
    result = compute("blood-pressure", {"systolic": systolic, "diastolic": diastolic, "scheme": "acc_aha_2017"})
    assert result["category"]["code"] == code


@pytest.mark.parametrize(
    ("systolic", "diastolic", "code"),
    [
        (119, 70, "normal"),
        (120, 70, "prehypertension"),
        (139, 70, "prehypertension"),
        (140, 70, "stage_1"),
        (159, 70, "stage_1"),
        (160, 70, "stage_2"),
        (110, 79, "normal"),
        (110, 80, "prehypertension"),
        (110, 89, "prehypertension"),
        (110, 90, "stage_1"),
        (110, 99, "stage_1"),
        (110, 100, "stage_2"),
    ],
)
def test_jnc7_cut_points(systolic, diastolic, code):
    result = compute("blood-pressure", {"systolic": systolic, "diastolic": diastolic, "scheme": "jnc7"})
    assert result["category"]["code"] == code


@pytest.mark.parametrize(("systolic", "diastolic", "low"), [(89, 59, True), (90, 60, False), (95, 59, True)])
def test_low_blood_pressure_is_flagged(systolic, diastolic, low):
    # Low readings are now a category of their own in every scheme (issue 20), not only a note.
    result = compute("blood-pressure", {"systolic": systolic, "diastolic": diastolic}, "en")
    assert result["low"] is low
    assert ("low" in result["category"]["label"].lower()) is low


# --- eGFR / KDIGO -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("egfr", "stage"),
    [
        (90, "G1"),
        (89, "G2"),
        (60, "G2"),
        (59, "G3a"),
        (45, "G3a"),
        (44, "G3b"),
        (30, "G3b"),
        (29, "G4"),
        (15, "G4"),
        (14, "G5"),
    ],
)
def test_kdigo_cut_points(egfr, stage):
    assert kdigo_stage(egfr) == stage


def _creatinine_for_female_egfr(target: float, age: int) -> float:
    """Invert CKD-EPI 2021 for a woman with Scr above κ (0.7)."""
    return 0.7 * (target / (142 * 0.9938**age * 1.012)) ** (-1 / 1.2)


@pytest.mark.parametrize(
    ("unrounded", "whole", "stage"),
    [(89.6, 90, "G1"), (89.4, 89, "G2"), (59.6, 60, "G2"), (59.4, 59, "G3a"), (14.6, 15, "G4"), (14.4, 14, "G5")],
)
def test_kdigo_stage_is_read_from_the_whole_number(unrounded, whole, stage):
    creatinine = _creatinine_for_female_egfr(unrounded, 60)
    result = compute("egfr", {"creatinine_mg_dl": creatinine, "age": 60, "sex": "female"})
    assert result["value"] == whole
    assert result["category"]["code"] == stage


# --- Heart-rate zones -------------------------------------------------------------------------


def test_heart_rate_zones_percent_of_max_without_resting_rate():
    result = compute("heart-rate-zones", {"age": 40})
    assert result["method"] == "percent_max"
    zones = {zone["code"]: (zone["low_bpm"], zone["high_bpm"]) for zone in result["zones"]}
    # max 180: 57 % 102.6, 63 % 113.4, 64 % 115.2, 76 % 136.8, 77 % 138.6, 95 % 171, 96 % 172.8
    assert zones == {"light": (103, 113), "moderate": (115, 137), "vigorous": (139, 171), "near_maximal": (173, 180)}


@pytest.mark.parametrize(("age", "formula", "max_hr"), [(35, "tanaka", 184), (35, "fox", 185), (45, "tanaka", 177)])
def test_max_heart_rate_formulas_round_half_up(age, formula, max_hr):
    # Tanaka at 35: 183.5 → 184; at 45: 176.5 → 177.
    result = compute("heart-rate-zones", {"age": age, "max_hr_formula": formula})
    assert result["max_hr"] == max_hr


# --- Water (AKG 2019 age groups) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "sex", "ml"),
    [
        (1, "male", 1150),
        (3, "female", 1150),
        (4, "male", 1450),
        (6, "female", 1450),
        (7, "male", 1650),
        (9, "female", 1650),
        (10, "male", 1850),
        (12, "male", 1850),
        (13, "male", 2100),
        (15, "male", 2100),
        (16, "male", 2300),
        (18, "male", 2300),
        (19, "male", 2500),
        (64, "male", 2500),
        (65, "male", 1800),
        (80, "male", 1800),
        (81, "male", 1600),
        (120, "male", 1600),
        (10, "female", 1850),
        (12, "female", 1850),
        (13, "female", 2100),
        (15, "female", 2100),
        (16, "female", 2150),
        (18, "female", 2150),
        (19, "female", 2350),
        (64, "female", 2350),
        (65, "female", 1550),
        (80, "female", 1550),
        (81, "female", 1400),
    ],
)
def test_akg_2019_water_groups(age, sex, ml):
    assert compute("water-intake", {"age": age, "sex": sex})["value"] == ml


@pytest.mark.parametrize(
    ("extra", "ml"),
    [
        ({"pregnant": True}, 2350 + 300),
        ({"lactating": True}, 2350 + 800),
        ({"lactating": True, "lactation_period": "second_6_months"}, 2350 + 650),
    ],
)
def test_akg_2019_pregnancy_and_lactation_additions(extra, ml):
    assert compute("water-intake", {"age": 28, "sex": "female", **extra})["value"] == ml


@pytest.mark.parametrize(("weight", "ml"), [(5, 500), (10, 1000), ("10.5", 1025), (20, 1500), (25, 1600)])
def test_holliday_segar_bands(weight, ml):
    assert compute("water-intake", {"age": 5, "sex": "male", "weight_kg": weight})["holliday_segar"]["value"] == ml


@pytest.mark.parametrize(("age", "given"), [(17, True), (18, False)])
def test_holliday_segar_only_for_children(age, given):
    result = compute("water-intake", {"age": age, "sex": "male", "weight_kg": 60})
    assert (result["holliday_segar"] is not None) is given


# --- Pregnancy ---------------------------------------------------------------------------------

LMP = date(2024, 1, 1)


@pytest.mark.parametrize(
    ("days", "trimester"),
    [(0, 1), (13 * 7 + 6, 1), (14 * 7, 2), (27 * 7 + 6, 2), (28 * 7, 3), (44 * 7, 3)],
)
def test_trimester_cut_points(days, trimester):
    on_date = LMP + timedelta(days=days)
    result = compute("pregnancy", {"last_period_date": LMP, "on_date": on_date}, today=on_date)
    assert result["trimester"] == trimester
    assert result["gestational_age"]["total_days"] == days


@pytest.mark.parametrize(("days", "late"), [(41 * 7 - 1, False), (41 * 7, True), (42 * 7, True)])
def test_late_and_post_term_notes(days, late):
    on_date = LMP + timedelta(days=days)
    result = compute("pregnancy", {"last_period_date": LMP, "on_date": on_date}, "en", today=on_date)
    assert any("41 weeks" in note or "42 weeks" in note for note in result["notes"]) is late


@pytest.mark.parametrize(("days", "accepted"), [(44 * 7, True), (44 * 7 + 1, False)])
def test_lmp_at_most_44_weeks_before(days, accepted):
    on_date = LMP + timedelta(days=days)
    raw = {"last_period_date": LMP.isoformat(), "on_date": on_date.isoformat()}
    if accepted:
        compute("pregnancy", raw, today=on_date)
    else:
        with pytest.raises(CalculatorInputError) as caught:
            compute("pregnancy", raw, today=on_date)
        assert "last_period_date" in caught.value.errors


def test_naegele_clamps_to_the_end_of_a_short_month():
    # 2021-05-24 + 7 days = 2021-05-31; − 3 months + 1 year = 2022-02-31 → 2022-02-28.
    result = compute("pregnancy", {"last_period_date": "2021-05-24", "on_date": "2021-06-01"}, today=date(2021, 6, 1))
    assert result["due_date_naegele"] == "2022-02-28"
    assert result["due_date"] == "2022-02-28"


# --- Child growth (Permenkes 2/2020 on the rounded z) --------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "z", "code"),
    [
        ("weight_for_age", -3.01, "severely_underweight"),
        ("weight_for_age", -3.0, "underweight"),
        ("weight_for_age", -2.01, "underweight"),
        ("weight_for_age", -2.0, "normal"),
        ("weight_for_age", 1.0, "normal"),
        ("weight_for_age", 1.01, "risk_of_overweight"),
        ("length_for_age", -3.01, "severely_stunted"),
        ("length_for_age", -3.0, "stunted"),
        ("length_for_age", -2.01, "stunted"),
        ("length_for_age", -2.0, "normal"),
        ("length_for_age", 3.0, "normal"),
        ("length_for_age", 3.01, "tall"),
    ]
    + [
        (indicator, z, code)
        for indicator in ("weight_for_length", "bmi_for_age")
        for z, code in [
            (-3.01, "severely_wasted"),
            (-3.0, "wasted"),
            (-2.01, "wasted"),
            (-2.0, "normal"),
            (1.0, "normal"),
            (1.01, "possible_risk_of_overweight"),
            (2.0, "possible_risk_of_overweight"),
            (2.01, "overweight"),
            (3.0, "overweight"),
            (3.01, "obese"),
        ]
    ],
)
def test_permenkes_2_2020_cut_points(indicator, z, code):
    assert status_code(indicator, z) == code


def test_child_growth_statuses_through_the_calculator():
    # A 30-month-old boy, 80 cm standing and 9 kg: short and underweight.
    result = compute(
        "child-growth", {"sex": "male", "age_months": 30, "weight_kg": 9, "length_cm": 80, "measured": "standing"}, "en"
    )
    indicators = result["indicators"]
    assert indicators["height_for_age"]["code"] == "severely_stunted"
    assert indicators["weight_for_age"]["code"] == "severely_underweight"
    assert indicators["height_for_age"]["z"] < -3
    assert "Height-for-age: severely stunted" in result["interpretation"]


# --- FINDRISC ------------------------------------------------------------------------------------

FINDRISC_BASE = {
    "age": 30,
    "bmi": 22,
    "sex": "male",
    "waist_cm": 80,
    "physically_active": True,
    "daily_vegetables": True,
    "bp_medication": False,
    "high_glucose_history": False,
    "family_history": "none",
}


@pytest.mark.parametrize(
    ("changes", "points"),
    [
        ({"age": 44}, 0),
        ({"age": 45}, 2),
        ({"age": 54}, 2),
        ({"age": 55}, 3),
        ({"age": 64}, 3),
        ({"age": 65}, 4),
        ({"bmi": "24.9"}, 0),
        ({"bmi": "25.0"}, 1),
        ({"bmi": "30.0"}, 1),
        ({"bmi": "30.1"}, 3),
        ({"bmi": "24.95"}, 1),  # rounds to 25.0
        ({"waist_cm": "93.9"}, 0),
        ({"waist_cm": 94}, 3),
        ({"waist_cm": 102}, 3),
        ({"waist_cm": "102.1"}, 4),
        ({"sex": "female", "waist_cm": "79.9"}, 0),
        ({"sex": "female", "waist_cm": 80}, 3),
        ({"sex": "female", "waist_cm": 88}, 3),
        ({"sex": "female", "waist_cm": "88.1"}, 4),
        ({"physically_active": False}, 2),
        ({"daily_vegetables": False}, 1),
        ({"bp_medication": True}, 2),
        ({"high_glucose_history": True}, 5),
        ({"family_history": "second_degree"}, 3),
        ({"family_history": "first_degree"}, 5),
    ],
)
def test_findrisc_item_points(changes, points):
    assert compute("findrisc", {**FINDRISC_BASE, **changes})["value"] == points


def test_findrisc_bmi_from_weight_and_height_is_rounded_like_the_bmi_calculator():
    raw = {**FINDRISC_BASE, "weight_kg": "100.2", "height_cm": 200}
    del raw["bmi"]
    result = compute("findrisc", raw)
    assert result["bmi_used"] == 25.1
    assert result["points"]["bmi"] == 1


@pytest.mark.parametrize(
    ("changes", "score", "band"),
    [
        ({"age": 55, "daily_vegetables": False, "bp_medication": True}, 6, "low"),
        ({"age": 55, "physically_active": False, "bp_medication": True}, 7, "slightly_elevated"),
        ({"age": 55, "high_glucose_history": True, "family_history": "second_degree"}, 11, "slightly_elevated"),
        (
            {"age": 55, "high_glucose_history": True, "family_history": "second_degree", "daily_vegetables": False},
            12,
            "moderate",
        ),
        ({"age": 65, "high_glucose_history": True, "family_history": "first_degree"}, 14, "moderate"),
        (
            {"age": 65, "high_glucose_history": True, "family_history": "first_degree", "daily_vegetables": False},
            15,
            "high",
        ),
        (
            {
                "age": 65,
                "high_glucose_history": True,
                "family_history": "first_degree",
                "waist_cm": 95,
                "bp_medication": True,
                "daily_vegetables": False,
            },
            20,
            "high",
        ),
        (
            {
                "age": 65,
                "high_glucose_history": True,
                "family_history": "first_degree",
                "waist_cm": 95,
                "bp_medication": True,
                "bmi": 26,
                "daily_vegetables": False,
            },
            21,
            "very_high",
        ),
        (
            {
                "age": 65,
                "high_glucose_history": True,
                "family_history": "first_degree",
                "waist_cm": 103,
                "bp_medication": True,
                "bmi": 31,
                "daily_vegetables": False,
                "physically_active": False,
            },
            26,
            "very_high",
        ),
    ],
)
def test_findrisc_bands(changes, score, band):
    result = compute("findrisc", {**FINDRISC_BASE, **changes})
    assert result["value"] == score
    assert result["category"]["code"] == band
