"""Cardiovascular calculators: blood-pressure classification and heart-rate training zones."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .rounding import round_half_up_int, to_decimal
from .spec import CalculatorSpec, InputSpec, ValidationContext, flag_input, number_input
from .text import Category, Text

# --- Blood pressure -------------------------------------------------------------------

BP_SCHEMES = ("esh_2018", "acc_aha_2017", "jnc7")
BP_SCHEME_LABELS = {
    "esh_2018": Text("ESC/ESH 2018 (diikuti PERHI 2019)", "ESC/ESH 2018 (followed by PERHI 2019)"),
    "acc_aha_2017": Text("ACC/AHA 2017", "ACC/AHA 2017"),
    "jnc7": Text("JNC 7 (2003)", "JNC 7 (2003)"),
}

_BP_ADVICE_OK = Text(
    "Tekanan darah Anda baik. Periksa ulang setidaknya setahun sekali.",
    "Your blood pressure is good. Re-check it at least once a year.",
)
_BP_ADVICE_WATCH = Text(
    "Tekanan darah Anda di batas atas normal. Kurangi garam, jaga berat badan, aktif bergerak, dan periksa ulang "
    "dalam beberapa bulan.",
    "Your blood pressure is at the upper end of normal. Eat less salt, keep a healthy weight, stay active and "
    "re-check within a few months.",
)
_BP_ADVICE_HIGH = Text(
    "Angka ini berada dalam rentang hipertensi, tetapi satu kali pengukuran belum bisa memastikannya. Ukur ulang "
    "setelah duduk tenang 5 menit, ulangi pada beberapa hari yang berbeda, dan periksakan hasilnya ke dokter atau "
    "puskesmas.",
    "This reading is in the hypertension range, but one reading cannot confirm it. Measure again after sitting "
    "quietly for 5 minutes, repeat on several different days, and show the results to a doctor or health centre.",
)
_BP_ADVICE_HIGHER = Text(
    "Angka ini berada dalam rentang hipertensi derajat/tahap 2. Ukur ulang setelah duduk tenang 5 menit; bila tetap "
    "setinggi ini, periksakan diri ke dokter atau puskesmas dalam beberapa hari untuk memastikannya.",
    "This reading is in the stage/grade 2 hypertension range. Measure again after sitting quietly for 5 minutes; if "
    "it stays this high, see a doctor or health centre within a few days to confirm it.",
)
_BP_ADVICE_VERY_HIGH = Text(
    "Tekanan darah Anda sangat tinggi. Ukur ulang setelah istirahat 5 menit dan segera hubungi dokter hari ini. "
    "Jika ada nyeri dada, sesak napas, sakit kepala hebat, lemah separuh badan, atau gangguan penglihatan, "
    "segera ke IGD.",
    "Your blood pressure is very high. Re-measure after 5 minutes of rest and contact a doctor today. "
    "If you have chest pain, shortness of breath, a severe headache, weakness on one side or trouble seeing, "
    "go to the emergency department now.",
)

# Each scheme lists its categories from lowest to highest: the index is the rank, so
# "use the higher category when systolic and diastolic disagree" is max(rank).
BP_CATEGORIES: dict[str, tuple[Category, ...]] = {
    "esh_2018": (
        Category("optimal", Text("Optimal", "Optimal"), _BP_ADVICE_OK),
        Category("normal", Text("Normal", "Normal"), _BP_ADVICE_OK),
        Category("high_normal", Text("Normal tinggi", "High normal"), _BP_ADVICE_WATCH),
        Category("grade_1", Text("Hipertensi derajat 1", "Grade 1 hypertension"), _BP_ADVICE_HIGH),
        Category("grade_2", Text("Hipertensi derajat 2", "Grade 2 hypertension"), _BP_ADVICE_HIGHER),
        Category("grade_3", Text("Hipertensi derajat 3", "Grade 3 hypertension"), _BP_ADVICE_VERY_HIGH),
    ),
    "acc_aha_2017": (
        Category("normal", Text("Normal", "Normal"), _BP_ADVICE_OK),
        Category("elevated", Text("Meningkat", "Elevated"), _BP_ADVICE_WATCH),
        Category("stage_1", Text("Hipertensi tahap 1", "Stage 1 hypertension"), _BP_ADVICE_HIGH),
        Category("stage_2", Text("Hipertensi tahap 2", "Stage 2 hypertension"), _BP_ADVICE_HIGHER),
        Category("crisis", Text("Krisis hipertensi", "Hypertensive crisis"), _BP_ADVICE_VERY_HIGH),
    ),
    "jnc7": (
        Category("normal", Text("Normal", "Normal"), _BP_ADVICE_OK),
        Category("prehypertension", Text("Prahipertensi", "Prehypertension"), _BP_ADVICE_WATCH),
        Category("stage_1", Text("Hipertensi tahap 1", "Stage 1 hypertension"), _BP_ADVICE_HIGH),
        Category("stage_2", Text("Hipertensi tahap 2", "Stage 2 hypertension"), _BP_ADVICE_HIGHER),
    ),
}
# The urgent "contact a doctor today / emergency if symptoms" wording is kept for readings this
# high only (ESC/ESH grade 3, which includes every ACC/AHA crisis reading), whatever the scheme.
URGENT_SYSTOLIC = 180
URGENT_DIASTOLIC = 110
# Low readings are graded the same in every scheme (none of the three grades them): hypotension
# below 90 systolic or 60 diastolic (with a systolic under 120, so that 150/55 stays graded by its
# high systolic value); very low below 80 systolic, where one reading already warrants care now.
HYPOTENSION_SYSTOLIC = 90
HYPOTENSION_DIASTOLIC = 60
HYPOTENSION_DIASTOLIC_ONLY_BELOW_SYSTOLIC = 120
VERY_LOW_SYSTOLIC = 80
MIN_PULSE_PRESSURE = 10
# Hypertension in pregnancy (POGI 2016, ACOG 2020, WHO 2011): ≥ 140/90; severe ≥ 160/110.
PREGNANCY_HYPERTENSION = (140, 90)
PREGNANCY_SEVERE_HYPERTENSION = (160, 110)
_LOW_SYMPTOMS_ID = (
    "pusing berat, pingsan, bingung, kulit dingin dan lembap, nyeri dada, sesak napas, atau muntah/diare hebat"
)
_LOW_SYMPTOMS_EN = (
    "severe dizziness, fainting, confusion, cold and clammy skin, chest pain, shortness of breath, or heavy "
    "vomiting or diarrhoea"
)
LOW_CATEGORIES = {
    "hypotension": Category(
        "hypotension",
        Text("Tekanan darah rendah (hipotensi)", "Low blood pressure (hypotension)"),
        Text(
            "Tekanan darah Anda rendah (di bawah 90/60 mmHg). Tanpa keluhan, ini sering tidak berbahaya: minum "
            "cukup, bangun dari duduk atau berbaring perlahan, dan ukur ulang. Bila sering pusing, lemas, atau "
            "berkunang-kunang, periksakan diri ke dokter atau puskesmas. Bila disertai "
            f"{_LOW_SYMPTOMS_ID}, segera ke IGD.",
            "Your blood pressure is low (below 90/60 mmHg). Without symptoms this is often harmless: drink enough, "
            "get up slowly from sitting or lying, and measure again. If you are often dizzy, weak or light-headed, "
            "see a doctor or health centre. With "
            f"{_LOW_SYMPTOMS_EN}, go to the emergency department now.",
        ),
    ),
    "severe_hypotension": Category(
        "severe_hypotension",
        Text("Tekanan darah sangat rendah", "Very low blood pressure"),
        Text(
            "Tekanan darah Anda sangat rendah. Ukur ulang sekarang sambil duduk. Bila tetap di bawah 80 mmHg, atau "
            f"ada {_LOW_SYMPTOMS_ID}, segera ke IGD atau puskesmas terdekat sekarang juga. Bila sama sekali tanpa "
            "keluhan, tetap hubungi dokter hari ini.",
            "Your blood pressure is very low. Measure again now while sitting. If it stays below 80 mmHg, or with "
            f"{_LOW_SYMPTOMS_EN}, go to the nearest emergency department or health centre now. Even with no "
            "symptoms at all, contact a doctor today.",
        ),
    ),
}


def low_blood_pressure_code(systolic: int, diastolic: int) -> str | None:
    """``severe_hypotension``, ``hypotension`` or None for one reading (mmHg)."""
    if systolic < VERY_LOW_SYSTOLIC:
        return "severe_hypotension"
    if systolic < HYPOTENSION_SYSTOLIC or (
        diastolic < HYPOTENSION_DIASTOLIC and systolic < HYPOTENSION_DIASTOLIC_ONLY_BELOW_SYSTOLIC
    ):
        return "hypotension"
    return None


ISOLATED_SYSTOLIC = Category(
    "isolated_systolic",
    Text("Hipertensi sistolik terisolasi", "Isolated systolic hypertension"),
    _BP_ADVICE_HIGH,
)


def _esh_systolic_rank(systolic: int) -> int:
    for rank, upper in enumerate((120, 130, 140, 160, 180)):
        if systolic < upper:
            return rank
    return 5


def _esh_diastolic_rank(diastolic: int) -> int:
    for rank, upper in enumerate((80, 85, 90, 100, 110)):
        if diastolic < upper:
            return rank
    return 5


def _acc_aha_rank(systolic: int, diastolic: int) -> int:
    # Crisis: systolic > 180 and/or diastolic > 120.
    if systolic > 180 or diastolic > 120:
        return 4
    systolic_rank = 0 if systolic < 120 else 1 if systolic < 130 else 2 if systolic < 140 else 3
    # "Elevated" is systolic-only (120–129 with diastolic < 80); diastolic 80–89 is stage 1.
    diastolic_rank = 0 if diastolic < 80 else 2 if diastolic < 90 else 3
    return max(systolic_rank, diastolic_rank)


def _jnc7_rank(systolic: int, diastolic: int) -> int:
    systolic_rank = 0 if systolic < 120 else 1 if systolic < 140 else 2 if systolic < 160 else 3
    diastolic_rank = 0 if diastolic < 80 else 1 if diastolic < 90 else 2 if diastolic < 100 else 3
    return max(systolic_rank, diastolic_rank)


def blood_pressure_categories(systolic: int, diastolic: int, lang: str = "id") -> dict[str, dict[str, Any]]:
    """Every scheme's category for one reading (mmHg); low readings are graded alike in every scheme."""
    low_code = low_blood_pressure_code(systolic, diastolic)
    if low_code is not None:
        low = LOW_CATEGORIES[low_code]
        return {
            "esh_2018": low.to_dict("esh_2018", lang, grade=None, grade_label=None),
            "acc_aha_2017": low.to_dict("acc_aha_2017", lang),
            "jnc7": low.to_dict("jnc7", lang),
        }
    systolic_rank = _esh_systolic_rank(systolic)
    esh_rank = max(systolic_rank, _esh_diastolic_rank(diastolic))
    if systolic >= 140 and diastolic < 90:
        # ESH: isolated systolic hypertension, graded by the systolic value.
        grade = BP_CATEGORIES["esh_2018"][systolic_rank]
        esh = ISOLATED_SYSTOLIC.to_dict("esh_2018", lang, grade=grade.code, grade_label=grade.label.get(lang))
        esh["advice"] = grade.advice.get(lang)
    else:
        esh = BP_CATEGORIES["esh_2018"][esh_rank].to_dict("esh_2018", lang, grade=None, grade_label=None)
    return {
        "esh_2018": esh,
        "acc_aha_2017": BP_CATEGORIES["acc_aha_2017"][_acc_aha_rank(systolic, diastolic)].to_dict("acc_aha_2017", lang),
        "jnc7": BP_CATEGORIES["jnc7"][_jnc7_rank(systolic, diastolic)].to_dict("jnc7", lang),
    }


def blood_pressure(
    *, systolic: int, diastolic: int, scheme: str = "esh_2018", pregnant: bool = False, lang: str = "id"
) -> dict[str, Any]:
    """Classify an office blood-pressure reading; the higher category wins when
    systolic and diastolic disagree.

    ESC/ESH 2018 (default, followed by PERHI 2019): optimal < 120/< 80, normal
    120–129/80–84, high normal 130–139/85–89, grade 1 140–159/90–99, grade 2
    160–179/100–109, grade 3 ≥ 180/≥ 110; isolated systolic hypertension when
    systolic ≥ 140 and diastolic < 90, graded by the systolic value.
    ACC/AHA 2017: normal, elevated (120–129 and < 80), stage 1 (130–139 or 80–89),
    stage 2 (≥ 140 or ≥ 90), crisis (> 180 and/or > 120).
    JNC 7: normal, prehypertension (120–139 or 80–89), stage 1 (140–159 or 90–99),
    stage 2 (≥ 160 or ≥ 100).

    Low readings, in every scheme: ``hypotension`` below 90 systolic, or below 60 diastolic
    with a systolic under 120; ``severe_hypotension`` below 80 systolic (urgent: care now).
    A reading with a pulse pressure under 10 mmHg, or a systolic not above the diastolic,
    is rejected as a measuring error (see ``_check_blood_pressure``).

    The advice speaks to one reading: in the hypertension ranges it says to measure again,
    confirm on separate days and see a doctor; the urgent wording (contact a doctor today,
    emergency department with symptoms) is kept for readings ≥ 180 systolic or ≥ 110
    diastolic (ESC/ESH grade 3, covering ACC/AHA's crisis > 180/> 120).

    In pregnancy (``pregnant``) a reading ≥ 140/90 is hypertension in pregnancy, a pathway of
    its own (pre-eclampsia must be excluded the same day); ≥ 160/110 is severe and goes to
    hospital now. The general "re-check within days" advice does not apply then.

    References:
        Williams B, Mancia G, et al. 2018 ESC/ESH Guidelines for the management of
        arterial hypertension. Eur Heart J. 2018;39:3021-3104.
        PERHI. Konsensus Penatalaksanaan Hipertensi 2019.
        Whelton PK, et al. 2017 ACC/AHA Guideline for the prevention, detection,
        evaluation, and management of high blood pressure in adults. Hypertension.
        2018;71:e13-e115.
        Chobanian AV, et al. The Seventh Report of the Joint National Committee (JNC 7).
        JAMA. 2003;289:2560-2572.
        POGI. PNPK Diagnosis dan Tata Laksana Pre-eklamsia. 2016.
        ACOG Practice Bulletin No. 222: Gestational hypertension and preeclampsia. 2020.
    """
    categories = blood_pressure_categories(systolic, diastolic, lang)
    low_code = low_blood_pressure_code(systolic, diastolic)
    urgent = systolic >= URGENT_SYSTOLIC or diastolic >= URGENT_DIASTOLIC or low_code == "severe_hypotension"
    if systolic >= URGENT_SYSTOLIC or diastolic >= URGENT_DIASTOLIC:
        for category in categories.values():
            category["advice"] = _BP_ADVICE_VERY_HIGH.get(lang)
    pregnancy = _pregnancy_pathway(systolic, diastolic, lang) if pregnant else None
    if pregnancy and pregnancy["code"] != "pregnancy_normal":
        urgent = True
        for category in categories.values():
            category["advice"] = pregnancy["advice"]
    chosen = categories[scheme]
    label = chosen["label"] + (f" ({chosen['grade_label']})" if chosen.get("grade_label") else "")
    notes = []
    if low_code is None and diastolic < HYPOTENSION_DIASTOLIC:
        notes.append(
            Text(
                "Tekanan diastolik (angka bawah) Anda rendah, di bawah 60 mmHg. Sampaikan ke dokter saat kontrol; "
                "segera ke IGD bila pusing berat atau pingsan.",
                "Your diastolic (lower) pressure is low, below 60 mmHg. Mention it to your doctor at your next "
                "visit; go to the emergency department if you feel very dizzy or faint.",
            ).get(lang)
        )
    if low_code is None:
        notes.append(
            Text(
                "Satu kali pengukuran belum cukup untuk diagnosis; hipertensi dipastikan dari beberapa pengukuran "
                "pada hari yang berbeda.",
                "One reading is not a diagnosis; hypertension is confirmed by several readings on different days.",
            ).get(lang)
        )
    if pregnancy and pregnancy["code"] == "pregnancy_normal":
        notes.append(pregnancy["advice"])
    reading = Text(
        f"Satu pengukuran {systolic}/{diastolic} mmHg: kategori {label} menurut {BP_SCHEME_LABELS[scheme].id}.",
        f"One reading of {systolic}/{diastolic} mmHg: {label} category by {BP_SCHEME_LABELS[scheme].en}.",
    ).get(lang)
    if pregnancy and pregnancy["code"] != "pregnancy_normal":
        interpretation = f"{pregnancy['label']}: {pregnancy['advice']} {reading}"
    else:
        interpretation = f"{reading} {chosen['advice']}"
    return {
        "calculator": "blood-pressure",
        "value": systolic,
        "systolic": systolic,
        "diastolic": diastolic,
        "pulse_pressure": systolic - diastolic,
        "unit": "mmHg",
        "scheme": scheme,
        "single_reading": True,
        "low": low_code is not None,
        "urgent": urgent,
        "pregnant": pregnant,
        "pregnancy": pregnancy,
        "category": chosen,
        "categories": categories,
        "interpretation": interpretation,
        "notes": notes,
    }


PREGNANCY_BP = {
    "severe_hypertension_in_pregnancy": Category(
        "severe_hypertension_in_pregnancy",
        Text("Hipertensi berat dalam kehamilan", "Severe hypertension in pregnancy"),
        Text(
            "Tekanan darah 160/110 mmHg atau lebih pada kehamilan berbahaya bagi ibu dan janin (risiko preeklamsia "
            "berat dan eklamsia). Segera ke rumah sakit atau IGD sekarang juga, jangan menunggu.",
            "A blood pressure of 160/110 mmHg or more in pregnancy is dangerous for mother and baby (risk of severe "
            "pre-eclampsia and eclampsia). Go to a hospital or emergency department now; do not wait.",
        ),
    ),
    "hypertension_in_pregnancy": Category(
        "hypertension_in_pregnancy",
        Text("Hipertensi dalam kehamilan", "Hypertension in pregnancy"),
        Text(
            "Tekanan darah 140/90 mmHg atau lebih pada kehamilan bisa menjadi tanda preeklamsia. Periksakan diri "
            "ke bidan, dokter, atau puskesmas hari ini juga untuk cek ulang tekanan darah dan protein urine. Segera "
            "ke rumah sakit bila ada sakit kepala hebat, pandangan kabur, nyeri ulu hati, sesak napas, bengkak di "
            "wajah atau tangan, atau kejang.",
            "A blood pressure of 140/90 mmHg or more in pregnancy can be a sign of pre-eclampsia. See a midwife, "
            "doctor or health centre today to re-check the pressure and test the urine for protein. Go to a "
            "hospital at once with a severe headache, blurred vision, pain under the ribs, shortness of breath, "
            "swelling of the face or hands, or fits.",
        ),
    ),
    "pregnancy_normal": Category(
        "pregnancy_normal",
        Text("Di bawah batas hipertensi kehamilan", "Below the pregnancy hypertension threshold"),
        Text(
            "Pada kehamilan, tekanan darah diperiksa pada setiap kunjungan antenatal; 140/90 mmHg atau lebih perlu "
            "diperiksakan hari itu juga.",
            "In pregnancy, blood pressure is checked at every antenatal visit; 140/90 mmHg or more needs a check "
            "the same day.",
        ),
    ),
}


def _pregnancy_pathway(systolic: int, diastolic: int, lang: str) -> dict[str, Any]:
    severe_systolic, severe_diastolic = PREGNANCY_SEVERE_HYPERTENSION
    high_systolic, high_diastolic = PREGNANCY_HYPERTENSION
    if systolic >= severe_systolic or diastolic >= severe_diastolic:
        code = "severe_hypertension_in_pregnancy"
    elif systolic >= high_systolic or diastolic >= high_diastolic:
        code = "hypertension_in_pregnancy"
    else:
        code = "pregnancy_normal"
    return PREGNANCY_BP[code].to_dict("pogi_2016", lang)


def _check_blood_pressure(values: dict[str, Any], context: ValidationContext) -> None:
    if values["systolic"] <= values["diastolic"]:
        context.add_error(
            "systolic",
            Text(
                "Tekanan sistolik harus lebih tinggi dari diastolik; periksa apakah angkanya tertukar.",
                "Systolic pressure must be higher than diastolic; check whether the numbers are swapped.",
            ),
        )
    elif values["systolic"] - values["diastolic"] < MIN_PULSE_PRESSURE:
        context.add_error(
            "diastolic",
            Text(
                f"Selisih sistolik dan diastolik kurang dari {MIN_PULSE_PRESSURE} mmHg; angka ini hampir pasti salah "
                "ukur. Periksa kembali pengukurannya dan ukur ulang.",
                f"Systolic and diastolic are less than {MIN_PULSE_PRESSURE} mmHg apart; this is almost certainly a "
                "measuring error. Check the measurement and measure again.",
            ),
        )


BLOOD_PRESSURE_SPEC = CalculatorSpec(
    name="blood-pressure",
    title=Text("Klasifikasi tekanan darah", "Blood-pressure classification"),
    description=Text(
        "Klasifikasi tekanan darah menurut ESC/ESH 2018 (PERHI 2019), ACC/AHA 2017, dan JNC 7.",
        "Blood-pressure classification by ESC/ESH 2018 (PERHI 2019), ACC/AHA 2017 and JNC 7.",
    ),
    references=(
        "ESC/ESH 2018",
        "PERHI 2019",
        "ACC/AHA 2017",
        "JNC 7 (2003)",
        "POGI 2016 (PNPK Pre-eklamsia)",
        "ACOG Practice Bulletin 222 (2020)",
    ),
    inputs=(
        number_input(
            "systolic",
            "mmHg",
            "50",
            "300",
            Text("Tekanan darah sistolik (angka atas) dalam mmHg.", "Systolic (upper) pressure in mmHg."),
            integer=True,
        ),
        number_input(
            "diastolic",
            "mmHg",
            "30",
            "200",
            Text("Tekanan darah diastolik (angka bawah) dalam mmHg.", "Diastolic (lower) pressure in mmHg."),
            integer=True,
        ),
        InputSpec(
            name="scheme",
            type="choice",
            choices=BP_SCHEMES,
            choice_labels=BP_SCHEME_LABELS,
            required=False,
            default="esh_2018",
            help=Text(
                "Skema klasifikasi untuk `category` (semua skema ada di `categories`).",
                "Classification scheme for `category` (every scheme is in `categories`).",
            ),
        ),
        flag_input(
            "pregnant",
            Text(
                "Sedang hamil (tekanan darah ≥ 140/90 pada kehamilan punya jalur penanganan sendiri).",
                "Currently pregnant (a blood pressure ≥ 140/90 in pregnancy has its own pathway).",
            ),
        ),
    ),
    function=blood_pressure,
    primary_value=lambda result: float(result["systolic"]),
    primary_value_help=Text("Tekanan sistolik (mmHg)", "Systolic pressure (mmHg)"),
    cross_check=_check_blood_pressure,
)

# --- Heart-rate zones -------------------------------------------------------------------

MAX_HR_FORMULAS = ("tanaka", "fox")
MAX_HR_FORMULA_LABELS = {
    "tanaka": Text("Tanaka: 208 − 0,7 × usia", "Tanaka: 208 − 0.7 × age"),
    "fox": Text("220 − usia", "220 − age"),
}

# ACSM (Garber et al. 2011, Table 4): published intensity bands, inclusive whole percents.
HR_ZONES = (
    ("light", Text("Ringan", "Light"), (30, 39), (57, 63)),
    ("moderate", Text("Sedang", "Moderate"), (40, 59), (64, 76)),
    ("vigorous", Text("Berat", "Vigorous"), (60, 89), (77, 95)),
    ("near_maximal", Text("Hampir maksimal", "Near-maximal"), (90, 100), (96, 100)),
)


def max_heart_rate(age: int, formula: str = "tanaka") -> Decimal:
    """Predicted maximal heart rate (beats/min), unrounded."""
    if formula == "tanaka":
        return Decimal(208) - Decimal("0.7") * to_decimal(age)
    if formula == "fox":
        return Decimal(220) - to_decimal(age)
    raise ValueError(f"unknown max-HR formula {formula!r}")


def karvonen_target(max_hr: float | Decimal, resting_hr: float | Decimal, intensity: float | Decimal) -> int:
    """Karvonen target heart rate: rest + intensity × (max − rest), whole beats/min half-up."""
    rest = to_decimal(resting_hr)
    return round_half_up_int(rest + to_decimal(intensity) * (to_decimal(max_hr) - rest))


def percent_of_max_target(max_hr: float | Decimal, intensity: float | Decimal) -> int:
    """Target heart rate as a fraction of maximal heart rate, whole beats/min half-up."""
    return round_half_up_int(to_decimal(intensity) * to_decimal(max_hr))


def heart_rate_zones(
    *, age: int, resting_hr: int | None = None, max_hr_formula: str = "tanaka", lang: str = "id"
) -> dict[str, Any]:
    """Exercise heart-rate zones (ACSM intensity bands).

    Maximal heart rate: Tanaka 208 − 0.7 × age (default) or 220 − age. With a resting
    heart rate the zones use the Karvonen heart-rate-reserve method
    (rest + intensity × (max − rest)); without one, a percentage of maximal heart
    rate. Bands (ACSM): light 30–39 % HRR / 57–63 % HRmax, moderate 40–59 % / 64–76 %,
    vigorous 60–89 % / 77–95 %, near-maximal ≥ 90 % / ≥ 96 %. Beats per minute are
    whole numbers, half-up.

    References:
        Tanaka H, Monahan KD, Seals DR. Age-predicted maximal heart rate revisited.
        J Am Coll Cardiol. 2001;37:153-156.
        Karvonen MJ, Kentala E, Mustala O. The effects of training on heart rate.
        Ann Med Exp Biol Fenn. 1957;35:307-315.
        Garber CE, et al. ACSM position stand: quantity and quality of exercise.
        Med Sci Sports Exerc. 2011;43:1334-1359.
    """
    max_hr = max_heart_rate(age, max_hr_formula)
    use_karvonen = resting_hr is not None
    zones = []
    for code, label, hrr_percent, hrmax_percent in HR_ZONES:
        low, high = hrr_percent if use_karvonen else hrmax_percent
        if use_karvonen:
            low_bpm = karvonen_target(max_hr, resting_hr, Decimal(low) / 100)
            high_bpm = karvonen_target(max_hr, resting_hr, Decimal(high) / 100)
        else:
            low_bpm = percent_of_max_target(max_hr, Decimal(low) / 100)
            high_bpm = percent_of_max_target(max_hr, Decimal(high) / 100)
        zones.append(
            {
                "code": code,
                "label": label.get(lang),
                "intensity_percent": [low, high],
                "intensity_basis": "heart_rate_reserve" if use_karvonen else "max_heart_rate",
                "low_bpm": low_bpm,
                "high_bpm": high_bpm,
            }
        )
    max_bpm = round_half_up_int(max_hr)
    moderate = zones[1]
    method = "karvonen" if use_karvonen else "percent_max"
    return {
        "calculator": "heart-rate-zones",
        "value": max_bpm,
        "unit": "beats/min",
        "scheme": "acsm_2011",
        "method": method,
        "max_hr": max_bpm,
        "max_hr_formula": max_hr_formula,
        "max_hr_alternatives": {name: round_half_up_int(max_heart_rate(age, name)) for name in MAX_HR_FORMULAS},
        "resting_hr": resting_hr,
        "heart_rate_reserve": (max_bpm - resting_hr) if use_karvonen else None,
        "zones": zones,
        "interpretation": Text(
            f"Denyut nadi maksimal perkiraan Anda {max_bpm} kali/menit. Untuk olahraga intensitas sedang, "
            f"jaga denyut nadi {moderate['low_bpm']}–{moderate['high_bpm']} kali/menit. "
            "Jika Anda punya penyakit jantung atau minum obat penurun denyut nadi, tanyakan target ke dokter.",
            f"Your estimated maximum heart rate is {max_bpm} beats/min. For moderate exercise keep your heart rate "
            f"at {moderate['low_bpm']}–{moderate['high_bpm']} beats/min. If you have heart disease or take "
            "medicine that slows the heart, ask your doctor for your target.",
        ).get(lang),
    }


def _check_heart_rate(values: dict[str, Any], context: ValidationContext) -> None:
    resting = values.get("resting_hr")
    if resting is None:
        return
    max_hr = max_heart_rate(values["age"], values.get("max_hr_formula", "tanaka"))
    if resting >= max_hr:
        context.add_error(
            "resting_hr",
            Text(
                "Denyut nadi istirahat harus lebih rendah dari denyut nadi maksimal untuk usia ini.",
                "Resting heart rate must be lower than the maximum heart rate for this age.",
            ),
        )


HEART_RATE_ZONES_SPEC = CalculatorSpec(
    name="heart-rate-zones",
    title=Text("Zona denyut nadi latihan", "Exercise heart-rate zones"),
    description=Text(
        "Zona intensitas latihan (ACSM) dari denyut nadi maksimal Tanaka atau 220 − usia, dengan metode Karvonen "
        "bila denyut nadi istirahat diketahui.",
        "Exercise intensity zones (ACSM) from the Tanaka or 220 − age maximum heart rate, using Karvonen when the "
        "resting heart rate is known.",
    ),
    references=("Tanaka et al. 2001", "Karvonen et al. 1957", "Garber et al. 2011 (ACSM)"),
    inputs=(
        number_input(
            "age", "years", "18", "100", Text("Usia dalam tahun (18–100).", "Age in years (18–100)."), integer=True
        ),
        number_input(
            "resting_hr",
            "beats/min",
            "30",
            "120",
            Text(
                "Denyut nadi istirahat (opsional), diukur pagi hari sebelum bangun.",
                "Resting heart rate (optional), measured in the morning before getting up.",
            ),
            required=False,
            integer=True,
        ),
        InputSpec(
            name="max_hr_formula",
            type="choice",
            choices=MAX_HR_FORMULAS,
            choice_labels=MAX_HR_FORMULA_LABELS,
            required=False,
            default="tanaka",
            help=Text("Rumus denyut nadi maksimal.", "Maximum heart-rate formula."),
        ),
    ),
    function=heart_rate_zones,
    primary_value=lambda result: None if result["resting_hr"] is None else float(result["resting_hr"]),
    primary_value_help=Text(
        "Denyut nadi istirahat (kali/menit), bila diisi", "Resting heart rate (beats/min), when given"
    ),
    cross_check=_check_heart_rate,
)
