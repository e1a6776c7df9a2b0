"""The registry as an API uses it: listing, language, result shape, history value."""

from __future__ import annotations

import ast
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from calculator.formulas import CALCULATORS, compute, list_calculators, primary_value
from calculator.formulas.rounding import round_half_up, round_half_up_int
from calculator.formulas.text import format_number

URL_NAMES = {
    "bmi",
    "bmr",
    "tdee",
    "ideal-weight",
    "body-fat",
    "waist-ratio",
    "blood-pressure",
    "egfr",
    "heart-rate-zones",
    "water-intake",
    "pregnancy",
    "child-growth",
    "findrisc",
    "blood-glucose",
    "hba1c",
    "muac",
    "antenatal",
    "head-circumference",
    "immunisation",
}
TODAY = date(2024, 6, 1)
EXAMPLES = {
    "bmi": {"weight_kg": 70, "height_cm": 175},
    "bmr": {"weight_kg": 70, "height_cm": 175, "age": 30, "sex": "male"},
    "tdee": {"weight_kg": 70, "height_cm": 175, "age": 30, "sex": "male", "activity": "light"},
    "ideal-weight": {"height_cm": 160, "sex": "female"},
    "body-fat": {"sex": "male", "height_cm": 180, "waist_cm": 90, "neck_cm": 40},
    "waist-ratio": {"waist_cm": 91, "height_cm": 178, "sex": "male"},
    "blood-pressure": {"systolic": 150, "diastolic": 85},
    "egfr": {"creatinine_mg_dl": 1.2, "age": 55, "sex": "male"},
    "heart-rate-zones": {"age": 40, "resting_hr": 60},
    "water-intake": {"age": 30, "sex": "female", "pregnant": True},
    "pregnancy": {"last_period_date": "2024-01-18"},
    "child-growth": {
        "sex": "female",
        "birth_date": "2022-10-01",
        "weight_kg": 11,
        "length_cm": 85,
        "measured": "lying",
    },
    "findrisc": {
        "age": 50,
        "weight_kg": 80,
        "height_cm": 170,
        "waist_cm": 95,
        "sex": "male",
        "physically_active": False,
        "daily_vegetables": True,
        "bp_medication": False,
        "high_glucose_history": False,
        "family_history": "first_degree",
    },
    "blood-glucose": {"test": "fasting", "glucose_mg_dl": 110},
    "hba1c": {"hba1c_percent": 6.1},
    "muac": {"group": "child", "muac_cm": 12.1, "age_months": 18},
    "antenatal": {
        "gestation_weeks": 20,
        "pre_pregnancy_weight_kg": 50,
        "height_cm": 158,
        "current_weight_kg": 54,
        "hb_g_dl": 10.4,
    },
    "head-circumference": {"sex": "male", "age_months": 0, "head_cm": 34.4618},
    "immunisation": {"birth_date": "2023-06-01", "mr_doses": 1},
}
PRIMARY_VALUES = {
    "bmi": 22.9,
    "bmr": 1648.75,
    "ideal-weight": 54.0,
    "body-fat": 18.4,
    "waist-ratio": 0.51,
    "blood-pressure": 150.0,
    "egfr": 71.0,
    "heart-rate-zones": 60.0,
    "water-intake": 2650.0,
    "findrisc": 13.0,  # age 2 + BMI 1 + waist 3 + inactive 2 + family 5
    "blood-glucose": 110.0,
    "hba1c": 6.1,
    "muac": 12.1,
    "antenatal": 4.0,
    "head-circumference": 0.0,  # the WHO median at birth
    "immunisation": 0.0,  # 12 months on 2024-06-01, MR 1 given: nothing overdue
}


def test_registry_is_keyed_by_url_name():
    assert set(CALCULATORS) == URL_NAMES
    for name, spec in CALCULATORS.items():
        assert spec.name == name


@pytest.mark.parametrize("lang", ["id", "en"])
def test_listing_describes_inputs_units_and_ranges(lang):
    listing = list_calculators(lang)
    json.dumps(listing, allow_nan=False)
    assert [entry["name"] for entry in listing] == list(CALCULATORS)
    bmi = next(entry for entry in listing if entry["name"] == "bmi")
    weight = next(item for item in bmi["inputs"] if item["name"] == "weight_kg")
    assert weight == {
        "name": "weight_kg",
        "type": "number",
        "unit": "kg",
        "min": 10,  # children 5–17 since issue 20
        "max": 300,
        "required": True,
        "default": None,
        "help": weight["help"],
        "choices": None,
    }
    for entry in listing:
        assert entry["title"] and entry["description"] and entry["references"] and entry["primary_value"]
        for item in entry["inputs"]:
            assert item["type"] in {"number", "integer", "choice", "boolean", "date"}
            assert item["help"]
            if item["type"] in {"number", "integer"}:
                assert item["min"] is not None and item["max"] is not None and item["min"] < item["max"]
            if item["type"] == "choice":
                assert item["choices"] and all(choice["label"] for choice in item["choices"])


def test_listing_language():
    assert list_calculators("id")[0]["title"] == "Indeks Massa Tubuh (IMT)"
    assert list_calculators("en")[0]["title"] == "Body mass index (BMI)"


@pytest.mark.parametrize("name", sorted(URL_NAMES))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_result_names_its_scheme_and_is_json(name, lang):
    result = compute(name, EXAMPLES[name], lang, today=TODAY)
    json.dumps(result, allow_nan=False)
    assert result["calculator"] == name
    assert result["scheme"]
    assert result["lang"] == lang
    assert result["interpretation"]
    category = result.get("category")
    if category is not None:
        assert set(category) >= {"code", "label", "advice", "scheme"}


def test_results_follow_the_language():
    indonesian = compute("bmi", EXAMPLES["bmi"])
    english = compute("bmi", EXAMPLES["bmi"], "en")
    assert indonesian["interpretation"].startswith("IMT Anda 22,9 kg/m²")
    assert english["interpretation"].startswith("Your BMI is 22.9 kg/m²")
    assert indonesian["category"]["code"] == english["category"]["code"] == "normal"
    assert compute("bmi", EXAMPLES["bmi"], "fr")["lang"] == "id"


@pytest.mark.parametrize(("name", "expected"), sorted(PRIMARY_VALUES.items()))
def test_primary_value(name, expected):
    assert primary_value(name, compute(name, EXAMPLES[name], today=TODAY)) == expected


def test_primary_value_of_trend_only_calculators():
    assert primary_value("pregnancy", compute("pregnancy", EXAMPLES["pregnancy"], today=TODAY)) == 19.3
    growth = compute("child-growth", EXAMPLES["child-growth"], today=TODAY)
    assert primary_value("child-growth", growth) == growth["indicators"]["weight_for_age"]["z"]
    assert primary_value("heart-rate-zones", compute("heart-rate-zones", {"age": 40})) is None
    assert primary_value("bmi", {}) is None  # a malformed stored result never breaks a history page


def test_formulas_package_has_no_django():
    package = Path(__file__).resolve().parents[1] / "formulas"
    for module in package.rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] in {"django", "rest_framework"} for name in names), module


def test_formulas_never_use_builtin_round():
    package = Path(__file__).resolve().parents[1] / "formulas"
    for module in package.rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "round", f"{module}: use rounding.round_half_up"


# --- rounding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (2.675, 2, 2.68),
        (0.125, 2, 0.13),
        (22.85, 1, 22.9),
        (25.05, 1, 25.1),
        (-2.005, 2, -2.01),
        (0.5, 0, 1.0),
        (1.5, 0, 2.0),
        (2.5, 0, 3.0),
        (-0.5, 0, -1.0),
        (Decimal("730.5"), 0, 731.0),
        (-0.004, 2, 0.0),
    ],
)
def test_round_half_up(value, places, expected):
    # Python's round() gives 2.67, 0.12, 0.0 (0.5), 2.0 (2.5): half-to-even on the binary float.
    assert round_half_up(value, places) == expected


def test_round_half_up_int_and_negative_zero():
    assert round_half_up_int(730.5) == 731
    assert str(round_half_up(-0.004, 2)) == "0.0"


@pytest.mark.parametrize(
    ("value", "lang", "places", "text"),
    [
        (22.9, "id", None, "22,9"),
        (22.9, "en", None, "22.9"),
        (25.0, "id", 1, "25,0"),
        (2500, "id", None, "2500"),
        (0.5, "en", 2, "0.50"),
    ],
)
def test_format_number(value, lang, places, text):
    assert format_number(value, lang, places) == text
