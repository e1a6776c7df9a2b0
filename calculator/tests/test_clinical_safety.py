"""Clinical safety round 2 (issue 20, items 1–11): dangerous lows, newborns, children, pregnancy.

Each test sits on a cut-off: the value just inside and just outside, in both languages where the
wording is the point, through the HTTP API where a 400 is the point.
"""

from __future__ import annotations

from datetime import date

import pytest

from calculator.formulas import CalculatorInputError, compute, validate_inputs

TODAY = date(2024, 6, 1)
pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.calculator")]


def errors_for(name: str, raw, lang: str = "en", today: date = TODAY) -> dict[str, list[str]]:
    with pytest.raises(CalculatorInputError) as caught:
        validate_inputs(name, raw, lang=lang, today=today)
    return caught.value.errors


def run(name: str, raw, lang: str = "en", today: date = TODAY) -> dict:
    return compute(name, validate_inputs(name, raw, lang=lang, today=today), lang, today=today)


@pytest.fixture
def api(make_user, client_for):
    return client_for(make_user())


def post(client, name, body, lang="en"):
    return client.post(f"/calculator/{name}", {**body, "save": False}, format="json", HTTP_ACCEPT_LANGUAGE=lang)


# --- 1. Blood pressure: lows, implausible pairs ---------------------------------------------------

BP_SCHEMES = ("esh_2018", "acc_aha_2017", "jnc7")


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("scheme", BP_SCHEMES)
def test_60_over_40_is_very_low_and_urgent_in_every_scheme(scheme, lang):
    result = run("blood-pressure", {"systolic": 60, "diastolic": 40, "scheme": scheme}, lang)
    assert result["category"]["code"] == "severe_hypotension"
    assert {c["code"] for c in result["categories"].values()} == {"severe_hypotension"}
    assert result["urgent"] is True and result["low"] is True
    text = result["interpretation"].lower()
    for reassuring in ("optimal", "good", "baik", "normal"):
        assert reassuring not in text
    assert ("igd" if lang == "id" else "emergency") in text


@pytest.mark.parametrize(
    ("systolic", "diastolic", "code"),
    [
        (79, 50, "severe_hypotension"),
        (80, 50, "hypotension"),
        (89, 70, "hypotension"),
        (90, 70, "optimal"),
        (100, 59, "hypotension"),
        (100, 60, "optimal"),
        (119, 59, "hypotension"),
        (120, 59, "normal"),  # graded by the systolic, with a note on the low diastolic
    ],
)
def test_low_blood_pressure_cut_offs(systolic, diastolic, code):
    result = run("blood-pressure", {"systolic": systolic, "diastolic": diastolic})
    assert result["category"]["code"] == code
    if code.endswith("hypotension"):
        assert {c["code"] for c in result["categories"].values()} == {code}
    assert result["urgent"] is (code == "severe_hypotension")


def test_low_diastolic_under_a_high_systolic_keeps_the_high_grade_and_notes_the_low():
    result = run("blood-pressure", {"systolic": 150, "diastolic": 55})
    assert result["category"]["code"] == "isolated_systolic"
    assert any("below 60" in note for note in result["notes"])


@pytest.mark.parametrize(
    ("systolic", "diastolic", "field"),
    [(100, 91, "diastolic"), (60, 51, "diastolic"), (90, 90, "systolic"), (80, 90, "systolic")],
)
def test_implausible_pairs_are_a_400_asking_to_check_the_measurement(api, systolic, diastolic, field):
    response = post(api, "blood-pressure", {"systolic": systolic, "diastolic": diastolic})
    assert response.status_code == 400
    assert list(response.data) == [field]


def test_pulse_pressure_of_ten_is_accepted(api):
    response = post(api, "blood-pressure", {"systolic": 100, "diastolic": 90})
    assert response.status_code == 200


@pytest.mark.parametrize(("systolic", "diastolic"), [(49, 40), (301, 90), (120, 29), (250, 201)])
def test_out_of_range_numbers_are_a_400(api, systolic, diastolic):
    assert post(api, "blood-pressure", {"systolic": systolic, "diastolic": diastolic}).status_code == 400


# --- 8. Blood pressure in pregnancy ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("systolic", "diastolic", "code", "urgent"),
    [
        (139, 89, "pregnancy_normal", False),
        (140, 80, "hypertension_in_pregnancy", True),
        (130, 90, "hypertension_in_pregnancy", True),
        (159, 109, "hypertension_in_pregnancy", True),
        (160, 100, "severe_hypertension_in_pregnancy", True),
        (150, 110, "severe_hypertension_in_pregnancy", True),
    ],
)
def test_pregnancy_blood_pressure_pathway(systolic, diastolic, code, urgent):
    result = run("blood-pressure", {"systolic": systolic, "diastolic": diastolic, "pregnant": True})
    assert result["pregnancy"]["code"] == code
    assert result["urgent"] is urgent
    if code != "pregnancy_normal":
        assert result["interpretation"].startswith(result["pregnancy"]["label"])
        assert "pre-eclampsia" in result["interpretation"]
        assert "within a few days" not in result["interpretation"]


def test_the_same_reading_outside_pregnancy_is_not_the_pregnancy_pathway():
    result = run("blood-pressure", {"systolic": 140, "diastolic": 90})
    assert result["pregnancy"] is None and result["urgent"] is False


def test_pregnancy_pathway_speaks_indonesian():
    result = run("blood-pressure", {"systolic": 142, "diastolic": 92, "pregnant": True}, "id")
    assert "preeklamsia" in result["interpretation"] and "hari ini" in result["interpretation"]
