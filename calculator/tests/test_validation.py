"""Generic and calculator-specific input validation: field-keyed errors, never a crash."""

from __future__ import annotations

from datetime import date

import pytest

from calculator.formulas import CALCULATORS, CalculatorInputError, UnknownCalculatorError, compute, validate_inputs

TODAY = date(2024, 6, 1)
BMI_OK = {"weight_kg": 70, "height_cm": 175}


def errors_for(name: str, raw, lang: str = "id", today: date = TODAY) -> dict[str, list[str]]:
    with pytest.raises(CalculatorInputError) as caught:
        validate_inputs(name, raw, lang=lang, today=today)
    return caught.value.errors


# --- generic field parsing ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_every_required_field_is_reported_when_missing(name):
    required = {spec.name for spec in CALCULATORS[name].inputs if spec.required}
    errors = errors_for(name, {}, "en")
    assert required <= set(errors)
    for field in required:
        assert errors[field] == ["This field is required."]


def test_messages_are_indonesian_by_default_and_english_on_request():
    assert errors_for("bmi", {"height_cm": 175})["weight_kg"] == ["Wajib diisi."]
    assert errors_for("bmi", {"height_cm": 175}, "en")["weight_kg"] == ["This field is required."]
    assert errors_for("bmi", {"height_cm": 175}, "en-US")["weight_kg"] == ["This field is required."]


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_blank_is_missing(blank):
    assert "weight_kg" in errors_for("bmi", {"weight_kg": blank, "height_cm": 175})


@pytest.mark.parametrize("value", ["abc", "70kg", "7,5", [70], {"v": 70}, "0x46", object()])
def test_non_numeric(value):
    errors = errors_for("bmi", {"weight_kg": value, "height_cm": 175}, "en")
    assert errors == {"weight_kg": ["Must be a number."]}


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_not_numbers(value):
    assert errors_for("bmi", {"weight_kg": value, "height_cm": 175}, "en") == {"weight_kg": ["Must be a number."]}
    assert "age" in errors_for("bmr", {"weight_kg": 70, "height_cm": 175, "age": value, "sex": "male"})


@pytest.mark.parametrize(
    "value", ["nan", "NaN", "inf", "-inf", "Infinity", "-Infinity", "sNaN", float("nan"), float("inf"), float("-inf")]
)
def test_nan_and_infinity_are_rejected(value):
    errors = errors_for("bmi", {"weight_kg": value, "height_cm": 175}, "en")
    assert errors == {"weight_kg": ["Must be a finite number."]}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (9.9, "Must be at least 10 kg."),  # 10 kg since issue 20: BMI-for-age for children from 5 years
        ("300.01", "Must be at most 300 kg."),
        (-70, "Must be at least 10 kg."),
        (10**400, "Must be at most 300 kg."),
        ("1e400", "Must be at most 300 kg."),
    ],
)
def test_out_of_range(value, message):
    assert errors_for("bmi", {"weight_kg": value, "height_cm": 175}, "en") == {"weight_kg": [message]}


def test_range_limits_are_inclusive():
    # The limits of the fields themselves; an adult BMI outside 10–150 is refused by the cross-check.
    assert validate_inputs("bmi", {"weight_kg": 63, "height_cm": 250})["weight_kg"] == 63.0
    assert validate_inputs("bmi", {"weight_kg": 10, "height_cm": 100})["weight_kg"] == 10.0
    assert validate_inputs("bmi", {"weight_kg": "300", "height_cm": "150"})["weight_kg"] == 300.0
    assert validate_inputs("bmi", {"weight_kg": 12, "height_cm": "90"})["height_cm"] == 90.0


def test_numbers_accept_numeric_strings_and_keep_their_decimals():
    clean = validate_inputs("bmi", {"weight_kg": " 70.5 ", "height_cm": "1.75e2"})
    assert clean["weight_kg"] == 70.5
    assert clean["height_cm"] == 175.0


@pytest.mark.parametrize(
    ("value", "accepted"),
    [(30, True), ("30", True), (30.0, True), ("30.0", True), (30.5, False), ("30.5", False), ("thirty", False)],
)
def test_integer_fields(value, accepted):
    raw = {"weight_kg": 70, "height_cm": 175, "age": value, "sex": "male"}
    if accepted:
        clean = validate_inputs("bmr", raw)
        assert clean["age"] == 30 and isinstance(clean["age"], int)
    else:
        assert errors_for("bmr", raw, "en") == {"age": ["Must be a whole number."]}


@pytest.mark.parametrize(
    ("value", "canonical"),
    [("male", "male"), ("Female", "female"), (" M ", "male"), ("f", "female"), ("L", "male"), ("P", "female")],
)
def test_sex_choices_and_aliases(value, canonical):
    assert validate_inputs("ideal-weight", {"height_cm": 170, "sex": value})["sex"] == canonical


@pytest.mark.parametrize("value", ["x", "pria", 1, True, ["male"]])
def test_bad_choice(value):
    errors = errors_for("ideal-weight", {"height_cm": 170, "sex": value}, "en")
    assert errors == {"sex": ["Not a valid choice. Choose one of: male, female."]}


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("False", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        ("ya", True),
        ("tidak", False),
    ],
)
def test_boolean_fields(value, parsed):
    assert validate_inputs("water-intake", {"age": 30, "sex": "female", "pregnant": value})["pregnant"] is parsed


@pytest.mark.parametrize("value", [2, -1, 0.5, "maybe", "", "on?", [True]])
def test_bad_boolean(value):
    raw = {"age": 30, "sex": "female", "pregnant": value}
    if value == "":
        assert validate_inputs("water-intake", raw)["pregnant"] is False  # blank optional → default
    else:
        assert errors_for("water-intake", raw, "en") == {"pregnant": ["Must be true or false."]}


@pytest.mark.parametrize(
    "value", ["2020-13-01", "2020-02-30", "18/01/2020", "20200118", "2020-1-18", 20200118, "yesterday", "1899-12-31"]
)
def test_bad_dates(value):
    errors = errors_for("pregnancy", {"last_period_date": value, "on_date": "2020-06-01"}, "en")
    assert set(errors) == {"last_period_date"}


def test_dates_accept_date_objects_and_return_iso_strings():
    clean = validate_inputs("pregnancy", {"last_period_date": date(2024, 3, 1)}, today=TODAY)
    assert clean == {"last_period_date": "2024-03-01", "on_date": "2024-06-01"}


@pytest.mark.parametrize("raw", [None, [], "weight=70", 70, [("weight_kg", 70)]])
def test_input_that_is_not_an_object(raw):
    assert errors_for("bmi", raw, "en") == {"non_field_errors": ["The input must be a JSON object."]}


def test_unknown_calculator():
    with pytest.raises(UnknownCalculatorError):
        validate_inputs("bmx", BMI_OK)
    with pytest.raises(LookupError):
        compute("bmx", BMI_OK)


def test_every_problem_is_reported_at_once():
    errors = errors_for("bmr", {"weight_kg": "heavy", "height_cm": 999, "age": 17.5, "sex": "x"})
    assert set(errors) == {"weight_kg", "height_cm", "age", "sex"}


def test_unknown_keys_are_ignored_and_defaults_filled():
    clean = validate_inputs("bmi", {**BMI_OK, "save": False, "note": "x"})
    assert clean == {"weight_kg": 70.0, "height_cm": 175.0, "scheme": "kemenkes"}


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("bmi", BMI_OK),
        ("pregnancy", {"last_period_date": "2024-01-01"}),
        (
            "child-growth",
            {"sex": "F", "birth_date": "2023-01-01", "weight_kg": "9.5", "length_cm": 75, "measured": "lying"},
        ),
        (
            "findrisc",
            {
                "age": "50",
                "weight_kg": 80,
                "height_cm": 170,
                "waist_cm": 95,
                "sex": "m",
                "physically_active": "yes",
                "daily_vegetables": 1,
                "bp_medication": "0",
                "high_glucose_history": False,
                "family_history": "NONE",
            },
        ),
    ],
)
def test_validation_is_idempotent(name, raw):
    once = validate_inputs(name, raw, today=TODAY)
    assert validate_inputs(name, once, today=TODAY) == once
    assert compute(name, once, today=TODAY)["inputs"] == once


# --- contradictory input --------------------------------------------------------------------------


def test_body_fat_men_waist_must_exceed_neck():
    errors = errors_for("body-fat", {"sex": "male", "height_cm": 180, "waist_cm": 40, "neck_cm": 40}, "en")
    assert errors == {"waist_cm": ["Waist must be larger than the neck circumference."]}


def test_body_fat_women_need_the_hip():
    errors = errors_for("body-fat", {"sex": "female", "height_cm": 165, "waist_cm": 75, "neck_cm": 33}, "en")
    assert list(errors) == ["hip_cm"]


def test_body_fat_implausible_estimate_is_rejected_not_reported():
    errors = errors_for("body-fat", {"sex": "male", "height_cm": 180, "waist_cm": 41, "neck_cm": 40}, "en")
    assert list(errors) == ["waist_cm"]
    assert "implausible" in errors["waist_cm"][0]


def test_body_fat_woman_ok():
    result = compute("body-fat", {"sex": "female", "height_cm": 165, "waist_cm": 75, "neck_cm": 33, "hip_cm": 100})
    assert 20 < result["value"] < 40


@pytest.mark.parametrize(
    "raw",
    [{"age": 50, "sex": "male"}, {"age": 50, "sex": "male", "creatinine_mg_dl": 1, "creatinine_umol_l": 88.4}],
)
def test_egfr_needs_exactly_one_creatinine_unit(raw):
    errors = errors_for("egfr", raw)
    assert set(errors) == {"creatinine_mg_dl", "creatinine_umol_l"}


def test_blood_pressure_systolic_must_exceed_diastolic():
    assert list(errors_for("blood-pressure", {"systolic": 80, "diastolic": 120})) == ["systolic"]
    assert list(errors_for("blood-pressure", {"systolic": 90, "diastolic": 90})) == ["systolic"]


def test_resting_heart_rate_must_be_below_max():
    errors = errors_for("heart-rate-zones", {"age": 100, "resting_hr": 120, "max_hr_formula": "fox"})
    assert list(errors) == ["resting_hr"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"age": 30, "sex": "male", "pregnant": True}, "pregnant"),
        ({"age": 30, "sex": "male", "lactating": True}, "lactating"),
        ({"age": 8, "sex": "female", "pregnant": True}, "pregnant"),
        ({"age": 30, "sex": "female", "pregnant": True, "lactating": True}, "lactating"),
    ],
)
def test_water_pregnancy_and_lactation_contradictions(raw, field):
    assert list(errors_for("water-intake", raw)) == [field]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"last_period_date": "2024-06-02"}, "last_period_date"),  # tomorrow
        ({"last_period_date": "2023-07-27"}, "last_period_date"),  # 310 days ago (> 44 weeks)
        ({"last_period_date": "2024-03-01", "on_date": "2024-02-01"}, "on_date"),
    ],
)
def test_pregnancy_dates(raw, field):
    assert list(errors_for("pregnancy", raw)) == [field]


def test_pregnancy_lmp_today_is_accepted():
    result = compute("pregnancy", {"last_period_date": TODAY.isoformat()}, today=TODAY)
    assert result["gestational_age"]["total_days"] == 0


CHILD = {"sex": "male", "weight_kg": 10, "length_cm": 80, "measured": "lying"}


@pytest.mark.parametrize(
    ("extra", "fields"),
    [
        ({}, {"birth_date", "age_months"}),
        ({"birth_date": "2023-01-01", "age_months": 17}, {"age_months"}),
        ({"age_months": "60.01"}, {"age_months"}),
        ({"age_months": -1}, {"age_months"}),
        ({"birth_date": "2024-06-02"}, {"birth_date"}),  # born after the (default) measurement date
        ({"birth_date": "2023-01-01", "on_date": "2024-06-02"}, {"on_date"}),  # measured in the future
        ({"birth_date": "2019-04-30"}, {"birth_date"}),  # 61 completed months
        ({"birth_date": "2019-05-31"}, set()),  # 60 months and 1 day: still 60 completed months
        ({"birth_date": "2019-06-01", "on_date": "2024-06-01"}, set()),  # exactly 60 months: accepted
    ],
)
def test_child_growth_age_rules(extra, fields):
    raw = {**CHILD, **extra}
    if fields:
        assert set(errors_for("child-growth", raw)) == fields
    else:
        assert validate_inputs("child-growth", raw, today=TODAY)


def test_child_growth_age_from_dates():
    result = compute("child-growth", {**CHILD, "birth_date": "2023-06-01", "on_date": "2024-06-01"}, today=TODAY)
    assert result["age_days"] == 366  # 2024 is a leap year
    assert result["inputs"]["on_date"] == "2024-06-01"


@pytest.mark.parametrize(
    ("extra", "fields"),
    [
        ({}, {"weight_kg", "height_cm"}),
        ({"weight_kg": 70}, {"height_cm"}),
        ({"bmi": 24, "weight_kg": 70, "height_cm": 170}, {"bmi"}),
        ({"bmi": 24, "height_cm": 170}, {"bmi"}),
    ],
)
def test_findrisc_needs_bmi_or_weight_and_height(extra, fields):
    raw = {
        "age": 50,
        "waist_cm": 90,
        "sex": "male",
        "physically_active": True,
        "daily_vegetables": True,
        "bp_medication": False,
        "high_glucose_history": False,
        "family_history": "none",
        **extra,
    }
    assert set(errors_for("findrisc", raw)) == fields


def test_compute_validates_too():
    with pytest.raises(CalculatorInputError):
        compute("bmi", {"weight_kg": "nan", "height_cm": 175})
