"""Head circumference-for-age: the vendored WHO table against WHO's published values and igrowup's
output, every category boundary, corrected age, youngest/oldest, and the API."""

from __future__ import annotations

from datetime import date

import pytest

from calculator.formulas import CalculatorInputError, compute
from calculator.formulas.head_circumference import head_circumference_code, head_circumference_zscore
from calculator.formulas.rounding import round_half_up
from calculator.formulas.who_growth import age_days_from_months, growth_table
from calculator.tests.test_who_growth_reference import REFERENCE_ROWS  # WHO igrowup's reference survey

TODAY = date(2024, 6, 1)


HEAD_ROWS = [row for row in REFERENCE_ROWS if row["HEAD"]]


def test_every_igrowup_head_circumference_row_is_used():
    assert len(HEAD_ROWS) == 94
    assert all(row["zhc"] for row in HEAD_ROWS)


@pytest.mark.parametrize("row", HEAD_ROWS, ids=lambda row: f"id{row['id']}")
def test_matches_who_igrowup_zhc(row):
    """WHO igrowup's own zhc for its reference survey, to the last decimal, through the public API path."""
    body = {"sex": {"1": "male", "2": "female"}[row["GENDER"]], "age_months": row["agemons"], "head_cm": row["HEAD"]}
    result = compute("head-circumference", body)
    assert result["value"] == float(row["zhc"])
    assert result["age_days"] == age_days_from_months(float(row["agemons"]))
    assert result["category"]["flag"] == (row["fhc"] == "1")


# WHO Child Growth Standards, head circumference-for-age, z-score tables 0–5 years (hcfa_boys_z_0_5,
# hcfa_girls_z_0_5), published to 1 decimal: month → (−3, −2, 0, +2, +3 SD) in cm.
WHO_PUBLISHED_SD = {
    ("male", 0): (30.7, 31.9, 34.5, 37.0, 38.3),
    ("female", 0): (30.3, 31.5, 33.9, 36.2, 37.4),
}


@pytest.mark.parametrize(("key", "published"), sorted(WHO_PUBLISHED_SD.items()))
def test_table_reproduces_who_published_sd_values(key, published):
    sex, month = key
    lms = growth_table("hcanthro")[(1 if sex == "male" else 2, age_days_from_months(month))]
    assert tuple(round_half_up(lms.value_at(z), 1) for z in (-3, -2, 0, 2, 3)) == published


def test_table_is_complete_with_l_equal_one():
    table = growth_table("hcanthro")
    assert len(table) == 2 * 1857
    assert {lms.l for lms in table.values()} == {1.0}
    for sex in (1, 2):  # the median grows every day
        medians = [table[(sex, day)].m for day in range(1857)]
        assert medians == sorted(medians)


@pytest.mark.parametrize(
    ("z", "code"),
    [
        (-5.01, "implausible"),
        (-5.0, "severe_microcephaly"),
        (-3.01, "severe_microcephaly"),
        (-3.0, "microcephaly"),
        (-2.01, "microcephaly"),
        (-2.0, "normal"),
        (2.0, "normal"),
        (2.01, "macrocephaly"),
        (5.0, "macrocephaly"),
        (5.01, "implausible"),
    ],
)
def test_category_boundaries(z, code):
    assert head_circumference_code(z) == code


def _head_at(sex: str, age_days: int, z: float) -> float:
    return growth_table("hcanthro")[(1 if sex == "male" else 2, age_days)].value_at(z)


@pytest.mark.parametrize("sex", ["male", "female"])
@pytest.mark.parametrize(
    ("birth_date", "age_days"), [("2024-06-01", 0), ("2019-06-01", 1827)]
)  # the youngest (birth day) and oldest (60 months)
@pytest.mark.parametrize(
    ("z", "code"), [(-3.02, "severe_microcephaly"), (-2.02, "microcephaly"), (-1.98, "normal"), (2.02, "macrocephaly")]
)
def test_youngest_and_oldest_through_compute(sex, birth_date, age_days, z, code):
    head = round_half_up(_head_at(sex, age_days, z), 2)
    result = compute("head-circumference", {"sex": sex, "birth_date": birth_date, "head_cm": head}, "en", today=TODAY)
    assert result["age_days"] == age_days
    assert result["category"]["code"] == code


def test_preterm_baby_uses_corrected_age_until_24_months():
    # Born at 32 weeks, 12 weeks old: assessed as 4 weeks (8 weeks short of 40).
    body = {"sex": "male", "birth_date": "2024-03-09", "head_cm": 36, "birth_gestation_weeks": 32}
    result = compute("head-circumference", body, today=TODAY)
    assert (result["age_days"], result["assessed_age_days"], result["corrected_age"]) == (84, 28, True)
    uncorrected = compute("head-circumference", {**body, "birth_gestation_weeks": 37}, today=TODAY)
    assert uncorrected["assessed_age_days"] == 84 and uncorrected["value"] < result["value"]
    older = compute(
        "head-circumference",
        {"sex": "male", "age_months": 30, "head_cm": 48, "birth_gestation_weeks": 30},
        today=TODAY,
    )
    assert older["corrected_age"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"sex": "male", "head_cm": 35}, "birth_date"),
        ({"sex": "male", "head_cm": 35, "birth_date": "2019-04-30"}, "birth_date"),  # 61 months
        ({"sex": "male", "head_cm": 35, "age_months": 61}, "age_months"),
        ({"sex": "male", "head_cm": 19.9, "age_months": 1}, "head_cm"),
        ({"sex": "male", "head_cm": 65.1, "age_months": 1}, "head_cm"),
        (
            {"sex": "male", "head_cm": 30, "birth_date": "2024-05-01", "birth_gestation_weeks": 28},
            "birth_gestation_weeks",
        ),
        (
            {"sex": "male", "head_cm": 30, "birth_date": "2024-05-01", "birth_gestation_weeks": 21},
            "birth_gestation_weeks",
        ),
        ({"sex": "X", "head_cm": 35, "age_months": 1}, "sex"),
    ],
)
def test_bad_input_names_the_field(body, field):
    with pytest.raises(CalculatorInputError) as raised:
        compute("head-circumference", body, today=TODAY)
    assert field in raised.value.errors


def test_unrounded_engine_matches_lms():
    lms = growth_table("hcanthro")[(2, 365)]
    assert head_circumference_zscore(sex="female", age_days=365, head_cm=lms.m) == 0


@pytest.mark.django_db
@pytest.mark.urls("healthkon.urls.calculator")
class TestApi:
    def test_measurement_is_saved_and_trended(self, make_user, client_for):
        client = client_for(make_user())
        for head in (44, 45.5):
            response = client.post("/calculator/head-circumference", {"sex": "F", "age_months": 12, "head_cm": head})
            assert response.status_code == 200, response.data
        item = {row["calculator"]: row for row in client.get("/metrics/summary").data["results"]}["head-circumference"]
        assert item["trend"] == "up" and item["latest"]["code"] == "normal"

    def test_indonesian_text_and_400(self, make_user, client_for):
        client = client_for(make_user())
        response = client.post("/calculator/head-circumference", {"sex": "L", "age_months": 0, "head_cm": 30})
        assert response.status_code == 200
        assert response.data["result"]["category"]["code"] == "severe_microcephaly"
        assert response.data["result"]["interpretation"].startswith("Lingkar kepala 30 cm (umur 0 bulan)")
        bad = client.post("/calculator/head-circumference", {"sex": "L", "age_months": 0})
        assert bad.status_code == 400 and "head_cm" in bad.data
