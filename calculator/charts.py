"""Charts of a person's measurements: the KMS-style child growth card and adult trends.

Pure rendering (no Django, no database): the callers pass plain points. Matplotlib is
imported lazily, inside the render call, so a service that never draws a chart never pays
for the import; it draws with the Agg/SVG canvases (no display), the DejaVu Sans font that
ships with matplotlib, a fixed SVG hash salt and no date metadata, so the same data always
gives the same file. With no MPLCONFIGDIR set, matplotlib's font cache goes to var/matplotlib.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from calculator.formulas.text import Text, normalize_lang
from calculator.formulas.who_growth import DAYS_PER_MONTH, LENGTH_TO_HEIGHT_AGE_DAYS, MAX_AGE_DAYS, growth_table

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
FIGURE_SIZE_IN = (8.0, 6.0)
PNG_DPI = 100  # 800 × 600 pixels
MARGINS = {"left": 0.08, "right": 0.93, "top": 0.93, "bottom": 0.14}
FONT = "DejaVu Sans"  # bundled with matplotlib: no system font needed, same output everywhere
_VAR_DIR = Path(__file__).resolve().parent.parent / "var" / "matplotlib"
_DAYS_PER_MONTH = float(DAYS_PER_MONTH)


# --- the child growth card ------------------------------------------------------------


@dataclass(frozen=True)
class GrowthIndicator:
    """One chart: which WHO table, what is on each axis, which measurements belong on it."""

    table: str
    x: str  # "age" (months) or "length" (cm)
    y: str  # "weight", "length" or "bmi"
    title: Text
    x_label: Text
    y_label: Text
    x_range: tuple[float, float]
    ages_days: tuple[int, int] = (0, MAX_AGE_DAYS)  # the measurements this chart takes


_AGE = Text("Umur (bulan)", "Age (months)")
_WEIGHT = Text("Berat badan (kg)", "Weight (kg)")
_LENGTH = Text("Panjang/tinggi badan (cm)", "Length/height (cm)")
GROWTH_INDICATORS: dict[str, GrowthIndicator] = {
    "weight_for_age": GrowthIndicator(
        "weianthro", "age", "weight", Text("Berat badan menurut umur (BB/U)", "Weight-for-age"), _AGE, _WEIGHT, (0, 60)
    ),
    "length_for_age": GrowthIndicator(
        "lenanthro",
        "age",
        "length",
        Text("Panjang/tinggi badan menurut umur (PB/U, TB/U)", "Length/height-for-age"),
        _AGE,
        _LENGTH,
        (0, 60),
    ),
    "weight_for_length": GrowthIndicator(
        "wflanthro",
        "length",
        "weight",
        Text("Berat badan menurut panjang badan (BB/PB, 0–24 bulan)", "Weight-for-length (0–24 months)"),
        Text("Panjang badan (cm)", "Length (cm)"),
        _WEIGHT,
        (45, 110),
        (0, LENGTH_TO_HEIGHT_AGE_DAYS - 1),
    ),
    "weight_for_height": GrowthIndicator(
        "wfhanthro",
        "length",
        "weight",
        Text("Berat badan menurut tinggi badan (BB/TB, 24–60 bulan)", "Weight-for-height (24–60 months)"),
        Text("Tinggi badan (cm)", "Height (cm)"),
        _WEIGHT,
        (65, 120),
        (LENGTH_TO_HEIGHT_AGE_DAYS, MAX_AGE_DAYS),
    ),
    "bmi_for_age": GrowthIndicator(
        "bmianthro",
        "age",
        "bmi",
        Text("IMT menurut umur (IMT/U)", "BMI-for-age"),
        _AGE,
        Text("IMT (kg/m²)", "BMI (kg/m²)"),
        (0, 60),
    ),
}
GROWTH_INDICATORS["height_for_age"] = GROWTH_INDICATORS["length_for_age"]  # one WHO table, 0–60 months
CHART_INDICATORS = tuple(GROWTH_INDICATORS)

SD_LINES = (-3, -2, -1, 0, 1, 2, 3)
# KMS / Buku KIA colours, band by band, following the Permenkes 2/2020 categories of each index:
# green where the child is normal, yellow for the first step away (kurang, pendek, risiko lebih),
# orange for gizi lebih, red for the severe steps (sangat kurang, sangat pendek, gizi buruk, obesitas).
# The bands are not symmetric: weight-for-age is normal only from −2 to +1 SD, length-for-age from
# −2 to +3 SD. Tested against ``child_growth.status_code`` so the card and the calculator agree.
KMS_GREEN, KMS_YELLOW, KMS_ORANGE, KMS_RED = "#a5d6a7", "#fff176", "#ffb74d", "#e57373"
_WEIGHT_FOR_AGE_BANDS = (
    (None, -3, KMS_RED),
    (-3, -2, KMS_YELLOW),
    (-2, 1, KMS_GREEN),
    (1, None, KMS_YELLOW),
)
_LENGTH_FOR_AGE_BANDS = (
    (None, -3, KMS_RED),
    (-3, -2, KMS_YELLOW),
    (-2, 3, KMS_GREEN),
    (3, None, KMS_YELLOW),
)
_WEIGHT_FOR_LENGTH_BANDS = (
    (None, -3, KMS_RED),
    (-3, -2, KMS_YELLOW),
    (-2, 1, KMS_GREEN),
    (1, 2, KMS_YELLOW),
    (2, 3, KMS_ORANGE),
    (3, None, KMS_RED),
)
KMS_BANDS = {
    "weight_for_age": _WEIGHT_FOR_AGE_BANDS,
    "length_for_age": _LENGTH_FOR_AGE_BANDS,
    "height_for_age": _LENGTH_FOR_AGE_BANDS,
    "weight_for_length": _WEIGHT_FOR_LENGTH_BANDS,
    "weight_for_height": _WEIGHT_FOR_LENGTH_BANDS,
    "bmi_for_age": _WEIGHT_FOR_LENGTH_BANDS,
}
SEX_TEXT = {"male": Text("laki-laki", "boy"), "female": Text("perempuan", "girl")}
# The card itself is blue for boys and pink for girls, as the Indonesian KMS; the frame around the
# plot carries it, since the bands cover the whole plot area.
SEX_TINT = {"male": "#bbdefb", "female": "#f8bbd0"}
CAPTIONS = {
    "calculation": Text("Pengukuran tersimpan", "Saved measurements"),
    "clinic_visit": Text("Pemeriksaan di klinik", "Clinic visits"),
    "source": Text(
        "Kurva: Standar Pertumbuhan Anak WHO 2006 (−3 s.d. +3 SD), status menurut Permenkes 2/2020",
        "Curves: WHO Child Growth Standards 2006 (−3 to +3 SD); status per Permenkes 2/2020",
    ),
    "none": Text("Belum ada pengukuran", "No measurements yet"),
    "sd": Text("SD", "SD"),
}


@dataclass(frozen=True)
class GrowthPoint:
    """One measurement, as the chart needs it."""

    age_days: int
    weight_kg: float | None
    length_cm: float | None  # standardised (lying/standing corrected), as the z-scores used it
    bmi: float | None
    source: str = "calculation"  # or "clinic_visit"


def growth_points_for(indicator: str, points: Sequence[GrowthPoint]) -> list[tuple[float, float, str]]:
    """(x, y, source) of the measurements that belong on this indicator's chart, in age order."""
    spec = GROWTH_INDICATORS[indicator]
    low_age, high_age = spec.ages_days
    chosen = []
    for point in sorted(points, key=lambda p: p.age_days):
        if not low_age <= point.age_days <= high_age:
            continue
        x = point.age_days / _DAYS_PER_MONTH if spec.x == "age" else point.length_cm
        y = {"weight": point.weight_kg, "length": point.length_cm, "bmi": point.bmi}[spec.y]
        if x is None or y is None:
            continue
        if spec.x == "length" and not spec.x_range[0] <= x <= spec.x_range[1]:
            continue
        chosen.append((float(x), float(y), point.source))
    return chosen


def reference_curves(indicator: str, sex: str) -> tuple[list[float], dict[int, list[float]]]:
    """x values and, per SD line, the WHO values along them (LMS: M (1 + L S z)^(1/L))."""
    spec = GROWTH_INDICATORS[indicator]
    table = growth_table(spec.table)
    sex_code = 1 if sex == "male" else 2
    if spec.x == "age":
        keys = [*range(0, MAX_AGE_DAYS + 1, 14), MAX_AGE_DAYS]
        xs = [key / _DAYS_PER_MONTH for key in keys]
    else:
        low, high = (int(bound * 10) for bound in spec.x_range)
        keys = [*range(low, high + 1, 5)]
        if keys[-1] != high:
            keys.append(high)
        xs = [key / 10 for key in keys]
    curves = {z: [table[(sex_code, key)].value_at(z) for key in keys] for z in SD_LINES}
    return xs, curves


def _rc() -> dict[str, Any]:
    return {
        "font.family": FONT,
        "font.size": 10,
        "svg.fonttype": "none",  # captions stay <text>: searchable, and small files
        "svg.hashsalt": "healthkon",  # stable ids inside the SVG
        "axes.unicode_minus": True,
    }


def _figure():
    os.environ.setdefault("MPLCONFIGDIR", str(_VAR_DIR))
    Path(os.environ["MPLCONFIGDIR"]).mkdir(parents=True, exist_ok=True)
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGURE_SIZE_IN)
    figure.subplots_adjust(**MARGINS)  # fixed margins: cheaper than a layout engine, and stable
    return figure


def _save(figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "svg":
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    else:
        figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _signed(z: int, lang: str) -> str:
    return "0" if z == 0 else f"{'+' if z > 0 else '−'}{abs(z)}"


def growth_chart(
    *, indicator: str, sex: str, points: Sequence[GrowthPoint], name: str = "", lang: str = "id", fmt: str = "svg"
) -> bytes:
    """The child's growth card for one indicator: WHO −3…+3 SD curves for the child's sex,
    KMS-coloured bands between them (``KMS_BANDS``) on a blue (boys) or pink (girls) card, and the
    child's measurements joined in age order (saved calculator results as circles, clinic-visit
    measurements as squares)."""
    import matplotlib as mpl

    if indicator not in GROWTH_INDICATORS or sex not in SEX_TEXT or fmt not in FORMATS:
        raise ValueError(f"cannot draw {indicator!r} for {sex!r} as {fmt!r}")
    lang = normalize_lang(lang)
    spec = GROWTH_INDICATORS[indicator]
    xs, curves = reference_curves(indicator, sex)
    chosen = growth_points_for(indicator, points)

    with mpl.rc_context(_rc()):
        figure = _figure()
        figure.patch.set_facecolor(SEX_TINT[sex])
        figure.patch.set_gid(f"card-{sex}")
        axes = figure.add_subplot()
        y_values = [value for curve in curves.values() for value in curve] + [y for _, y, _ in chosen]
        span = max(y_values) - min(y_values)
        bottom, top = max(0.0, min(y_values) - 0.05 * span), max(y_values) + 0.05 * span
        for low, high, colour in KMS_BANDS[indicator]:
            lower = curves[low] if low is not None else [bottom] * len(xs)
            upper = curves[high] if high is not None else [top] * len(xs)
            axes.fill_between(xs, lower, upper, color=colour, linewidth=0, zorder=1)
        for z in SD_LINES:
            (line,) = axes.plot(
                xs, curves[z], color="#1b5e20" if z == 0 else "#555555", linewidth=1.6 if z == 0 else 0.9, zorder=2
            )
            line.set_gid(f"who-sd-{'m' if z < 0 else 'p'}{abs(z)}")
            label = axes.annotate(
                _signed(z, lang),
                xy=(xs[-1], curves[z][-1]),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                annotation_clip=False,
            )
            label.set_gid(f"who-sd-label-{'m' if z < 0 else 'p'}{abs(z)}")
        heading = axes.annotate(
            CAPTIONS["sd"].get(lang),
            xy=(1.0, 1.0),
            xycoords="axes fraction",
            xytext=(3, 3),
            textcoords="offset points",
            fontsize=8,
        )
        heading.set_gid("who-sd-heading")
        if chosen:
            (path,) = axes.plot(
                [x for x, _, _ in chosen], [y for _, y, _ in chosen], color="#0d47a1", linewidth=1.4, zorder=3
            )
            path.set_gid("measurements-line")
        for source, gid, marker in (("calculation", "measurements", "o"), ("clinic_visit", "clinic-visits", "s")):
            picked = [(x, y) for x, y, origin in chosen if origin == source]
            markers = axes.scatter(
                [x for x, _ in picked],
                [y for _, y in picked],
                s=28,
                marker=marker,
                color="#0d47a1" if source == "calculation" else "#e65100",
                edgecolors="white",
                linewidths=0.8,
                zorder=4,
                label=CAPTIONS[source].get(lang),
            )
            markers.set_gid(gid)
        axes.set_xlim(*spec.x_range)
        axes.set_ylim(bottom, top)
        if spec.x == "age":
            axes.set_xticks(range(0, 61, 6))
        axes.grid(color="white", linewidth=0.5, alpha=0.8, zorder=0)
        title = spec.title.get(lang) + f" — {SEX_TEXT[sex].get(lang)}" + (f" · {name}" if name else "")
        axes.set_title(title, fontsize=12, loc="left", gid="chart-title")
        axes.set_xlabel(spec.x_label.get(lang), gid="chart-x-label")
        axes.set_ylabel(spec.y_label.get(lang), gid="chart-y-label")
        axes.legend(loc="upper left", fontsize=9, frameon=True)
        footer = (
            CAPTIONS["source"].get(lang) if chosen else f"{CAPTIONS['none'].get(lang)}. {CAPTIONS['source'].get(lang)}"
        )
        figure.text(0.01, 0.005, footer, fontsize=7, color="#444444", gid="chart-source")
        return _save(figure, fmt)


# --- adult trends ------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    when: datetime | date
    values: tuple[float, ...]  # BMI: (bmi,); blood pressure: (systolic, diastolic)
    source: str  # "calculation" or "clinic_visit"


TREND_CALCULATORS = ("bmi", "blood-pressure", "hba1c")
TREND_TEXT = {
    "bmi": {
        "title": Text("Tren IMT", "BMI trend"),
        "y": Text("IMT (kg/m²)", "BMI (kg/m²)"),
        "series": (Text("IMT", "BMI"),),
        # Kemenkes (Permenkes 41/2014) bands: thin < 18.5, normal 18.5–25.0, overweight to 27.0, obese above.
        "bands": (
            (None, 18.5, "#fbe38e"),
            (18.5, 25.05, "#9fd49a"),
            (25.05, 27.05, "#fbe38e"),
            (27.05, None, "#f4a6a6"),
        ),
        "source": Text("Batas: Kemenkes (Permenkes 41/2014)", "Bands: Indonesian MoH (Permenkes 41/2014)"),
        "range": (16.0, 30.0, 1),  # the y axis shows at least this span, padded by the last number
    },
    "blood-pressure": {
        "title": Text("Tren tekanan darah", "Blood-pressure trend"),
        "y": Text("Tekanan darah (mmHg)", "Blood pressure (mmHg)"),
        "series": (Text("Sistolik", "Systolic"), Text("Diastolik", "Diastolic")),
        "thresholds": (140, 90),
        "source": Text(
            "Garis putus-putus: batas hipertensi 140/90 mmHg (ESC/ESH 2018, PERHI 2019)",
            "Dashed lines: hypertension thresholds 140/90 mmHg (ESC/ESH 2018, PERHI 2019)",
        ),
        "range": (60.0, 160.0, 5),
    },
    "hba1c": {
        "title": Text("Tren HbA1c", "HbA1c trend"),
        "y": Text("HbA1c (%)", "HbA1c (%)"),
        "series": (Text("HbA1c", "HbA1c"),),
        # PERKENI 2021: < 5.7 normal, 5.7–6.4 prediabetes, ≥ 6.5 diabetes range (values have 1 decimal).
        "bands": (
            (None, 5.65, "#9fd49a"),
            (5.65, 6.45, "#fbe38e"),
            (6.45, None, "#f4a6a6"),
        ),
        "source": Text(
            "Batas: PERKENI 2021 (< 5,7 normal; 5,7–6,4 prediabetes; ≥ 6,5 rentang diabetes)",
            "Bands: PERKENI 2021 (< 5.7 normal; 5.7–6.4 prediabetes; ≥ 6.5 diabetes range)",
        ),
        "range": (4.0, 10.0, 0.5),
    },
}
TREND_CAPTIONS = {
    "clinic_visit": Text("kunjungan klinik", "clinic visit"),
    "calculation": Text("kalkulator", "calculator"),
    "date": Text("Tanggal", "Date"),
    "none": Text("Belum ada pengukuran", "No measurements yet"),
}


def trend_chart(
    *, calculator: str, points: Sequence[TrendPoint], name: str = "", lang: str = "id", fmt: str = "svg"
) -> bytes:
    """An adult's BMI, blood-pressure or HbA1c readings over time, with the categories as bands/lines;
    clinic-visit readings are drawn as squares, calculator readings as circles."""
    import matplotlib as mpl
    from matplotlib import dates as mdates

    if calculator not in TREND_TEXT or fmt not in FORMATS:
        raise ValueError(f"cannot draw {calculator!r} as {fmt!r}")
    lang = normalize_lang(lang)
    text = TREND_TEXT[calculator]
    ordered = sorted(points, key=lambda point: _as_datetime(point.when))
    with mpl.rc_context(_rc()):
        figure = _figure()
        axes = figure.add_subplot()
        colours = ("#0d47a1", "#6a1b9a")
        for index, series in enumerate(text["series"]):
            when = [_as_datetime(point.when) for point in ordered]
            values = [point.values[index] for point in ordered]
            (line,) = axes.plot(when, values, color=colours[index], linewidth=1.4, label=series.get(lang), zorder=3)
            line.set_gid(f"trend-line-{index}")
            for source, marker in (("calculation", "o"), ("clinic_visit", "s")):
                picked = [(w, v) for w, v, p in zip(when, values, ordered, strict=True) if p.source == source]
                dots = axes.scatter(
                    [w for w, _ in picked], [v for _, v in picked], marker=marker, s=26, color=colours[index], zorder=4
                )
                dots.set_gid(f"trend-points-{index}-{source}")
        all_values = [value for point in ordered for value in point.values]
        span_low, span_high, pad = text["range"]
        low, high = min([*all_values, span_low]) - pad, max([*all_values, span_high]) + pad
        if "bands" in text:
            for band_low, band_high, colour in text["bands"]:
                axes.axhspan(
                    band_low if band_low is not None else low,
                    band_high if band_high is not None else high,
                    color=colour,
                    zorder=1,
                    linewidth=0,
                )
        else:
            for threshold in text["thresholds"]:
                axes.axhline(threshold, color="#c62828", linestyle="--", linewidth=1, zorder=2)
        axes.set_ylim(low, high)
        if ordered:
            axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
            figure.autofmt_xdate()
        title = text["title"].get(lang) + (f" · {name}" if name else "")
        axes.set_title(title, fontsize=12, loc="left", gid="chart-title")
        axes.set_xlabel(TREND_CAPTIONS["date"].get(lang), gid="chart-x-label")
        axes.set_ylabel(text["y"].get(lang), gid="chart-y-label")
        axes.grid(alpha=0.3, zorder=0)
        if ordered:
            axes.legend(loc="upper left", fontsize=9)
        markers_note = (
            f"● {TREND_CAPTIONS['calculation'].get(lang)}  ■ {TREND_CAPTIONS['clinic_visit'].get(lang)}. "
            if ordered
            else f"{TREND_CAPTIONS['none'].get(lang)}. "
        )
        figure.text(
            0.01, 0.005, markers_note + text["source"].get(lang), fontsize=7, color="#444444", gid="chart-source"
        )
        return _save(figure, fmt)


def _as_datetime(value: datetime | date) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
