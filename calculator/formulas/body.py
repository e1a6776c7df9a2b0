"""Adult body-size calculators: BMI, ideal body weight, body fat, waist measures."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from .rounding import round_half_up, round_half_up_decimal, to_decimal
from .spec import (
    HEIGHT_HELP,
    WAIST_HELP,
    WEIGHT_HELP,
    CalculatorSpec,
    InputSpec,
    ValidationContext,
    number_input,
    sex_input,
)
from .text import Category, Text, format_number

# --- BMI ------------------------------------------------------------------------------

BMI_SCHEMES = ("kemenkes", "asia_pacific", "who")
BMI_SCHEME_LABELS = {
    "kemenkes": Text("Kemenkes (Permenkes 41/2014)", "Indonesian MoH (Permenkes 41/2014)"),
    "asia_pacific": Text("Asia-Pasifik (WHO WPRO 2000)", "Asia-Pacific (WHO WPRO 2000)"),
    "who": Text("WHO (TRS 894)", "WHO (TRS 894)"),
}

_ADVICE_VERY_LOW = Text(
    "Berat badan Anda jauh di bawah kisaran sehat. Periksakan diri ke dokter atau ahli gizi.",
    "Your weight is well below the healthy range. Please see a doctor or a dietitian.",
)
_ADVICE_LOW = Text(
    "Berat badan Anda sedikit di bawah kisaran sehat. Makan teratur dengan gizi seimbang.",
    "Your weight is a little below the healthy range. Eat regular, balanced meals.",
)
_ADVICE_NORMAL = Text(
    "Berat badan Anda dalam kisaran sehat. Pertahankan gizi seimbang dan aktif bergerak.",
    "Your weight is in the healthy range. Keep eating a balanced diet and stay active.",
)
_ADVICE_AT_RISK = Text(
    "Berat badan Anda mulai berlebih. Kurangi gula, garam, dan lemak, dan aktif bergerak 30 menit sehari.",
    "Your weight is starting to be too high. Cut down on sugar, salt and fat and be active 30 minutes a day.",
)
_ADVICE_HIGH = Text(
    "Berat badan Anda berlebih dan meningkatkan risiko diabetes, hipertensi, dan penyakit jantung. "
    "Konsultasikan dengan dokter untuk rencana penurunan berat badan.",
    "Your weight is too high and raises the risk of diabetes, high blood pressure and heart disease. "
    "Talk to a doctor about a weight-loss plan.",
)

BMI_CATEGORIES: dict[str, dict[str, Category]] = {
    "kemenkes": {
        "severe_thinness": Category(
            "severe_thinness", Text("Kurus tingkat berat", "Severe thinness"), _ADVICE_VERY_LOW
        ),
        "mild_thinness": Category("mild_thinness", Text("Kurus tingkat ringan", "Mild thinness"), _ADVICE_LOW),
        "normal": Category("normal", Text("Normal", "Normal"), _ADVICE_NORMAL),
        "overweight": Category("overweight", Text("Gemuk tingkat ringan", "Overweight"), _ADVICE_AT_RISK),
        "obese": Category("obese", Text("Gemuk tingkat berat (obesitas)", "Obese"), _ADVICE_HIGH),
    },
    "asia_pacific": {
        "underweight": Category("underweight", Text("Berat badan kurang", "Underweight"), _ADVICE_LOW),
        "normal": Category("normal", Text("Normal", "Normal"), _ADVICE_NORMAL),
        "at_risk": Category("at_risk", Text("Berisiko (berat badan lebih)", "At risk (overweight)"), _ADVICE_AT_RISK),
        "obese_1": Category("obese_1", Text("Obesitas I", "Obese I"), _ADVICE_HIGH),
        "obese_2": Category("obese_2", Text("Obesitas II", "Obese II"), _ADVICE_HIGH),
    },
    "who": {
        "severe_thinness": Category("severe_thinness", Text("Kurus berat", "Severe thinness"), _ADVICE_VERY_LOW),
        "moderate_thinness": Category("moderate_thinness", Text("Kurus sedang", "Moderate thinness"), _ADVICE_VERY_LOW),
        "mild_thinness": Category("mild_thinness", Text("Kurus ringan", "Mild thinness"), _ADVICE_LOW),
        "normal": Category("normal", Text("Normal", "Normal"), _ADVICE_NORMAL),
        "pre_obese": Category("pre_obese", Text("Pra-obesitas", "Pre-obese"), _ADVICE_AT_RISK),
        "obese_1": Category("obese_1", Text("Obesitas kelas I", "Obese class I"), _ADVICE_HIGH),
        "obese_2": Category("obese_2", Text("Obesitas kelas II", "Obese class II"), _ADVICE_HIGH),
        "obese_3": Category("obese_3", Text("Obesitas kelas III", "Obese class III"), _ADVICE_HIGH),
    },
}


def bmi_value(weight_kg: float, height_cm: float) -> Decimal:
    """BMI in kg/m², rounded half-up to 1 decimal.

    Computed in decimal arithmetic so that an exact tie such as 100.2 kg at 200 cm
    (25.05) rounds up to 25.1 instead of landing on whichever side binary floating
    point happens to put it: the rounded value is what gets classified.
    """
    height_m = to_decimal(height_cm) / 100
    return round_half_up_decimal(to_decimal(weight_kg) / (height_m * height_m), 1)


def bmi_category_code(value: Decimal, scheme: str) -> str:
    """Category of an already rounded (1 decimal) BMI under one scheme."""
    if scheme == "kemenkes":
        # Permenkes 41/2014: 17.0–18.4 mild thinness, 18.5–25.0 normal, 25.1–27.0 overweight.
        if value < Decimal("17.0"):
            return "severe_thinness"
        if value < Decimal("18.5"):
            return "mild_thinness"
        if value <= Decimal("25.0"):
            return "normal"
        if value <= Decimal("27.0"):
            return "overweight"
        return "obese"
    if scheme == "asia_pacific":
        if value < Decimal("18.5"):
            return "underweight"
        if value < Decimal("23.0"):
            return "normal"
        if value < Decimal("25.0"):
            return "at_risk"
        if value < Decimal("30.0"):
            return "obese_1"
        return "obese_2"
    if scheme == "who":
        if value < Decimal("16"):
            return "severe_thinness"
        if value < Decimal("17"):
            return "moderate_thinness"
        if value < Decimal("18.5"):
            return "mild_thinness"
        if value < Decimal("25"):
            return "normal"
        if value < Decimal("30"):
            return "pre_obese"
        if value < Decimal("35"):
            return "obese_1"
        if value < Decimal("40"):
            return "obese_2"
        return "obese_3"
    raise ValueError(f"unknown BMI scheme {scheme!r}")


def bmi(*, weight_kg: float, height_cm: float, scheme: str = "kemenkes", lang: str = "id") -> dict[str, Any]:
    """Body mass index (IMT) for adults (18 years and over).

    BMI = weight (kg) / height (m)², reported to 1 decimal (half-up); the rounded value
    is classified. ``categories`` holds all three schemes, ``category`` the requested one.

    References:
        Permenkes RI No. 41/2014 tentang Pedoman Gizi Seimbang (Kemenkes cut-offs).
        WHO Western Pacific Region, IASO, IOTF. The Asia-Pacific perspective: redefining
        obesity and its treatment. Sydney: Health Communications Australia; 2000.
        WHO. Obesity: preventing and managing the global epidemic. WHO Technical Report
        Series 894. Geneva: WHO; 2000.
    """
    value = bmi_value(weight_kg, height_cm)
    categories = {
        name: BMI_CATEGORIES[name][bmi_category_code(value, name)].to_dict(name, lang) for name in BMI_SCHEMES
    }
    chosen = categories[scheme]
    shown = format_number(float(value), lang, 1)
    interpretation = Text(
        f"IMT Anda {shown} kg/m² — {chosen['label']} menurut {BMI_SCHEME_LABELS[scheme].id}. {chosen['advice']}",
        f"Your BMI is {shown} kg/m² — {chosen['label']} by {BMI_SCHEME_LABELS[scheme].en}. {chosen['advice']}",
    )
    return {
        "calculator": "bmi",
        "value": float(value),
        "unit": "kg/m²",
        "scheme": scheme,
        "category": chosen,
        "categories": categories,
        "interpretation": interpretation.get(lang),
        "notes": [
            Text(
                "Untuk dewasa berusia 18 tahun ke atas; untuk anak gunakan kalkulator pertumbuhan anak (child-growth).",
                "For adults aged 18 and over; for children use the child-growth calculator.",
            ).get(lang)
        ],
    }


BMI_SPEC = CalculatorSpec(
    name="bmi",
    title=Text("Indeks Massa Tubuh (IMT)", "Body mass index (BMI)"),
    description=Text(
        "IMT dewasa dengan klasifikasi Kemenkes, Asia-Pasifik, dan WHO.",
        "Adult BMI classified by the Indonesian MoH, Asia-Pacific and WHO schemes.",
    ),
    references=(
        "Permenkes RI No. 41/2014 (Pedoman Gizi Seimbang)",
        "WHO WPRO/IASO/IOTF 2000, The Asia-Pacific perspective: redefining obesity",
        "WHO Technical Report Series 894 (2000)",
    ),
    inputs=(
        number_input("weight_kg", "kg", "20", "300", WEIGHT_HELP),
        number_input("height_cm", "cm", "100", "250", HEIGHT_HELP),
        InputSpec(
            name="scheme",
            type="choice",
            choices=BMI_SCHEMES,
            choice_labels=BMI_SCHEME_LABELS,
            required=False,
            default="kemenkes",
            help=Text(
                "Skema klasifikasi untuk `category` (semua skema ada di `categories`).",
                "Classification scheme for `category` (every scheme is in `categories`).",
            ),
        ),
    ),
    function=bmi,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("IMT (kg/m²)", "BMI (kg/m²)"),
)

# --- Ideal body weight ----------------------------------------------------------------

CM_PER_INCH = Decimal("2.54")
DEVINE_ROBINSON_MIN_HEIGHT_CM = Decimal("152.4")  # 60 inches: both formulas start there


def ideal_weight(*, height_cm: float, sex: str, lang: str = "id") -> dict[str, Any]:
    """Ideal body weight by Broca (PERKENI), Devine and Robinson.

    Broca as in the PERKENI guideline: 90 % × (height cm − 100); no 10 % reduction for
    men under 160 cm and women under 150 cm. Devine: men 50 + 2.3 kg per inch over
    60 in, women 45.5 + 2.3 kg. Robinson: men 52 + 1.9 kg, women 49 + 1.7 kg per inch
    over 60 in. Devine and Robinson were not derived below 60 in (152.4 cm); there the
    values are extrapolations and the result says so. The PERKENI rule makes Broca jump
    about 5 kg at its cut-off (159.9 cm → 59.9 kg, 160 cm → 54.0 kg for men): the rule is
    kept as published and every result carries a note saying so.

    References:
        PERKENI. Pedoman Pengelolaan dan Pencegahan Diabetes Melitus Tipe 2 Dewasa di
        Indonesia 2021 (Broca, berat badan ideal).
        Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm. 1974;8:650-655.
        Robinson JD, et al. Determination of ideal body weight for drug dosage
        calculations. Am J Hosp Pharm. 1983;40:1016-1019.
    """
    height = to_decimal(height_cm)
    inches_over_60 = height / CM_PER_INCH - 60
    is_male = sex == "male"

    no_reduction_below = Decimal(160) if is_male else Decimal(150)
    broca = (height - 100) if height < no_reduction_below else Decimal("0.9") * (height - 100)
    devine = (Decimal(50) if is_male else Decimal("45.5")) + Decimal("2.3") * inches_over_60
    robinson = (
        Decimal(52) + Decimal("1.9") * inches_over_60 if is_male else Decimal(49) + Decimal("1.7") * inches_over_60
    )
    below_derivation_range = height < DEVINE_ROBINSON_MIN_HEIGHT_CM
    extrapolation_note = Text(
        "Rumus Devine dan Robinson tidak diturunkan untuk tinggi di bawah 152,4 cm (5 kaki); "
        "angka ini hanya ekstrapolasi. Gunakan hasil Broca.",
        "The Devine and Robinson formulas were not derived for heights below 152.4 cm (5 ft); "
        "this value is an extrapolation. Use the Broca result.",
    )

    def method(value: Decimal, name: str, reference: str, extrapolated: bool) -> dict[str, Any]:
        return {
            "method": name,
            "value": round_half_up(value, 1),
            "unit": "kg",
            "reference": reference,
            "extrapolated": extrapolated,
            "note": extrapolation_note.get(lang) if extrapolated else None,
        }

    broca_kg = round_half_up(broca, 1)
    shown = format_number(broca_kg, lang, 1)
    interpretation = Text(
        f"Berat badan ideal Anda menurut Broca (PERKENI) sekitar {shown} kg. "
        "Berat dalam rentang ±10% dari angka ini umumnya masih dianggap normal.",
        f"Your ideal body weight by Broca (PERKENI) is about {shown} kg. "
        "A weight within ±10% of this is generally considered normal.",
    )
    cutoff = int(no_reduction_below)
    just_below = no_reduction_below - Decimal("0.1")
    below_cm = format_number(float(just_below), lang, 1)
    below_cutoff_kg = format_number(float(just_below - 100), lang, 1)  # no reduction just below the cut-off
    at_cutoff_kg = format_number(round_half_up(Decimal("0.9") * (no_reduction_below - 100), 1), lang, 1)
    broca_note = Text(
        f"Aturan Broca (PERKENI) tidak memotong 10% di bawah {cutoff} cm, sehingga hasilnya melompat sekitar 5 kg "
        f"di batas itu ({below_cm} cm → {below_cutoff_kg} kg, {cutoff} cm → {at_cutoff_kg} kg). "
        "Di dekat batas ini, anggap hasilnya sebagai kisaran, bukan angka pasti.",
        f"The Broca rule (PERKENI) drops the 10% reduction below {cutoff} cm, so the result jumps about 5 kg at that "
        f"cut-off ({below_cm} cm → {below_cutoff_kg} kg, {cutoff} cm → {at_cutoff_kg} kg). Near the cut-off, "
        "read it as a range rather than an exact figure.",
    )
    notes = [broca_note.get(lang)]
    if below_derivation_range:
        notes.append(extrapolation_note.get(lang))
    return {
        "calculator": "ideal-weight",
        "value": broca_kg,
        "unit": "kg",
        "scheme": "broca_perkeni",
        "methods": {
            "broca": {
                **method(broca, "broca_perkeni", "PERKENI 2021", False),
                "note": broca_note.get(lang),
                "no_reduction_below_cm": cutoff,
            },
            "devine": method(devine, "devine_1974", "Devine 1974", below_derivation_range),
            "robinson": method(robinson, "robinson_1983", "Robinson 1983", below_derivation_range),
        },
        "interpretation": interpretation.get(lang),
        "notes": notes,
    }


IDEAL_WEIGHT_SPEC = CalculatorSpec(
    name="ideal-weight",
    title=Text("Berat badan ideal", "Ideal body weight"),
    description=Text(
        "Berat badan ideal menurut Broca (PERKENI), Devine, dan Robinson.",
        "Ideal body weight by Broca (PERKENI), Devine and Robinson.",
    ),
    references=("PERKENI 2021 (Broca)", "Devine 1974", "Robinson et al. 1983"),
    inputs=(number_input("height_cm", "cm", "100", "250", HEIGHT_HELP), sex_input()),
    function=ideal_weight,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("Berat badan ideal Broca (kg)", "Broca ideal weight (kg)"),
)

# --- Body fat (U.S. Navy) ---------------------------------------------------------------

# A tape-measure estimate outside this range means a measurement or entry error,
# not a body; such input is rejected rather than reported.
BODY_FAT_PLAUSIBLE_MIN = 2.0
BODY_FAT_PLAUSIBLE_MAX = 70.0

_FAT_ADVICE_LOW = Text(
    "Lemak tubuh sangat rendah; di bawah batas lemak esensial dapat mengganggu kesehatan. Konsultasikan dengan dokter.",
    "Body fat is very low; below essential fat it can harm your health. Please see a doctor.",
)
_FAT_ADVICE_FIT = Text("Lemak tubuh dalam kisaran bugar.", "Body fat is in the fit range.")
_FAT_ADVICE_AVERAGE = Text(
    "Lemak tubuh rata-rata. Jaga pola makan dan aktivitas fisik.",
    "Body fat is average. Keep up a healthy diet and physical activity.",
)
_FAT_ADVICE_HIGH = Text(
    "Lemak tubuh tinggi (obesitas). Konsultasikan dengan dokter untuk menurunkan risiko penyakit metabolik.",
    "Body fat is high (obese). Talk to a doctor about lowering your risk of metabolic disease.",
)
BODY_FAT_CATEGORIES = {
    "below_essential": Category(
        "below_essential", Text("Di bawah lemak esensial", "Below essential fat"), _FAT_ADVICE_LOW
    ),
    "essential": Category("essential", Text("Lemak esensial", "Essential fat"), _FAT_ADVICE_LOW),
    "athletes": Category("athletes", Text("Atlet", "Athletes"), _FAT_ADVICE_FIT),
    "fitness": Category("fitness", Text("Bugar", "Fitness"), _FAT_ADVICE_FIT),
    "average": Category("average", Text("Rata-rata", "Average"), _FAT_ADVICE_AVERAGE),
    "obese": Category("obese", Text("Obesitas", "Obese"), _FAT_ADVICE_HIGH),
}
# ACE body-fat chart; the published bands leave gaps (men essential 2–5 %, athletes
# 6–13 %), so each band here runs up to the start of the next one.
_BODY_FAT_CUTS = {
    "male": (
        (Decimal(2), "below_essential"),
        (Decimal(6), "essential"),
        (Decimal(14), "athletes"),
        (Decimal(18), "fitness"),
        (Decimal(25), "average"),
    ),
    "female": (
        (Decimal(10), "below_essential"),
        (Decimal(14), "essential"),
        (Decimal(21), "athletes"),
        (Decimal(25), "fitness"),
        (Decimal(32), "average"),
    ),
}


def navy_body_fat_percent(
    *, sex: str, height_cm: float, waist_cm: float, neck_cm: float, hip_cm: float | None = None
) -> float:
    """Unrounded U.S. Navy body-fat percentage (metric, log10)."""
    if sex == "male":
        density_term = 1.0324 - 0.19077 * math.log10(waist_cm - neck_cm) + 0.15456 * math.log10(height_cm)
    else:
        if hip_cm is None:
            raise ValueError("the female Navy formula needs the hip circumference")
        density_term = 1.29579 - 0.35004 * math.log10(waist_cm + hip_cm - neck_cm) + 0.22100 * math.log10(height_cm)
    return 495 / density_term - 450


def body_fat_category_code(percent: Decimal, sex: str) -> str:
    for upper, code in _BODY_FAT_CUTS[sex]:
        if percent < upper:
            return code
    return "obese"


def body_fat(
    *, sex: str, height_cm: float, waist_cm: float, neck_cm: float, hip_cm: float | None = None, lang: str = "id"
) -> dict[str, Any]:
    """Body-fat percentage by the U.S. Navy circumference method (metric, log10).

    Men:   495 / (1.0324 − 0.19077·log10(waist − neck) + 0.15456·log10(height)) − 450
    Women: 495 / (1.29579 − 0.35004·log10(waist + hip − neck) + 0.22100·log10(height)) − 450
    Reported to 1 decimal (half-up); the rounded value is classified by the American
    Council on Exercise (ACE) body-fat chart.

    References:
        Hodgdon JA, Beckett MB. Prediction of percent body fat for U.S. Navy men and
        women from body circumferences and height. Naval Health Research Center
        Reports 84-11 and 84-29; 1984.
        American Council on Exercise. ACE Personal Trainer Manual, body-fat chart.
    """
    percent = round_half_up_decimal(
        navy_body_fat_percent(sex=sex, height_cm=height_cm, waist_cm=waist_cm, neck_cm=neck_cm, hip_cm=hip_cm), 1
    )
    category = BODY_FAT_CATEGORIES[body_fat_category_code(percent, sex)].to_dict("ace", lang)
    shown = format_number(float(percent), lang, 1)
    return {
        "calculator": "body-fat",
        "value": float(percent),
        "unit": "%",
        "method": "us_navy_1984",
        "scheme": "ace",
        "category": category,
        "interpretation": Text(
            f"Perkiraan lemak tubuh Anda {shown}% — {category['label']}. {category['advice']}",
            f"Your estimated body fat is {shown}% — {category['label']}. {category['advice']}",
        ).get(lang),
        "notes": [
            Text(
                "Perkiraan dari pita ukur; bisa meleset beberapa persen dari pengukuran DEXA.",
                "A tape-measure estimate; it can differ from a DEXA scan by a few percentage points.",
            ).get(lang)
        ],
    }


def _check_body_fat(values: dict[str, Any], context: ValidationContext) -> None:
    sex, waist, neck, hip = values["sex"], values["waist_cm"], values["neck_cm"], values.get("hip_cm")
    if sex == "male":
        if waist <= neck:
            context.add_error(
                "waist_cm",
                Text(
                    "Lingkar pinggang harus lebih besar dari lingkar leher.",
                    "Waist must be larger than the neck circumference.",
                ),
            )
            return
    else:
        if hip is None:
            context.add_error(
                "hip_cm",
                Text(
                    "Wajib diisi untuk perempuan (rumus Navy perempuan memakai lingkar panggul).",
                    "Required for women (the female Navy formula uses the hip circumference).",
                ),
            )
            return
        if waist + hip <= neck:
            context.add_error(
                "waist_cm",
                Text(
                    "Lingkar pinggang + panggul harus lebih besar dari lingkar leher.",
                    "Waist + hip must be larger than the neck circumference.",
                ),
            )
            return
    estimate = navy_body_fat_percent(
        sex=sex, height_cm=values["height_cm"], waist_cm=waist, neck_cm=neck, hip_cm=hip if sex == "female" else None
    )
    if not (math.isfinite(estimate) and BODY_FAT_PLAUSIBLE_MIN <= estimate <= BODY_FAT_PLAUSIBLE_MAX):
        context.add_error(
            "waist_cm",
            Text(
                "Ukuran ini menghasilkan perkiraan lemak tubuh yang tidak masuk akal; periksa kembali ukuran pinggang, "
                "leher, dan panggul.",
                "These measurements give an implausible body-fat estimate; please re-check the waist, neck and hip "
                "measurements.",
            ),
        )


BODY_FAT_SPEC = CalculatorSpec(
    name="body-fat",
    title=Text("Persentase lemak tubuh", "Body-fat percentage"),
    description=Text(
        "Perkiraan lemak tubuh dengan metode lingkar tubuh U.S. Navy.",
        "Body-fat estimate by the U.S. Navy circumference method.",
    ),
    references=("Hodgdon & Beckett 1984 (U.S. Navy)", "American Council on Exercise body-fat chart"),
    inputs=(
        sex_input(),
        number_input("height_cm", "cm", "100", "250", HEIGHT_HELP),
        number_input("waist_cm", "cm", "40", "250", WAIST_HELP),
        number_input(
            "neck_cm",
            "cm",
            "20",
            "80",
            Text("Lingkar leher dalam cm, tepat di bawah jakun.", "Neck circumference in cm, just below the larynx."),
        ),
        number_input(
            "hip_cm",
            "cm",
            "50",
            "250",
            Text(
                "Lingkar panggul dalam cm pada bagian terlebar (wajib untuk perempuan).",
                "Hip circumference in cm at the widest point (required for women).",
            ),
            required=False,
        ),
    ),
    function=body_fat,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("Lemak tubuh (%)", "Body fat (%)"),
    cross_check=_check_body_fat,
)

# --- Waist ----------------------------------------------------------------------------

WHTR_CATEGORIES = {
    "low": Category(
        "low",
        Text("Rendah", "Low"),
        Text(
            "Lingkar pinggang Anda kecil dibanding tinggi badan; ini bisa menandakan berat badan kurang. Cek IMT Anda, "
            "dan bila rendah, konsultasikan dengan dokter atau ahli gizi.",
            "Your waist is small for your height; this may indicate underweight. Check your BMI, and if it is low, "
            "talk to a doctor or dietitian.",
        ),
    ),
    "healthy": Category(
        "healthy",
        Text("Sehat", "Healthy"),
        Text(
            "Lingkar pinggang Anda sehat dibanding tinggi badan. Pertahankan.",
            "Your waist is healthy for your height. Keep it up.",
        ),
    ),
    "increased": Category(
        "increased",
        Text("Risiko meningkat", "Increased risk"),
        Text(
            "Lemak perut mulai berlebih. Usahakan lingkar pinggang kurang dari separuh tinggi badan.",
            "Belly fat is starting to build up. Aim for a waist under half your height.",
        ),
    ),
    "high": Category(
        "high",
        Text("Risiko tinggi", "High risk"),
        Text(
            "Lemak perut tinggi dan meningkatkan risiko diabetes dan penyakit jantung. Konsultasikan dengan dokter.",
            "High belly fat raises the risk of diabetes and heart disease. Talk to a doctor.",
        ),
    ),
}
CENTRAL_OBESITY_WAIST_CM = {"male": Decimal(90), "female": Decimal(80)}


WHTR_CUTS = ((Decimal("0.4"), "low"), (Decimal("0.5"), "healthy"), (Decimal("0.6"), "increased"))


def whtr_category_code(ratio: Decimal) -> str:
    """NICE 2022 category of an unrounded waist-to-height ratio."""
    for upper, code in WHTR_CUTS:
        if ratio < upper:
            return code
    return "high"


def _whtr_shown(exact: Decimal, code: str, lang: str) -> str:
    """The ratio with 2 decimals, or more where 2 would round it across a cut-off (0.4995 → 0.4995)."""
    for places in (2, 3, 4):
        rounded = round_half_up_decimal(exact, places)
        if whtr_category_code(rounded) == code:
            return format_number(float(rounded), lang, places)
    return format_number(float(exact), lang)


def waist_ratio(*, waist_cm: float, height_cm: float, sex: str, lang: str = "id") -> dict[str, Any]:
    """Waist-to-height ratio (NICE 2022) and central obesity by waist (Kemenkes).

    WHtR = waist / height, classified on the unrounded ratio (NICE 2022): < 0.4 low (may
    indicate underweight), 0.4 to < 0.5 healthy, 0.5 to < 0.6 increased, ≥ 0.6 high.
    ``value`` is reported to 2 decimals (half-up), ``ratio_exact`` to 4; the sentence shows
    enough decimals that the number read agrees with the category (0.495 is healthy, and
    is not shown as 0.50). Central obesity (obesitas sentral): waist > 90 cm in men,
    > 80 cm in women.

    References:
        NICE. Obesity: identification, assessment and management (CG189), 2022
        update: waist-to-height ratio.
        Kemenkes RI. Riskesdas 2018 / P2PTM: obesitas sentral (lingkar perut > 90 cm
        laki-laki, > 80 cm perempuan).
    """
    exact = to_decimal(waist_cm) / to_decimal(height_cm)
    ratio = round_half_up_decimal(exact, 2)
    code = whtr_category_code(exact)
    category = WHTR_CATEGORIES[code].to_dict("nice_2022", lang)
    threshold = CENTRAL_OBESITY_WAIST_CM[sex]
    central = to_decimal(waist_cm) > threshold
    central_obesity = {
        "scheme": "kemenkes_central_obesity",
        "present": central,
        "threshold_cm": int(threshold),
        "code": "central_obesity" if central else "no_central_obesity",
        "label": (
            Text("Obesitas sentral", "Central obesity")
            if central
            else Text("Tidak obesitas sentral", "No central obesity")
        ).get(lang),
    }
    shown = _whtr_shown(exact, code, lang)
    central_text = Text(
        f"Lingkar pinggang melebihi {int(threshold)} cm: obesitas sentral."
        if central
        else f"Lingkar pinggang tidak melebihi {int(threshold)} cm.",
        f"Waist above {int(threshold)} cm: central obesity." if central else f"Waist not above {int(threshold)} cm.",
    )
    return {
        "calculator": "waist-ratio",
        "value": float(ratio),
        "unit": None,
        "scheme": "nice_2022",
        "ratio_exact": round_half_up(exact, 4),
        "category": category,
        "central_obesity": central_obesity,
        "interpretation": Text(
            f"Rasio pinggang-tinggi Anda {shown} — {category['label']}. {central_text.id} {category['advice']}",
            f"Your waist-to-height ratio is {shown} — {category['label']}. {central_text.en} {category['advice']}",
        ).get(lang),
    }


WAIST_RATIO_SPEC = CalculatorSpec(
    name="waist-ratio",
    title=Text("Rasio lingkar pinggang-tinggi badan", "Waist-to-height ratio"),
    description=Text(
        "Rasio pinggang-tinggi (NICE 2022) dan obesitas sentral (Kemenkes).",
        "Waist-to-height ratio (NICE 2022) and central obesity (Indonesian MoH).",
    ),
    references=("NICE CG189, 2022 update: waist-to-height ratio", "Kemenkes RI: obesitas sentral (Riskesdas)"),
    inputs=(
        number_input("waist_cm", "cm", "40", "250", WAIST_HELP),
        number_input("height_cm", "cm", "100", "250", HEIGHT_HELP),
        sex_input(),
    ),
    function=waist_ratio,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("Rasio pinggang-tinggi", "Waist-to-height ratio"),
)
