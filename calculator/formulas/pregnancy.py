"""Pregnancy dating from the last menstrual period: due date, gestational age, trimester."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from .rounding import round_half_up
from .spec import CalculatorSpec, InputSpec, ValidationContext
from .text import Category, Text

PREGNANCY_DAYS = 280  # 40 weeks from the first day of the last menstrual period
MAX_GESTATION_DAYS = 44 * 7  # beyond this the LMP cannot belong to a current pregnancy

TRIMESTERS = {
    1: Category(
        "first_trimester",
        Text("Trimester pertama", "First trimester"),
        Text(
            "Minum tablet tambah darah/asam folat, makan bergizi, dan periksakan kehamilan ke bidan atau dokter. "
            "Buku KIA menganjurkan minimal 6 kali pemeriksaan selama hamil.",
            "Take iron/folic-acid tablets, eat well and have antenatal check-ups with a midwife or doctor. "
            "The MCH handbook (Buku KIA) advises at least 6 check-ups during pregnancy.",
        ),
    ),
    2: Category(
        "second_trimester",
        Text("Trimester kedua", "Second trimester"),
        Text(
            "Lanjutkan pemeriksaan kehamilan rutin dan perhatikan gerakan janin mulai terasa.",
            "Keep up regular antenatal check-ups; you will start to feel the baby move.",
        ),
    ),
    3: Category(
        "third_trimester",
        Text("Trimester ketiga", "Third trimester"),
        Text(
            "Siapkan rencana persalinan (tempat, penolong, transportasi, calon donor darah) dan hitung gerakan janin "
            "setiap hari.",
            "Prepare your birth plan (place, birth attendant, transport, a possible blood donor) and count the baby's "
            "movements every day.",
        ),
    ),
}


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; a day past the month's end clamps to its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def naegele_due_date(last_period: date) -> date:
    """Naegele's rule: first day of the LMP + 7 days, − 3 months, + 1 year."""
    return add_months(last_period + timedelta(days=7), -3 + 12)


# Buku KIA 2020 ("Tanda bahaya pada kehamilan"), by when each sign applies.
_BLEEDING = Text("perdarahan dari jalan lahir", "bleeding from the vagina")
_VOMITING = Text("muntah terus dan tidak bisa makan atau minum", "vomiting all the time and unable to eat or drink")
_FEVER = Text("demam tinggi", "a high fever")
_ABDOMINAL_PAIN = Text("nyeri perut hebat", "severe abdominal pain")
_PRE_ECLAMPSIA = Text(
    "bengkak di wajah, tangan, atau kaki disertai sakit kepala hebat, pandangan kabur, atau kejang",
    "swelling of the face, hands or feet with a severe headache, blurred vision or fits",
)
_WATERS = Text("air ketuban keluar sebelum waktunya", "waters breaking before labour")
_FETAL_MOVEMENT = Text("gerakan janin berkurang atau tidak terasa", "the baby moving less or not at all")
_EARLY_CONTRACTIONS = Text("mulas teratur sebelum usia kehamilan 37 minggu", "regular contractions before 37 weeks")
DANGER_SIGNS = {
    1: (_BLEEDING, _VOMITING, _FEVER, _ABDOMINAL_PAIN),
    2: (_BLEEDING, _VOMITING, _FEVER, _PRE_ECLAMPSIA, _WATERS, _FETAL_MOVEMENT),
    3: (_BLEEDING, _FEVER, _PRE_ECLAMPSIA, _WATERS, _FETAL_MOVEMENT, _EARLY_CONTRACTIONS),
}
POST_TERM_DAYS = 42 * 7
LATE_TERM_DAYS = 41 * 7


def danger_signs_text(trimester: int, lang: str) -> str:
    listed = ", ".join(sign.get(lang) for sign in DANGER_SIGNS[trimester])
    return Text(
        f"Tanda bahaya (Buku KIA) — segera ke bidan, puskesmas, atau rumah sakit bila ada: {listed}.",
        f"Danger signs (MCH handbook) — go to a midwife, health centre or hospital at once with: {listed}.",
    ).get(lang)


def kemenkes_trimester_of(gestation_days: int) -> int:
    """Kemenkes (Pedoman Pelayanan Antenatal Terpadu 2020) trimesters: I 0–12 weeks, II > 12–24 weeks,
    III > 24 weeks, read in completed weeks (12w6d is still I, 13w0d is II; 24w6d II, 25w0d III)."""
    weeks = gestation_days // 7
    if weeks <= 12:
        return 1
    if weeks <= 24:
        return 2
    return 3


def trimester_of(gestation_days: int) -> int:
    """Trimesters per ACOG's reVITALize Obstetric Data Definitions (2014): 1st 0w0d–13w6d,
    2nd 14w0d–27w6d, 3rd from 28w0d."""
    if gestation_days < 14 * 7:
        return 1
    if gestation_days < 28 * 7:
        return 2
    return 3


def pregnancy(*, last_period_date: date, on_date: date, lang: str = "id") -> dict[str, Any]:
    """Due date (HPL) and gestational age from the first day of the last menstrual period.

    Due date = LMP + 280 days (ACOG); Naegele's calendar rule (+7 days, −3 months,
    +1 year) is given alongside. Gestational age on ``on_date`` in completed weeks and
    days; trimester per ACOG reVITALize 2014 (1st to 13w6d, 2nd to 27w6d, 3rd from 28w0d), with
    the Kemenkes antenatal trimester (I 0–12, II > 12–24, III > 24 weeks) alongside. Each
    trimester lists its Buku KIA danger signs; from 41 weeks the late/post-term message leads
    the interpretation, and 42 weeks or more (post-term) is marked urgent.

    References:
        ACOG Committee Opinion No. 700: Methods for estimating the due date.
        Obstet Gynecol. 2017;129:e150-e154.
        Naegele FK. Erfahrungen und Abhandlungen aus dem Gebiete der Krankheiten des
        weiblichen Geschlechtes. Mannheim: Loeffler; 1812 (Naegele's rule).
        ACOG Committee Opinion No. 579: Definition of term pregnancy. 2013.
        ACOG. reVITALize Obstetric Data Definitions, version 1.0. 2014 (trimesters).
        Kemenkes RI. Pedoman Pelayanan Antenatal Terpadu, edisi ketiga. 2020.
        Kemenkes RI. Buku Kesehatan Ibu dan Anak (Buku KIA). 2020 (tanda bahaya kehamilan).
    """
    due = last_period_date + timedelta(days=PREGNANCY_DAYS)
    naegele = naegele_due_date(last_period_date)
    gestation_days = (on_date - last_period_date).days
    weeks, days = divmod(gestation_days, 7)
    trimester = trimester_of(gestation_days)
    category = TRIMESTERS[trimester].to_dict("acog", lang, number=trimester)
    days_until_due = (due - on_date).days

    notes = []
    if gestation_days >= POST_TERM_DAYS:
        notes.append(
            Text(
                "Usia kehamilan 42 minggu atau lebih (lewat waktu), yang meningkatkan risiko bagi janin. Periksa ke "
                "dokter, bidan, atau rumah sakit hari ini untuk memeriksa janin dan merencanakan persalinan.",
                "The pregnancy is 42 weeks or more (post-term), which raises the risk for the baby. See a doctor, "
                "midwife or hospital today to check the baby and plan the birth.",
            ).get(lang)
        )
    elif gestation_days >= LATE_TERM_DAYS:
        notes.append(
            Text(
                "Usia kehamilan 41 minggu atau lebih. Segera periksa ke dokter atau bidan untuk rencana persalinan.",
                "The pregnancy is 41 weeks or more. See a doctor or midwife soon to plan the birth.",
            ).get(lang)
        )
    notes.append(
        Text(
            "Perkiraan dari HPHT mengandaikan siklus haid 28 hari; USG trimester pertama lebih tepat.",
            "Dating from the LMP assumes a 28-day cycle; a first-trimester ultrasound is more accurate.",
        ).get(lang)
    )

    age_text = Text(f"{weeks} minggu {days} hari", f"{weeks} weeks {days} days")
    return {
        "calculator": "pregnancy",
        "value": round_half_up(gestation_days / 7, 1),
        "unit": "weeks",
        "scheme": "acog",
        "last_period_date": last_period_date.isoformat(),
        "on_date": on_date.isoformat(),
        "due_date": due.isoformat(),
        "due_date_naegele": naegele.isoformat(),
        "days_until_due": days_until_due,
        "gestational_age": {
            "weeks": weeks,
            "days": days,
            "total_days": gestation_days,
            "label": age_text.get(lang),
        },
        "trimester": trimester,
        "trimester_kemenkes": kemenkes_trimester_of(gestation_days),
        "post_term": gestation_days >= POST_TERM_DAYS,
        "urgent": gestation_days >= POST_TERM_DAYS,
        "category": category,
        "danger_signs": [sign.get(lang) for sign in DANGER_SIGNS[trimester]],
        "interpretation": (f"{notes[0]} " if gestation_days >= LATE_TERM_DAYS else "")
        + Text(
            f"Pada {on_date.isoformat()} usia kehamilan {age_text.id} ({category['label'].lower()}). "
            f"Hari perkiraan lahir (HPL) {due.isoformat()}. {category['advice']}",
            f"On {on_date.isoformat()} the pregnancy is {age_text.en} ({category['label'].lower()}). "
            f"Estimated due date {due.isoformat()}. {category['advice']}",
        ).get(lang)
        + f" {danger_signs_text(trimester, lang)}",
        "notes": notes,
    }


def _check_pregnancy(values: dict[str, Any], context: ValidationContext) -> None:
    values.setdefault("on_date", context.today)
    last_period, on_date = values["last_period_date"], values["on_date"]
    if last_period > context.today:
        context.add_error(
            "last_period_date",
            Text("Tanggal HPHT tidak boleh di masa depan.", "The last period date cannot be in the future."),
        )
    elif last_period > on_date:
        context.add_error(
            "on_date",
            Text("Tanggal hitung tidak boleh sebelum HPHT.", "The calculation date cannot be before the last period."),
        )
    elif (on_date - last_period).days > MAX_GESTATION_DAYS:
        context.add_error(
            "last_period_date",
            Text(
                "HPHT lebih dari 44 minggu sebelum tanggal hitung; periksa kembali tanggalnya.",
                "The last period is more than 44 weeks before the calculation date; please check the date.",
            ),
        )


PREGNANCY_SPEC = CalculatorSpec(
    name="pregnancy",
    title=Text("Usia kehamilan dan HPL", "Gestational age and due date"),
    description=Text(
        "Hari perkiraan lahir (ACOG, Naegele), usia kehamilan, dan trimester dari HPHT.",
        "Due date (ACOG, Naegele), gestational age and trimester from the last menstrual period.",
    ),
    references=(
        "ACOG Committee Opinion 700 (2017)",
        "Naegele's rule",
        "ACOG Committee Opinion 579 (2013)",
        "ACOG reVITALize Obstetric Data Definitions (2014): trimesters",
        "Kemenkes, Pedoman Pelayanan Antenatal Terpadu (2020)",
        "Buku KIA (2020): tanda bahaya kehamilan",
    ),
    inputs=(
        InputSpec(
            name="last_period_date",
            type="date",
            help=Text(
                "Hari pertama haid terakhir (HPHT), format YYYY-MM-DD.",
                "First day of the last menstrual period (LMP), YYYY-MM-DD.",
            ),
        ),
        InputSpec(
            name="on_date",
            type="date",
            required=False,
            help=Text(
                "Tanggal perhitungan usia kehamilan (bawaan: hari ini).",
                "Date to compute the gestational age for (default: today).",
            ),
        ),
    ),
    function=pregnancy,
    primary_value=lambda result: result["value"],
    primary_value_help=Text("Usia kehamilan (minggu)", "Gestational age (weeks)"),
    cross_check=_check_pregnancy,
)
