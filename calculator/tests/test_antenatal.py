"""Antenatal: IOM 2009 weight gain by pre-pregnancy BMI and WHO 2024 anaemia by trimester, at every cut-off."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculator.formulas import CalculatorInputError, compute
from calculator.formulas.antenatal import expected_gain_by_week, pre_pregnancy_bmi_class


def gain_result(bmi: str, **extra):
    # At 200 cm BMI = weight / 4 exactly, so each BMI below is reached without rounding.
    weight = Decimal(bmi) * 4
    return compute("antenatal", {"pre_pregnancy_weight_kg": str(weight), "height_cm": 200, **extra})


@pytest.mark.parametrize(
    ("bmi", "bmi_class", "total"),
    [
        ("12.5", "underweight", [12.5, 18.0]),
        ("18.4", "underweight", [12.5, 18.0]),
        ("18.5", "normal", [11.5, 16.0]),
        ("24.9", "normal", [11.5, 16.0]),
        ("25.0", "overweight", [7.0, 11.5]),
        ("29.9", "overweight", [7.0, 11.5]),
        ("30.0", "obese", [5.0, 9.0]),
        ("50.0", "obese", [5.0, 9.0]),
    ],
)
def test_recommended_total_by_bmi(bmi, bmi_class, total):
    part = gain_result(bmi)["weight_gain"]
    assert (part["bmi_class"], part["recommended_total_kg"]) == (bmi_class, total)
    assert pre_pregnancy_bmi_class(Decimal(bmi)) == bmi_class


@pytest.mark.parametrize(
    ("bmi", "twins_total"),
    [("18.4", None), ("18.5", [17.0, 25.0]), ("25.0", [14.0, 23.0]), ("30.0", [11.0, 19.0])],
)
def test_twins(bmi, twins_total):
    result = gain_result(bmi, twins=True, current_weight_kg=float(Decimal(bmi) * 4 + 10))
    part = result["weight_gain"]
    assert part["recommended_total_kg"] == twins_total
    assert part["category"] is None and part["gain_kg"] == 10.0  # no weekly IOM rates for twins
    if twins_total is None:
        assert "no weight-gain recommendation" in compute("antenatal", {**result["inputs"]}, "en")["interpretation"]


def test_expected_range_by_week():
    # 0.5–2 kg by week 13, then the weekly rate: normal BMI at week 20 → 0.5 + 7×0.35, 2 + 7×0.50
    assert expected_gain_by_week("normal", 13) == (Decimal("0.5"), Decimal(2))
    assert expected_gain_by_week("normal", 20) == (Decimal("2.95"), Decimal("5.5"))
    assert expected_gain_by_week("obese", 44) == expected_gain_by_week("obese", 40)
    low, high = expected_gain_by_week("normal", 1)
    assert low < high < 1


@pytest.mark.parametrize(
    ("current", "code"),
    [(52.9, "below"), (53.0, "within"), (55.5, "within"), (55.6, "above"), (40, "below")],
)
def test_gain_cut_offs_at_week_20(current, code):
    # 50 kg at 158 cm: BMI 20.0 (normal); gain = current − 50; expected at week 20: 2.95–5.5 kg.
    body = {"pre_pregnancy_weight_kg": 50, "height_cm": 158, "current_weight_kg": current, "gestation_weeks": 20}
    result = compute("antenatal", body)
    assert result["weight_gain"]["expected_by_now_kg"] == [3.0, 5.5]  # 2.95 shown half-up as 3.0
    assert result["weight_gain"]["category"]["code"] == code
    assert result["value"] == round(current - 50, 1)


@pytest.mark.parametrize(("weeks", "assessed"), [(1, False), (13, False), (14, True), (44, True)])
def test_gain_is_assessed_from_the_second_trimester(weeks, assessed):
    body = {"pre_pregnancy_weight_kg": 50, "height_cm": 158, "current_weight_kg": 49, "gestation_weeks": weeks}
    result = compute("antenatal", body, "en")
    part = result["weight_gain"]
    assert part["gain_kg"] == -1.0 and result["value"] == -1.0
    assert (part["category"] is not None) == assessed
    if assessed:
        assert part["category"]["code"] == "below"
    else:
        assert "0.5–2 kg" in result["interpretation"] and part["expected_by_now_kg"] is None


@pytest.mark.parametrize(
    ("weeks", "hb", "trimester", "code"),
    [
        (1, 11.0, 1, "none"),
        (13, 10.9, 1, "mild"),
        (13, 10.0, 1, "mild"),
        (13, 9.9, 1, "moderate"),
        (13, 7.0, 1, "moderate"),
        (13, 6.9, 1, "severe"),
        (14, 10.9, 2, "none"),
        (14, 10.5, 2, "none"),
        (20, 10.4, 2, "mild"),
        (27, 9.5, 2, "mild"),
        (27, 9.4, 2, "moderate"),
        (27, 7.0, 2, "moderate"),
        (27, 6.9, 2, "severe"),
        (28, 10.5, 3, "mild"),
        (28, 11.0, 3, "none"),
        (44, 9.9, 3, "moderate"),
        (40, 3.0, 3, "severe"),
        (40, 20, 3, "none"),
    ],
)
def test_anaemia_cut_offs_per_trimester(weeks, hb, trimester, code):
    anaemia = compute("antenatal", {"gestation_weeks": weeks, "hb_g_dl": hb})["anaemia"]
    assert (anaemia["trimester"], anaemia["category"]["code"]) == (trimester, code)


def test_headline_is_the_more_urgent_finding():
    body = {"pre_pregnancy_weight_kg": 50, "height_cm": 158, "current_weight_kg": 54, "gestation_weeks": 20}
    assert compute("antenatal", {**body, "hb_g_dl": 10.4})["category"]["code"] == "within"
    severe = compute("antenatal", {**body, "hb_g_dl": 6.5}, "en")
    assert severe["category"]["code"] == "severe" and "today" in severe["category"]["advice"]
    assert compute("antenatal", {"gestation_weeks": 20, "hb_g_dl": 12})["category"]["code"] == "none"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "hb_g_dl"),
        ({"pre_pregnancy_weight_kg": 50}, "height_cm"),
        ({"height_cm": 158}, "pre_pregnancy_weight_kg"),
        ({"hb_g_dl": 10}, "gestation_weeks"),
        ({"pre_pregnancy_weight_kg": 50, "height_cm": 158, "current_weight_kg": 55}, "gestation_weeks"),
        ({"current_weight_kg": 55, "gestation_weeks": 20, "hb_g_dl": 11}, "pre_pregnancy_weight_kg"),
        ({"pre_pregnancy_weight_kg": 30, "height_cm": 200}, "pre_pregnancy_weight_kg"),  # BMI 7.5
        (
            {"pre_pregnancy_weight_kg": 50, "height_cm": 158, "current_weight_kg": 95, "gestation_weeks": 20},
            "current_weight_kg",
        ),
        ({"gestation_weeks": 45, "hb_g_dl": 10}, "gestation_weeks"),
        ({"gestation_weeks": 20, "hb_g_dl": 2.9}, "hb_g_dl"),
    ],
)
def test_bad_input_names_the_field(body, field):
    with pytest.raises(CalculatorInputError) as raised:
        compute("antenatal", body)
    assert field in raised.value.errors


@pytest.mark.django_db
@pytest.mark.urls("healthkon.urls.calculator")
class TestApi:
    def test_weight_gain_is_trended(self, make_user, client_for):
        client = client_for(make_user())
        base = {"pre_pregnancy_weight_kg": 50, "height_cm": 158}
        for weeks, weight in ((16, 52), (24, 55.5)):
            response = client.post(
                "/calculator/antenatal", {**base, "gestation_weeks": weeks, "current_weight_kg": weight}
            )
            assert response.status_code == 200, response.data
        item = {row["calculator"]: row for row in client.get("/metrics/summary").data["results"]}["antenatal"]
        assert (item["latest"]["value"], item["previous"]["value"], item["trend"]) == (5.5, 2.0, "up")

    def test_hb_only_is_answered_in_english(self, make_user, client_for):
        client = client_for(make_user())
        response = client.post(
            "/calculator/antenatal", {"gestation_weeks": 30, "hb_g_dl": 9}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 200
        assert response.data["result"]["category"]["label"] == "Moderate anaemia"
        assert response.data["result"]["interpretation"].startswith("Hb 9.0 g/dL in trimester 3")
        bad = client.post("/calculator/antenatal", {"hb_g_dl": 9})
        assert bad.status_code == 400 and "gestation_weeks" in bad.data
