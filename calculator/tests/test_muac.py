"""LiLA/MUAC: both sides of every cut-off, the youngest and oldest child, plausibility, the API."""

from __future__ import annotations

from datetime import date

import pytest

from calculator.formulas import CalculatorInputError, compute

TODAY = date(2024, 6, 1)


def child(muac_cm, **age):
    return compute("muac", {"group": "child", "muac_cm": muac_cm, **(age or {"age_months": 24})}, today=TODAY)


@pytest.mark.parametrize(
    ("muac_cm", "code"),
    [
        (7, "severe_acute_malnutrition"),
        (11.4, "severe_acute_malnutrition"),
        (11.44, "severe_acute_malnutrition"),
        (11.45, "moderate_acute_malnutrition"),  # the tape reads 0.1 cm: 11.45 → 11.5
        (11.5, "moderate_acute_malnutrition"),
        (12.4, "moderate_acute_malnutrition"),
        (12.5, "normal"),
        (26, "normal"),
    ],
)
def test_child_cut_offs(muac_cm, code):
    assert child(muac_cm)["category"]["code"] == code


def test_oedema_is_severe_whatever_the_arm():
    result = child(14, age_months=30)
    assert result["category"]["code"] == "normal"
    result = compute("muac", {"group": "child", "muac_cm": 14, "age_months": 30, "oedema": True}, "en")
    assert result["category"]["code"] == "severe_acute_malnutrition"
    assert "oedema" in result["category"]["label"] and "today" in result["category"]["advice"]


@pytest.mark.parametrize(
    ("age", "accepted"),
    [
        ({"age_months": 5.9}, False),
        ({"age_months": 6}, True),
        ({"age_months": 59.9}, True),
        ({"age_months": 60}, False),
        ({"birth_date": "2023-12-02"}, False),  # 5 completed months on 2024-06-01
        ({"birth_date": "2023-12-01"}, True),  # 6 months exactly
        ({"birth_date": "2019-06-02"}, True),  # 59 completed months
        ({"birth_date": "2019-06-01"}, False),  # 60 months
    ],
)
def test_youngest_and_oldest_child(age, accepted):
    if accepted:
        assert child(12, **age)["category"]["code"] == "moderate_acute_malnutrition"
    else:
        with pytest.raises(CalculatorInputError) as raised:
            child(12, **age)
        assert set(raised.value.errors) <= {"age_months", "birth_date"}
        assert "child-growth" in str(raised.value.errors)


@pytest.mark.parametrize("group", ["pregnant", "woman"])
@pytest.mark.parametrize(("muac_cm", "code"), [(14, "kek_risk"), (23.4, "kek_risk"), (23.5, "normal"), (55, "normal")])
def test_women_cut_off(group, muac_cm, code):
    assert compute("muac", {"group": group, "muac_cm": muac_cm})["category"]["code"] == code


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"group": "child", "muac_cm": 6.9, "age_months": 12}, "muac_cm"),
        ({"group": "child", "muac_cm": 27, "age_months": 12}, "muac_cm"),
        ({"group": "pregnant", "muac_cm": 13.9}, "muac_cm"),
        ({"group": "pregnant", "muac_cm": 55.1}, "muac_cm"),
        ({"group": "child", "muac_cm": 12}, "birth_date"),
        ({"group": "child", "muac_cm": 12, "age_months": 12, "birth_date": "2023-06-01"}, "age_months"),
        ({"group": "pregnant", "muac_cm": 25, "age_months": 12}, "age_months"),
        ({"group": "woman", "muac_cm": 25, "oedema": True}, "oedema"),
        ({"group": "child", "muac_cm": 12, "birth_date": "2024-07-01"}, "birth_date"),
        ({"group": "child", "muac_cm": 12, "birth_date": "2023-01-01", "on_date": "2024-07-01"}, "on_date"),
        ({"group": "adult", "muac_cm": 25}, "group"),
        ({"group": "child", "muac_cm": 4.9, "age_months": 12}, "muac_cm"),
    ],
)
def test_bad_input_names_the_field(body, field):
    with pytest.raises(CalculatorInputError) as raised:
        compute("muac", body, today=TODAY)
    assert field in raised.value.errors


def test_indonesian_by_default_with_decimal_comma():
    result = compute("muac", {"group": "hamil", "muac_cm": 23.4})
    assert result["interpretation"].startswith("LiLA 23,4 cm — Risiko KEK")


@pytest.mark.django_db
@pytest.mark.urls("healthkon.urls.calculator")
class TestApi:
    def test_child_measurement_saved_and_trended(self, make_user, client_for):
        client = client_for(make_user())
        for value in (11.8, 12.6):
            response = client.post("/calculator/muac", {"group": "child", "muac_cm": value, "age_months": 20})
            assert response.status_code == 200, response.data
        summary = {item["calculator"]: item for item in client.get("/metrics/summary").data["results"]}
        assert summary["muac"]["latest"]["value"] == 12.6 and summary["muac"]["trend"] == "up"
        assert summary["muac"]["previous"]["code"] == "moderate_acute_malnutrition"

    def test_out_of_range_is_400_nothing_saved(self, make_user, client_for):
        client = client_for(make_user())
        response = client.post("/calculator/muac", {"group": "child", "muac_cm": 12, "age_months": 3})
        assert response.status_code == 400 and "age_months" in response.data
        assert client.get("/metrics/").data["count"] == 0
