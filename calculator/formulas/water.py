"""Daily water needs: the AKG 2019 table (Permenkes 28/2019) and Holliday–Segar for children."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .rounding import round_half_up_int, to_decimal
from .spec import CalculatorSpec, InputSpec, ValidationContext, flag_input, number_input, sex_input
from .text import Text, format_number


@dataclass(frozen=True)
class AkgWaterRow:
    """One row of the AKG 2019 water column. Ages in months, both ends inclusive."""

    sex: str | None  # None: the same for boys and girls
    min_age_months: int
    max_age_months: int | None  # None: no upper limit
    water_ml: int
    group: Text


def _years(first: int, last: int | None) -> tuple[int, int | None]:
    """Completed years ``first``..``last`` as an inclusive range of months."""
    return first * 12, None if last is None else last * 12 + 11


# Permenkes RI No. 28/2019, Lampiran: Angka Kecukupan Gizi, column "Air (mL)".
AKG_2019_WATER: tuple[AkgWaterRow, ...] = (
    AkgWaterRow(None, 0, 5, 700, Text("Bayi 0–5 bulan", "Infants 0–5 months")),
    AkgWaterRow(None, 6, 11, 900, Text("Bayi 6–11 bulan", "Infants 6–11 months")),
    AkgWaterRow(None, *_years(1, 3), 1150, Text("Anak 1–3 tahun", "Children 1–3 years")),
    AkgWaterRow(None, *_years(4, 6), 1450, Text("Anak 4–6 tahun", "Children 4–6 years")),
    AkgWaterRow(None, *_years(7, 9), 1650, Text("Anak 7–9 tahun", "Children 7–9 years")),
    AkgWaterRow("male", *_years(10, 12), 1850, Text("Laki-laki 10–12 tahun", "Males 10–12 years")),
    AkgWaterRow("male", *_years(13, 15), 2100, Text("Laki-laki 13–15 tahun", "Males 13–15 years")),
    AkgWaterRow("male", *_years(16, 18), 2300, Text("Laki-laki 16–18 tahun", "Males 16–18 years")),
    AkgWaterRow("male", *_years(19, 29), 2500, Text("Laki-laki 19–29 tahun", "Males 19–29 years")),
    AkgWaterRow("male", *_years(30, 49), 2500, Text("Laki-laki 30–49 tahun", "Males 30–49 years")),
    AkgWaterRow("male", *_years(50, 64), 2500, Text("Laki-laki 50–64 tahun", "Males 50–64 years")),
    AkgWaterRow("male", *_years(65, 80), 1800, Text("Laki-laki 65–80 tahun", "Males 65–80 years")),
    AkgWaterRow("male", *_years(81, None), 1600, Text("Laki-laki di atas 80 tahun", "Males over 80 years")),
    AkgWaterRow("female", *_years(10, 12), 1850, Text("Perempuan 10–12 tahun", "Females 10–12 years")),
    AkgWaterRow("female", *_years(13, 15), 2100, Text("Perempuan 13–15 tahun", "Females 13–15 years")),
    AkgWaterRow("female", *_years(16, 18), 2150, Text("Perempuan 16–18 tahun", "Females 16–18 years")),
    AkgWaterRow("female", *_years(19, 29), 2350, Text("Perempuan 19–29 tahun", "Females 19–29 years")),
    AkgWaterRow("female", *_years(30, 49), 2350, Text("Perempuan 30–49 tahun", "Females 30–49 years")),
    AkgWaterRow("female", *_years(50, 64), 2350, Text("Perempuan 50–64 tahun", "Females 50–64 years")),
    AkgWaterRow("female", *_years(65, 80), 1550, Text("Perempuan 65–80 tahun", "Females 65–80 years")),
    AkgWaterRow("female", *_years(81, None), 1400, Text("Perempuan di atas 80 tahun", "Females over 80 years")),
)

# Additions on top of the woman's own age group (same table, "Hamil" / "Menyusui").
AKG_2019_PREGNANCY_ADDITION_ML = {"trimester_1": 300, "trimester_2": 300, "trimester_3": 300}
AKG_2019_LACTATION_ADDITION_ML = {"first_6_months": 800, "second_6_months": 650}
LACTATION_PERIOD_LABELS = {
    "first_6_months": Text("6 bulan pertama menyusui", "First 6 months of breastfeeding"),
    "second_6_months": Text("6 bulan kedua menyusui", "Second 6 months of breastfeeding"),
}
GLASS_ML = 250
CHILD_MAX_AGE = 17  # Holliday–Segar is a paediatric method: offered below 18 years
PREGNANCY_MIN_AGE = 10  # the AKG table's groups for women start at 10 years
BREASTFEEDING_UNTIL_AGE = 2  # WHO/Kemenkes: breastfeeding continues to 2 years alongside MP-ASI
UNDER_TWO_ADVICE = Text(
    "Untuk anak di bawah 2 tahun, teruskan menyusui (ASI) sesering anak mau sampai umur 2 tahun, bersama makanan "
    "pendamping ASI (MP-ASI) yang bergizi. Sebagian besar kebutuhan cairan anak dipenuhi dari ASI dan makanan; "
    "tawarkan air putih matang sedikit-sedikit di antara waktu makan, dan jangan mengganti ASI dengan air, teh, "
    "atau minuman manis. Saat anak demam atau diare, susui lebih sering dan beri oralit sesuai anjuran; segera ke "
    "puskesmas bila anak malas menyusu, muntah terus, buang air kecil sangat sedikit, atau tampak lemas.",
    "For a child under 2, keep breastfeeding as often as the child wants until 2 years, together with nutritious "
    "complementary foods (MP-ASI). Most of the child's fluid comes from breast milk and food; offer sips of boiled "
    "water between meals, and never replace breast milk with water, tea or sweet drinks. With fever or diarrhoea, "
    "breastfeed more often and give ORS as advised; go to a health centre at once if the child feeds poorly, keeps "
    "vomiting, passes very little urine or seems weak.",
)


def akg_water_row(age_months: int, sex: str) -> AkgWaterRow:
    """The AKG 2019 row for an age (in completed months) and sex."""
    for row in AKG_2019_WATER:
        in_range = row.min_age_months <= age_months and (row.max_age_months is None or age_months <= row.max_age_months)
        if in_range and row.sex in (None, sex):
            return row
    raise ValueError(f"no AKG 2019 row for age {age_months} months, sex {sex!r}")


def holliday_segar_ml(weight_kg: float) -> int:
    """Holliday–Segar daily maintenance fluid (mL/day), whole mL half-up.

    100 mL/kg for the first 10 kg, 50 mL/kg for the next 10 kg, 20 mL/kg above 20 kg.
    """
    weight = to_decimal(weight_kg)
    first = min(weight, Decimal(10))
    second = min(max(weight - 10, Decimal(0)), Decimal(10))
    rest = max(weight - 20, Decimal(0))
    return round_half_up_int(100 * first + 50 * second + 20 * rest)


def water_intake(
    *,
    age: int,
    sex: str,
    weight_kg: float | None = None,
    pregnant: bool = False,
    lactating: bool = False,
    lactation_period: str = "first_6_months",
    lang: str = "id",
) -> dict[str, Any]:
    """Recommended daily water intake (mL) from the AKG 2019 table, with the pregnancy
    (+300 mL, every trimester) and lactation (+800 mL first 6 months, +650 mL second 6
    months) additions; for children with a weight, also Holliday–Segar maintenance
    fluid (100/50/20 mL per kg bands: 14 kg → 1200 mL).

    References:
        Permenkes RI No. 28/2019 tentang Angka Kecukupan Gizi yang Dianjurkan untuk
        Masyarakat Indonesia (AKG 2019), kolom Air.
        Holliday MA, Segar WE. The maintenance need for water in parenteral fluid
        therapy. Pediatrics. 1957;19:823-832.
    """
    row = akg_water_row(age * 12, sex)
    additions = []
    if pregnant:
        additions.append(
            {
                "reason": "pregnancy",
                "label": Text("Tambahan kehamilan", "Pregnancy addition").get(lang),
                "ml": AKG_2019_PREGNANCY_ADDITION_ML["trimester_1"],
            }
        )
    if lactating:
        additions.append(
            {
                "reason": "lactation",
                "period": lactation_period,
                "label": LACTATION_PERIOD_LABELS[lactation_period].get(lang),
                "ml": AKG_2019_LACTATION_ADDITION_ML[lactation_period],
            }
        )
    total_ml = row.water_ml + sum(addition["ml"] for addition in additions)
    glasses = round_half_up_int(Decimal(total_ml) / GLASS_ML)

    holliday = None
    notes = []
    if weight_kg is not None and age <= CHILD_MAX_AGE:
        holliday = {
            "method": "holliday_segar_1957",
            "value": holliday_segar_ml(weight_kg),
            "unit": "mL/day",
            "note": Text(
                "Kebutuhan cairan rumatan menurut berat badan; dipakai tenaga kesehatan terutama saat anak sakit.",
                "Maintenance fluid by body weight; used by health workers mainly when a child is ill.",
            ).get(lang),
        }
    elif weight_kg is not None:
        notes.append(
            Text(
                "Berat badan dipakai hanya untuk anak (Holliday–Segar); untuk dewasa dipakai tabel AKG.",
                "Weight is used only for children (Holliday–Segar); adults use the AKG table.",
            ).get(lang)
        )
    notes.append(
        Text(
            "Butuh lebih banyak saat cuaca panas, berkeringat, demam, atau diare. Penderita gagal jantung atau "
            "penyakit ginjal ikuti batas minum dari dokter.",
            "Drink more in hot weather, when sweating, with fever or diarrhoea. People with heart failure or kidney "
            "disease should follow their doctor's fluid limit.",
        ).get(lang)
    )

    shown = format_number(total_ml, lang)
    interpretation = Text(
        f"Kecukupan air Anda sekitar {shown} mL per hari (±{glasses} gelas @250 mL) menurut AKG 2019. "
        "Minumlah sedikit-sedikit sepanjang hari; air putih adalah pilihan terbaik.",
        f"You need about {shown} mL of water a day (about {glasses} glasses of 250 mL) according to AKG 2019. "
        "Drink a little at a time throughout the day; plain water is best.",
    )
    if age < BREASTFEEDING_UNTIL_AGE:
        # Under 2 the advice is breastfeeding, not a volume to drink: the AKG figure is total water from
        # breast milk, food and drinks, and a parent told "1,150 mL" may replace breast milk with water.
        interpretation = UNDER_TWO_ADVICE
        glasses = None
        notes.insert(
            0,
            Text(
                f"Angka AKG 2019 ({shown} mL per hari) adalah total air dari ASI, makanan, dan minuman, bukan jumlah "
                "air putih yang harus diminum.",
                f"The AKG 2019 figure ({shown} mL a day) is the total water from breast milk, food and drinks, not an "
                "amount of plain water to drink.",
            ).get(lang),
        )
    return {
        "calculator": "water-intake",
        "value": total_ml,
        "unit": "mL/day",
        "scheme": "akg_2019",
        "akg_group": {"label": row.group.get(lang), "base_ml": row.water_ml},
        "additions": additions,
        "glasses_250_ml": glasses,
        "holliday_segar": holliday,
        "interpretation": interpretation.get(lang),
        "notes": notes,
    }


def lactation_period_input() -> InputSpec:
    return InputSpec(
        name="lactation_period",
        type="choice",
        choices=tuple(AKG_2019_LACTATION_ADDITION_ML),
        choice_labels=LACTATION_PERIOD_LABELS,
        required=False,
        default="first_6_months",
        help=Text(
            "Masa menyusui (dipakai bila lactating = true).", "Breastfeeding period (used when lactating is true)."
        ),
    )


def check_pregnancy_lactation(values: dict[str, Any], context: ValidationContext) -> None:
    """``pregnant``/``lactating`` only for females aged 10 and over, and not both at once (AKG 2019
    gives separate additions). Shared by water-intake and TDEE."""
    pregnant, lactating = values.get("pregnant", False), values.get("lactating", False)
    for flag in ("pregnant", "lactating"):
        if not values.get(flag, False):
            continue
        if values["sex"] != "female":
            context.add_error(flag, Text("Hanya dapat diisi untuk perempuan.", "Only applies to females."))
        elif values["age"] < PREGNANCY_MIN_AGE:
            context.add_error(
                flag,
                Text(
                    "Tambahan AKG untuk hamil/menyusui berlaku untuk perempuan berusia 10 tahun ke atas.",
                    "The AKG pregnancy/lactation additions apply to females aged 10 and over.",
                ),
            )
    if pregnant and lactating and values["sex"] == "female" and values["age"] >= PREGNANCY_MIN_AGE:
        context.add_error(
            "lactating",
            Text(
                "AKG 2019 memberi tambahan terpisah untuk hamil dan menyusui, bukan gabungan keduanya; pilih salah "
                "satu dan konsultasikan kebutuhan Anda dengan bidan atau dokter.",
                "AKG 2019 gives separate additions for pregnancy and for breastfeeding, not for both at once; choose "
                "one and ask a midwife or doctor about your needs.",
            ),
        )


WATER_INTAKE_SPEC = CalculatorSpec(
    name="water-intake",
    title=Text("Kebutuhan air harian", "Daily water needs"),
    description=Text(
        "Kecukupan air menurut AKG 2019 (termasuk tambahan hamil/menyusui) dan Holliday–Segar untuk anak.",
        "Water needs by AKG 2019 (with pregnancy/lactation additions) and Holliday–Segar for children.",
    ),
    references=(
        "Permenkes RI No. 28/2019 (AKG 2019)",
        "Holliday & Segar 1957",
        "WHO/UNICEF 2003, Global strategy for infant and young child feeding (breastfeeding to 2 years)",
        "Buku KIA 2020 (ASI dan MP-ASI)",
    ),
    inputs=(
        number_input(
            "age",
            "years",
            "1",
            "120",
            Text("Usia dalam tahun penuh (1–120).", "Age in completed years (1–120)."),
            integer=True,
        ),
        sex_input(),
        number_input(
            "weight_kg",
            "kg",
            "3",
            "300",
            Text(
                "Berat badan (opsional; untuk anak dihitung juga Holliday–Segar).",
                "Body weight (optional; for children Holliday–Segar is also given).",
            ),
            required=False,
        ),
        flag_input("pregnant", Text("Sedang hamil.", "Currently pregnant.")),
        flag_input("lactating", Text("Sedang menyusui.", "Currently breastfeeding.")),
        lactation_period_input(),
    ),
    function=water_intake,
    primary_value=lambda result: float(result["value"]),
    primary_value_help=Text("Kebutuhan air (mL/hari)", "Water needs (mL/day)"),
    cross_check=check_pregnancy_lactation,
)
