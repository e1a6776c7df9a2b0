"""Blood glucose and HbA1c (PERKENI 2021): every cut-off from both sides, units, and the API."""

from __future__ import annotations

import pytest

from calculator.formulas import CalculatorInputError, compute


def glucose_code(value, test, **options):
    return compute("blood-glucose", {"test": test, "glucose_mg_dl": value, **options})["category"]["code"]


@pytest.mark.parametrize(
    ("test", "value", "code"),
    [
        # hypoglycaemia applies to every test
        ("fasting", 53, "hypoglycaemia_serious"),
        ("fasting", 54, "hypoglycaemia"),
        ("fasting", 69, "hypoglycaemia"),
        ("fasting", 70, "normal"),
        ("fasting", 99, "normal"),
        ("fasting", 100, "prediabetes"),
        ("fasting", 125, "prediabetes"),
        ("fasting", 126, "diabetes_range"),
        ("fasting", 250, "diabetes_range"),
        ("fasting", 251, "very_high"),
        ("fasting", 599, "very_high"),
        ("fasting", 600, "crisis_range"),
        ("ogtt_2h", 69, "hypoglycaemia"),
        ("ogtt_2h", 139, "normal"),
        ("ogtt_2h", 140, "prediabetes"),
        ("ogtt_2h", 199, "prediabetes"),
        ("ogtt_2h", 200, "diabetes_range"),
        ("random", 99, "normal"),
        ("random", 100, "uncertain"),
        ("random", 199, "uncertain"),
        ("random", 200, "diabetes_range"),
        ("random", 53, "hypoglycaemia_serious"),
        ("postprandial_2h", 199, "uncertain"),
        ("postprandial_2h", 200, "diabetes_range"),
        ("random", 10, "hypoglycaemia_serious"),  # the lowest accepted value
        ("random", 1500, "crisis_range"),  # the highest
    ],
)
def test_venous_cut_offs(test, value, code):
    assert glucose_code(value, test) == code


@pytest.mark.parametrize(
    ("test", "value", "code"),
    [
        ("fasting", 89, "normal"),
        ("fasting", 90, "prediabetes"),
        ("fasting", 99, "prediabetes"),
        ("fasting", 100, "diabetes_range"),
        ("random", 89, "normal"),
        ("random", 90, "uncertain"),
        ("random", 199, "uncertain"),
        ("random", 200, "diabetes_range"),
    ],
)
def test_capillary_screening_cut_offs(test, value, code):
    assert glucose_code(value, test, sample="capillary") == code


@pytest.mark.parametrize(
    ("test", "value", "code"),
    [
        ("fasting", 69, "hypoglycaemia"),
        ("fasting", 79, "below_target"),
        ("fasting", 80, "on_target"),
        ("fasting", 130, "on_target"),
        ("fasting", 131, "above_target"),
        ("postprandial_2h", 179, "on_target"),
        ("postprandial_2h", 180, "above_target"),
        ("random", 150, "no_target"),
        ("random", 251, "very_high"),
    ],
)
def test_known_diabetes_targets(test, value, code):
    assert glucose_code(value, test, known_diabetes=True) == code


@pytest.mark.parametrize(
    ("test", "value", "code"),
    [
        ("fasting", 91, "normal"),
        ("fasting", 92, "gestational_diabetes_range"),
        ("fasting", 125, "gestational_diabetes_range"),
        ("fasting", 126, "diabetes_range"),
        ("ogtt_2h", 152, "normal"),
        ("ogtt_2h", 153, "gestational_diabetes_range"),
        ("ogtt_2h", 199, "gestational_diabetes_range"),
        ("ogtt_2h", 200, "diabetes_range"),
    ],
)
def test_pregnancy_ogtt_cut_offs(test, value, code):
    assert glucose_code(value, test, pregnant=True) == code


@pytest.mark.parametrize(
    ("mmol_l", "mg_dl", "code"),
    [(5.5, 99, "normal"), (5.6, 101, "prediabetes"), (6.9, 124, "prediabetes"), (7.0, 126, "diabetes_range")],
)
def test_mmol_l_is_read_as_perkeni_reads_it(mmol_l, mg_dl, code):
    result = compute("blood-glucose", {"test": "fasting", "glucose_mmol_l": mmol_l})
    assert (result["value"], result["category"]["code"]) == (mg_dl, code)
    assert compute("blood-glucose", {"test": "ogtt_2h", "glucose_mmol_l": 11.1})["value"] == 200


def test_never_a_diagnosis_from_one_reading():
    result = compute("blood-glucose", {"test": "fasting", "glucose_mg_dl": 140}, "en")
    assert result["is_diagnosis"] is False
    assert "second abnormal result on another day" in result["confirmation"]
    with_symptoms = compute("blood-glucose", {"test": "random", "glucose_mg_dl": 200, "classic_symptoms": True}, "en")
    assert "meets the PERKENI diagnostic criterion" in with_symptoms["confirmation"]
    assert "doctor must confirm" in with_symptoms["confirmation"]
    symptoms_below = compute("blood-glucose", {"test": "random", "glucose_mg_dl": 199, "classic_symptoms": True})
    assert symptoms_below["confirmation"] is None and symptoms_below["category"]["code"] == "uncertain"
    assert compute("blood-glucose", {"test": "fasting", "glucose_mg_dl": 90})["confirmation"] is None


def test_pregnant_woman_with_diabetes_is_told_the_stricter_targets():
    body = {"test": "fasting", "glucose_mg_dl": 95, "known_diabetes": True, "pregnant": True}
    result = compute("blood-glucose", body, "en")
    assert result["category"]["code"] == "above_target"
    assert any("fasting < 95" in note for note in result["notes"])
    assert compute("blood-glucose", {**body, "glucose_mg_dl": 94})["category"]["code"] == "on_target"
    after_meal = {**body, "test": "postprandial_2h"}
    assert compute("blood-glucose", {**after_meal, "glucose_mg_dl": 119})["category"]["code"] == "on_target"
    assert compute("blood-glucose", {**after_meal, "glucose_mg_dl": 120})["category"]["code"] == "above_target"
    assert compute("blood-glucose", {**body, "test": "random", "glucose_mg_dl": 69})["category"]["code"] == (
        "hypoglycaemia"
    )


def test_dangerous_values_send_to_care_now():
    assert "IGD" in compute("blood-glucose", {"test": "random", "glucose_mg_dl": 45})["category"]["advice"]
    assert "emergency" in compute("blood-glucose", {"test": "random", "glucose_mg_dl": 650}, "en")["interpretation"]
    assert "today" in compute("blood-glucose", {"test": "random", "glucose_mg_dl": 300}, "en")["interpretation"]


@pytest.mark.parametrize(
    ("percent", "code"),
    [
        (3, "normal"),
        (5.6, "normal"),
        (5.64, "normal"),
        (5.65, "prediabetes"),
        (5.7, "prediabetes"),
        (6.4, "prediabetes"),
        (6.5, "diabetes_range"),
        (20, "diabetes_range"),
    ],
)
def test_hba1c_cut_offs(percent, code):
    assert compute("hba1c", {"hba1c_percent": percent})["category"]["code"] == code


@pytest.mark.parametrize(("percent", "code"), [(6.9, "on_target"), (7.0, "above_target")])
def test_hba1c_known_diabetes_target(percent, code):
    assert compute("hba1c", {"hba1c_percent": percent, "known_diabetes": True})["category"]["code"] == code


@pytest.mark.parametrize(("mmol_mol", "percent"), [(39, 5.7), (48, 6.5), (53, 7.0), (42, 6.0)])
def test_hba1c_ifcc_units(mmol_mol, percent):
    # NGSP/IFCC master equation; ADA's published pairs: 39 ↔ 5.7, 48 ↔ 6.5, 53 ↔ 7.0, 42 ↔ 6.0
    assert compute("hba1c", {"hba1c_mmol_mol": mmol_mol})["value"] == percent


@pytest.mark.parametrize(
    ("name", "body", "fields"),
    [
        ("blood-glucose", {"test": "fasting"}, {"glucose_mg_dl", "glucose_mmol_l"}),
        ("blood-glucose", {"test": "fasting", "glucose_mg_dl": 100, "glucose_mmol_l": 5.5}, {"glucose_mg_dl"}),
        ("blood-glucose", {"test": "fasting", "glucose_mg_dl": 9}, {"glucose_mg_dl"}),
        ("blood-glucose", {"test": "fasting", "glucose_mg_dl": 1501}, {"glucose_mg_dl"}),
        ("blood-glucose", {"test": "ogtt_2h", "glucose_mg_dl": 150, "sample": "capillary"}, {"sample"}),
        ("blood-glucose", {"test": "after lunch", "glucose_mg_dl": 150}, {"test"}),
        ("hba1c", {}, {"hba1c_percent", "hba1c_mmol_mol"}),
        ("hba1c", {"hba1c_percent": 2.9}, {"hba1c_percent"}),
        ("hba1c", {"hba1c_percent": 6, "hba1c_mmol_mol": 42}, {"hba1c_percent"}),
    ],
)
def test_bad_input_names_the_field(name, body, fields):
    with pytest.raises(CalculatorInputError) as raised:
        compute(name, body)
    assert fields <= set(raised.value.errors)


@pytest.mark.django_db
@pytest.mark.urls("healthkon.urls.calculator")
class TestApi:
    def test_glucose_reading_is_saved_and_trended(self, make_user, client_for):
        client = client_for(make_user())
        first = client.post("/calculator/blood-glucose", {"test": "GDP", "glucose_mg_dl": "130"})
        assert first.status_code == 200, first.data
        assert first.data["result"]["category"]["code"] == "diabetes_range"
        second = client.post(
            "/calculator/blood-glucose", {"test": "fasting", "glucose_mg_dl": 110}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert second.data["result"]["category"]["label"] == "Prediabetes"
        summary = {item["calculator"]: item for item in client.get("/metrics/summary").data["results"]}
        glucose = summary["blood-glucose"]
        assert (glucose["latest"]["value"], glucose["previous"]["value"], glucose["trend"]) == (110, 130, "down")
        assert glucose["latest"]["code"] == "prediabetes"

    def test_hba1c_through_the_api(self, make_user, client_for):
        client = client_for(make_user())
        response = client.post("/calculator/hba1c", {"hba1c_percent": 6.5})
        assert response.status_code == 200
        assert response.data["result"]["is_diagnosis"] is False
        assert client.get("/metrics/?calculator=hba1c").data["count"] == 1

    def test_bad_input_is_400_and_nothing_saved(self, make_user, client_for):
        client = client_for(make_user())
        response = client.post("/calculator/blood-glucose", {"test": "fasting", "glucose_mmol_l": 0})
        assert response.status_code == 400 and "glucose_mmol_l" in response.data
        assert client.get("/metrics/").data["count"] == 0
