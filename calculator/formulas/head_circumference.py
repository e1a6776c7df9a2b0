"""Head circumference-for-age (WHO Child Growth Standards, 0–60 months), micro/macrocephaly flags.

z = ((y/M)^L − 1)/(L·S) with L, M, S from WHO's day-by-day table (``data/hcanthro.csv``; L = 1,
so z = (y/M − 1)/S). Not restricted beyond ±3 SD (WHO restricts only the weight-based
indicators); rounded to 2 decimals half-up; |z| > 5 is flagged as implausible, as WHO's
igrowup does. On the rounded z: < −3 severe microcephaly, −3 to < −2 microcephaly,
−2 to +2 normal, > +2 macrocephaly (WHO; Kemenkes SDIDTK). Preterm babies (born before
37 weeks) are assessed at corrected age until 24 months.
"""

from __future__ import annotations

from typing import Any

from .child_age import check_child_age, child_age, child_age_inputs
from .rounding import round_half_up, to_decimal
from .spec import CalculatorSpec, InputSpec, ValidationContext, number_input, sex_input
from .text import Category, Text, format_number
from .who_growth import MAX_AGE_DAYS, SEX_CODES, growth_table

SCHEME = "who_2007_hcfa"
MAX_AGE_MONTHS = 60
TERM_WEEKS = 40
PRETERM_BELOW_WEEKS = 37
CORRECT_AGE_UNTIL_DAYS = 731  # corrected age is used until 24 months
IMPLAUSIBLE_ABS_Z = 5

HC_CATEGORIES = {
    "severe_microcephaly": Category(
        "severe_microcephaly",
        Text("Mikrosefali berat (< −3 SD)", "Severe microcephaly (< −3 SD)"),
        Text(
            "Lingkar kepala sangat kecil untuk umurnya. Ukur ulang dengan pita yang tidak melar; bila hasilnya sama, "
            "bawa anak ke dokter dalam minggu ini untuk pemeriksaan perkembangan dan rujukan ke dokter spesialis "
            "anak.",
            "The head is very small for the child's age. Re-measure with a non-stretch tape; if the result is the "
            "same, take the child to a doctor this week for a developmental check and referral to a paediatrician.",
        ),
    ),
    "microcephaly": Category(
        "microcephaly",
        Text("Mikrosefali (< −2 SD)", "Microcephaly (< −2 SD)"),
        Text(
            "Lingkar kepala di bawah batas normal. Ukur ulang; bila tetap kecil, periksakan ke dokter/Puskesmas "
            "dalam 1–2 minggu untuk menilai perkembangan anak dan ukur ulang setiap bulan.",
            "The head circumference is below the normal range. Re-measure; if it is still small, see a doctor or "
            "Puskesmas within 1–2 weeks to check the child's development, and measure it every month.",
        ),
    ),
    "normal": Category(
        "normal",
        Text("Normal (−2 SD sampai +2 SD)", "Normal (−2 SD to +2 SD)"),
        Text(
            "Lingkar kepala normal untuk umurnya. Ukur secara rutin sesuai jadwal SDIDTK (setiap 3 bulan sampai umur "
            "1 tahun, lalu setiap 6 bulan).",
            "The head circumference is normal for age. Keep measuring it on the routine schedule (every 3 months "
            "in the first year, then every 6 months).",
        ),
    ),
    "macrocephaly": Category(
        "macrocephaly",
        Text("Makrosefali (> +2 SD)", "Macrocephaly (> +2 SD)"),
        Text(
            "Lingkar kepala di atas batas normal. Ukur ulang; bila tetap besar, periksakan ke dokter dalam 1–2 "
            "minggu. Segera ke fasilitas kesehatan hari ini bila ubun-ubun menonjol, anak muntah, rewel terus, sangat "
            "mengantuk, kejang, atau mata seperti 'matahari terbenam'.",
            "The head circumference is above the normal range. Re-measure; if it is still large, see a doctor within "
            "1–2 weeks. Go to a health facility today if the soft spot bulges, or the child vomits, is constantly "
            "irritable, very drowsy, fits, or the eyes look downwards ('sunset eyes').",
        ),
    ),
    "implausible": Category(
        "implausible",
        Text("Periksa kembali pengukuran", "Check the measurement"),
        Text(
            "Hasil ini di luar ±5 SD, hampir selalu karena salah ukur, salah tanggal lahir, atau salah ketik. Ukur "
            "ulang dan periksa tanggal lahir sebelum menilai.",
            "This result is beyond ±5 SD, almost always a measuring, birth date or typing error. Re-measure and check "
            "the birth date before reading it.",
        ),
    ),
}


def head_circumference_zscore(*, sex: str, age_days: int, head_cm: float) -> float:
    """Unrounded WHO head circumference-for-age z-score."""
    return growth_table("hcanthro")[(SEX_CODES[sex], age_days)].zscore(head_cm)


def head_circumference_code(z: float) -> str:
    """Category of a z-score already rounded to 2 decimals."""
    if abs(z) > IMPLAUSIBLE_ABS_Z:
        return "implausible"
    if z < -3:
        return "severe_microcephaly"
    if z < -2:
        return "microcephaly"
    if z > 2:
        return "macrocephaly"
    return "normal"


def corrected_age_days(age_days: int, birth_gestation_weeks: int | None) -> int:
    """Age corrected for prematurity (born before 37 weeks) until 24 months: minus the weeks short of 40."""
    if birth_gestation_weeks is None or birth_gestation_weeks >= PRETERM_BELOW_WEEKS:
        return age_days
    corrected = age_days - (TERM_WEEKS - birth_gestation_weeks) * 7
    return corrected if corrected < CORRECT_AGE_UNTIL_DAYS else age_days


def head_circumference(
    *,
    sex: str,
    head_cm: float,
    birth_date=None,
    age_months: float | None = None,
    on_date=None,
    birth_gestation_weeks: int | None = None,
    lang: str = "id",
) -> dict[str, Any]:
    """WHO head circumference-for-age z-score and micro/macrocephaly status (see the module docstring).

    References:
        WHO Multicentre Growth Reference Study Group. WHO Child Growth Standards: head
        circumference-for-age, arm circumference-for-age, triceps and subscapular skinfold-for-age:
        methods and development. Geneva: WHO; 2007.
        WHO igrowup software (z-score and flag rules).
        Kemenkes RI. Pedoman Pelaksanaan Stimulasi, Deteksi dan Intervensi Dini Tumbuh Kembang
        Anak (SDIDTK), 2016/2022.
    """
    age_days, months = child_age(birth_date, age_months, on_date)
    assessed_days = corrected_age_days(age_days, birth_gestation_weeks)
    z = round_half_up(head_circumference_zscore(sex=sex, age_days=assessed_days, head_cm=head_cm), 2)
    code = head_circumference_code(z)
    category = HC_CATEGORIES[code].to_dict(SCHEME, lang, z=z, flag=code == "implausible")
    lms = growth_table("hcanthro")[(SEX_CODES[sex], assessed_days)]
    normal_range = [round_half_up(lms.value_at(-2), 1), round_half_up(lms.value_at(2), 1)]
    head = float(to_decimal(head_cm))
    corrected = assessed_days != age_days
    age_text = Text(
        f"umur koreksi {assessed_days} hari" if corrected else f"umur {months} bulan",
        f"corrected age {assessed_days} days" if corrected else f"age {months} months",
    )
    return {
        "calculator": "head-circumference",
        "value": z,
        "unit": "z",
        "scheme": SCHEME,
        "head_cm": head,
        "age_days": age_days,
        "assessed_age_days": assessed_days,
        "corrected_age": corrected,
        "normal_range_cm": normal_range,
        "category": category,
        "interpretation": Text(
            f"Lingkar kepala {format_number(head, 'id')} cm ({age_text.id}): z = {format_number(z, 'id')} "
            f"(normal {format_number(normal_range[0], 'id', 1)}–{format_number(normal_range[1], 'id', 1)} cm) — "
            f"{category['label']}. {category['advice']}",
            f"Head circumference {format_number(head, 'en')} cm ({age_text.en}): z = {format_number(z, 'en')} "
            f"(normal {format_number(normal_range[0], 'en', 1)}–{format_number(normal_range[1], 'en', 1)} cm) — "
            f"{category['label']}. {category['advice']}",
        ).get(lang),
        "notes": [
            Text(
                "Satu pengukuran tidak cukup: yang penting adalah arah kurva dari bulan ke bulan. Ukur melingkari "
                "dahi tepat di atas alis dan bagian belakang kepala yang paling menonjol.",
                "One measurement is not enough: the direction of the curve month by month matters. Measure around "
                "the forehead just above the eyebrows and the most prominent part of the back of the head.",
            ).get(lang)
        ],
    }


_AGE_RANGE = Text(
    "Umur anak harus 0–60 bulan (standar WHO untuk balita).",
    "The child's age must be 0–60 months (WHO standards for under-fives).",
)


def _check_head_circumference(values: dict[str, Any], context: ValidationContext) -> None:
    check_child_age(
        values, context, min_months=0, max_months=MAX_AGE_MONTHS, max_days=MAX_AGE_DAYS, out_of_range=_AGE_RANGE
    )
    if context.errors:
        return
    age_days, _ = child_age(values.get("birth_date"), values.get("age_months"), values.get("on_date"))
    if corrected_age_days(age_days, values.get("birth_gestation_weeks")) < 0:
        context.add_error(
            "birth_gestation_weeks",
            Text(
                "Bayi belum mencapai umur koreksi 40 minggu; standar WHO belum berlaku (pakai grafik bayi prematur, "
                "misalnya Fenton atau INTERGROWTH-21st).",
                "The baby has not reached 40 weeks corrected age; the WHO standard does not apply yet (use a preterm "
                "chart such as Fenton or INTERGROWTH-21st).",
            ),
        )


HEAD_CIRCUMFERENCE_SPEC = CalculatorSpec(
    name="head-circumference",
    title=Text("Lingkar kepala anak (0–60 bulan)", "Head circumference (0–60 months)"),
    description=Text(
        "Z-skor lingkar kepala menurut umur (standar WHO) dengan tanda mikrosefali dan makrosefali.",
        "Head circumference-for-age z-score (WHO standards) with microcephaly and macrocephaly flags.",
    ),
    references=(
        "WHO Child Growth Standards: head circumference-for-age, 2007",
        "WHO igrowup software",
        "Kemenkes RI, Pedoman SDIDTK",
    ),
    inputs=(
        sex_input(),
        number_input("head_cm", "cm", "20", "65", Text("Lingkar kepala dalam cm.", "Head circumference in cm.")),
        *child_age_inputs(0, MAX_AGE_MONTHS),
        InputSpec(
            name="birth_gestation_weeks",
            type="integer",
            required=False,
            min=to_decimal(22),
            max=to_decimal(44),
            help=Text(
                "Usia kehamilan saat lahir (minggu); bayi prematur (< 37 minggu) dinilai dengan umur koreksi sampai "
                "24 bulan.",
                "Weeks of pregnancy at birth; preterm babies (< 37 weeks) are assessed at corrected age until 24 "
                "months.",
            ),
        ),
    ),
    function=head_circumference,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("Z-skor lingkar kepala menurut umur", "Head circumference-for-age z-score"),
    cross_check=_check_head_circumference,
)
