"""Child growth (0–60 months): WHO 2006 z-scores with nutritional status per Permenkes 2/2020."""

from __future__ import annotations

from datetime import date
from typing import Any

from .child_age import check_child_age, completed_months
from .rounding import round_half_up
from .spec import CalculatorSpec, InputSpec, ValidationContext, number_input, sex_input
from .text import Category, Text
from .weight_gain import Weighing, months_apart, weight_gain_result
from .who_growth import (
    DAYS_PER_MONTH,
    LENGTH_TO_HEIGHT_AGE_DAYS,
    MAX_AGE_DAYS,
    IndicatorScore,
    age_days_from_months,
    who_growth_zscores,
)

SCHEME = "permenkes_2_2020"
MAX_AGE_MONTHS = 60
# Newborns: WHO/Kemenkes birth-weight bands (g). The first 28 days are the neonatal period, where a
# weight under 2,500 g is read as low birth weight (BBLR) rather than as a z-score finding.
NEONATAL_DAYS = 28
LOW_BIRTH_WEIGHT_KG = 2.5
VERY_LOW_BIRTH_WEIGHT_KG = 1.5
EXTREMELY_LOW_BIRTH_WEIGHT_KG = 1.0
TERM_WEEKS = 40  # corrected age counts from 40 weeks
PRETERM_BELOW_WEEKS = 37
CORRECTED_AGE_UNTIL_DAYS = 730  # corrected age is used up to 24 months of chronological age
YOUNG_INFANT_DAYS = 183  # under 6 months a very low weight-for-age needs care today, not this week

MEASURED_LABELS = {
    "lying": Text("Berbaring (panjang badan)", "Lying (recumbent length)"),
    "standing": Text("Berdiri (tinggi badan)", "Standing (height)"),
}

_NEWBORN_DANGER_SIGNS = Text(
    "tidak mau menyusu, lemas atau kurang bergerak, kejang, napas cepat atau sesak, badan teraba dingin atau panas, "
    "atau kulit kuning",
    "will not feed, is floppy or moves less, has fits, breathes fast or with difficulty, feels cold or hot, or has "
    "yellow skin",
)
BIRTH_WEIGHT_CATEGORIES = {
    "extremely_low_birth_weight": Category(
        "extremely_low_birth_weight",
        Text("Berat badan lahir amat sangat rendah (BBLASR, < 1.000 g)", "Extremely low birth weight (< 1,000 g)"),
        Text(
            "Bayi dengan berat di bawah 1.000 g harus dirawat di rumah sakit. Bawa bayi ke rumah sakit sekarang juga; "
            "selama perjalanan jaga bayi tetap hangat dengan kontak kulit ke kulit (metode kanguru).",
            "A baby under 1,000 g must be cared for in hospital. Take the baby to a hospital now; keep the baby warm "
            "skin to skin (kangaroo care) on the way.",
        ),
    ),
    "very_low_birth_weight": Category(
        "very_low_birth_weight",
        Text("Berat badan lahir sangat rendah (BBLSR, < 1.500 g)", "Very low birth weight (< 1,500 g)"),
        Text(
            "Bayi dengan berat di bawah 1.500 g perlu dirawat di rumah sakit. Bawa bayi ke rumah sakit sekarang juga; "
            "selama perjalanan jaga bayi tetap hangat dengan kontak kulit ke kulit (metode kanguru) dan teruskan ASI "
            "bila bayi bisa menyusu.",
            "A baby under 1,500 g needs hospital care. Take the baby to a hospital now; keep the baby warm skin to "
            "skin (kangaroo care) on the way and keep breastfeeding if the baby can feed.",
        ),
    ),
    "low_birth_weight": Category(
        "low_birth_weight",
        Text("Berat badan lahir rendah (BBLR, < 2.500 g)", "Low birth weight (< 2,500 g)"),
        Text(
            "Bayi berat lahir rendah perlu diperiksa bidan, puskesmas, atau dokter hari ini (suhu tubuh, kemampuan "
            "menyusu, usia kehamilan saat lahir) dan dipantau ketat. Jaga bayi tetap hangat dengan perawatan metode "
            "kanguru dan beri ASI sesering mungkin, minimal 8 kali sehari. Segera ke rumah sakit bila bayi "
            + _NEWBORN_DANGER_SIGNS.id
            + ".",
            "A low-birth-weight baby needs to be seen by a midwife, health centre or doctor today (temperature, "
            "feeding, gestational age at birth) and followed closely. Keep the baby warm with kangaroo care and "
            "breastfeed as often as possible, at least 8 times a day. Go to a hospital at once if the baby "
            + _NEWBORN_DANGER_SIGNS.en
            + ".",
        ),
    ),
}
ASK_GESTATIONAL_AGE = Text(
    "Berapa minggu usia kehamilan saat bayi lahir? Isi usia kehamilan (gestational_age_weeks): bayi yang lahir "
    "kurang bulan (< 37 minggu) dinilai dengan umur koreksi sampai umur 24 bulan.",
    "How many weeks pregnant was the mother when the baby was born? Give the gestational age "
    "(gestational_age_weeks): a baby born preterm (< 37 weeks) is assessed by corrected age up to 24 months.",
)
_ASSESS_VERY_LOW_WEIGHT_YOUNG_INFANT = Text(
    "Berat badan bayi sangat kurang untuk umurnya. Bayi di bawah 6 bulan dengan berat sangat kurang perlu diperiksa "
    "hari ini di puskesmas atau dokter (cara menyusu, infeksi, dan penyebab lain). Segera ke rumah sakit bila bayi "
    + _NEWBORN_DANGER_SIGNS.id
    + ".",
    "The baby's weight is very low for their age. A baby under 6 months with a very low weight needs to be seen "
    "today at a health centre or by a doctor (feeding, infection and other causes). Go to a hospital at once if the "
    "baby " + _NEWBORN_DANGER_SIGNS.en + ".",
)
NOT_COMPUTED_BEFORE_TERM = Text(
    "Tidak dihitung: umur koreksi bayi prematur belum mencapai 40 minggu; standar WHO 2006 berlaku mulai cukup bulan. "
    "Tenaga kesehatan memantau bayi dengan grafik pertumbuhan bayi prematur.",
    "Not computed: the preterm baby's corrected age has not reached 40 weeks; the WHO 2006 standards start at term. "
    "Health workers follow such a baby on a preterm growth chart.",
)


def birth_weight_code(weight_kg: float) -> str | None:
    """WHO birth-weight band of a newborn's weight: < 1.0, < 1.5, < 2.5 kg; None from 2.5 kg."""
    if weight_kg < EXTREMELY_LOW_BIRTH_WEIGHT_KG:
        return "extremely_low_birth_weight"
    if weight_kg < VERY_LOW_BIRTH_WEIGHT_KG:
        return "very_low_birth_weight"
    if weight_kg < LOW_BIRTH_WEIGHT_KG:
        return "low_birth_weight"
    return None


_SEE_HEALTH_WORKER = Text(
    "Bawa anak ke posyandu, puskesmas, atau dokter untuk pemeriksaan dan konseling gizi.",
    "Take the child to a posyandu, community health centre or doctor for a check-up and nutrition advice.",
)
_URGENT = Text(
    "Segera bawa anak ke puskesmas atau rumah sakit untuk penanganan gizi buruk.",
    "Take the child to a health centre or hospital now for treatment of severe malnutrition.",
)
_ASSESS_VERY_LOW_WEIGHT = Text(
    "Berat badan anak sangat kurang untuk umurnya. Bawa anak ke puskesmas atau dokter dalam minggu ini untuk "
    "dinilai: tenaga kesehatan akan menimbang ulang dan memeriksa BB/TB, lingkar lengan atas, serta pola makan dan "
    "riwayat sakit anak.",
    "The child's weight is very low for their age. Take the child to a community health centre or doctor this week "
    "to be assessed: the health worker will weigh again and check weight-for-height, mid-upper arm circumference, "
    "and the child's eating and illnesses.",
)
_ASSESS_STUNTING = Text(
    "Anak pendek untuk umurnya (stunting). Bawa anak ke posyandu, puskesmas, atau dokter untuk dinilai penyebabnya "
    "dan mendapat konseling gizi; pantau panjang/tinggi badan setiap bulan.",
    "The child is short for their age (stunting). Take the child to a posyandu, community health centre or doctor "
    "to look for the cause and get nutrition advice; measure length/height every month.",
)
_ASSESS_SEVERE_STUNTING = Text(
    "Anak sangat pendek untuk umurnya (stunting berat). Bawa anak ke puskesmas atau dokter untuk dinilai penyebabnya "
    "(gizi, infeksi berulang, atau penyebab lain) dan mendapat rujukan bila perlu; pantau panjang/tinggi badan setiap "
    "bulan.",
    "The child is very short for their age (severe stunting). Take the child to a community health centre or doctor "
    "to look for the cause (nutrition, repeated infections or other causes) and be referred if needed; measure "
    "length/height every month.",
)
_CONFIRM_LOW_BMI = Text(
    "IMT anak sangat rendah untuk umurnya. Bawa anak ke puskesmas atau dokter untuk dinilai dengan BB/PB atau BB/TB "
    "dan lingkar lengan atas.",
    "The child's BMI is very low for their age. Take the child to a community health centre or doctor to be assessed "
    "by weight-for-length/height and mid-upper arm circumference.",
)
_KEEP_MONITORING = Text(
    "Lanjutkan pemantauan pertumbuhan setiap bulan di posyandu.",
    "Keep monitoring growth every month at the posyandu.",
)
_CONFIRM_WEIGHT = Text(
    "Mungkin ada masalah pertumbuhan; pastikan dengan indeks BB/PB atau BB/TB atau IMT/U.",
    "There may be a growth problem; confirm with weight-for-length/height or BMI-for-age.",
)
_OVERWEIGHT = Text(
    "Berat badan anak berlebih untuk panjang/tinggi badannya. Konsultasikan pola makan anak dengan tenaga kesehatan.",
    "The child is heavy for their length/height. Discuss the child's diet with a health worker.",
)

# Permenkes RI No. 2/2020 tentang Standar Antropometri Anak: categories for children
# 0–60 months, by index (the cut-offs themselves are in ``status_code``).
CATEGORIES: dict[str, dict[str, Category]] = {
    "weight_for_age": {
        "severely_underweight": Category(
            "severely_underweight",
            Text("Berat badan sangat kurang", "Severely underweight"),
            _ASSESS_VERY_LOW_WEIGHT,
        ),
        "underweight": Category("underweight", Text("Berat badan kurang", "Underweight"), _SEE_HEALTH_WORKER),
        "normal": Category("normal", Text("Berat badan normal", "Normal weight"), _KEEP_MONITORING),
        "risk_of_overweight": Category(
            "risk_of_overweight", Text("Risiko berat badan lebih", "Risk of overweight"), _CONFIRM_WEIGHT
        ),
    },
    "length_for_age": {
        "severely_stunted": Category(
            "severely_stunted", Text("Sangat pendek", "Severely stunted"), _ASSESS_SEVERE_STUNTING
        ),
        "stunted": Category("stunted", Text("Pendek", "Stunted"), _ASSESS_STUNTING),
        "normal": Category("normal", Text("Normal", "Normal"), _KEEP_MONITORING),
        "tall": Category(
            "tall",
            Text("Tinggi", "Tall"),
            Text(
                "Anak sangat tinggi untuk usianya; jarang menjadi masalah, tetapi sampaikan ke tenaga kesehatan.",
                "The child is very tall for their age; rarely a problem, but mention it to a health worker.",
            ),
        ),
    },
    "weight_for_length": {
        "severely_wasted": Category("severely_wasted", Text("Gizi buruk", "Severely wasted"), _URGENT),
        "wasted": Category("wasted", Text("Gizi kurang", "Wasted"), _SEE_HEALTH_WORKER),
        "normal": Category("normal", Text("Gizi baik", "Normal"), _KEEP_MONITORING),
        "possible_risk_of_overweight": Category(
            "possible_risk_of_overweight",
            Text("Berisiko gizi lebih", "Possible risk of overweight"),
            Text(
                "Jaga pola makan anak seimbang dan ajak anak aktif bergerak.",
                "Keep the child's diet balanced and the child active.",
            ),
        ),
        "overweight": Category("overweight", Text("Gizi lebih", "Overweight"), _OVERWEIGHT),
        "obese": Category("obese", Text("Obesitas", "Obese"), _OVERWEIGHT),
    },
}
# IMT/U 0–60 months has the same bands and labels in Permenkes 2/2020, but the treatment of
# gizi buruk is decided on BB/PB or BB/TB (< −3 SD), MUAC or oedema, not on IMT/U: below −3 SD
# IMT/U refers the child for that assessment rather than for treatment.
CATEGORIES["bmi_for_age"] = {
    **CATEGORIES["weight_for_length"],
    "severely_wasted": Category("severely_wasted", Text("Gizi buruk", "Severely wasted"), _CONFIRM_LOW_BMI),
}
# Which finding's advice leads the summary when several apply (first wins); the urgent
# treatment advice comes only from weight-for-length/height below −3 SD.
ADVICE_PRIORITY = (
    ("weight_for_length", "severely_wasted"),
    ("bmi_for_age", "severely_wasted"),
    ("weight_for_age", "severely_underweight"),
    ("length_for_age", "severely_stunted"),
    ("weight_for_length", "wasted"),
    ("bmi_for_age", "wasted"),
    ("weight_for_age", "underweight"),
    ("length_for_age", "stunted"),
)

NOT_COMPUTED = {
    "oedema": Text(
        "Tidak dihitung: anak mengalami edema (bengkak), berat badan tidak mencerminkan status gizi.",
        "Not computed: the child has oedema (swelling), so weight does not reflect nutritional status.",
    ),
    "out_of_range": Text(
        "Tidak dapat dihitung: di luar rentang tabel standar WHO.",
        "Cannot be computed: outside the range of the WHO standard tables.",
    ),
    "before_term": NOT_COMPUTED_BEFORE_TERM,
}
IMPLAUSIBLE_ADVICE = Text(
    "Nilai ini di luar batas yang masuk akal menurut WHO; kemungkinan salah ukur atau salah catat. Ukur ulang anak.",
    "This value is outside WHO's plausible limits; it is probably a measuring or typing error. Measure the child "
    "again.",
)
INDEX_NAMES = {
    "weight_for_age": Text("BB/U (berat badan menurut umur)", "Weight-for-age"),
    "length_for_age": Text("PB/U (panjang badan menurut umur)", "Length-for-age"),
    "height_for_age": Text("TB/U (tinggi badan menurut umur)", "Height-for-age"),
    "weight_for_length": Text("BB/PB (berat badan menurut panjang badan)", "Weight-for-length"),
    "weight_for_height": Text("BB/TB (berat badan menurut tinggi badan)", "Weight-for-height"),
    "bmi_for_age": Text("IMT/U (indeks massa tubuh menurut umur)", "BMI-for-age"),
}


def status_code(indicator: str, z: float) -> str:
    """Permenkes 2/2020 category of a rounded z-score for one indicator.

    The regulation's bands read "−3 SD s.d. < −2 SD", "−2 SD s.d. +1 SD", "> +1 SD s.d.
    +2 SD", …: −2.00 is normal, −2.01 is not; +1.00 is normal, +1.01 is not.
    """
    if indicator == "weight_for_age":
        if z < -3:
            return "severely_underweight"
        if z < -2:
            return "underweight"
        if z <= 1:
            return "normal"
        return "risk_of_overweight"
    if indicator == "length_for_age":
        if z < -3:
            return "severely_stunted"
        if z < -2:
            return "stunted"
        if z <= 3:
            return "normal"
        return "tall"
    if indicator in ("weight_for_length", "bmi_for_age"):
        if z < -3:
            return "severely_wasted"
        if z < -2:
            return "wasted"
        if z <= 1:
            return "normal"
        if z <= 2:
            return "possible_risk_of_overweight"
        if z <= 3:
            return "overweight"
        return "obese"
    raise ValueError(f"unknown indicator {indicator!r}")


def _indicator(
    indicator: str, score: IndicatorScore, display_name: str, not_computed_reason: str, lang: str
) -> dict[str, Any]:
    if score.z is None:
        return {
            "z": None,
            "code": "not_computed",
            "label": NOT_COMPUTED[not_computed_reason].get(lang),
            "flag": False,
            "advice": None,
            "index": INDEX_NAMES[display_name].get(lang),
            "scheme": SCHEME,
        }
    category = CATEGORIES[indicator][status_code(indicator, score.z)]
    advice = category.advice.get(lang)
    if score.flagged:
        advice = IMPLAUSIBLE_ADVICE.get(lang)
    return {
        "z": score.z,
        "code": category.code,
        "label": category.label.get(lang),
        "flag": bool(score.flagged),
        "advice": advice,
        "index": INDEX_NAMES[display_name].get(lang),
        "scheme": SCHEME,
    }


def _summary_advice(indicators: dict[str, dict[str, Any]], lang: str) -> str:
    """Each finding's own advice, most pressing first, each sentence once.

    Keys are the result's (height_for_age / weight_for_height after 24 months); the priority
    table uses the indicator families.
    """
    family = {
        "height_for_age": "length_for_age",
        "weight_for_height": "weight_for_length",
    }
    findings = {
        (family.get(key, key), indicator["code"]): indicator
        for key, indicator in indicators.items()
        if indicator["code"] not in ("normal", "not_computed")
    }
    ordered = [findings[key] for key in ADVICE_PRIORITY if key in findings]
    ordered += [indicator for key, indicator in findings.items() if key not in ADVICE_PRIORITY]
    if ordered and ("weight_for_length", "severely_wasted") in findings and not ordered[0]["flag"]:
        ordered = ordered[:1]  # treatment of gizi buruk comes first and alone
    sentences: list[str] = []
    for indicator in ordered:
        if indicator["advice"] and indicator["advice"] not in sentences:
            sentences.append(indicator["advice"])
    weight_for_length = indicators.get("weight_for_length") or indicators.get("weight_for_height") or {}
    short = {k: v for k, v in findings.items() if k[0] == "length_for_age"}
    if weight_for_length.get("code") == "normal" and short and ("weight_for_age", "severely_underweight") in findings:
        sentences.append(LOW_WEIGHT_FROM_SHORTNESS.get(lang))
    return " ".join(sentences)


LOW_WEIGHT_FROM_SHORTNESS = Text(
    "Berat badan anak sesuai untuk panjang/tinggi badannya (BB/PB atau BB/TB normal): berat yang rendah untuk umur "
    "terutama karena anak pendek, bukan karena anak kurus (wasting).",
    "The child's weight is right for their length/height (weight-for-length/height normal): the low weight for age "
    "comes mainly from being short, not from wasting.",
)


def child_growth(
    *,
    sex: str,
    weight_kg: float,
    length_cm: float,
    measured: str,
    birth_date: date | None = None,
    age_months: float | None = None,
    on_date: date | None = None,
    oedema: bool = False,
    gestational_age_weeks: int | None = None,
    birth_weight_kg: float | None = None,
    previous_weight_kg: float | None = None,
    previous_date: date | None = None,
    earlier_weight_kg: float | None = None,
    earlier_date: date | None = None,
    lang: str = "id",
) -> dict[str, Any]:
    """Nutritional status of a child 0–60 months from WHO Child Growth Standards z-scores.

    Age in days from the dates, or round-half-up(months × 30.4375). Length is
    standardised (+0.7 cm standing under 731 days, −0.7 cm lying from 731 days);
    weight-for-length under 731 days, weight-for-height from 731 days. Z-scores by the
    LMS method, restricted beyond ±3 SD for the weight-based indicators, rounded to
    2 decimals; implausible values flagged as WHO does. Status per Permenkes 2/2020.
    See ``who_growth`` for the engine.

    Newborns: in the first 28 days a weight under 2,500 g (or a ``birth_weight_kg`` under
    2,500 g) is low birth weight (BBLR), the headline of the result: under 1,500 g to hospital
    now, otherwise seen today; the gestational age at birth is asked for when it is missing.
    A preterm baby (born before 37 weeks) is assessed at corrected age (chronological age
    minus the weeks short of 40) up to 24 months; before 40 weeks corrected the WHO standards
    do not apply and the age-based indices are not computed. Under 6 months a weight-for-age
    below −3 SD is "seen today", not "this week".

    With last month's weighing (``previous_weight_kg``/``previous_date``, and optionally the one
    before, ``earlier_*``) the result says Naik/Tidak naik against the KBM (see ``weight_gain``);
    two T in a row is a referral sign.

    References:
        WHO Multicentre Growth Reference Study Group. WHO Child Growth Standards:
        Length/height-for-age, weight-for-age, weight-for-length, weight-for-height
        and body mass index-for-age: methods and development. Geneva: WHO; 2006.
        WHO. igrowup / anthro software and macros (z-score computation, flags).
        Permenkes RI No. 2/2020 tentang Standar Antropometri Anak.
    """
    if birth_date is not None:
        if on_date is None:
            raise ValueError("on_date is needed with birth_date")
        age_days = (on_date - birth_date).days
    elif age_months is not None:
        age_days = age_days_from_months(age_months)
    else:
        raise ValueError("give birth_date or age_months")

    preterm = gestational_age_weeks is not None and gestational_age_weeks < PRETERM_BELOW_WEEKS
    age_days_used: int | None = age_days
    if preterm and age_days <= CORRECTED_AGE_UNTIL_DAYS:
        age_days_used = age_days - (TERM_WEEKS - gestational_age_weeks) * 7
    before_term = age_days_used is not None and age_days_used < 0
    scores = who_growth_zscores(
        sex=sex,
        age_days=None if before_term else age_days_used,
        weight_kg=weight_kg,
        length_cm=length_cm,
        measured=measured,
        oedema=oedema,
    )
    height_age = age_days >= LENGTH_TO_HEIGHT_AGE_DAYS
    length_key = "height_for_age" if height_age else "length_for_age"
    weight_length_key = "weight_for_height" if height_age else "weight_for_length"
    weight_reason = "oedema" if oedema else "before_term" if before_term else "out_of_range"
    age_reason = "before_term" if before_term else "out_of_range"
    indicators = {
        "weight_for_age": _indicator("weight_for_age", scores.weight_for_age, "weight_for_age", weight_reason, lang),
        length_key: _indicator("length_for_age", scores.length_for_age, length_key, age_reason, lang),
        weight_length_key: _indicator(
            "weight_for_length", scores.weight_for_length, weight_length_key, weight_reason, lang
        ),
        "bmi_for_age": _indicator("bmi_for_age", scores.bmi_for_age, "bmi_for_age", weight_reason, lang),
    }

    if before_term:  # no WHO 2006 index applies before term-equivalent age, weight-for-length included
        indicators[weight_length_key] = _indicator(
            "weight_for_length", IndicatorScore(None, None), weight_length_key, "before_term", lang
        )
    newborn = age_days <= NEONATAL_DAYS
    birth_weight = birth_weight_kg if birth_weight_kg is not None else (weight_kg if newborn else None)
    birth_code = birth_weight_code(birth_weight) if birth_weight is not None else None
    if (
        not newborn
        and age_days < YOUNG_INFANT_DAYS
        and indicators["weight_for_age"]["code"] == "severely_underweight"
        and not indicators["weight_for_age"]["flag"]
    ):
        indicators["weight_for_age"]["advice"] = _ASSESS_VERY_LOW_WEIGHT_YOUNG_INFANT.get(lang)
    if birth_code is not None and newborn:
        # The newborn's smallness is BBLR: one instruction (now / today) instead of each index's own.
        for indicator in indicators.values():
            if indicator["code"] not in ("normal", "not_computed") and not indicator["flag"]:
                indicator["advice"] = BIRTH_WEIGHT_CATEGORIES[birth_code].advice.get(lang)

    notes = []
    if birth_code is not None and gestational_age_weeks is None and age_days <= CORRECTED_AGE_UNTIL_DAYS:
        notes.append(ASK_GESTATIONAL_AGE.get(lang))
    if before_term:
        notes.append(NOT_COMPUTED_BEFORE_TERM.get(lang))
    elif age_days_used != age_days:
        notes.append(
            Text(
                f"Bayi lahir kurang bulan ({gestational_age_weeks} minggu): dinilai dengan umur koreksi "
                f"{age_days_used} hari (umur sebenarnya {age_days} hari) sampai umur 24 bulan.",
                f"Born preterm ({gestational_age_weeks} weeks): assessed at a corrected age of {age_days_used} days "
                f"(actual age {age_days} days) until 24 months.",
            ).get(lang)
        )
    oedema_warning = Text(
        "Edema (bengkak) pada kedua punggung kaki adalah tanda gizi buruk. " + _URGENT.id,
        "Oedema (swelling) of both feet is a sign of severe malnutrition. " + _URGENT.en,
    )
    if oedema:
        notes.append(oedema_warning.get(lang))
    if any(indicator["flag"] for indicator in indicators.values()):
        notes.append(IMPLAUSIBLE_ADVICE.get(lang))
    correction = round_half_up(scores.length_cm - length_cm, 1) if scores.length_cm is not None else 0.0

    findings = [
        (key, indicator) for key, indicator in indicators.items() if indicator["code"] not in ("normal", "not_computed")
    ]
    birth_weight_result = None
    if birth_code is not None:
        category = BIRTH_WEIGHT_CATEGORIES[birth_code]
        birth_weight_result = {
            "code": birth_code,
            "label": category.label.get(lang),
            "advice": category.advice.get(lang) if newborn else None,
            "weight_kg": birth_weight,
            "scheme": "who_kemenkes_bblr",
        }
        if not newborn:
            notes.append(
                Text(
                    f"Anak lahir dengan {category.label.id.split(' (')[0].lower()}: pantau pertumbuhannya setiap "
                    "bulan di posyandu dan periksakan bila berat badan tidak naik.",
                    f"The child was born with {category.label.en.split(' (')[0].lower()}: have growth checked "
                    "every month at the posyandu and see a health worker if the weight does not go up.",
                ).get(lang)
            )
    if oedema:
        # Weight-based indices are not computed with oedema, so an all-normal reading of
        # the rest must not read as reassurance: oedema alone means severe malnutrition.
        interpretation = oedema_warning
    elif findings:
        listed = "; ".join(f"{INDEX_NAMES[key].get(lang)}: {indicator['label'].lower()}" for key, indicator in findings)
        advices = _summary_advice(indicators, lang)
        interpretation = Text(
            f"Hasil penilaian (Permenkes 2/2020): {listed}. {advices}",
            f"Assessment (Permenkes 2/2020): {listed}. {advices}",
        )
    else:
        interpretation = Text(
            "Pertumbuhan anak sesuai standar WHO untuk indeks yang dapat dihitung. " + _KEEP_MONITORING.id,
            "The child's growth is within the WHO standards for the indices that could be computed. "
            + _KEEP_MONITORING.en,
        )

    weight_gain = None
    if previous_weight_kg is not None and previous_date is not None and on_date is not None:
        weighings = [Weighing(previous_date, previous_weight_kg), Weighing(on_date, weight_kg)]
        if earlier_weight_kg is not None and earlier_date is not None:
            weighings.insert(0, Weighing(earlier_date, earlier_weight_kg))
        if birth_date is not None:
            months_now = completed_months(birth_date, on_date)
            months_before = completed_months(birth_date, previous_date)
        else:
            months_now = int(age_months or 0)
            months_before = months_now - months_apart(previous_date, on_date)
        weight_gain = weight_gain_result(weighings, months_now, months_before, lang)
    if before_term and not oedema:
        interpretation = Text(
            NOT_COMPUTED_BEFORE_TERM.id + " Bawa bayi kontrol ke puskesmas atau dokter sesuai jadwal yang diberikan.",
            NOT_COMPUTED_BEFORE_TERM.en + " Take the baby to the health centre or doctor for every scheduled check.",
        )
    if birth_weight_result is not None and newborn and not oedema:
        listed = "; ".join(f"{INDEX_NAMES[key].get(lang)}: {indicator['label'].lower()}" for key, indicator in findings)
        headline = Text(
            f"{birth_weight_result['label']}. {birth_weight_result['advice']}",
            f"{birth_weight_result['label']}. {birth_weight_result['advice']}",
        ).get(lang)
        details = Text(f" Hasil indeks: {listed}.", f" Indices: {listed}.").get(lang) if findings else ""
        interpretation = Text(headline + details, headline + details)

    if weight_gain is not None and weight_gain["status"] != "not_judged":
        gain_text = Text(
            f" Penimbangan bulan ini: {weight_gain['label']}. {weight_gain['advice']}",
            f" This month's weighing: {weight_gain['label']}. {weight_gain['advice']}",
        ).get(lang)
        if weight_gain["two_t"]:  # a referral sign leads
            interpretation = Text(
                gain_text.strip() + " " + interpretation.id, gain_text.strip() + " " + interpretation.en
            )
        else:
            interpretation = Text(interpretation.id + gain_text, interpretation.en + gain_text)

    return {
        "calculator": "child-growth",
        "value": scores.weight_for_age.z,
        "unit": "z",
        "scheme": SCHEME,
        "standard": "who_2006",
        "sex": sex,
        "age_days": age_days,
        "age_months": round_half_up(age_days / DAYS_PER_MONTH, 2),
        "gestational_age_weeks": gestational_age_weeks,
        "preterm": preterm,
        "corrected_age_days": age_days_used if age_days_used != age_days else None,
        "birth_weight": birth_weight_result,
        "weight_gain": weight_gain,
        "urgent": birth_code in ("very_low_birth_weight", "extremely_low_birth_weight") and newborn,
        "measured": measured,
        "length_cm_used": round_half_up(scores.length_cm, 2) if scores.length_cm is not None else None,
        "length_correction_cm": correction,
        "bmi": round_half_up(scores.bmi, 2) if scores.bmi is not None else None,
        "indicators": indicators,
        "interpretation": interpretation.get(lang),
        "notes": notes,
    }


def _check_weighings(values: dict[str, Any], context: ValidationContext) -> None:
    """Earlier weighings come in (weight, date) pairs, in date order, before the current one."""
    for weight_field, date_field in (("previous_weight_kg", "previous_date"), ("earlier_weight_kg", "earlier_date")):
        if (values.get(weight_field) is None) != (values.get(date_field) is None):
            together = Text(
                "Isi berat dan tanggal penimbangan bersama-sama.",
                "Give the weight and the date of that weighing together.",
            )
            context.add_error(weight_field, together)  # both fields named: the one sent and the one missing
            context.add_error(date_field, together)
    if context.errors or values.get("previous_date") is None:
        if values.get("earlier_date") is not None and values.get("previous_date") is None and not context.errors:
            context.add_error(
                "previous_date",
                Text("Isi dulu penimbangan bulan lalu.", "Give last month's weighing first."),
            )
        return
    current = values.setdefault("on_date", context.today)
    order_error = Text(
        "Tanggal penimbangan harus berurutan: dua bulan lalu, bulan lalu, lalu tanggal pengukuran ini.",
        "Weighing dates must be in order: two months ago, last month, then this measurement's date.",
    )
    if values["previous_date"] >= current:
        context.add_error("previous_date", order_error)
    elif values.get("earlier_date") is not None and values["earlier_date"] >= values["previous_date"]:
        context.add_error("earlier_date", order_error)
    birth_date = values.get("birth_date")
    first = values.get("earlier_date") or values["previous_date"]
    if birth_date is not None and first < birth_date:
        context.add_error(
            "earlier_date" if values.get("earlier_date") else "previous_date",
            Text("Penimbangan tidak boleh sebelum tanggal lahir.", "A weighing cannot be before the birth date."),
        )


def _check_child_growth(values: dict[str, Any], context: ValidationContext) -> None:
    _check_age(values, context)
    if not context.errors:
        _check_weighings(values, context)


MEASUREMENT_DATE_INPUT = InputSpec(
    name="on_date",
    type="date",
    required=False,
    help=Text(
        "Tanggal pengukuran (bawaan: hari ini; dipakai dengan birth_date).",
        "Measurement date (default: today; used with birth_date).",
    ),
)


def _check_age(values: dict[str, Any], context: ValidationContext) -> None:
    check_child_age(
        values,
        context,
        min_months=0,
        max_months=MAX_AGE_MONTHS,
        max_days=MAX_AGE_DAYS,
        out_of_range=Text(
            "Umur anak harus 0–60 bulan (standar WHO 2006 untuk balita).",
            "The child's age must be 0–60 months (WHO 2006 standards for under-fives).",
        ),
    )


CHILD_GROWTH_SPEC = CalculatorSpec(
    name="child-growth",
    title=Text("Status gizi dan pertumbuhan anak (0–60 bulan)", "Child growth and nutrition (0–60 months)"),
    description=Text(
        "Z-skor BB/U, PB/U atau TB/U, BB/PB atau BB/TB, dan IMT/U (standar WHO 2006) dengan status gizi menurut "
        "Permenkes 2/2020.",
        "Weight-for-age, length/height-for-age, weight-for-length/height and BMI-for-age z-scores (WHO 2006 "
        "standards) with nutritional status per Permenkes 2/2020.",
    ),
    references=(
        "WHO Child Growth Standards 2006",
        "WHO igrowup/anthro software",
        "Permenkes RI No. 2/2020 (Standar Antropometri Anak)",
        "WHO ICD-10 / Kemenkes: berat badan lahir rendah < 2.500 g (BBLR), < 1.500 g (BBLSR)",
        "Buku KIA 2020 (tanda bahaya bayi baru lahir, perawatan metode kanguru)",
    ),
    inputs=(
        sex_input(),
        InputSpec(
            name="birth_date",
            type="date",
            required=False,
            help=Text("Tanggal lahir (isi ini atau age_months).", "Birth date (give this or age_months)."),
        ),
        number_input(
            "age_months",
            "months",
            "0",
            str(MAX_AGE_MONTHS),
            Text("Umur dalam bulan, 0–60 (isi ini atau birth_date).", "Age in months, 0–60 (give this or birth_date)."),
            required=False,
        ),
        number_input("weight_kg", "kg", "0.9", "58", Text("Berat badan dalam kilogram.", "Weight in kilograms.")),
        number_input(
            "length_cm",
            "cm",
            "38",
            "150",
            Text(
                "Panjang badan (berbaring) atau tinggi badan (berdiri) dalam cm.",
                "Length (lying) or height (standing) in cm.",
            ),
        ),
        InputSpec(
            name="measured",
            type="choice",
            choices=("lying", "standing"),
            choice_labels=MEASURED_LABELS,
            help=Text(
                "Cara mengukur: berbaring (lying) atau berdiri (standing).",
                "How the child was measured: lying or standing.",
            ),
        ),
        MEASUREMENT_DATE_INPUT,
        InputSpec(
            name="oedema",
            type="boolean",
            required=False,
            default=False,
            help=Text("Ada edema (bengkak) di kedua punggung kaki.", "Bilateral pitting oedema of the feet."),
        ),
        number_input(
            "gestational_age_weeks",
            "weeks",
            "22",
            "44",
            Text(
                "Usia kehamilan saat lahir dalam minggu (opsional; < 37 minggu: dinilai dengan umur koreksi sampai "
                "24 bulan).",
                "Gestational age at birth in weeks (optional; under 37 weeks the child is assessed at corrected age "
                "up to 24 months).",
            ),
            required=False,
            integer=True,
        ),
        number_input(
            "birth_weight_kg",
            "kg",
            "0.3",
            "6.5",
            Text(
                "Berat badan lahir dalam kilogram (opsional; < 2,5 kg adalah BBLR).",
                "Birth weight in kilograms (optional; under 2.5 kg is low birth weight).",
            ),
            required=False,
        ),
        number_input(
            "previous_weight_kg",
            "kg",
            "0.9",
            "58",
            Text(
                "Berat badan bulan lalu (opsional, dengan previous_date): untuk menilai naik/tidak naik (N/T).",
                "Last month's weight (optional, with previous_date): to judge gained/not gained (N/T).",
            ),
            required=False,
        ),
        InputSpec(
            name="previous_date",
            type="date",
            required=False,
            help=Text("Tanggal penimbangan bulan lalu.", "Date of last month's weighing."),
        ),
        number_input(
            "earlier_weight_kg",
            "kg",
            "0.9",
            "58",
            Text(
                "Berat badan dua bulan lalu (opsional, dengan earlier_date): untuk mengenali 2T.",
                "The weight two months ago (optional, with earlier_date): to recognise 2T.",
            ),
            required=False,
        ),
        InputSpec(
            name="earlier_date",
            type="date",
            required=False,
            help=Text("Tanggal penimbangan dua bulan lalu.", "Date of the weighing two months ago."),
        ),
    ),
    function=child_growth,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("Z-skor BB/U", "Weight-for-age z-score"),
    cross_check=_check_child_growth,
)
