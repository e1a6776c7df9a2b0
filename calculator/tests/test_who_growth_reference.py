"""The WHO growth engine against WHO's own igrowup output, row by row.

``data/MySurvey_z_st.csv`` is WHO igrowup's output for its reference survey (498
children). Every row is checked: age in days, standardised length, BMI, all four
z-scores and all four flags, including "not computed" (empty) cells. Rows within the
calculator's accepted input are also run through the public ``compute`` to prove the
API path gives the same numbers.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from calculator.formulas import compute
from calculator.formulas.who_growth import Lms, age_days_from_months, growth_table, who_growth_zscores

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "MySurvey_z_st.csv"
INDICATOR_COLUMNS = {
    # engine attribute: (WHO z-score column, WHO flag column)
    "weight_for_age": ("zwei", "fwei"),
    "length_for_age": ("zlen", "flen"),
    "weight_for_length": ("zwfl", "fwfl"),
    "bmi_for_age": ("zbmi", "fbmi"),
}
MEASURED = {"l": "lying", "h": "standing", "": None}
SEX = {"1": "male", "2": "female"}


def _load_reference_rows() -> list[dict[str, str]]:
    with REFERENCE_FILE.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        # The file repeats "oedema" (input and cleaned copy); the first of each name is the input.
        rows = []
        for values in reader:
            row: dict[str, str] = {}
            for name, value in zip(header, values):
                row.setdefault(name, value)
            rows.append(row)
    return rows


REFERENCE_ROWS = _load_reference_rows()


def _optional_float(text: str) -> float | None:
    return float(text) if text != "" else None


def test_reference_file_is_the_whole_who_survey():
    assert len(REFERENCE_ROWS) == 498
    assert {row["id"] for row in REFERENCE_ROWS} == {str(number) for number in range(1, 499)}


@pytest.mark.parametrize("row", REFERENCE_ROWS, ids=lambda row: f"id{row['id']}")
def test_engine_matches_who_igrowup(row):
    age_days = age_days_from_months(float(row["agemons"]))
    assert str(age_days) == row["age.days"]

    scores = who_growth_zscores(
        sex=SEX[row["GENDER"]],
        age_days=age_days,
        weight_kg=_optional_float(row["WEIGHT"]),
        length_cm=_optional_float(row["HEIGHT"]),
        measured=MEASURED[row["measure"]],
        oedema=row["oedema"] == "y",
    )

    if row["clenhei"] != "":
        assert scores.length_cm == pytest.approx(float(row["clenhei"]), abs=1e-9)
    if row["cbmi"] != "":
        assert scores.bmi == pytest.approx(float(row["cbmi"]), abs=1e-9)
    for attribute, (z_column, flag_column) in INDICATOR_COLUMNS.items():
        score = getattr(scores, attribute)
        expected_z = _optional_float(row[z_column])
        # Exact: both sides are rounded to 2 decimals.
        assert score.z == expected_z, f"{attribute}: {score.z} != WHO {expected_z}"
        expected_flag = None if row[flag_column] == "" else row[flag_column] == "1"
        assert score.flagged == expected_flag, f"{attribute} flag"


def _calculator_can_take(row: dict[str, str]) -> bool:
    """Rows the public calculator accepts: both measurements, a position, 0–60 months."""
    return (
        row["WEIGHT"] != ""
        and row["HEIGHT"] != ""
        and row["measure"] in ("l", "h")
        and float(row["agemons"]) <= 60
        and 0.9 <= float(row["WEIGHT"]) <= 58
        and 38 <= float(row["HEIGHT"]) <= 150
    )


CALCULATOR_ROWS = [row for row in REFERENCE_ROWS if _calculator_can_take(row)]


def test_most_reference_rows_go_through_the_public_calculator():
    assert len(CALCULATOR_ROWS) >= 460


@pytest.mark.parametrize("row", CALCULATOR_ROWS, ids=lambda row: f"id{row['id']}")
def test_compute_child_growth_matches_who_igrowup(row):
    result = compute(
        "child-growth",
        {
            "sex": SEX[row["GENDER"]],
            "age_months": row["agemons"],
            "weight_kg": row["WEIGHT"],
            "length_cm": row["HEIGHT"],
            "measured": MEASURED[row["measure"]],
            "oedema": row["oedema"] == "y",
        },
        "en",
    )
    height_age = int(row["age.days"]) >= 731
    keys = {
        "weight_for_age": "weight_for_age",
        "length_for_age": "height_for_age" if height_age else "length_for_age",
        "weight_for_length": "weight_for_height" if height_age else "weight_for_length",
        "bmi_for_age": "bmi_for_age",
    }
    assert result["age_days"] == int(row["age.days"])
    for attribute, (z_column, flag_column) in INDICATOR_COLUMNS.items():
        indicator = result["indicators"][keys[attribute]]
        assert indicator["z"] == _optional_float(row[z_column])
        assert indicator["flag"] == (row[flag_column] == "1")


# --- behaviour WHO documents that the survey alone does not pin down -------------------


def test_worked_example_boy_24_months_12_2_kg():
    result = compute(
        "child-growth", {"sex": "male", "age_months": 24, "weight_kg": 12.2, "length_cm": 87, "measured": "standing"}
    )
    assert result["indicators"]["weight_for_age"]["z"] == 0.03


@pytest.mark.parametrize(
    ("months", "days"),
    [
        (24, 731),  # 730.5 days: half-up (WHO anthro ≥ 0.9.2), not R's half-to-even 730
        (8, 244),  # 243.5
        (0, 0),
        (60, 1826),  # 1826.25
        (12, 365),  # 365.25
    ],
)
def test_age_in_days_from_months_rounds_half_up(months, days):
    assert age_days_from_months(months) == days


def test_24_months_uses_the_height_tables():
    result = compute(
        "child-growth", {"sex": "female", "age_months": 24, "weight_kg": 11.5, "length_cm": 85, "measured": "standing"}
    )
    assert set(result["indicators"]) == {"weight_for_age", "height_for_age", "weight_for_height", "bmi_for_age"}
    assert result["length_correction_cm"] == 0.0


@pytest.mark.parametrize(
    ("age_months", "measured", "correction"),
    [(23, "standing", 0.7), (23, "lying", 0.0), (25, "lying", -0.7), (25, "standing", 0.0)],
)
def test_lying_standing_correction(age_months, measured, correction):
    result = compute(
        "child-growth",
        {"sex": "male", "age_months": age_months, "weight_kg": 12, "length_cm": 86, "measured": measured},
    )
    assert result["length_correction_cm"] == correction
    assert result["length_cm_used"] == pytest.approx(86 + correction)


def test_weight_for_length_interpolates_between_tenth_cm_rows():
    table = growth_table("wflanthro")
    lower, upper = table[(1, 800)], table[(1, 801)]  # boys 80.0 and 80.1 cm
    scores = who_growth_zscores(sex="male", age_days=400, weight_kg=10.5, length_cm=80.04, measured="lying")
    expected = Lms(
        lower.l + 0.4 * (upper.l - lower.l),
        lower.m + 0.4 * (upper.m - lower.m),
        lower.s + 0.4 * (upper.s - lower.s),
    ).restricted_zscore(10.5)
    assert scores.weight_for_length.z == pytest.approx(expected, abs=0.005)
    on_grid = who_growth_zscores(sex="male", age_days=400, weight_kg=10.5, length_cm=80.0, measured="lying")
    assert on_grid.weight_for_length.z == pytest.approx(lower.restricted_zscore(10.5), abs=0.005)


@pytest.mark.parametrize("name", ["weianthro", "lenanthro", "bmianthro", "wflanthro", "wfhanthro"])
def test_sd_lines_of_every_table_row_map_back_to_their_z(name):
    """For every row, the SD curves −3…+3 computed from L, M, S give z = −3…+3 back
    (restricted indicators included: the restriction only acts beyond ±3)."""
    for lms in growth_table(name).values():
        for z in (-3, -2, -1, 0, 1, 2, 3):
            assert lms.zscore(lms.value_at(z)) == pytest.approx(z, abs=1e-9)
            assert lms.restricted_zscore(lms.value_at(z)) == pytest.approx(z, abs=1e-9)


def test_table_sizes_match_who():
    assert len(growth_table("weianthro")) == 2 * 1857
    assert len(growth_table("lenanthro")) == 2 * 1857
    assert len(growth_table("bmianthro")) == 2 * 1857
    assert len(growth_table("wflanthro")) == 2 * 651
    assert len(growth_table("wfhanthro")) == 2 * 551


def test_restricted_zscore_beyond_plus_and_minus_3():
    lms = growth_table("weianthro")[(1, 365)]
    sd2, sd3 = lms.value_at(2), lms.value_at(3)
    # Above +3 SD the distance is measured in units of the SD2–SD3 gap, not the LMS curve.
    assert lms.restricted_zscore(sd3 + 1.5 * (sd3 - sd2)) == pytest.approx(4.5)
    sd2neg, sd3neg = lms.value_at(-2), lms.value_at(-3)
    assert lms.restricted_zscore(sd3neg - 0.5 * (sd2neg - sd3neg)) == pytest.approx(-3.5)
    # Length-for-age is not restricted.
    length = growth_table("lenanthro")[(1, 365)]
    tall = length.value_at(4)
    scores = who_growth_zscores(sex="male", age_days=365, weight_kg=None, length_cm=tall, measured="lying")
    assert scores.length_for_age.z == pytest.approx(4.0, abs=0.006)


def _weight_at_restricted_z(lms: Lms, z: float) -> float:
    if z > 3:
        sd3 = lms.value_at(3)
        return sd3 + (z - 3) * (sd3 - lms.value_at(2))
    sd3 = lms.value_at(-3)
    return sd3 + (z + 3) * (lms.value_at(-2) - sd3)


@pytest.mark.parametrize(
    ("z", "flagged"),
    [(5.0, False), (5.02, True), (-5.98, False), (-6.02, True), (-6.0, False)],
)
def test_weight_for_age_flags(z, flagged):
    lms = growth_table("weianthro")[(2, 500)]
    scores = who_growth_zscores(
        sex="female", age_days=500, weight_kg=_weight_at_restricted_z(lms, z), length_cm=None, measured=None
    )
    assert scores.weight_for_age.z == pytest.approx(z, abs=0.0051)
    assert scores.weight_for_age.flagged is flagged


@pytest.mark.parametrize(("z", "flagged"), [(6.0, False), (6.02, True), (-6.0, False), (-6.02, True)])
def test_length_for_age_flags(z, flagged):
    lms = growth_table("lenanthro")[(1, 900)]
    scores = who_growth_zscores(
        sex="male", age_days=900, weight_kg=None, length_cm=lms.value_at(z), measured="standing"
    )
    assert scores.length_for_age.flagged is flagged


@pytest.mark.parametrize(("z", "flagged"), [(5.0, False), (5.02, True), (-5.0, False), (-5.02, True)])
def test_weight_for_height_and_bmi_flags(z, flagged):
    wfh = growth_table("wfhanthro")[(1, 900)]  # boys 90.0 cm
    scores = who_growth_zscores(
        sex="male", age_days=1000, weight_kg=_weight_at_restricted_z(wfh, z), length_cm=90.0, measured="standing"
    )
    assert scores.weight_for_length.flagged is flagged
    bmi_lms = growth_table("bmianthro")[(1, 1000)]
    bmi = _weight_at_restricted_z(bmi_lms, z)
    scores = who_growth_zscores(sex="male", age_days=1000, weight_kg=bmi * 0.9**2, length_cm=90.0, measured="standing")
    assert scores.bmi_for_age.flagged is flagged


def test_flag_is_reported_by_the_calculator():
    lms = growth_table("weianthro")[(1, 365)]
    weight = f"{_weight_at_restricted_z(lms, -6.5):.2f}"  # about 4.1 kg at 12 months: an entry error
    result = compute(
        "child-growth",
        {"sex": "male", "age_months": 12, "weight_kg": weight, "length_cm": 75, "measured": "lying"},
        "en",
    )
    weight_for_age = result["indicators"]["weight_for_age"]
    assert weight_for_age["flag"] is True
    assert weight_for_age["code"] == "severely_underweight"
    assert "measuring" in weight_for_age["advice"]


def test_oedema_leaves_weight_indicators_uncomputed():
    result = compute(
        "child-growth",
        {"sex": "female", "age_months": 14, "weight_kg": 8, "length_cm": 74, "measured": "lying", "oedema": True},
        "en",
    )
    indicators = result["indicators"]
    for key in ("weight_for_age", "weight_for_length", "bmi_for_age"):
        assert indicators[key]["z"] is None
        assert indicators[key]["code"] == "not_computed"
    assert indicators["length_for_age"]["z"] is not None
    assert "severe malnutrition" in result["interpretation"]
