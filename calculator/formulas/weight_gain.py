"""Naik / Tidak naik (N/T): monthly weight gain against the minimum increment (KBM), as Posyandu does.

At each monthly weighing the cadre compares the weight with last month's: N (naik) when the child
gained at least the KBM (kenaikan berat badan minimal) for its age, T (tidak naik) when it gained
less, stayed the same or lost weight. Only weighings one calendar month apart are compared (the
card has one column per month); otherwise the result is not judged. Two T in a row (2T) is a sign
for referral to the puskesmas.

References:
    Permenkes RI No. 155/2010 tentang Penggunaan Kartu Menuju Sehat (KMS) bagi Balita
    (KBM table; N, T, O, B; 2T and BGM referral).
    Kemenkes RI. Buku Kesehatan Ibu dan Anak (Buku KIA), 2020 (monthly weighing at Posyandu).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .rounding import round_half_up_int, to_decimal
from .text import Text

# KBM in grams by the age at the current weighing, in completed months (Permenkes 155/2010).
KBM_GRAMS_BY_MONTH = {1: 800, 2: 900, 3: 800, 4: 600, 5: 500, 6: 400, 7: 400, 8: 300, 9: 300, 10: 300, 11: 200}
KBM_GRAMS_FROM_12_MONTHS = 200
KBM_MAX_AGE_MONTHS = 60


def kbm_grams(age_months: int) -> int | None:
    """Minimum monthly weight gain (g) at this age in completed months; None under 1 month or past 60."""
    if age_months < 1 or age_months > KBM_MAX_AGE_MONTHS:
        return None
    return KBM_GRAMS_BY_MONTH.get(age_months, KBM_GRAMS_FROM_12_MONTHS)


def months_apart(earlier: date, later: date) -> int:
    """Calendar months between two weighing dates (the KMS has one column per month)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


@dataclass(frozen=True)
class Weighing:
    on: date
    weight_kg: float


def judge(previous: Weighing, current: Weighing, age_months_now: int) -> dict[str, Any]:
    """N, T or not judged for one pair of weighings."""
    gain_g = round_half_up_int((to_decimal(current.weight_kg) - to_decimal(previous.weight_kg)) * 1000)
    kbm = kbm_grams(age_months_now)
    apart = months_apart(previous.on, current.on)
    status = "not_judged" if kbm is None or apart != 1 else "N" if gain_g >= kbm else "T"
    return {"status": status, "gain_g": gain_g, "kbm_g": kbm, "months_apart": apart}


LABELS = {
    "N": Text("Naik (N)", "Gained (N)"),
    "T": Text("Tidak naik (T)", "Did not gain enough (T)"),
    "not_judged": Text("Tidak dapat dinilai", "Cannot be judged"),
}
ADVICE = {
    "N": Text(
        "Berat badan naik sesuai kenaikan minimal untuk umurnya. Teruskan pemberian makan yang baik dan timbang "
        "lagi bulan depan.",
        "The weight went up by at least the minimum for the child's age. Keep feeding well and weigh again next month.",
    ),
    "T": Text(
        "Berat badan tidak naik cukup bulan ini. Bicarakan dengan kader atau bidan: cara dan frekuensi makan atau "
        "menyusui, dan apakah anak sedang sakit. Timbang lagi bulan depan.",
        "The weight did not go up enough this month. Talk to the posyandu cadre or midwife about how often and how "
        "the child eats or breastfeeds, and whether the child is ill. Weigh again next month.",
    ),
    "2T": Text(
        "Berat badan tidak naik dua bulan berturut-turut (2T): ini tanda untuk dirujuk. Bawa anak ke puskesmas "
        "untuk diperiksa penyebabnya.",
        "The weight has not gone up enough two months in a row (2T): this is a sign for referral. Take the child to "
        "the puskesmas to look for the cause.",
    ),
    "not_judged": Text(
        "Naik/tidak naik hanya dinilai dari dua penimbangan yang berjarak satu bulan (umur 1–60 bulan).",
        "Gained or not is judged only from two weighings one month apart (age 1–60 months).",
    ),
}


def weight_gain_result(
    weighings: list[Weighing], age_months_now: int, age_months_previous: int | None, lang: str
) -> dict[str, Any]:
    """N/T for the newest weighing against the one before, and whether the one before was T as well.

    ``weighings`` is in date order, newest last (two or three of them).
    """
    latest = judge(weighings[-2], weighings[-1], age_months_now)
    previous = None
    if len(weighings) >= 3 and age_months_previous is not None:
        previous = judge(weighings[-3], weighings[-2], age_months_previous)
    two_t = latest["status"] == "T" and previous is not None and previous["status"] == "T"
    advice_key = "2T" if two_t else latest["status"]
    return {
        **latest,
        "label": LABELS[latest["status"]].get(lang),
        "previous_status": previous["status"] if previous else None,
        "two_t": two_t,
        "referral": two_t,
        "advice": ADVICE[advice_key].get(lang),
        "scheme": "permenkes_155_2010",
    }
