"""Antenatal checks beside the pregnancy calculator: recommended weight gain by pre-pregnancy
BMI (IOM 2009) and anaemia by haemoglobin per trimester (WHO 2024).

Weight gain (Institute of Medicine 2009), by pre-pregnancy BMI (WHO cut-offs, BMI to 1 decimal):
singleton < 18.5: 12.5–18 kg total, 0.44–0.58 kg/week in the 2nd and 3rd trimesters;
18.5–24.9: 11.5–16, 0.35–0.50; 25.0–29.9: 7–11.5, 0.23–0.33; ≥ 30: 5–9, 0.17–0.27.
Twins (provisional): 18.5–24.9: 17–25; 25.0–29.9: 14–23; ≥ 30: 11–19; underweight: no
recommendation. The range expected by a given week assumes 0.5–2 kg over the first
trimester (IOM's own assumption; linear through weeks 0–13) plus the weekly rate after it.

Anaemia in pregnancy (WHO 2024 haemoglobin cut-offs, sea level, non-smokers, g/dL to 1 decimal):
1st (weeks 0–13) and 3rd trimester (from week 28): ≥ 11.0 none, 10.0–10.9 mild, 7.0–9.9
moderate, < 7.0 severe; 2nd trimester (weeks 14–27): ≥ 10.5 none, 9.5–10.4 mild, 7.0–9.4
moderate, < 7.0 severe.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .body import bmi_value
from .rounding import round_half_up, round_half_up_decimal, to_decimal
from .spec import HEIGHT_HELP, CalculatorSpec, InputSpec, ValidationContext, number_input
from .text import Category, Text, format_number

SCHEME = "iom_2009_who_2024"
FIRST_TRIMESTER_WEEKS = 13
FIRST_TRIMESTER_GAIN_KG = (Decimal("0.5"), Decimal(2))
TERM_WEEKS = 40
# Beyond these the numbers are a typing or measuring error, not a pregnancy.
PLAUSIBLE_BMI = (Decimal(12), Decimal(70))
MAX_LOSS_KG, MAX_GAIN_KG = 20, 40

# BMI class → (total gain singleton, weekly rate 2nd/3rd trimester, total gain twins or None)
GAIN_RECOMMENDATIONS: dict[str, tuple[tuple[Decimal, Decimal], tuple[Decimal, Decimal], tuple | None]] = {
    "underweight": ((Decimal("12.5"), Decimal(18)), (Decimal("0.44"), Decimal("0.58")), None),
    "normal": ((Decimal("11.5"), Decimal(16)), (Decimal("0.35"), Decimal("0.50")), (Decimal(17), Decimal(25))),
    "overweight": ((Decimal(7), Decimal("11.5")), (Decimal("0.23"), Decimal("0.33")), (Decimal(14), Decimal(23))),
    "obese": ((Decimal(5), Decimal(9)), (Decimal("0.17"), Decimal("0.27")), (Decimal(11), Decimal(19))),
}
BMI_CLASS_LABELS = {
    "underweight": Text("Kurus (IMT < 18,5)", "Underweight (BMI < 18.5)"),
    "normal": Text("Normal (IMT 18,5–24,9)", "Normal (BMI 18.5–24.9)"),
    "overweight": Text("Gemuk (IMT 25,0–29,9)", "Overweight (BMI 25.0–29.9)"),
    "obese": Text("Obesitas (IMT ≥ 30)", "Obese (BMI ≥ 30)"),
}

FIRST_TRIMESTER_NOTE = Text(
    "Pada trimester pertama kenaikan yang diharapkan hanya 0,5–2 kg, dan berat badan bisa turun karena mual; "
    "kenaikan dinilai mulai minggu ke-14. Bila muntah terus sampai tidak bisa makan atau minum, segera ke bidan/"
    "Puskesmas.",
    "In the first trimester only 0.5–2 kg is expected, and weight may fall with nausea; gain is assessed from week "
    "14. If vomiting stops you eating or drinking, see a midwife or Puskesmas promptly.",
)
GAIN_CATEGORIES = {
    "below": Category(
        "below",
        Text("Kenaikan berat badan kurang", "Weight gain below the recommended range"),
        Text(
            "Kenaikan berat badan di bawah anjuran untuk usia kehamilan ini. Bicarakan dengan bidan/dokter pada "
            "pemeriksaan berikutnya (dalam 1–2 minggu): makan lebih sering dengan cukup protein, dan cari penyebab "
            "seperti mual-muntah berat atau penyakit. Kenaikan yang kurang meningkatkan risiko bayi kecil.",
            "Weight gain is below the range for this stage of pregnancy. Discuss it with your midwife or doctor at "
            "the next check (within 1–2 weeks): eat more often with enough protein, and look for causes such as "
            "severe vomiting or illness. Too little gain raises the risk of a small baby.",
        ),
    ),
    "within": Category(
        "within",
        Text("Kenaikan berat badan sesuai anjuran", "Weight gain within the recommended range"),
        Text(
            "Kenaikan berat badan sesuai anjuran. Lanjutkan makan beragam dan pemeriksaan kehamilan rutin.",
            "Weight gain is within the recommended range. Keep up a varied diet and your antenatal check-ups.",
        ),
    ),
    "above": Category(
        "above",
        Text("Kenaikan berat badan berlebih", "Weight gain above the recommended range"),
        Text(
            "Kenaikan berat badan di atas anjuran. Bicarakan dengan bidan/dokter: kurangi gula dan makanan berlemak, "
            "tetap aktif bergerak ringan. Kenaikan mendadak disertai bengkak di wajah/tangan, sakit kepala, atau "
            "pandangan kabur adalah tanda bahaya (preeklamsia): segera ke fasilitas kesehatan.",
            "Weight gain is above the recommended range. Discuss it with your midwife or doctor: cut down sugar and "
            "fatty food and keep gently active. A sudden gain with swelling of the face or hands, headache or "
            "blurred vision is a danger sign (pre-eclampsia): go to a health facility now.",
        ),
    ),
}

ANAEMIA_CATEGORIES = {
    "none": Category(
        "none",
        Text("Tidak anemia", "No anaemia"),
        Text(
            "Kadar hemoglobin cukup. Tetap minum tablet tambah darah setiap hari selama kehamilan sesuai anjuran.",
            "Haemoglobin is adequate. Keep taking the iron-folic acid tablet every day in pregnancy as advised.",
        ),
    ),
    "mild": Category(
        "mild",
        Text("Anemia ringan", "Mild anaemia"),
        Text(
            "Anemia ringan. Minum tablet tambah darah setiap hari dengan air putih atau jus buah (bukan teh/kopi), "
            "makan lauk hewani, dan periksa Hb ulang sesuai anjuran bidan/dokter (biasanya 4 minggu).",
            "Mild anaemia. Take the iron-folic acid tablet every day with water or fruit juice (not tea or coffee), "
            "eat meat, fish or eggs, and recheck Hb as your midwife or doctor advises (usually in 4 weeks).",
        ),
    ),
    "moderate": Category(
        "moderate",
        Text("Anemia sedang", "Moderate anaemia"),
        Text(
            "Anemia sedang. Periksakan ke dokter/Puskesmas dalam minggu ini untuk mencari penyebab dan menentukan "
            "dosis zat besi; minum tablet tambah darah setiap hari.",
            "Moderate anaemia. See a doctor or Puskesmas this week to find the cause and set the iron dose; take "
            "the iron-folic acid tablet every day.",
        ),
    ),
    "severe": Category(
        "severe",
        Text("Anemia berat", "Severe anaemia"),
        Text(
            "Anemia berat: berbahaya bagi ibu dan janin. Temui dokter hari ini; rujukan ke rumah sakit mungkin "
            "diperlukan. Bila sesak, berdebar, pusing berat, atau perdarahan: ke IGD sekarang.",
            "Severe anaemia: dangerous for mother and baby. See a doctor today; referral to a hospital may be "
            "needed. If breathless, with a racing heart, very dizzy or bleeding: go to the emergency department now.",
        ),
    ),
}
# trimester → (no anaemia from, mild from, moderate from) in g/dL; below the last: severe
ANAEMIA_CUTS = {
    1: (Decimal(11), Decimal(10), Decimal(7)),
    2: (Decimal("10.5"), Decimal("9.5"), Decimal(7)),
    3: (Decimal(11), Decimal(10), Decimal(7)),
}


def pre_pregnancy_bmi_class(bmi: Decimal) -> str:
    """WHO BMI classes as IOM 2009 uses them, on the 1-decimal BMI."""
    if bmi < Decimal("18.5"):
        return "underweight"
    if bmi < 25:
        return "normal"
    if bmi < 30:
        return "overweight"
    return "obese"


def trimester_for_anaemia(weeks: int) -> int:
    """WHO 2024: 1st trimester up to week 13, 2nd weeks 14–27, 3rd from week 28."""
    if weeks <= FIRST_TRIMESTER_WEEKS:
        return 1
    if weeks < 28:
        return 2
    return 3


def anaemia_code(hb_g_dl: Decimal, trimester: int) -> str:
    none_from, mild_from, moderate_from = ANAEMIA_CUTS[trimester]
    if hb_g_dl >= none_from:
        return "none"
    if hb_g_dl >= mild_from:
        return "mild"
    if hb_g_dl >= moderate_from:
        return "moderate"
    return "severe"


def expected_gain_by_week(bmi_class: str, weeks: int) -> tuple[Decimal, Decimal]:
    """(low, high) kg expected by ``weeks`` for a singleton pregnancy (weeks past 40 count as 40)."""
    weeks = min(weeks, TERM_WEEKS)
    first_low, first_high = FIRST_TRIMESTER_GAIN_KG
    if weeks <= FIRST_TRIMESTER_WEEKS:
        share = Decimal(weeks) / FIRST_TRIMESTER_WEEKS
        return first_low * share, first_high * share
    rate_low, rate_high = GAIN_RECOMMENDATIONS[bmi_class][1]
    later = weeks - FIRST_TRIMESTER_WEEKS
    return first_low + rate_low * later, first_high + rate_high * later


def gain_code(gain: Decimal, low: Decimal, high: Decimal) -> str:
    if gain < low:
        return "below"
    if gain > high:
        return "above"
    return "within"


def _kg(value: Decimal | float, lang: str) -> str:
    return format_number(round_half_up(value, 1), lang, 1)


def _weight_gain(
    *, pre_weight: float, height_cm: float, current_weight: float | None, weeks: int | None, twins: bool, lang: str
) -> dict[str, Any]:
    bmi = bmi_value(pre_weight, height_cm)
    bmi_class = pre_pregnancy_bmi_class(bmi)
    total, rate, twins_total = GAIN_RECOMMENDATIONS[bmi_class]
    recommended = twins_total if twins else total
    part: dict[str, Any] = {
        "pre_pregnancy_bmi": float(bmi),
        "bmi_class": bmi_class,
        "bmi_class_label": BMI_CLASS_LABELS[bmi_class].get(lang),
        "recommended_total_kg": [float(recommended[0]), float(recommended[1])] if recommended else None,
        "weekly_rate_kg": None if twins else [float(rate[0]), float(rate[1])],
        "gain_kg": None,
        "expected_by_now_kg": None,
        "category": None,
    }
    if recommended is None:
        part["note"] = Text(
            "IOM 2009 tidak memberi anjuran kenaikan berat badan untuk kehamilan kembar dengan IMT < 18,5; "
            "kenaikan perlu dipantau ketat oleh dokter kandungan.",
            "IOM 2009 gives no weight-gain recommendation for twins with a BMI under 18.5; gain needs close "
            "follow-up by an obstetrician.",
        ).get(lang)
    if current_weight is None:
        return part
    gain = round_half_up_decimal(to_decimal(current_weight) - to_decimal(pre_weight), 1)
    part["gain_kg"] = float(gain)
    if twins or weeks is None:
        return part
    if weeks <= FIRST_TRIMESTER_WEEKS:
        # IOM gives no weekly rate for the first trimester: weight may even fall with nausea.
        part["note"] = FIRST_TRIMESTER_NOTE.get(lang)
        return part
    low, high = expected_gain_by_week(bmi_class, weeks)
    low, high = round_half_up_decimal(low, 1), round_half_up_decimal(high, 1)
    part["expected_by_now_kg"] = [float(low), float(high)]
    part["category"] = GAIN_CATEGORIES[gain_code(gain, low, high)].to_dict("iom_2009", lang)
    return part


def antenatal(
    *,
    gestation_weeks: int | None = None,
    pre_pregnancy_weight_kg: float | None = None,
    height_cm: float | None = None,
    current_weight_kg: float | None = None,
    twins: bool = False,
    hb_g_dl: float | None = None,
    lang: str = "id",
) -> dict[str, Any]:
    """Recommended gestational weight gain (IOM 2009) and anaemia by trimester (WHO 2024).

    See the module docstring for every cut-off. ``category`` (the headline) is moderate or
    severe anaemia when found, else the weight-gain category, else the anaemia category.

    References:
        Institute of Medicine (IOM) and National Research Council. Weight Gain During Pregnancy:
        Reexamining the Guidelines. Washington, DC: National Academies Press; 2009.
        WHO. Guideline on haemoglobin cutoffs to define anaemia in individuals and populations.
        Geneva: WHO; 2024.
    """
    result: dict[str, Any] = {
        "calculator": "antenatal",
        "scheme": SCHEME,
        "gestation_weeks": gestation_weeks,
        "weight_gain": None,
        "anaemia": None,
        "value": None,
        "unit": "kg",
    }
    sentences: list[Text] = []
    if pre_pregnancy_weight_kg is not None and height_cm is not None:
        part = _weight_gain(
            pre_weight=pre_pregnancy_weight_kg,
            height_cm=height_cm,
            current_weight=current_weight_kg,
            weeks=gestation_weeks,
            twins=twins,
            lang=lang,
        )
        result["weight_gain"] = part
        result["value"] = part["gain_kg"]
        bmi_text = {code: format_number(part["pre_pregnancy_bmi"], code, 1) for code in ("id", "en")}
        total = part["recommended_total_kg"]
        if total:
            sentences.append(
                Text(
                    f"IMT sebelum hamil {bmi_text['id']} ({BMI_CLASS_LABELS[part['bmi_class']].id}): kenaikan berat "
                    f"badan yang dianjurkan selama kehamilan {_kg(total[0], 'id')}–{_kg(total[1], 'id')} kg.",
                    f"Pre-pregnancy BMI {bmi_text['en']} ({BMI_CLASS_LABELS[part['bmi_class']].en}): recommended "
                    f"weight gain over the pregnancy {_kg(total[0], 'en')}–{_kg(total[1], 'en')} kg.",
                )
            )
        if part.get("note"):
            sentences.append(Text(part["note"], part["note"]))
        if part["category"]:
            low, high = part["expected_by_now_kg"]
            gain = part["gain_kg"]
            sentences.append(
                Text(
                    f"Naik {_kg(gain, 'id')} kg pada minggu ke-{gestation_weeks} (anjuran {_kg(low, 'id')}–"
                    f"{_kg(high, 'id')} kg). {part['category']['advice']}",
                    f"Gained {_kg(gain, 'en')} kg at week {gestation_weeks} (recommended {_kg(low, 'en')}–"
                    f"{_kg(high, 'en')} kg). {part['category']['advice']}",
                )
            )
    if hb_g_dl is not None:
        if gestation_weeks is None:
            raise ValueError("gestation_weeks is needed with hb_g_dl")
        hb = round_half_up_decimal(hb_g_dl, 1)
        trimester = trimester_for_anaemia(gestation_weeks)
        category = ANAEMIA_CATEGORIES[anaemia_code(hb, trimester)].to_dict("who_2024", lang)
        threshold = ANAEMIA_CUTS[trimester][0]
        result["anaemia"] = {
            "hb_g_dl": float(hb),
            "trimester": trimester,
            "anaemia_below_g_dl": float(threshold),
            "category": category,
        }
        sentences.append(
            Text(
                f"Hb {format_number(float(hb), 'id', 1)} g/dL pada trimester {trimester} (anemia bila < "
                f"{format_number(float(threshold), 'id', 1)}). {category['advice']}",
                f"Hb {format_number(float(hb), 'en', 1)} g/dL in trimester {trimester} (anaemia below "
                f"{format_number(float(threshold), 'en', 1)}). {category['advice']}",
            )
        )
    anaemia, gain = result["anaemia"], result["weight_gain"]
    # The headline is the more urgent finding: moderate or severe anaemia before weight gain.
    urgent_anaemia = anaemia is not None and anaemia["category"]["code"] in ("moderate", "severe")
    gain_category = gain["category"] if gain else None
    result["category"] = anaemia["category"] if urgent_anaemia or (gain_category is None and anaemia) else gain_category
    result["interpretation"] = " ".join(sentence.get(lang) for sentence in sentences)
    result["notes"] = [
        Text(
            "Batas IMT memakai klasifikasi WHO sesuai IOM 2009. Batas Hb berlaku di dataran rendah untuk bukan "
            "perokok; program Kemenkes memakai Hb < 11 g/dL untuk semua trimester.",
            "BMI classes are WHO's, as IOM 2009 uses them. Hb cut-offs apply at low altitude to non-smokers; the "
            "Kemenkes programme uses Hb < 11 g/dL in every trimester.",
        ).get(lang)
    ]
    return result


def _check_antenatal(values: dict[str, Any], context: ValidationContext) -> None:
    has_pre, has_height = values.get("pre_pregnancy_weight_kg") is not None, values.get("height_cm") is not None
    has_hb, has_weeks = values.get("hb_g_dl") is not None, values.get("gestation_weeks") is not None
    if has_pre != has_height:
        missing = "height_cm" if has_pre else "pre_pregnancy_weight_kg"
        context.add_error(
            missing,
            Text(
                "Isi berat badan sebelum hamil dan tinggi badan bersama-sama.",
                "Give the pre-pregnancy weight and the height together.",
            ),
        )
    if not has_pre and not has_height and not has_hb:
        message = Text(
            "Isi berat badan sebelum hamil dan tinggi badan, atau kadar Hb.",
            "Give the pre-pregnancy weight and height, or the Hb level.",
        )
        for name in ("pre_pregnancy_weight_kg", "height_cm", "hb_g_dl"):
            context.add_error(name, message)
    if values.get("current_weight_kg") is not None and not has_pre:
        context.add_error(
            "pre_pregnancy_weight_kg",
            Text(
                "Kenaikan berat badan dihitung dari berat badan sebelum hamil.",
                "Weight gain is counted from the pre-pregnancy weight.",
            ),
        )
    if (
        has_pre
        and has_height
        and not PLAUSIBLE_BMI[0]
        <= bmi_value(values["pre_pregnancy_weight_kg"], values["height_cm"])
        <= PLAUSIBLE_BMI[1]
    ):
        context.add_error(
            "pre_pregnancy_weight_kg",
            Text(
                "Periksa kembali berat dan tinggi badan: IMT yang dihasilkan tidak mungkin untuk orang dewasa.",
                "Check the weight and height: the BMI they give is not possible for an adult.",
            ),
        )
    current = values.get("current_weight_kg")
    if (
        current is not None
        and has_pre
        and not -MAX_LOSS_KG <= current - values["pre_pregnancy_weight_kg"] <= MAX_GAIN_KG
    ):
        context.add_error(
            "current_weight_kg",
            Text(
                f"Periksa kembali berat badan: selisih dengan berat sebelum hamil lebih dari {MAX_LOSS_KG} kg turun "
                f"atau {MAX_GAIN_KG} kg naik.",
                f"Check the weights: the change from before pregnancy is more than a {MAX_LOSS_KG} kg loss or a "
                f"{MAX_GAIN_KG} kg gain.",
            ),
        )
    needs_weeks = has_hb or (values.get("current_weight_kg") is not None and not values.get("twins"))
    if needs_weeks and not has_weeks:
        context.add_error(
            "gestation_weeks",
            Text(
                "Isi usia kehamilan (minggu) untuk menilai Hb dan kenaikan berat badan.",
                "Give the weeks of pregnancy to read Hb and weight gain.",
            ),
        )


ANTENATAL_SPEC = CalculatorSpec(
    name="antenatal",
    title=Text("Pemeriksaan kehamilan: berat badan dan anemia", "Antenatal: weight gain and anaemia"),
    description=Text(
        "Kenaikan berat badan yang dianjurkan menurut IMT sebelum hamil (IOM 2009) dan anemia menurut Hb per "
        "trimester (WHO 2024).",
        "Recommended weight gain by pre-pregnancy BMI (IOM 2009) and anaemia by Hb per trimester (WHO 2024).",
    ),
    references=(
        "IOM 2009, Weight Gain During Pregnancy: Reexamining the Guidelines",
        "WHO 2024, Guideline on haemoglobin cutoffs to define anaemia in individuals and populations",
    ),
    inputs=(
        number_input(
            "gestation_weeks",
            "weeks",
            "1",
            "44",
            Text(
                "Usia kehamilan dalam minggu penuh (lihat kalkulator kehamilan).",
                "Completed weeks of pregnancy (see the pregnancy calculator).",
            ),
            required=False,
            integer=True,
        ),
        number_input(
            "pre_pregnancy_weight_kg",
            "kg",
            "30",
            "200",
            Text("Berat badan sebelum hamil (kg).", "Weight before pregnancy (kg)."),
            required=False,
        ),
        number_input("height_cm", "cm", "120", "200", HEIGHT_HELP, required=False),
        number_input(
            "current_weight_kg",
            "kg",
            "30",
            "250",
            Text("Berat badan sekarang (kg).", "Current weight (kg)."),
            required=False,
        ),
        InputSpec(
            name="twins",
            type="boolean",
            required=False,
            default=False,
            help=Text("Hamil kembar.", "Twin pregnancy."),
        ),
        number_input(
            "hb_g_dl",
            "g/dL",
            "3",
            "20",
            Text("Kadar hemoglobin (Hb) dalam g/dL.", "Haemoglobin (Hb) in g/dL."),
            required=False,
        ),
    ),
    function=antenatal,
    primary_value=lambda result: result["value"],
    primary_value_help=Text(
        "Kenaikan berat badan sejak sebelum hamil (kg)", "Weight gained since before pregnancy (kg)"
    ),
    cross_check=_check_antenatal,
)
