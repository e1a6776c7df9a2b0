"""WHO Child Growth Standards (2006) z-scores, computed as WHO's igrowup/anthro software does.

This module is the engine; ``child_growth`` adds validation, Permenkes 2/2020 status
and wording. It follows WHO's own programs step by step (igrowup for R/SAS/Stata and
the WHO ``anthro`` R package), so its output can be checked row by row against
WHO's reference survey output (see calculator/tests/test_who_growth_reference.py):

* LMS z-score: z = ((y / M)^L − 1) / (L × S), with L, M, S from the day-by-day
  tables (age 0–1856 days) or the 0.1 cm length/height tables.
* Weight-for-age, weight-for-length/height and BMI-for-age are "restricted" beyond
  ±3 SD: z* = 3 + (y − SD3) / (SD3 − SD2), and symmetrically below −3, because the
  LMS curves are not reliable in the tails. Length/height-for-age is not restricted.
* Length is standardised: a child under 731 days measured standing gets +0.7 cm, a
  child of 731 days or more measured lying gets −0.7 cm.
* Weight-for-length (45–110 cm) under 731 days, weight-for-height (65–120 cm) from
  731 days; L, M and S are interpolated linearly between the 0.1 cm rows.
* Z-scores are rounded to 2 decimals (half-up); implausible values are flagged on the
  rounded score: WAZ < −6 or > 5, LAZ/HAZ |z| > 6, WFL/WFH and BAZ |z| > 5.

The tables in ``data/`` are WHO's igrowup tables (weianthro, lenanthro, bmianthro,
wflanthro, wfhanthro); see data/README.md for their provenance.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from .rounding import round_half_up, round_half_up_int, to_decimal

DATA_DIR = Path(__file__).resolve().parent / "data"

MAX_AGE_DAYS = 1856  # last row of WHO's day-based tables (60 completed months)
LENGTH_TO_HEIGHT_AGE_DAYS = 731  # from this age children are measured standing
LYING_STANDING_DIFFERENCE_CM = Decimal("0.7")
DAYS_PER_MONTH = Decimal("30.4375")  # 365.25 / 12, as WHO converts months to days
WFL_RANGE_CM = (Decimal(45), Decimal(110))
WFH_RANGE_CM = (Decimal(65), Decimal(120))
# When age is unknown WHO picks the table from the measurement position, or from the
# length when that is unknown too (anthro: under 87 cm → length table).
UNKNOWN_AGE_LENGTH_SPLIT_CM = Decimal(87)

SEX_CODES = {"male": 1, "female": 2}


@dataclass(frozen=True)
class Lms:
    l: float  # noqa: E741 - L, M and S are the method's own names
    m: float
    s: float

    def zscore(self, y: float) -> float:
        """Plain LMS z-score (the L values in WHO's tables are never 0)."""
        return ((y / self.m) ** self.l - 1) / (self.l * self.s)

    def value_at(self, z: float) -> float:
        """The measurement at z standard deviations: M (1 + L S z)^(1/L)."""
        return self.m * (1 + self.l * self.s * z) ** (1 / self.l)

    def restricted_zscore(self, y: float) -> float:
        """WHO's z-score restricted beyond ±3 SD (Chapter 7 of the WHO technical report)."""
        z = self.zscore(y)
        if z > 3:
            sd3 = self.value_at(3)
            return 3 + (y - sd3) / (sd3 - self.value_at(2))
        if z < -3:
            sd3 = self.value_at(-3)
            return -3 + (y - sd3) / (self.value_at(-2) - sd3)
        return z


def _read_table(name: str, key_column: str, key_scale: int) -> dict[tuple[int, int], Lms]:
    """(sex, integer key) → LMS. Lengths are keyed in tenths of a cm (scale 10)."""
    table: dict[tuple[int, int], Lms] = {}
    with (DATA_DIR / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = int(Decimal(row[key_column]) * key_scale)
            table[(int(row["sex"]), key)] = Lms(float(row["l"]), float(row["m"]), float(row["s"]))
    return table


@cache
def growth_table(name: str) -> dict[tuple[int, int], Lms]:
    """One WHO table, loaded once: weianthro, lenanthro, bmianthro, hcanthro (by age in days),
    wflanthro, wfhanthro (by length/height in tenths of a cm)."""
    if name in ("weianthro", "lenanthro", "bmianthro", "hcanthro"):
        return _read_table(name, "age", 1)
    if name == "wflanthro":
        return _read_table(name, "length", 10)
    if name == "wfhanthro":
        return _read_table(name, "height", 10)
    raise KeyError(name)


def age_days_from_months(age_months: float) -> int:
    """Age in days from months as WHO does: months × 30.4375, rounded half-up
    (24 months = 730.5 days → 731, i.e. the height tables)."""
    return round_half_up_int(to_decimal(age_months) * DAYS_PER_MONTH)


def standardised_length_cm(length_cm: float, age_days: int | None, measured: str | None) -> Decimal:
    """Length/height corrected to the position the standard expects at this age.

    ``measured`` is "lying" (recumbent length) or "standing" (height); with no age or
    no position the measurement is used as is, as WHO's software does.
    """
    length = to_decimal(length_cm)
    if age_days is None or measured is None:
        return length
    if age_days < LENGTH_TO_HEIGHT_AGE_DAYS and measured == "standing":
        return length + LYING_STANDING_DIFFERENCE_CM
    if age_days >= LENGTH_TO_HEIGHT_AGE_DAYS and measured == "lying":
        return length - LYING_STANDING_DIFFERENCE_CM
    return length


def interpolated_lms(table_name: str, sex_code: int, length_cm: Decimal) -> Lms:
    """L, M, S at a length between the table's 0.1 cm rows, linearly interpolated."""
    table = growth_table(table_name)
    tenths = length_cm * 10
    lower_key = int(tenths)  # lengths are positive, so int() truncates down as WHO's trunc() does
    lower = table[(sex_code, lower_key)]
    fraction = float(tenths - lower_key)
    if fraction == 0:
        return lower
    upper = table[(sex_code, lower_key + 1)]
    return Lms(
        lower.l + fraction * (upper.l - lower.l),
        lower.m + fraction * (upper.m - lower.m),
        lower.s + fraction * (upper.s - lower.s),
    )


@dataclass(frozen=True)
class IndicatorScore:
    """One indicator's rounded z-score and WHO implausibility flag (None when not computed)."""

    z: float | None
    flagged: bool | None


@dataclass(frozen=True)
class GrowthZScores:
    """Every z-score for one measurement, with the values they were computed from."""

    age_days: int | None
    length_cm: float | None  # standardised (after the ±0.7 cm correction)
    bmi: float | None  # kg/m² from the standardised length, unrounded
    weight_for_length_table: str | None  # "length" (wflanthro) or "height" (wfhanthro)
    weight_for_age: IndicatorScore
    length_for_age: IndicatorScore
    weight_for_length: IndicatorScore
    bmi_for_age: IndicatorScore


def _score(z: float | None, is_implausible) -> IndicatorScore:
    if z is None or not math.isfinite(z):
        return IndicatorScore(None, None)
    rounded = round_half_up(z, 2)
    return IndicatorScore(rounded, is_implausible(rounded))


def _age_in_table(age_days: int | None) -> bool:
    return age_days is not None and 0 <= age_days <= MAX_AGE_DAYS


def _weight_for_length_table(age_days: int | None, measured: str | None, length: Decimal) -> str | None:
    if age_days is not None:
        if not _age_in_table(age_days):
            return None
        return "length" if age_days < LENGTH_TO_HEIGHT_AGE_DAYS else "height"
    if measured is not None:
        return "length" if measured == "lying" else "height"
    return "length" if length < UNKNOWN_AGE_LENGTH_SPLIT_CM else "height"


def who_growth_zscores(
    *,
    sex: str,
    age_days: int | None,
    weight_kg: float | None,
    length_cm: float | None,
    measured: str | None,
    oedema: bool = False,
) -> GrowthZScores:
    """All four WHO 2006 z-scores for one child, as WHO's igrowup/anthro computes them.

    ``sex`` "male"/"female"; ``measured`` "lying"/"standing" or None (no correction).
    With oedema the weight-based indicators are not computed (oedema adds weight that
    is not growth), as in WHO's software.
    """
    sex_code = SEX_CODES[sex]
    age_known = _age_in_table(age_days)
    length = standardised_length_cm(length_cm, age_days, measured) if length_cm is not None else None
    weight_usable = weight_kg is not None and weight_kg > 0 and not oedema

    z_weight_for_age = None
    if age_known and weight_usable:
        z_weight_for_age = growth_table("weianthro")[(sex_code, age_days)].restricted_zscore(weight_kg)

    z_length_for_age = None
    if age_known and length is not None and length > 0:
        z_length_for_age = growth_table("lenanthro")[(sex_code, age_days)].zscore(float(length))

    bmi = None
    z_bmi_for_age = None
    if length is not None and length > 0 and weight_kg is not None and weight_kg > 0:
        bmi = weight_kg / (float(length) / 100) ** 2
        if age_known and weight_usable:
            z_bmi_for_age = growth_table("bmianthro")[(sex_code, age_days)].restricted_zscore(bmi)

    table_kind = None
    z_weight_for_length = None
    if length is not None and length > 0:
        table_kind = _weight_for_length_table(age_days, measured, length)
        low, high = WFL_RANGE_CM if table_kind == "length" else WFH_RANGE_CM
        if table_kind is not None and weight_usable and low <= length <= high:
            table_name = "wflanthro" if table_kind == "length" else "wfhanthro"
            lms = interpolated_lms(table_name, sex_code, length)
            z_weight_for_length = lms.restricted_zscore(weight_kg)

    return GrowthZScores(
        age_days=age_days,
        length_cm=float(length) if length is not None else None,
        bmi=bmi,
        weight_for_length_table=table_kind,
        weight_for_age=_score(z_weight_for_age, lambda z: z < -6 or z > 5),
        length_for_age=_score(z_length_for_age, lambda z: abs(z) > 6),
        weight_for_length=_score(z_weight_for_length, lambda z: abs(z) > 5),
        bmi_for_age=_score(z_bmi_for_age, lambda z: abs(z) > 5),
    )


# --- WHO Reference 2007 (5–19 years): BMI-for-age ------------------------------------------------

WHO_2007_MIN_AGE_MONTHS = 61  # WHO AnthroPlus: 61–228 months inclusive
WHO_2007_MAX_AGE_MONTHS = 228


@cache
def who_2007_bmi_table() -> dict[tuple[int, int], Lms]:
    """(sex, age in whole months) → LMS from WHO's bfawho2007 table (60–229 months)."""
    return _read_table("bfawho2007", "age", 1)


def who_2007_bmi_for_age(*, sex: str, age_months: float, bmi: float) -> IndicatorScore:
    """BMI-for-age z-score by the WHO Reference 2007, as WHO AnthroPlus computes it.

    L, M and S are interpolated linearly between the whole-month rows at fractional ages;
    the z-score is restricted beyond ±3 SD like the 2006 weight-based indicators, rounded
    to 2 decimals and flagged implausible when |z| > 5. Outside 61–228 months: not computed.
    """
    if not WHO_2007_MIN_AGE_MONTHS <= age_months <= WHO_2007_MAX_AGE_MONTHS or bmi <= 0:
        return IndicatorScore(None, None)
    table = who_2007_bmi_table()
    sex_code = SEX_CODES[sex]
    lower_age = int(age_months)
    lower = table[(sex_code, lower_age)]
    fraction = age_months - lower_age
    if fraction > 0:
        upper = table[(sex_code, lower_age + 1)]
        lower = Lms(
            lower.l + fraction * (upper.l - lower.l),
            lower.m + fraction * (upper.m - lower.m),
            lower.s + fraction * (upper.s - lower.s),
        )
    return _score(lower.restricted_zscore(bmi), lambda z: abs(z) > 5)
