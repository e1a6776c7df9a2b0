"""Blood glucose and HbA1c interpretation (PERKENI 2021), never a diagnosis from one reading.

Two calculators share these rules: ``blood-glucose`` (fasting, 2-hour OGTT, 2 hours after a
meal, random; venous plasma or a capillary meter) and ``hba1c``. A history trends one kind of
number per calculator, so glucose (mg/dL) and HbA1c (%) are kept apart.

Thresholds (every one cited in docs/calculators-new.md):
* Diagnosis and prediabetes, venous plasma (PERKENI 2021, Tabel 5): fasting 70–99 normal,
  100–125 prediabetes (GDPT), ≥ 126 diabetes range; 2-hour OGTT 70–139 normal, 140–199
  prediabetes (TGT), ≥ 200 diabetes range; HbA1c < 5.7 normal, 5.7–6.4 prediabetes, ≥ 6.5
  diabetes range.
* Screening (PERKENI 2021, Tabel 6): random venous < 100 not diabetes, 100–199 uncertain,
  ≥ 200 diabetes range; capillary random < 90 / 90–199 / ≥ 200; capillary fasting < 90 /
  90–99 / ≥ 100.
* Diagnosis needs a second abnormal test on another day unless classic symptoms come with a
  random ≥ 200 (PERKENI 2021 criteria): the result says so, always.
* Hypoglycaemia < 70 mg/dL, clinically important < 54 (PERKENI 2021; ADA Standards of Care
  2024, section 6). Hyperglycaemic crisis ranges: > 250 (ketoacidosis possible), ≥ 600
  (hyperosmolar state) (PERKENI 2021).
* Known diabetes, control targets (PERKENI 2021): fasting 80–130, 2 hours after a meal < 180,
  HbA1c < 7 %; in pregnancy fasting < 95, 2 hours after a meal < 120 (ADA 2024, section 15).
* Pregnancy, 75 g OGTT (WHO 2013 / IADPSG, adopted by PERKENI and POGI): fasting ≥ 92 or
  2-hour ≥ 153 gestational diabetes range; fasting ≥ 126 or 2-hour ≥ 200 diabetes in pregnancy.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .checks import exactly_one_of
from .rounding import round_half_up, round_half_up_decimal, round_half_up_int, to_decimal
from .spec import CalculatorSpec, InputSpec, ValidationContext, number_input
from .text import Category, Text, format_number

SCHEME = "perkeni_2021"
MG_DL_PER_MMOL_L = Decimal(18)  # glucose, as PERKENI converts (180.16 g/mol ÷ 10, rounded)
# IFCC → NGSP master equation: NGSP % = 0.09148 × IFCC mmol/mol + 2.152.
HBA1C_IFCC_SLOPE = Decimal("0.09148")
HBA1C_IFCC_INTERCEPT = Decimal("2.152")

HYPO_MG_DL = 70
HYPO_SERIOUS_MG_DL = 54
CRISIS_POSSIBLE_MG_DL = 250  # above this, ketoacidosis is possible
HYPEROSMOLAR_MG_DL = 600

GLUCOSE_TESTS = ("fasting", "ogtt_2h", "postprandial_2h", "random")
GLUCOSE_TEST_LABELS = {
    "fasting": Text("Gula darah puasa (GDP, puasa ≥ 8 jam)", "Fasting glucose (no calories for ≥ 8 hours)"),
    "ogtt_2h": Text(
        "2 jam setelah beban glukosa 75 g (TTGO)", "2 hours after a 75 g glucose drink (oral glucose tolerance test)"
    ),
    "postprandial_2h": Text("2 jam setelah makan (GD2PP)", "2 hours after a meal"),
    "random": Text("Gula darah sewaktu (GDS)", "Random glucose (any time of day)"),
}
SAMPLES = ("venous", "capillary")
SAMPLE_LABELS = {
    "venous": Text("Plasma darah vena (laboratorium)", "Venous plasma (laboratory)"),
    "capillary": Text("Darah kapiler (ujung jari, glukometer)", "Capillary blood (finger prick, meter)"),
}

# (upper bound exclusive of "normal", lower bound of the diabetes range) in mg/dL.
DIAGNOSTIC_CUTS = {
    ("fasting", "venous"): (100, 126),
    ("ogtt_2h", "venous"): (140, 200),
    ("random", "venous"): (100, 200),
    ("fasting", "capillary"): (90, 100),
    ("random", "capillary"): (90, 200),
}
PREGNANCY_CUTS = {"fasting": (92, 126), "ogtt_2h": (153, 200)}
HBA1C_CUTS = (Decimal("5.7"), Decimal("6.5"))
TARGET_FASTING = (80, 130)
TARGET_AFTER_MEAL_BELOW = 180
TARGET_HBA1C_BELOW = Decimal(7)
PREGNANCY_TARGETS_BELOW = {"fasting": 95, "postprandial_2h": 120, "ogtt_2h": 120}  # diabetes in pregnancy

_ONE_READING = Text(
    "Satu kali pemeriksaan belum dapat menegakkan diagnosis diabetes. Tanpa keluhan khas, diagnosis memerlukan "
    "hasil abnormal kedua pada hari lain (GDP, TTGO, atau HbA1c) yang dinilai dokter.",
    "One test cannot diagnose diabetes. Without the typical symptoms, a diagnosis needs a second abnormal result "
    "on another day (fasting glucose, OGTT or HbA1c), judged by a doctor.",
)
_SYMPTOMS_CRITERION = Text(
    "Gula darah sewaktu ≥ 200 mg/dL disertai keluhan khas (banyak minum, banyak kencing, banyak makan, berat badan "
    "turun tanpa sebab) memenuhi kriteria diagnosis PERKENI; dokter perlu memastikannya. Periksakan diri ke "
    "Puskesmas atau dokter dalam 1–2 hari.",
    "A random glucose of 200 mg/dL or more with the typical symptoms (thirst, passing a lot of urine, hunger, "
    "unexplained weight loss) meets the PERKENI diagnostic criterion; a doctor must confirm it. See a Puskesmas "
    "or a doctor within 1–2 days.",
)

GLUCOSE_CATEGORIES = {
    "hypoglycaemia_serious": Category(
        "hypoglycaemia_serious",
        Text("Hipoglikemia berat (< 54 mg/dL)", "Serious hypoglycaemia (< 54 mg/dL)"),
        Text(
            "Gula darah sangat rendah. Segera minum/makan gula cepat serap (3 sendok teh gula dalam air, atau "
            "150–200 mL teh manis/jus), periksa ulang 15 menit kemudian, dan segera cari pertolongan medis. Bila "
            "mengantuk berat, bingung, kejang, atau tidak sadar: bawa ke IGD sekarang — jangan beri minum pada orang "
            "yang tidak sadar.",
            "Blood glucose is dangerously low. Take fast sugar now (3 teaspoons of sugar in water, or 150–200 mL of "
            "sweet tea or juice), recheck in 15 minutes and get medical help at once. If drowsy, confused, fitting "
            "or unconscious: go to the emergency department now — never give drinks to someone who is unconscious.",
        ),
    ),
    "hypoglycaemia": Category(
        "hypoglycaemia",
        Text("Hipoglikemia (< 70 mg/dL)", "Hypoglycaemia (< 70 mg/dL)"),
        Text(
            "Gula darah rendah. Bila ada gemetar, keringat dingin, berdebar, atau lapar: minum/makan 15–20 g gula "
            "cepat serap (3 sendok teh gula dalam air), periksa ulang 15 menit kemudian, lalu makan. Bila berulang "
            "atau Anda memakai insulin/obat diabetes, bicarakan dengan dokter dalam beberapa hari.",
            "Blood glucose is low. If shaky, sweaty, with a racing heart or hungry: take 15–20 g of fast sugar "
            "(3 teaspoons of sugar in water), recheck in 15 minutes, then eat. If it happens again or you take "
            "insulin or diabetes tablets, talk to your doctor within a few days.",
        ),
    ),
    "normal": Category(
        "normal",
        Text("Normal", "Normal"),
        Text(
            "Hasil dalam batas normal. Periksa ulang sesuai anjuran (setiap 1–3 tahun bila berusia ≥ 40 tahun atau "
            "punya faktor risiko seperti kegemukan, hipertensi, atau keluarga dengan diabetes).",
            "The result is in the normal range. Recheck as advised (every 1–3 years from age 40 or with risk "
            "factors such as overweight, high blood pressure or diabetes in the family).",
        ),
    ),
    "prediabetes": Category(
        "prediabetes",
        Text("Prediabetes", "Prediabetes"),
        Text(
            "Hasil di rentang prediabetes: risiko diabetes meningkat. Turunkan berat badan 5–10 % bila berlebih, "
            "aktif bergerak 150 menit per minggu, kurangi gula dan tepung, dan periksa ulang dalam 1 tahun atau "
            "sesuai anjuran dokter.",
            "The result is in the prediabetes range: your risk of diabetes is raised. Lose 5–10 % of body weight if "
            "overweight, be active 150 minutes a week, cut down sugar and refined starch, and recheck within a year "
            "or as your doctor advises.",
        ),
    ),
    "uncertain": Category(
        "uncertain",
        Text("Belum pasti diabetes", "Diabetes not excluded"),
        Text(
            "Gula darah sewaktu ini belum dapat memastikan atau menyingkirkan diabetes. Lakukan pemeriksaan gula "
            "darah puasa atau HbA1c di Puskesmas/laboratorium.",
            "This random glucose neither confirms nor excludes diabetes. Have a fasting glucose or HbA1c test at a "
            "Puskesmas or laboratory.",
        ),
    ),
    "diabetes_range": Category(
        "diabetes_range",
        Text("Dalam rentang diabetes", "In the diabetes range"),
        Text(
            "Hasil dalam rentang diabetes. Periksakan diri ke Puskesmas atau dokter dalam 1–2 minggu untuk "
            "pemeriksaan ulang dan penilaian.",
            "The result is in the diabetes range. See a Puskesmas or a doctor within 1–2 weeks for a repeat test "
            "and assessment.",
        ),
    ),
    "gestational_diabetes_range": Category(
        "gestational_diabetes_range",
        Text("Dalam rentang diabetes gestasional", "In the gestational diabetes range"),
        Text(
            "Hasil TTGO dalam rentang diabetes gestasional. Bawa hasil ini ke bidan/dokter kandungan dalam minggu "
            "ini: gula darah yang tinggi dalam kehamilan perlu ditangani untuk keselamatan ibu dan bayi.",
            "This OGTT result is in the gestational diabetes range. Take it to your midwife or obstetrician this "
            "week: high glucose in pregnancy needs treatment for the safety of mother and baby.",
        ),
    ),
    "very_high": Category(
        "very_high",
        Text("Sangat tinggi (> 250 mg/dL)", "Very high (> 250 mg/dL)"),
        Text(
            "Gula darah sangat tinggi. Temui dokter hari ini. Ke IGD sekarang bila ada muntah, nyeri perut, napas "
            "cepat/dalam, sangat haus, lemas berat, mengantuk, atau bingung.",
            "Blood glucose is very high. See a doctor today. Go to the emergency department now if there is "
            "vomiting, abdominal pain, fast or deep breathing, great thirst, severe weakness, drowsiness or "
            "confusion.",
        ),
    ),
    "crisis_range": Category(
        "crisis_range",
        Text("Rentang krisis hiperglikemia (≥ 600 mg/dL)", "Hyperglycaemic crisis range (≥ 600 mg/dL)"),
        Text(
            "Gula darah di rentang krisis. Segera ke IGD sekarang; ini keadaan darurat.",
            "Blood glucose is in the crisis range. Go to the emergency department now; this is an emergency.",
        ),
    ),
    "below_target": Category(
        "below_target",
        Text("Di bawah sasaran (70–79 mg/dL)", "Below target (70–79 mg/dL)"),
        Text(
            "Sedikit di bawah sasaran gula darah puasa (80–130 mg/dL). Waspadai tanda hipoglikemia dan bicarakan "
            "dosis obat dengan dokter bila sering terjadi.",
            "Slightly below the fasting target (80–130 mg/dL). Watch for signs of a hypo and talk to your doctor "
            "about the dose if this happens often.",
        ),
    ),
    "on_target": Category(
        "on_target",
        Text("Sesuai sasaran", "On target"),
        Text(
            "Sesuai sasaran pengendalian PERKENI. Lanjutkan pengobatan, pola makan, dan aktivitas fisik; kontrol "
            "rutin (Prolanis) tetap perlu.",
            "On the PERKENI control target. Keep up your treatment, diet and activity; keep your regular check-ups "
            "(Prolanis).",
        ),
    ),
    "above_target": Category(
        "above_target",
        Text("Di atas sasaran", "Above target"),
        Text(
            "Di atas sasaran pengendalian. Bila hasil ini berulang, bicarakan dengan dokter pada kontrol berikutnya "
            "(dalam beberapa minggu) untuk menilai pola makan, kepatuhan minum obat, dan dosis.",
            "Above the control target. If this is repeated, discuss it with your doctor at your next visit (within "
            "a few weeks) to review diet, how you take your medicines, and the dose.",
        ),
    ),
    "no_target": Category(
        "no_target",
        Text("Tidak ada sasaran untuk GDS", "No target for a random glucose"),
        Text(
            "PERKENI tidak menetapkan sasaran untuk gula darah sewaktu; pantau dengan gula darah puasa, 2 jam "
            "setelah makan, dan HbA1c.",
            "PERKENI sets no target for a random glucose; monitor with fasting, 2-hours-after-meal glucose and HbA1c.",
        ),
    ),
}

HBA1C_CATEGORIES = {
    "normal": Category(
        "normal",
        Text("Normal (< 5,7 %)", "Normal (< 5.7 %)"),
        GLUCOSE_CATEGORIES["normal"].advice,
    ),
    "prediabetes": Category(
        "prediabetes",
        Text("Prediabetes (5,7–6,4 %)", "Prediabetes (5.7–6.4 %)"),
        GLUCOSE_CATEGORIES["prediabetes"].advice,
    ),
    "diabetes_range": Category(
        "diabetes_range",
        Text("Dalam rentang diabetes (≥ 6,5 %)", "In the diabetes range (≥ 6.5 %)"),
        GLUCOSE_CATEGORIES["diabetes_range"].advice,
    ),
    "on_target": Category(
        "on_target", Text("Sesuai sasaran (< 7 %)", "On target (< 7 %)"), GLUCOSE_CATEGORIES["on_target"].advice
    ),
    "above_target": Category(
        "above_target",
        Text("Di atas sasaran (≥ 7 %)", "Above target (≥ 7 %)"),
        GLUCOSE_CATEGORIES["above_target"].advice,
    ),
}


def glucose_mg_dl_value(*, glucose_mg_dl: float | None = None, glucose_mmol_l: float | None = None) -> int:
    """Glucose in whole mg/dL (half-up); mmol/L × 18, so 7.0 → 126 and 11.1 → 200 as PERKENI reads them."""
    if glucose_mg_dl is not None:
        return round_half_up_int(glucose_mg_dl)
    if glucose_mmol_l is None:
        raise ValueError("give glucose_mg_dl or glucose_mmol_l")
    return round_half_up_int(to_decimal(glucose_mmol_l) * MG_DL_PER_MMOL_L)


def _three_way(value: int | Decimal, cuts: tuple[Any, Any], codes: tuple[str, str, str]) -> str:
    below, diabetes_from = cuts
    if value < below:
        return codes[0]
    if value < diabetes_from:
        return codes[1]
    return codes[2]


def glucose_category_code(
    mg_dl: int, *, test: str, sample: str = "venous", known_diabetes: bool = False, pregnant: bool = False
) -> str:
    """The category of one glucose reading in whole mg/dL (see the module docstring)."""
    if mg_dl < HYPO_SERIOUS_MG_DL:
        return "hypoglycaemia_serious"
    if mg_dl < HYPO_MG_DL:
        return "hypoglycaemia"
    if mg_dl >= HYPEROSMOLAR_MG_DL:
        return "crisis_range"
    if mg_dl > CRISIS_POSSIBLE_MG_DL:
        return "very_high"
    if known_diabetes and pregnant:
        if test in PREGNANCY_TARGETS_BELOW:
            return "on_target" if mg_dl < PREGNANCY_TARGETS_BELOW[test] else "above_target"
        return "no_target"
    if known_diabetes:
        if test == "fasting":
            low, high = TARGET_FASTING
            return "below_target" if mg_dl < low else "on_target" if mg_dl <= high else "above_target"
        if test in ("postprandial_2h", "ogtt_2h"):
            return "on_target" if mg_dl < TARGET_AFTER_MEAL_BELOW else "above_target"
        return "no_target"
    if pregnant and test in PREGNANCY_CUTS and sample == "venous":
        return _three_way(mg_dl, PREGNANCY_CUTS[test], ("normal", "gestational_diabetes_range", "diabetes_range"))
    screening_test = "random" if test == "postprandial_2h" else test
    middle = "uncertain" if screening_test == "random" else "prediabetes"
    return _three_way(mg_dl, DIAGNOSTIC_CUTS[(screening_test, sample)], ("normal", middle, "diabetes_range"))


def hba1c_category_code(percent: Decimal, *, known_diabetes: bool = False) -> str:
    """HbA1c (NGSP %, 1 decimal): < 5.7 normal, 5.7–6.4 prediabetes, ≥ 6.5 diabetes range; known
    diabetes: < 7 on target."""
    if known_diabetes:
        return "on_target" if percent < TARGET_HBA1C_BELOW else "above_target"
    return _three_way(percent, HBA1C_CUTS, ("normal", "prediabetes", "diabetes_range"))


_CAPILLARY_NOTE = Text(
    "Glukometer (darah kapiler) hanya untuk penyaringan dan pemantauan; diagnosis memakai plasma vena di laboratorium.",
    "A meter (capillary blood) is for screening and monitoring only; diagnosis uses venous plasma in a laboratory.",
)
_PREGNANCY_NOTE = Text(
    "Dalam kehamilan, diabetes gestasional dinilai dengan TTGO 75 g pada usia kehamilan 24–28 minggu (batas: puasa "
    "≥ 92, 1 jam ≥ 180, 2 jam ≥ 153 mg/dL); bawa setiap hasil gula darah ke bidan/dokter Anda.",
    "In pregnancy, gestational diabetes is tested with a 75 g OGTT at 24–28 weeks (cut-offs: fasting ≥ 92, 1 hour "
    "≥ 180, 2 hours ≥ 153 mg/dL); show every glucose result to your midwife or doctor.",
)
_PREGNANCY_TARGETS_NOTE = Text(
    "Dalam kehamilan sasarannya lebih ketat: puasa < 95, 1 jam setelah makan < 140, 2 jam setelah makan < 120 "
    "mg/dL. Bicarakan pengobatan dengan dokter kandungan/penyakit dalam Anda.",
    "In pregnancy the targets are stricter: fasting < 95, 1 hour after a meal < 140, 2 hours after a meal < 120 "
    "mg/dL. Discuss treatment with your obstetrician or physician.",
)
_KNOWN_DIABETES_NOTE = Text(
    "Sasaran PERKENI untuk penyandang diabetes: GDP 80–130 mg/dL, 2 jam setelah makan < 180 mg/dL, HbA1c < 7 %. "
    "Sasaran dapat dibuat lebih longgar oleh dokter (misalnya pada lansia atau yang sering hipoglikemia).",
    "PERKENI targets for people with diabetes: fasting 80–130 mg/dL, 2 hours after a meal < 180 mg/dL, HbA1c < 7 %. "
    "Your doctor may set looser targets (for example in older people or after frequent hypos).",
)
_POSTPRANDIAL_SCREENING_NOTE = Text(
    "Gula darah 2 jam setelah makan bukan tes diagnosis; dinilai seperti gula darah sewaktu.",
    "Glucose 2 hours after a meal is not a diagnostic test; it is read like a random glucose.",
)


def _confirmation(code: str, *, mg_dl: int, classic_symptoms: bool, lang: str) -> str | None:
    if code not in ("diabetes_range", "very_high", "crisis_range"):
        return None
    if classic_symptoms and mg_dl >= 200:
        return _SYMPTOMS_CRITERION.get(lang)
    return _ONE_READING.get(lang)


def blood_glucose(
    *,
    test: str,
    glucose_mg_dl: float | None = None,
    glucose_mmol_l: float | None = None,
    sample: str = "venous",
    known_diabetes: bool = False,
    classic_symptoms: bool = False,
    pregnant: bool = False,
    lang: str = "id",
) -> dict[str, Any]:
    """One blood glucose reading read against PERKENI 2021 (see the module docstring).

    The value is classified in whole mg/dL (mmol/L × 18, half-up). Never a diagnosis: a
    diabetes-range reading says what confirms it.

    References:
        PERKENI. Pedoman Pengelolaan dan Pencegahan Diabetes Melitus Tipe 2 Dewasa di Indonesia
        2021 (Tabel 5, 6; kriteria diagnosis; sasaran pengendalian; hipoglikemia; krisis
        hiperglikemia).
        American Diabetes Association. Standards of Care in Diabetes—2024, sections 2 and 6.
        WHO 2013. Diagnostic criteria and classification of hyperglycaemia first detected in
        pregnancy (IADPSG cut-offs).
    """
    mg_dl = glucose_mg_dl_value(glucose_mg_dl=glucose_mg_dl, glucose_mmol_l=glucose_mmol_l)
    code = glucose_category_code(mg_dl, test=test, sample=sample, known_diabetes=known_diabetes, pregnant=pregnant)
    category = GLUCOSE_CATEGORIES[code].to_dict(SCHEME, lang)
    confirmation = (
        None if known_diabetes else _confirmation(code, mg_dl=mg_dl, classic_symptoms=classic_symptoms, lang=lang)
    )
    notes = []
    if sample == "capillary":
        notes.append(_CAPILLARY_NOTE.get(lang))
    if test == "postprandial_2h" and not known_diabetes:
        notes.append(_POSTPRANDIAL_SCREENING_NOTE.get(lang))
    if known_diabetes:
        notes.append(_KNOWN_DIABETES_NOTE.get(lang))
    if pregnant:
        notes.append((_PREGNANCY_TARGETS_NOTE if known_diabetes else _PREGNANCY_NOTE).get(lang))
    test_label = GLUCOSE_TEST_LABELS[test].get(lang)
    mmol_l = round_half_up(Decimal(mg_dl) / MG_DL_PER_MMOL_L, 1)
    sentence = Text(
        f"{test_label}: {mg_dl} mg/dL ({format_number(mmol_l, 'id', 1)} mmol/L) — {category['label']}. "
        f"{category['advice']}",
        f"{test_label}: {mg_dl} mg/dL ({format_number(mmol_l, 'en', 1)} mmol/L) — {category['label']}. "
        f"{category['advice']}",
    ).get(lang)
    return {
        "calculator": "blood-glucose",
        "value": mg_dl,
        "unit": "mg/dL",
        "mmol_l": mmol_l,
        "test": test,
        "sample": sample,
        "scheme": SCHEME,
        "category": category,
        "is_diagnosis": False,
        "confirmation": confirmation,
        "interpretation": sentence if confirmation is None else f"{sentence} {confirmation}",
        "notes": notes,
    }


def hba1c_percent_value(*, hba1c_percent: float | None = None, hba1c_mmol_mol: float | None = None) -> Decimal:
    """HbA1c in NGSP % to 1 decimal (half-up); IFCC mmol/mol by the master equation."""
    if hba1c_percent is not None:
        return round_half_up_decimal(hba1c_percent, 1)
    if hba1c_mmol_mol is None:
        raise ValueError("give hba1c_percent or hba1c_mmol_mol")
    return round_half_up_decimal(HBA1C_IFCC_SLOPE * to_decimal(hba1c_mmol_mol) + HBA1C_IFCC_INTERCEPT, 1)


_HBA1C_RELIABILITY = Text(
    "HbA1c kurang dapat dipercaya pada anemia, kelainan hemoglobin (misalnya talasemia), transfusi darah dalam 2–3 "
    "bulan terakhir, penyakit ginjal berat, dan kehamilan; pada keadaan ini pakai pemeriksaan gula darah.",
    "HbA1c is unreliable with anaemia, haemoglobin disorders (such as thalassaemia), a blood transfusion in the "
    "last 2–3 months, severe kidney disease and pregnancy; use blood glucose tests instead.",
)


def hba1c(
    *,
    hba1c_percent: float | None = None,
    hba1c_mmol_mol: float | None = None,
    known_diabetes: bool = False,
    lang: str = "id",
) -> dict[str, Any]:
    """HbA1c read against PERKENI 2021: < 5.7 % normal, 5.7–6.4 % prediabetes, ≥ 6.5 % diabetes
    range (a standardised NGSP method); known diabetes: target < 7 %. Never a diagnosis alone.

    References:
        PERKENI. Pedoman Pengelolaan dan Pencegahan Diabetes Melitus Tipe 2 Dewasa di Indonesia
        2021 (Tabel 5; sasaran pengendalian).
        American Diabetes Association. Standards of Care in Diabetes—2024, section 2.
        Hoelzel W et al. IFCC reference system for HbA1c (NGSP–IFCC master equation). Clin Chem 2004.
    """
    percent = hba1c_percent_value(hba1c_percent=hba1c_percent, hba1c_mmol_mol=hba1c_mmol_mol)
    code = hba1c_category_code(percent, known_diabetes=known_diabetes)
    category = HBA1C_CATEGORIES[code].to_dict(SCHEME, lang)
    value = float(percent)
    confirmation = _ONE_READING.get(lang) if code == "diabetes_range" else None
    sentence = Text(
        f"HbA1c Anda {format_number(value, 'id', 1)} % — {category['label']}. {category['advice']}",
        f"Your HbA1c is {format_number(value, 'en', 1)} % — {category['label']}. {category['advice']}",
    ).get(lang)
    notes = [_HBA1C_RELIABILITY.get(lang)]
    if known_diabetes:
        notes.append(_KNOWN_DIABETES_NOTE.get(lang))
    return {
        "calculator": "hba1c",
        "value": value,
        "unit": "%",
        "scheme": SCHEME,
        "category": category,
        "is_diagnosis": False,
        "confirmation": confirmation,
        "interpretation": sentence if confirmation is None else f"{sentence} {confirmation}",
        "notes": notes,
    }


def _check_glucose(values: dict[str, Any], context: ValidationContext) -> None:
    exactly_one_of(values, context, ("glucose_mg_dl", "glucose_mmol_l"), Text("kadar glukosa", "the glucose level"))
    if values.get("test") == "ogtt_2h" and values.get("sample") == "capillary":
        context.add_error(
            "sample",
            Text(
                "TTGO dinilai dari plasma vena (laboratorium), bukan glukometer.",
                "An OGTT is read on venous plasma (laboratory), not a finger-prick meter.",
            ),
        )


def _check_hba1c(values: dict[str, Any], context: ValidationContext) -> None:
    exactly_one_of(values, context, ("hba1c_percent", "hba1c_mmol_mol"), Text("HbA1c", "HbA1c"))


def _flag(name: str, help_text: Text) -> InputSpec:
    return InputSpec(name=name, type="boolean", required=False, default=False, help=help_text)


KNOWN_DIABETES_INPUT = _flag(
    "known_diabetes",
    Text(
        "Sudah didiagnosis diabetes (dinilai terhadap sasaran pengendalian).",
        "Already diagnosed with diabetes (read against the control targets).",
    ),
)

BLOOD_GLUCOSE_SPEC = CalculatorSpec(
    name="blood-glucose",
    title=Text("Gula darah", "Blood glucose"),
    description=Text(
        "Menilai satu hasil gula darah (puasa, TTGO 2 jam, 2 jam setelah makan, sewaktu) menurut PERKENI 2021.",
        "Reads one blood glucose result (fasting, 2-hour OGTT, 2 hours after a meal, random) by PERKENI 2021.",
    ),
    references=(
        "PERKENI 2021, Pedoman Pengelolaan dan Pencegahan DM Tipe 2 Dewasa di Indonesia",
        "ADA Standards of Care in Diabetes 2024 (sections 2, 6)",
        "WHO 2013, Hyperglycaemia first detected in pregnancy",
    ),
    inputs=(
        InputSpec(
            name="test",
            type="choice",
            choices=GLUCOSE_TESTS,
            choice_labels=GLUCOSE_TEST_LABELS,
            aliases={"gdp": "fasting", "ttgo": "ogtt_2h", "gd2pp": "postprandial_2h", "gds": "random"},
            help=Text("Jenis pemeriksaan.", "Which test."),
        ),
        number_input(
            "glucose_mg_dl",
            "mg/dL",
            "10",
            "1500",
            Text("Kadar glukosa dalam mg/dL (isi ini atau glucose_mmol_l).", "Glucose in mg/dL (or glucose_mmol_l)."),
            required=False,
        ),
        number_input(
            "glucose_mmol_l",
            "mmol/L",
            "0.6",
            "83",
            Text("Kadar glukosa dalam mmol/L (isi ini atau glucose_mg_dl).", "Glucose in mmol/L (or glucose_mg_dl)."),
            required=False,
        ),
        InputSpec(
            name="sample",
            type="choice",
            choices=SAMPLES,
            choice_labels=SAMPLE_LABELS,
            aliases={"vena": "venous", "kapiler": "capillary"},
            required=False,
            default="venous",
            help=Text("Sampel darah (bawaan: plasma vena).", "Blood sample (default: venous plasma)."),
        ),
        KNOWN_DIABETES_INPUT,
        _flag(
            "classic_symptoms",
            Text(
                "Ada keluhan khas: banyak minum, banyak kencing, banyak makan, berat badan turun tanpa sebab.",
                "Typical symptoms: thirst, passing a lot of urine, hunger, unexplained weight loss.",
            ),
        ),
        _flag("pregnant", Text("Sedang hamil.", "Pregnant.")),
    ),
    function=blood_glucose,
    primary_value=lambda result: float(result["value"]),
    primary_value_help=Text("Gula darah (mg/dL)", "Blood glucose (mg/dL)"),
    cross_check=_check_glucose,
)

HBA1C_SPEC = CalculatorSpec(
    name="hba1c",
    title=Text("HbA1c", "HbA1c"),
    description=Text(
        "Menilai hasil HbA1c (rata-rata gula darah 2–3 bulan) menurut PERKENI 2021.",
        "Reads an HbA1c result (average glucose over 2–3 months) by PERKENI 2021.",
    ),
    references=(
        "PERKENI 2021, Pedoman Pengelolaan dan Pencegahan DM Tipe 2 Dewasa di Indonesia",
        "ADA Standards of Care in Diabetes 2024 (section 2)",
        "Hoelzel et al. 2004, Clin Chem 50:166 (IFCC–NGSP master equation)",
    ),
    inputs=(
        number_input(
            "hba1c_percent",
            "%",
            "3",
            "20",
            Text("HbA1c dalam % (NGSP; isi ini atau hba1c_mmol_mol).", "HbA1c in % (NGSP; or hba1c_mmol_mol)."),
            required=False,
        ),
        number_input(
            "hba1c_mmol_mol",
            "mmol/mol",
            "9",
            "195",
            Text(
                "HbA1c dalam mmol/mol (IFCC; isi ini atau hba1c_percent).",
                "HbA1c in mmol/mol (IFCC; or hba1c_percent).",
            ),
            required=False,
        ),
        KNOWN_DIABETES_INPUT,
    ),
    function=hba1c,
    primary_value=lambda result: float(result["value"]),
    primary_value_help=Text("HbA1c (%)", "HbA1c (%)"),
    cross_check=_check_hba1c,
)
