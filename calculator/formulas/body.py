"""Adult body-size calculators: BMI, ideal body weight, body fat, waist measures."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from .child_age import check_measurement_dates
from .child_growth import MEASUREMENT_DATE_INPUT, status_code
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
from .who_growth import DAYS_PER_MONTH, MAX_AGE_DAYS, who_2007_bmi_for_age

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


# WHO thinness grades (TRS 854, 1995; TRS 894, 2000) on the 1-decimal BMI, applied in every scheme:
# the Asia-Pacific scheme's single "underweight" and Kemenkes' "kurus berat" (< 17) both hide them.
THINNESS_GRADES = ((Decimal("16.0"), "severe"), (Decimal("17.0"), "moderate"), (Decimal("18.5"), "mild"))
THINNESS_LABELS = {
    "severe": Text("kurus tingkat berat", "severe thinness"),
    "moderate": Text("kurus tingkat sedang", "moderate thinness"),
    "mild": Text("kurus tingkat ringan", "mild thinness"),
}
THINNESS_ADVICE = {
    "severe": Text(
        "IMT di bawah 16 berarti kurus tingkat berat dan membahayakan kesehatan. Periksakan diri ke dokter atau "
        "puskesmas dalam minggu ini untuk mencari penyebabnya (misalnya TBC, diabetes, gangguan makan, atau "
        "penyakit lain) dan mendapat penanganan gizi. Bila berat badan turun cepat, lemas berat, atau sulit makan "
        "dan minum, periksakan diri hari ini.",
        "A BMI under 16 is severe thinness and endangers your health. See a doctor or health centre this week to "
        "find the cause (for example tuberculosis, diabetes, an eating disorder or another illness) and get "
        "nutritional treatment. If you are losing weight fast, are very weak, or cannot eat or drink, go today.",
    ),
    "moderate": Text(
        "Berat badan Anda jauh di bawah kisaran sehat (kurus tingkat sedang). Periksakan diri ke dokter atau "
        "puskesmas untuk mencari penyebabnya dan mendapat konseling gizi.",
        "Your weight is well below the healthy range (moderate thinness). See a doctor or health centre to find "
        "the cause and get nutrition advice.",
    ),
    "mild": Text(
        "Berat badan Anda di bawah kisaran sehat (kurus tingkat ringan). Makan teratur tiga kali sehari dengan gizi "
        "seimbang ditambah selingan. Bila berat badan terus turun tanpa sebab yang jelas, periksakan diri ke dokter.",
        "Your weight is below the healthy range (mild thinness). Eat three balanced meals a day plus snacks. If "
        "you keep losing weight for no clear reason, see a doctor.",
    ),
}
# Extreme values from plausible entries carry an urgent line; values beyond the plausible range
# are refused as entry errors (``_check_bmi``).
EXTREME_LOW_BMI = Decimal("12.0")
EXTREME_HIGH_BMI = Decimal("60.0")
PLAUSIBLE_BMI = (Decimal("10.0"), Decimal("150.0"))
_EXTREME_LOW_ADVICE = Text(
    "IMT di bawah 12 dapat mengancam nyawa. Pastikan berat dan tinggi badan sudah diukur dengan benar; bila benar, "
    "segera ke rumah sakit atau IGD hari ini.",
    "A BMI under 12 can be life-threatening. Make sure the weight and height were measured correctly; if they "
    "were, go to a hospital or emergency department today.",
)
_EXTREME_HIGH_ADVICE = Text(
    "IMT di atas 60 sangat berisiko (gangguan napas saat tidur, gagal jantung, diabetes). Pastikan ukurannya benar; "
    "bila benar, segera periksakan diri ke dokter, dan ke IGD bila sesak napas, mengantuk berat di siang hari, atau "
    "bengkak di tungkai yang bertambah.",
    "A BMI over 60 carries very high risk (breathing problems in sleep, heart failure, diabetes). Make sure the "
    "measurements are right; if they are, see a doctor soon, and go to the emergency department if you are short "
    "of breath, very sleepy in the daytime or have worsening leg swelling.",
)


def thinness_grade(value: Decimal) -> str | None:
    """WHO thinness grade of a 1-decimal adult BMI: severe < 16, moderate 16–16.9, mild 17–18.4."""
    for upper, grade in THINNESS_GRADES:
        if value < upper:
            return grade
    return None


def _graded_category(value: Decimal, scheme: str, lang: str) -> dict[str, Any]:
    """One scheme's category, with the WHO thinness grade and its advice when BMI < 18.5."""
    category = BMI_CATEGORIES[scheme][bmi_category_code(value, scheme)].to_dict(scheme, lang)
    grade = thinness_grade(value)
    category["thinness_grade"] = grade
    if grade is not None:
        category["advice"] = THINNESS_ADVICE[grade].get(lang)
        if scheme == "asia_pacific":  # its one underweight band, named with the WHO grade
            category["label"] += f" ({THINNESS_LABELS[grade].get(lang)})"
    return category


def bmi(
    *,
    weight_kg: float,
    height_cm: float,
    scheme: str = "kemenkes",
    age: int | None = None,
    birth_date: date | None = None,
    sex: str | None = None,
    on_date: date | None = None,
    lang: str = "id",
) -> dict[str, Any]:
    """Body mass index (IMT): adult cut-offs from 18 years, BMI-for-age (IMT/U) for 5–17 years.

    BMI = weight (kg) / height (m)², reported to 1 decimal (half-up); the rounded value
    is classified. ``categories`` holds all three adult schemes, ``category`` the requested one;
    every scheme carries the WHO thinness grade below 18.5 (``thinness_grade``). BMI < 12 or
    > 60 adds an urgent line. A child (birth date giving 61 months to under 18 years) is graded
    by BMI-for-age z-score (WHO Reference 2007) with the Permenkes 2/2020 IMT/U categories for
    5–18 years; under-fives are refused (child-growth) by the input check.

    References:
        Permenkes RI No. 41/2014 tentang Pedoman Gizi Seimbang (Kemenkes cut-offs).
        WHO Western Pacific Region, IASO, IOTF. The Asia-Pacific perspective: redefining
        obesity and its treatment. Sydney: Health Communications Australia; 2000.
        WHO. Obesity: preventing and managing the global epidemic. WHO Technical Report
        Series 894. Geneva: WHO; 2000.
        WHO. Physical status: the use and interpretation of anthropometry. WHO Technical
        Report Series 854. Geneva: WHO; 1995 (thinness grades).
        de Onis M, et al. Development of a WHO growth reference for school-aged children and
        adolescents. Bull World Health Organ. 2007;85:660-667.
        Permenkes RI No. 2/2020 tentang Standar Antropometri Anak (IMT/U 5–18 tahun).
    """
    value = bmi_value(weight_kg, height_cm)
    if birth_date is not None and on_date is not None and completed_years(birth_date, on_date) < ADULT_AGE:
        return _child_bmi(value, weight_kg, height_cm, sex or "", birth_date, on_date, lang)
    categories = {name: _graded_category(value, name, lang) for name in BMI_SCHEMES}
    chosen = categories[scheme]
    shown = format_number(float(value), lang, 1)
    urgent_line = None
    if value < EXTREME_LOW_BMI:
        urgent_line = _EXTREME_LOW_ADVICE
    elif value > EXTREME_HIGH_BMI:
        urgent_line = _EXTREME_HIGH_ADVICE
    interpretation = Text(
        f"IMT Anda {shown} kg/m² — {chosen['label']} menurut {BMI_SCHEME_LABELS[scheme].id}.",
        f"Your BMI is {shown} kg/m² — {chosen['label']} by {BMI_SCHEME_LABELS[scheme].en}.",
    ).get(lang)
    if value < EXTREME_LOW_BMI:  # the urgent line replaces the "this week" advice
        interpretation = f"{interpretation} {urgent_line.get(lang)}"
    elif urgent_line is not None:
        interpretation = f"{interpretation} {urgent_line.get(lang)} {chosen['advice']}"
    else:
        interpretation = f"{interpretation} {chosen['advice']}"
    return {
        "calculator": "bmi",
        "value": float(value),
        "unit": "kg/m²",
        "scheme": scheme,
        "population": "adult",
        "thinness_grade": thinness_grade(value),
        "urgent": urgent_line is not None,
        "category": chosen,
        "categories": categories,
        "interpretation": interpretation,
        "notes": [
            Text(
                "Untuk dewasa berusia 18 tahun ke atas; untuk anak isi tanggal lahir (IMT menurut umur) atau gunakan "
                "kalkulator pertumbuhan anak (child-growth) untuk balita.",
                "For adults aged 18 and over; for a child give the birth date (BMI-for-age), or use the child-growth "
                "calculator for under-fives.",
            ).get(lang)
        ],
    }


ADULT_AGE = 18
CHILD_BMI_SCHEME = "permenkes_2_2020"
CHILD_BMI_CATEGORIES = {
    "severely_thin": Category(
        "severely_thin",
        Text("Gizi buruk (sangat kurus)", "Severe thinness"),
        Text(
            "IMT anak sangat rendah untuk umurnya (gizi buruk menurut IMT/U). Bawa anak ke puskesmas atau dokter dalam "
            "beberapa hari ini untuk diperiksa penyebabnya (misalnya TBC, cacingan, atau pola makan) dan mendapat "
            "penanganan gizi; hari ini juga bila anak lemas, sulit makan dan minum, atau sedang sakit.",
            "The child's BMI is very low for their age (severe thinness by BMI-for-age). Take the child to a health "
            "centre or doctor within the next few days to look for the cause (for example tuberculosis, worms or "
            "diet) and start nutritional care; today if the child is weak, cannot eat or drink, or is ill.",
        ),
    ),
    "thin": Category(
        "thin",
        Text("Gizi kurang (kurus)", "Thinness"),
        Text(
            "Anak kurus untuk umurnya (gizi kurang menurut IMT/U). Bawa anak ke puskesmas untuk pemeriksaan dan "
            "konseling gizi, dan timbang ulang setiap bulan.",
            "The child is thin for their age (thinness by BMI-for-age). Take the child to a health centre for a "
            "check-up and nutrition advice, and weigh again every month.",
        ),
    ),
    "normal": Category(
        "normal",
        Text("Gizi baik (normal)", "Normal"),
        Text(
            "IMT anak sesuai umurnya. Pertahankan gizi seimbang dan aktivitas fisik minimal 60 menit sehari.",
            "The child's BMI is right for their age. Keep up balanced meals and at least 60 minutes of activity a day.",
        ),
    ),
    "overweight": Category(
        "overweight",
        Text("Gizi lebih", "Overweight"),
        Text(
            "Anak gizi lebih untuk umurnya. Kurangi minuman manis dan jajanan, perbanyak sayur dan buah, dan ajak anak "
            "aktif 60 menit sehari; jangan diet ketat tanpa tenaga kesehatan karena anak masih tumbuh.",
            "The child is overweight for their age. Cut down on sweet drinks and snacks, add vegetables and fruit, "
            "and keep the child active 60 minutes a day; no strict diet without a health worker, as the child is "
            "still growing.",
        ),
    ),
    "obese": Category(
        "obese",
        Text("Obesitas", "Obese"),
        Text(
            "Anak obesitas untuk umurnya. Bawa anak ke dokter atau puskesmas untuk pemeriksaan (termasuk tekanan darah "
            "dan gula darah) dan rencana pola makan serta aktivitas untuk seluruh keluarga.",
            "The child is obese for their age. Take the child to a doctor or health centre for a check-up (including "
            "blood pressure and blood sugar) and a family plan for eating and activity.",
        ),
    ),
}


# The 5–18 years IMT/U table has the same cut-offs as the under-five one up to +2 SD, and one band
# (obesitas) above it: the under-five codes map onto it, so both share ``status_code``'s boundaries.
_UNDER_FIVE_TO_SCHOOL_AGE = {
    "severely_wasted": "severely_thin",
    "wasted": "thin",
    "normal": "normal",
    "possible_risk_of_overweight": "overweight",
    "overweight": "obese",
    "obese": "obese",
}


def child_bmi_code(z: float) -> str:
    """Permenkes 2/2020 IMT/U category for 5–18 years of a rounded z-score.

    Bands: < −3 SD gizi buruk; −3 SD s.d. < −2 SD gizi kurang; −2 SD s.d. +1 SD gizi baik;
    > +1 SD s.d. +2 SD gizi lebih; > +2 SD obesitas.
    """
    return _UNDER_FIVE_TO_SCHOOL_AGE[status_code("bmi_for_age", z)]


def completed_years(birth_date: date, on_date: date) -> int:
    """Age in completed years on ``on_date``."""
    return on_date.year - birth_date.year - ((on_date.month, on_date.day) < (birth_date.month, birth_date.day))


def _child_bmi(
    value: Decimal, weight_kg: float, height_cm: float, sex: str, birth_date: date, on_date: date, lang: str
) -> dict[str, Any]:
    age_months = (on_date - birth_date).days / float(DAYS_PER_MONTH)
    exact_bmi = weight_kg / (height_cm / 100) ** 2
    score = who_2007_bmi_for_age(sex=sex, age_months=age_months, bmi=exact_bmi)
    shown = format_number(float(value), lang, 1)
    years = completed_years(birth_date, on_date)
    if score.z is None:  # cannot happen for input that passed _check_bmi; kept so a result never lies
        raise ValueError("BMI-for-age needs an age of 61–228 months")
    category = CHILD_BMI_CATEGORIES[child_bmi_code(score.z)].to_dict(CHILD_BMI_SCHEME, lang, z=score.z)
    category["flag"] = bool(score.flagged)
    if score.flagged:
        category["advice"] = Text(
            "Nilai ini di luar batas yang masuk akal menurut WHO; kemungkinan salah ukur atau salah catat. Periksa "
            "pengukurannya: timbang dan ukur tinggi anak sekali lagi.",
            "This value is outside WHO's plausible limits; it is probably a measuring or typing error. Check the "
            "measurement: weigh and measure the child again.",
        ).get(lang)
    z_shown = format_number(score.z, lang, 2)
    interpretation = Text(
        f"IMT anak {shown} kg/m² pada umur {years} tahun: z-skor IMT/U {z_shown} — {category['label']} "
        f"(Permenkes 2/2020). {category['advice']}",
        f"The child's BMI is {shown} kg/m² at {years} years: BMI-for-age z-score {z_shown} — {category['label']} "
        f"(Permenkes 2/2020). {category['advice']}",
    ).get(lang)
    return {
        "calculator": "bmi",
        "value": float(value),
        "unit": "kg/m²",
        "scheme": CHILD_BMI_SCHEME,
        "population": "child",
        "standard": "who_2007",
        "age_months": round_half_up(age_months, 2),
        "bmi_for_age": {"z": score.z, "flag": bool(score.flagged)},
        "thinness_grade": None,
        "urgent": category["code"] == "severely_thin" and not score.flagged,
        "category": category,
        "categories": {CHILD_BMI_SCHEME: category},
        "interpretation": interpretation,
        "notes": [
            Text(
                "Untuk anak dan remaja di bawah 18 tahun, IMT dinilai menurut umur dan jenis kelamin (IMT/U, referensi "
                "WHO 2007), bukan dengan batas IMT dewasa.",
                "For children and teenagers under 18, BMI is judged by age and sex (BMI-for-age, WHO 2007 reference), "
                "not by the adult cut-offs.",
            ).get(lang)
        ],
    }


_CHILD_GROWTH_POINTER = Text(
    "Untuk anak di bawah 5 tahun gunakan kalkulator pertumbuhan anak (child-growth), yang menilai BB/U, "
    "PB/U atau TB/U, dan BB/PB atau BB/TB.",
    "For children under 5 use the child-growth calculator, which assesses weight-for-age, "
    "length/height-for-age and weight-for-length/height.",
)


def _check_bmi(values: dict[str, Any], context: ValidationContext) -> None:
    """Who the BMI is about decides how it is judged: under-fives are refused with a pointer,
    5–17 years need the birth date and sex (BMI-for-age), adults need a plausible BMI."""
    age, birth_date = values.get("age"), values.get("birth_date")
    if birth_date is not None:
        if not check_measurement_dates(values, context):
            return
        on_date = values["on_date"]
        years = completed_years(birth_date, on_date)
        if age is not None and age != years:
            context.add_error(
                "age",
                Text(
                    f"Tidak sesuai dengan tanggal lahir (umur {years} tahun); isi salah satu saja.",
                    f"Does not match the birth date (age {years}); give one or the other.",
                ),
            )
            return
        if (on_date - birth_date).days <= MAX_AGE_DAYS:
            context.add_error("birth_date", _CHILD_GROWTH_POINTER)
            return
        if years < ADULT_AGE:
            if values.get("sex") is None:
                context.add_error(
                    "sex",
                    Text(
                        "Wajib diisi untuk anak: IMT anak dinilai menurut umur dan jenis kelamin.",
                        "Required for a child: a child's BMI is judged by age and sex.",
                    ),
                )
            return  # BMI-for-age flags implausible values itself
    elif age is not None and age < ADULT_AGE:
        if age < 5:
            context.add_error("age", _CHILD_GROWTH_POINTER)
        else:
            context.add_error(
                "birth_date",
                Text(
                    "Untuk anak dan remaja di bawah 18 tahun, isi tanggal lahir (dan jenis kelamin): IMT dinilai "
                    "menurut umur dalam bulan (IMT/U), bukan dengan batas dewasa.",
                    "For children and teenagers under 18, give the birth date (and sex): BMI is judged by age in "
                    "months (BMI-for-age), not by the adult cut-offs.",
                ),
            )
        return
    check_adult_bmi_plausible(values, context)


def check_adult_bmi_plausible(values: dict[str, Any], context: ValidationContext) -> None:
    """Refuse an adult weight and height whose BMI is outside 10–150: an entry error, never a result.

    Shared by every adult calculator that takes weight and height (BMI, BMR, TDEE, FINDRISC).
    """
    if values.get("weight_kg") is None or values.get("height_cm") is None:
        return
    value = bmi_value(values["weight_kg"], values["height_cm"])
    low, high = PLAUSIBLE_BMI
    if not low <= value <= high:
        shown_low, shown_high = (format_number(float(limit), context.lang, 0) for limit in PLAUSIBLE_BMI)
        context.add_error(
            "weight_kg",
            Text(
                f"Berat dan tinggi ini memberi IMT {format_number(float(value), 'id', 1)}, di luar rentang yang masuk "
                f"akal untuk dewasa ({shown_low}–{shown_high}). Periksa kembali pengukurannya (kg dan cm). Bila "
                "ukurannya memang benar, segera ke rumah sakit.",
                f"This weight and height give a BMI of {format_number(float(value), 'en', 1)}, outside the plausible "
                f"adult range ({shown_low}–{shown_high}). Check the measurement (kg and cm). If it is right, go to a "
                "hospital now.",
            ),
        )


BMI_SPEC = CalculatorSpec(
    name="bmi",
    title=Text("Indeks Massa Tubuh (IMT)", "Body mass index (BMI)"),
    description=Text(
        "IMT dewasa dengan klasifikasi Kemenkes, Asia-Pasifik, dan WHO; anak 5–17 tahun dinilai dengan IMT/U "
        "(WHO 2007, Permenkes 2/2020).",
        "Adult BMI classified by the Indonesian MoH, Asia-Pacific and WHO schemes; children 5–17 years are judged "
        "by BMI-for-age (WHO 2007, Permenkes 2/2020).",
    ),
    references=(
        "Permenkes RI No. 41/2014 (Pedoman Gizi Seimbang)",
        "WHO WPRO/IASO/IOTF 2000, The Asia-Pacific perspective: redefining obesity",
        "WHO Technical Report Series 894 (2000)",
        "WHO Technical Report Series 854 (1995): thinness grades",
        "WHO Reference 2007 (5–19 years), de Onis et al. 2007",
        "Permenkes RI No. 2/2020 (Standar Antropometri Anak): IMT/U 5–18 tahun",
    ),
    inputs=(
        number_input("weight_kg", "kg", "10", "300", WEIGHT_HELP),
        number_input("height_cm", "cm", "90", "250", HEIGHT_HELP),
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
        number_input(
            "age",
            "years",
            "0",
            "120",
            Text(
                "Usia dalam tahun (opsional). Di bawah 18 tahun isi tanggal lahir; di bawah 5 tahun gunakan "
                "child-growth.",
                "Age in years (optional). Under 18 give the birth date instead; under 5 use child-growth.",
            ),
            required=False,
            integer=True,
        ),
        InputSpec(
            name="birth_date",
            type="date",
            required=False,
            help=Text(
                "Tanggal lahir (opsional; wajib untuk anak 5–17 tahun, yang dinilai dengan IMT/U).",
                "Birth date (optional; needed for children 5–17 years, who are judged by BMI-for-age).",
            ),
        ),
        replace(
            sex_input(
                Text(
                    "Jenis kelamin (wajib untuk anak; male/female, M/F atau L/P).",
                    "Sex (needed for a child; male/female, M/F also accepted).",
                )
            ),
            required=False,
        ),
        MEASUREMENT_DATE_INPUT,
    ),
    function=bmi,
    cross_check=_check_bmi,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("IMT (kg/m²)", "BMI (kg/m²)"),
)

# --- Ideal body weight ----------------------------------------------------------------

CM_PER_INCH = Decimal("2.54")
DEVINE_ROBINSON_MIN_HEIGHT_CM = Decimal("152.4")  # 60 inches: both formulas start there
# Below 140 cm Broca's (height − 100) gives a weight that is itself underweight by BMI (130 cm → 30 kg,
# BMI 17.8; 100 cm → 0 kg): no ideal-weight formula is valid there, so such heights are refused.
IDEAL_WEIGHT_MIN_HEIGHT_CM = 140
IDEAL_WEIGHT_RANGE_NOTE = Text(
    "Rumus berat badan ideal (Broca, Devine, Robinson) hanya berlaku untuk tinggi dewasa 140–250 cm. Untuk anak "
    "gunakan kalkulator pertumbuhan anak; untuk tinggi di luar rentang ini tanyakan target berat ke dokter.",
    "The ideal-weight formulas (Broca, Devine, Robinson) are valid only for adult heights of 140–250 cm. For a child "
    "use the child-growth calculator; outside this range ask a doctor for a target weight.",
)


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
    inputs=(
        number_input(
            "height_cm",
            "cm",
            str(IDEAL_WEIGHT_MIN_HEIGHT_CM),
            "250",
            Text("Tinggi badan dewasa dalam sentimeter (140–250).", "Adult height in centimetres (140–250)."),
            range_note=IDEAL_WEIGHT_RANGE_NOTE,
        ),
        sex_input(),
    ),
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
