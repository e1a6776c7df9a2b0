"""Render the example charts shown in the docs (docs/screenshots/kms-*.png, trend-*.png).

    .venv/bin/python scripts/render_chart_examples.py

The measurements are invented but typical: a boy weighed and measured at the posyandu, growing
well for a year and then faltering (weight-for-age drifting down towards −2 SD).
"""

import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculator import charts  # noqa: E402
from calculator.formulas import compute  # noqa: E402

SCREENSHOTS = ROOT / "docs" / "screenshots"
BIRTH = datetime.date(2023, 6, 10)
# (months, weight kg, length cm, measured)
VISITS = [
    (1, 4.5, 54.7, "lying"),
    (3, 6.3, 61.2, "lying"),
    (6, 7.8, 67.4, "lying"),
    (9, 8.9, 71.8, "lying"),
    (12, 9.6, 75.6, "lying"),
    (15, 10.1, 78.9, "lying"),
    (18, 10.4, 81.5, "lying"),
    (21, 10.6, 83.6, "lying"),
    (24, 10.8, 85.2, "standing"),
    (30, 11.3, 88.6, "standing"),
]

CLINIC_MONTHS = {1, 12, 24}  # measured at the clinic; the rest saved by a parent from posyandu weighings


def points() -> list[charts.GrowthPoint]:
    result = []
    for months, weight, length, measured in VISITS:
        body = {"sex": "male", "age_months": months, "weight_kg": weight, "length_cm": length, "measured": measured}
        outcome = compute("child-growth", body)
        source = "clinic_visit" if months in CLINIC_MONTHS else "calculation"
        result.append(
            charts.GrowthPoint(outcome["age_days"], weight, outcome["length_cm_used"], outcome["bmi"], source)
        )
    return result


def main() -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    measured = points()
    for indicator, lang in (("weight_for_age", "id"), ("length_for_age", "en")):
        for fmt in ("png", "svg"):
            content = charts.growth_chart(
                indicator=indicator, sex="male", points=measured, name="Adi", lang=lang, fmt=fmt
            )
            (SCREENSHOTS / f"kms-{indicator.replace('_', '-')}-{lang}.{fmt}").write_bytes(content)
    readings = [
        charts.TrendPoint(datetime.date(2026, month, 5), (128 + 3 * (month % 4), 82 + month % 5), source)
        for month, source in zip(range(1, 11), ["calculation", "clinic_visit"] * 5, strict=True)
    ]
    content = charts.trend_chart(calculator="blood-pressure", points=readings, name="Ibu Sari", lang="en", fmt="png")
    (SCREENSHOTS / "trend-blood-pressure-en.png").write_bytes(content)


if __name__ == "__main__":
    main()
