"""LiLA / MUAC (mid-upper arm circumference): acute malnutrition in children 6–59 months, and
chronic energy deficiency (KEK) risk in pregnant women and women of reproductive age.

Children 6–59 months (WHO 2013 guideline on severe acute malnutrition; Kemenkes 2019
Pedoman Pencegahan dan Tatalaksana Gizi Buruk pada Balita): < 11.5 cm severe acute
malnutrition (gizi buruk); 11.5 to < 12.5 cm moderate (gizi kurang); ≥ 12.5 cm normal.
Bilateral pitting oedema is severe acute malnutrition whatever the arm measures.
Women (pregnant, or 15–49 years; Kemenkes Buku KIA and Pedoman Penanggulangan KEK pada Ibu
Hamil): < 23.5 cm at risk of chronic energy deficiency (risiko KEK).
The measurement is read to 1 decimal (0.1 cm, half-up), as the tape reads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .child_age import check_child_age, child_age, child_age_inputs
from .rounding import round_half_up_decimal
from .spec import CalculatorSpec, InputSpec, ValidationContext, number_input
from .text import Category, Text, format_number

SCHEME_CHILD = "who_2013_kemenkes_2019"
SCHEME_WOMAN = "kemenkes_kek"
GROUPS = ("child", "pregnant", "woman")
GROUP_LABELS = {
    "child": Text("Anak 6–59 bulan", "Child 6–59 months"),
    "pregnant": Text("Ibu hamil", "Pregnant woman"),
    "woman": Text("Wanita usia subur (15–49 tahun), tidak hamil", "Woman of reproductive age (15–49), not pregnant"),
}
CHILD_MIN_MONTHS, CHILD_MAX_MONTHS = 6, 59
CHILD_SEVERE_BELOW_CM = Decimal("11.5")
CHILD_MODERATE_BELOW_CM = Decimal("12.5")
KEK_BELOW_CM = Decimal("23.5")
# Arms outside these are a measuring or typing error, not a child or a woman (WHO MUAC-for-age
# at 6–59 months spans about 11–19 cm between −3 and +3 SD; adult arms 18–45 cm).
PLAUSIBLE_CM = {"child": (Decimal(7), Decimal(26)), "adult": (Decimal(14), Decimal(55))}

CHILD_CATEGORIES = {
    "severe_acute_malnutrition": Category(
        "severe_acute_malnutrition",
        Text("Gizi buruk (LiLA < 11,5 cm)", "Severe acute malnutrition (MUAC < 11.5 cm)"),
        Text(
            "Anak mengalami gizi buruk. Bawa ke Puskesmas hari ini untuk pemeriksaan dan perawatan gizi buruk. Bila "
            "anak tidak mau makan/menyusu, muntah terus, sangat lemas, sesak, kejang, atau demam tinggi: bawa ke "
            "rumah sakit sekarang.",
            "The child has severe acute malnutrition. Take the child to a Puskesmas today for assessment and "
            "treatment. If the child will not eat or breastfeed, keeps vomiting, is very weak, breathless, fitting "
            "or has a high fever: go to a hospital now.",
        ),
    ),
    "moderate_acute_malnutrition": Category(
        "moderate_acute_malnutrition",
        Text("Gizi kurang (LiLA 11,5–< 12,5 cm)", "Moderate acute malnutrition (MUAC 11.5 to < 12.5 cm)"),
        Text(
            "Anak mengalami gizi kurang. Periksakan ke Puskesmas dalam minggu ini untuk penilaian, konseling makan, "
            "dan makanan tambahan; ukur ulang LiLA dan timbang setiap 2 minggu.",
            "The child has moderate acute malnutrition. See a Puskesmas this week for assessment, feeding "
            "counselling and supplementary food; re-measure the arm and weigh the child every 2 weeks.",
        ),
    ),
    "normal": Category(
        "normal",
        Text("Normal (LiLA ≥ 12,5 cm)", "Normal (MUAC ≥ 12.5 cm)"),
        Text(
            "LiLA anak normal. Lanjutkan penimbangan dan pengukuran rutin setiap bulan di Posyandu.",
            "The child's arm circumference is normal. Keep up monthly weighing and measuring at the Posyandu.",
        ),
    ),
}
OEDEMA_CATEGORY = Category(
    "severe_acute_malnutrition",
    Text("Gizi buruk (edema kedua kaki)", "Severe acute malnutrition (oedema of both feet)"),
    CHILD_CATEGORIES["severe_acute_malnutrition"].advice,
)
WOMAN_CATEGORIES = {
    ("pregnant", "kek_risk"): Category(
        "kek_risk",
        Text("Risiko KEK (LiLA < 23,5 cm)", "At risk of chronic energy deficiency (MUAC < 23.5 cm)"),
        Text(
            "Ibu hamil berisiko Kurang Energi Kronis (KEK), yang meningkatkan risiko bayi lahir dengan berat badan "
            "rendah. Periksakan ke bidan/Puskesmas dalam minggu ini untuk pemeriksaan kehamilan, konseling gizi, "
            "dan makanan tambahan ibu hamil; minum tablet tambah darah setiap hari.",
            "The pregnant woman is at risk of chronic energy deficiency (KEK), which raises the risk of a low "
            "birth weight baby. See a midwife or Puskesmas this week for an antenatal check, nutrition counselling "
            "and supplementary food for pregnancy; take the iron-folic acid tablet every day.",
        ),
    ),
    ("woman", "kek_risk"): Category(
        "kek_risk",
        Text("Risiko KEK (LiLA < 23,5 cm)", "At risk of chronic energy deficiency (MUAC < 23.5 cm)"),
        Text(
            "Berisiko Kurang Energi Kronis (KEK). Perbaiki gizi sebelum hamil: makan beragam dengan cukup energi "
            "dan protein, dan periksakan ke Puskesmas untuk konseling gizi (dan pemeriksaan penyakit yang membuat "
            "berat badan turun).",
            "At risk of chronic energy deficiency (KEK). Improve nutrition before pregnancy: eat varied food with "
            "enough energy and protein, and see a Puskesmas for nutrition counselling (and a check for illnesses "
            "that cause weight loss).",
        ),
    ),
    ("pregnant", "normal"): Category(
        "normal",
        Text("Normal (LiLA ≥ 23,5 cm)", "Normal (MUAC ≥ 23.5 cm)"),
        Text(
            "LiLA normal. Lanjutkan pemeriksaan kehamilan rutin, makan beragam, dan minum tablet tambah darah.",
            "Arm circumference is normal. Keep up antenatal check-ups, a varied diet and the iron-folic acid tablets.",
        ),
    ),
    ("woman", "normal"): Category(
        "normal",
        Text("Normal (LiLA ≥ 23,5 cm)", "Normal (MUAC ≥ 23.5 cm)"),
        Text("LiLA normal. Pertahankan gizi seimbang.", "Arm circumference is normal. Keep a balanced diet."),
    ),
}


def child_muac_code(muac_cm: Decimal, oedema: bool = False) -> str:
    if oedema or muac_cm < CHILD_SEVERE_BELOW_CM:
        return "severe_acute_malnutrition"
    if muac_cm < CHILD_MODERATE_BELOW_CM:
        return "moderate_acute_malnutrition"
    return "normal"


def woman_muac_code(muac_cm: Decimal) -> str:
    return "kek_risk" if muac_cm < KEK_BELOW_CM else "normal"


def muac(
    *,
    group: str,
    muac_cm: float,
    birth_date=None,
    age_months: float | None = None,
    on_date=None,
    oedema: bool = False,
    lang: str = "id",
) -> dict[str, Any]:
    """MUAC (LiLA) status: children 6–59 months (< 11.5 severe, 11.5–< 12.5 moderate acute
    malnutrition; oedema is severe), pregnant women and women 15–49 (< 23.5 cm risk of KEK).

    References:
        WHO. Guideline: updates on the management of severe acute malnutrition in infants and
        children. Geneva: WHO; 2013. WHO & UNICEF joint statement, WHO child growth standards
        and the identification of severe acute malnutrition, 2009.
        Kemenkes RI. Pedoman Pencegahan dan Tatalaksana Gizi Buruk pada Balita, 2019.
        Kemenkes RI. Buku KIA (Kesehatan Ibu dan Anak), 2020/2023; Pedoman Penanggulangan
        Kurang Energi Kronik (KEK) pada Ibu Hamil, 2015.
    """
    value = round_half_up_decimal(muac_cm, 1)
    shown = {lang_: format_number(float(value), lang_, 1) for lang_ in ("id", "en")}
    result: dict[str, Any] = {"calculator": "muac", "value": float(value), "unit": "cm", "group": group}
    if group == "child":
        age_days, months = child_age(birth_date, age_months, on_date)
        code = child_muac_code(value, oedema)
        category = (OEDEMA_CATEGORY if oedema else CHILD_CATEGORIES[code]).to_dict(SCHEME_CHILD, lang)
        result.update(scheme=SCHEME_CHILD, age_days=age_days, age_months=months, oedema=oedema)
        subject = Text(f"LiLA anak (umur {months} bulan)", f"The child's MUAC (age {months} months)")
    else:
        category = WOMAN_CATEGORIES[(group, woman_muac_code(value))].to_dict(SCHEME_WOMAN, lang)
        result["scheme"] = SCHEME_WOMAN
        subject = Text("LiLA", "MUAC")
    result["category"] = category
    result["interpretation"] = Text(
        f"{subject.id} {shown['id']} cm — {category['label']}. {category['advice']}",
        f"{subject.en} is {shown['en']} cm — {category['label']}. {category['advice']}",
    ).get(lang)
    result["notes"] = [
        Text(
            "Ukur di lengan kiri yang tergantung lurus, di titik tengah antara ujung bahu dan siku, pita menempel "
            "tanpa menekan kulit.",
            "Measure the left arm hanging straight, at the midpoint between the tip of the shoulder and the elbow, "
            "the tape snug without pressing the skin.",
        ).get(lang)
    ]
    return result


_CHILD_AGE_RANGE = Text(
    "LiLA anak dinilai pada umur 6–59 bulan. Untuk bayi di bawah 6 bulan pakai kalkulator pertumbuhan anak "
    "(child-growth).",
    "A child's MUAC is read at 6–59 months. For babies under 6 months use the child-growth calculator.",
)


def _check_muac(values: dict[str, Any], context: ValidationContext) -> None:
    group = values["group"]
    if group == "child":
        check_child_age(
            values, context, min_months=CHILD_MIN_MONTHS, max_months=CHILD_MAX_MONTHS, out_of_range=_CHILD_AGE_RANGE
        )
    else:
        for name in ("birth_date", "age_months"):
            if values.get(name) is not None:
                context.add_error(
                    name,
                    Text(
                        "Umur hanya diisi untuk anak (group=child).",
                        "Age is given for a child only (group=child).",
                    ),
                )
        if values.get("oedema"):
            context.add_error(
                "oedema",
                Text("Edema dinilai di sini hanya untuk anak.", "Oedema is assessed here for children only."),
            )
    low, high = PLAUSIBLE_CM["child" if group == "child" else "adult"]
    if not low <= round_half_up_decimal(values["muac_cm"], 1) <= high:
        context.add_error(
            "muac_cm",
            Text(
                f"Periksa kembali pengukuran: LiLA {GROUP_LABELS[group].id.lower()} seharusnya {low}–{high} cm.",
                f"Check the measurement: MUAC for a {GROUP_LABELS[group].en.lower()} should be {low}–{high} cm.",
            ),
        )


MUAC_SPEC = CalculatorSpec(
    name="muac",
    title=Text("Lingkar lengan atas (LiLA)", "Mid-upper arm circumference (MUAC)"),
    description=Text(
        "Gizi buruk/kurang pada anak 6–59 bulan, dan risiko Kurang Energi Kronis (KEK) pada ibu hamil dan wanita "
        "usia subur.",
        "Acute malnutrition in children 6–59 months, and risk of chronic energy deficiency (KEK) in pregnant "
        "women and women of reproductive age.",
    ),
    references=(
        "WHO 2013, Guideline: updates on the management of severe acute malnutrition in infants and children",
        "Kemenkes RI 2019, Pedoman Pencegahan dan Tatalaksana Gizi Buruk pada Balita",
        "Kemenkes RI, Buku KIA; Pedoman Penanggulangan KEK pada Ibu Hamil 2015",
    ),
    inputs=(
        InputSpec(
            name="group",
            type="choice",
            choices=GROUPS,
            choice_labels=GROUP_LABELS,
            aliases={"anak": "child", "hamil": "pregnant", "ibu_hamil": "pregnant", "wus": "woman"},
            help=Text("Siapa yang diukur.", "Who was measured."),
        ),
        number_input(
            "muac_cm", "cm", "5", "60", Text("Lingkar lengan atas dalam cm.", "Mid-upper arm circumference in cm.")
        ),
        *child_age_inputs(CHILD_MIN_MONTHS, CHILD_MAX_MONTHS),
        InputSpec(
            name="oedema",
            type="boolean",
            required=False,
            default=False,
            help=Text(
                "Anak: ada edema (bengkak yang meninggalkan lekukan) di kedua punggung kaki.",
                "Child: bilateral pitting oedema of the feet.",
            ),
        ),
    ),
    function=muac,
    primary_value=lambda result: float(result["value"]),
    primary_value_help=Text("LiLA (cm)", "MUAC (cm)"),
    cross_check=_check_muac,
)
