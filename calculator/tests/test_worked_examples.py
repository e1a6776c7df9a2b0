"""Every worked example in docs/calculators.md, through the public ``compute``."""

from __future__ import annotations

from datetime import date

import pytest

from calculator.formulas import compute
from calculator.formulas.cardio import karvonen_target


def test_bmi_70_kg_175_cm_is_normal_in_all_three_schemes():
    result = compute("bmi", {"weight_kg": 70, "height_cm": 175})
    assert result["value"] == 22.9
    assert {scheme: category["code"] for scheme, category in result["categories"].items()} == {
        "kemenkes": "normal",
        "asia_pacific": "normal",
        "who": "normal",
    }
    assert result["scheme"] == "kemenkes"
    assert result["category"]["code"] == "normal"


def test_bmi_60_kg_160_cm_schemes_disagree():
    result = compute("bmi", {"weight_kg": 60, "height_cm": 160})
    assert result["value"] == 23.4
    assert result["categories"]["who"]["code"] == "normal"
    assert result["categories"]["asia_pacific"]["code"] == "at_risk"
    assert result["categories"]["kemenkes"]["code"] == "normal"


def test_bmi_requested_scheme_is_the_category():
    result = compute("bmi", {"weight_kg": 60, "height_cm": 160, "scheme": "asia_pacific"})
    assert result["scheme"] == "asia_pacific"
    assert result["category"]["code"] == "at_risk"
    assert result["category"]["scheme"] == "asia_pacific"


def test_bmr_mifflin_man_30_70_kg_175_cm():
    result = compute("bmr", {"weight_kg": 70, "height_cm": 175, "age": 30, "sex": "male"})
    assert result["value"] == 1648.75
    assert result["methods"]["mifflin_st_jeor"]["value"] == 1648.75
    # Revised Harris–Benedict: 88.362 + 13.397·70 + 4.799·175 − 5.677·30 = 1695.667
    assert result["methods"]["harris_benedict_revised"]["value"] == 1695.67


def test_bmr_mifflin_woman_subtracts_161():
    result = compute("bmr", {"weight_kg": 70, "height_cm": 175, "age": 30, "sex": "female"})
    assert result["value"] == 1648.75 - 5 - 161


def test_tdee_moderate_is_bmr_times_1_55():
    result = compute("tdee", {"weight_kg": 70, "height_cm": 175, "age": 30, "sex": "male", "activity": "moderate"})
    assert result["value"] == 2555.6
    assert result["activity"]["factor"] == 1.55


@pytest.mark.parametrize(
    ("activity", "expected"),
    [("sedentary", 1978.5), ("light", 2267.0), ("moderate", 2555.6), ("active", 2844.1), ("very_active", 3132.6)],
)
def test_tdee_activity_factors(activity, expected):
    # 1648.75 × 1.2 = 1978.5; × 1.375 = 2267.03; × 1.725 = 2844.09; × 1.9 = 3132.625 → 3132.6
    result = compute("tdee", {"weight_kg": 70, "height_cm": 175, "age": 30, "sex": "male", "activity": activity})
    assert result["value"] == expected


def test_ideal_weight_woman_160_cm():
    result = compute("ideal-weight", {"height_cm": 160, "sex": "female"})
    assert result["methods"]["broca"]["value"] == 54.0
    assert result["methods"]["devine"]["value"] == 52.4
    assert result["methods"]["robinson"]["value"] == 54.1
    assert result["value"] == 54.0
    assert result["methods"]["devine"]["extrapolated"] is False


def test_body_fat_man_180_90_40():
    result = compute("body-fat", {"sex": "male", "height_cm": 180, "waist_cm": 90, "neck_cm": 40})
    assert result["value"] == 18.4


def test_waist_ratio_91_178_is_increased():
    result = compute("waist-ratio", {"waist_cm": 91, "height_cm": 178, "sex": "male"})
    assert result["value"] == 0.51
    assert result["category"]["code"] == "increased"
    assert result["central_obesity"]["present"] is True  # 91 > 90 cm for men


def test_blood_pressure_150_85():
    result = compute("blood-pressure", {"systolic": 150, "diastolic": 85})
    assert result["categories"]["acc_aha_2017"]["code"] == "stage_2"
    assert result["categories"]["jnc7"]["code"] == "stage_1"
    assert result["categories"]["esh_2018"]["code"] == "isolated_systolic"
    assert result["categories"]["esh_2018"]["grade"] == "grade_1"
    assert result["scheme"] == "esh_2018"


def test_egfr_man_55_creatinine_1_2():
    result = compute("egfr", {"creatinine_mg_dl": 1.2, "age": 55, "sex": "male"})
    assert result["value"] == 71
    assert result["category"]["code"] == "G2"


def test_egfr_micromol_per_litre_gives_the_same_result():
    result = compute("egfr", {"creatinine_umol_l": 1.2 * 88.4, "age": 55, "sex": "male"})
    assert result["value"] == 71


def test_karvonen_max_180_rest_60_at_70_percent():
    assert karvonen_target(180, 60, 0.7) == 144


def test_heart_rate_zones_age_40_tanaka_max_180_with_karvonen():
    result = compute("heart-rate-zones", {"age": 40, "resting_hr": 60})
    assert result["max_hr"] == 180  # 208 − 0.7 × 40
    assert result["max_hr_alternatives"] == {"tanaka": 180, "fox": 180}
    assert result["method"] == "karvonen"
    zones = {zone["code"]: zone for zone in result["zones"]}
    assert [zones["moderate"]["low_bpm"], zones["moderate"]["high_bpm"]] == [108, 131]  # 60 + 0.40/0.59 × 120
    assert [zones["vigorous"]["low_bpm"], zones["vigorous"]["high_bpm"]] == [132, 167]


def test_water_men_19_to_64_is_2500_ml():
    for age in (19, 30, 64):
        assert compute("water-intake", {"age": age, "sex": "male"})["value"] == 2500


def test_water_holliday_segar_14_kg_is_1200_ml():
    result = compute("water-intake", {"age": 3, "sex": "male", "weight_kg": 14})
    assert result["holliday_segar"]["value"] == 1200


def test_pregnancy_lmp_2020_01_18():
    result = compute("pregnancy", {"last_period_date": "2020-01-18", "on_date": "2020-06-01"}, today=date(2020, 6, 1))
    assert result["due_date"] == "2020-10-24"
    assert result["due_date_naegele"] == "2020-10-25"
    assert result["gestational_age"]["weeks"] == 19
    assert result["gestational_age"]["days"] == 2
    assert result["trimester"] == 2


def test_child_growth_boy_24_months_12_2_kg():
    result = compute(
        "child-growth", {"sex": "male", "age_months": 24, "weight_kg": 12.2, "length_cm": 87, "measured": "standing"}
    )
    assert result["indicators"]["weight_for_age"]["z"] == 0.03


def test_findrisc_35_y_bmi_24_2_man_waist_90_inactive_no_vegetables():
    result = compute(
        "findrisc",
        {
            "age": 35,
            "bmi": 24.2,
            "sex": "male",
            "waist_cm": 90,
            "physically_active": False,
            "daily_vegetables": False,
            "bp_medication": False,
            "high_glucose_history": False,
            "family_history": "none",
        },
    )
    assert result["value"] == 3
    assert result["category"]["code"] == "low"
