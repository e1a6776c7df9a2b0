"""The national routine immunisation schedule (Kemenkes) for a child's age: given, due, overdue, next.

Schedule (age in completed calendar months from the birth date; Permenkes 12/2017 with the
Kemenkes additions of PCV (2022), rotavirus (2023) and the second IPV dose (2022)):

    HB-0 (hepatitis B birth dose)  within 24 hours of birth (may be given up to 7 days)
    BCG                            1 month
    bOPV (oral polio) 1–4          1, 2, 3, 4 months
    DPT-HB-Hib 1–3, booster        2, 3, 4 months; 18 months
    PCV 1–3                        2, 3 months; 12 months
    Rotavirus 1–3                  2, 3, 4 months
    IPV 1–2                        4, 9 months
    MR (measles-rubella) 1–2       9 months; 18 months

A dose is ``due`` from its scheduled age for one month, then ``overdue`` (catch-up, imunisasi
kejar, at the Puskesmas). HB-0 is due on days 0–7 and then ``missed`` (the DPT-HB-Hib doses
protect against hepatitis B). With the number of doses a child has had (from the Buku KIA), the
next dose of each vaccine is due/overdue/upcoming and later doses wait for it; without, past doses
are ``check_record`` (ask whether they were given). School doses (BIAS: MR and DT in grade 1,
Td in grades 2 and 5, HPV for girls in grades 5 and 6) are listed by grade, not age.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .pregnancy import add_months
from .spec import SEX_ALIASES, SEX_LABELS, CalculatorSpec, InputSpec, ValidationContext, number_input
from .text import Category, Text

SCHEME = "kemenkes_2023"
MAX_AGE_YEARS = 14
HB0_WINDOW_DAYS = 7
DUE_WINDOW_MONTHS = 1


@dataclass(frozen=True)
class Vaccine:
    key: str  # also the request's "<key>_doses" input
    label: Text
    months: tuple[int, ...]  # scheduled age of each dose


VACCINES = (
    Vaccine("hb0", Text("Hepatitis B lahir (HB-0)", "Hepatitis B birth dose (HB-0)"), (0,)),
    Vaccine("bcg", Text("BCG", "BCG"), (1,)),
    Vaccine("opv", Text("Polio tetes (bOPV)", "Oral polio (bOPV)"), (1, 2, 3, 4)),
    Vaccine("dpt_hb_hib", Text("DPT-HB-Hib (pentavalen)", "DTP-HepB-Hib (pentavalent)"), (2, 3, 4, 18)),
    Vaccine("pcv", Text("PCV (pneumokokus)", "PCV (pneumococcal)"), (2, 3, 12)),
    Vaccine("rotavirus", Text("Rotavirus", "Rotavirus"), (2, 3, 4)),
    Vaccine("ipv", Text("Polio suntik (IPV)", "Injected polio (IPV)"), (4, 9)),
    Vaccine("mr", Text("Campak-Rubela (MR)", "Measles-rubella (MR)"), (9, 18)),
)
VACCINES_BY_KEY = {vaccine.key: vaccine for vaccine in VACCINES}
SCHOOL_DOSES = (
    (1, Text("MR dan DT (kelas 1 SD, BIAS)", "MR and DT (grade 1, school programme BIAS)"), None),
    (2, Text("Td (kelas 2 SD, BIAS)", "Td (grade 2, BIAS)"), None),
    (5, Text("Td (kelas 5 SD, BIAS)", "Td (grade 5, BIAS)"), None),
    (5, Text("HPV dosis 1 (anak perempuan kelas 5 SD, BIAS)", "HPV dose 1 (girls, grade 5, BIAS)"), "female"),
    (6, Text("HPV dosis 2 (anak perempuan kelas 6 SD, BIAS)", "HPV dose 2 (girls, grade 6, BIAS)"), "female"),
)
STATUS_LABELS = {
    "given": Text("Sudah diberikan", "Given"),
    "due": Text("Jadwalnya sekarang", "Due now"),
    "overdue": Text("Terlambat — kejar sekarang", "Overdue — catch up now"),
    "upcoming": Text("Akan datang", "Upcoming"),
    "after_previous": Text("Setelah dosis sebelumnya (jarak ≥ 4 minggu)", "After the previous dose (≥ 4 weeks apart)"),
    "missed": Text("Terlewat (tidak diberikan lagi)", "Missed (no longer given)"),
    "check_record": Text("Cek Buku KIA: sudah diberikan?", "Check the KIA book: was it given?"),
}
OVERALL = {
    "overdue": Category(
        "overdue",
        Text("Ada imunisasi yang terlambat", "Some vaccinations are overdue"),
        Text(
            "Ada imunisasi yang terlambat. Bawa anak dan Buku KIA ke Posyandu atau Puskesmas secepatnya untuk "
            "imunisasi kejar; terlambat tidak berarti harus mengulang dari awal.",
            "Some vaccinations are overdue. Take the child and the KIA book to a Posyandu or Puskesmas soon for "
            "catch-up vaccination; being late does not mean starting again.",
        ),
    ),
    "due": Category(
        "due",
        Text("Ada imunisasi yang jadwalnya sekarang", "Vaccinations are due now"),
        Text(
            "Ada imunisasi yang jadwalnya bulan ini. Datang ke Posyandu atau Puskesmas dengan membawa Buku KIA. "
            "Batuk pilek ringan atau demam ringan bukan alasan menunda.",
            "Vaccinations are due this month. Go to a Posyandu or Puskesmas with the KIA book. A mild cold or mild "
            "fever is no reason to postpone.",
        ),
    ),
    "up_to_date": Category(
        "up_to_date",
        Text("Imunisasi lengkap sesuai umur", "Up to date for age"),
        Text(
            "Imunisasi lengkap sesuai umur. Datang lagi pada jadwal berikutnya.",
            "Vaccinations are up to date for age. Come back for the next one on schedule.",
        ),
    ),
    "check_record": Category(
        "check_record",
        Text("Cocokkan dengan Buku KIA", "Check against the KIA book"),
        Text(
            "Tanpa catatan dosis, daftar ini hanya jadwal menurut umur. Cocokkan dengan Buku KIA; dosis yang belum "
            "diberikan bisa dikejar di Posyandu atau Puskesmas.",
            "Without the doses given, this is only the schedule for the child's age. Check it against the KIA book; "
            "doses not given can be caught up at a Posyandu or Puskesmas.",
        ),
    ),
}


INDONESIAN_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def spoken_date(day: date, lang: str) -> str:
    """10 Juni 2024 in Indonesian, 2024-06-10 (ISO) in English."""
    if lang == "en":
        return day.isoformat()
    return f"{day.day} {INDONESIAN_MONTHS[day.month - 1]} {day.year}"


def _window_status(on_date: date, scheduled: date, window_end: date) -> str:
    if on_date < scheduled:
        return "upcoming"
    if on_date < window_end:
        return "due"
    return "overdue"


def dose_status(vaccine: Vaccine, dose_index: int, *, birth_date: date, on_date: date, given: int | None) -> str:
    """Status of dose ``dose_index`` (0-based) of ``vaccine`` on ``on_date``; ``given`` is the number of
    doses the child has had, or None when not recorded."""
    scheduled = add_months(birth_date, vaccine.months[dose_index])
    if vaccine.key == "hb0":
        window_end = birth_date + timedelta(days=HB0_WINDOW_DAYS + 1)
    else:
        window_end = add_months(scheduled, DUE_WINDOW_MONTHS)
    if given is not None:
        if dose_index < given:
            return "given"
        if dose_index > given:
            return "upcoming" if on_date < scheduled else "after_previous"
    status = _window_status(on_date, scheduled, window_end)
    if status == "overdue" and vaccine.key == "hb0":
        return "missed"
    if status == "overdue" and given is None:
        return "check_record"
    return status


def immunisation_schedule(
    *, birth_date: date, on_date: date, sex: str | None = None, lang: str = "id", **doses: int | None
) -> dict[str, Any]:
    """Every routine dose with its scheduled date and status, and what is due, overdue and next.

    ``doses`` holds ``<vaccine>_doses`` counts from the request (``hb0_doses``, ``opv_doses``, …),
    each optional. See the module docstring for the schedule and the status rules.

    References:
        Peraturan Menteri Kesehatan RI No. 12 Tahun 2017 tentang Penyelenggaraan Imunisasi.
        Kemenkes RI. Introduction of PCV (2022), rotavirus (2023) and the second IPV dose (2022)
        into the national routine schedule; jadwal imunisasi rutin lengkap (2023).
        Kemenkes RI. Buku KIA (Kesehatan Ibu dan Anak), 2023.
    """
    age_days = (on_date - birth_date).days
    entries = []
    recorded_any = False
    for vaccine in VACCINES:
        given = doses.get(f"{vaccine.key}_doses")
        recorded_any = recorded_any or given is not None
        for index, months in enumerate(vaccine.months):
            status = dose_status(vaccine, index, birth_date=birth_date, on_date=on_date, given=given)
            entries.append(
                {
                    "vaccine": vaccine.key,
                    "dose": index + 1,
                    "label": f"{vaccine.label.get(lang)} {index + 1}"
                    if len(vaccine.months) > 1
                    else vaccine.label.get(lang),
                    "scheduled_age_months": months,
                    "scheduled_date": add_months(birth_date, months).isoformat(),
                    "status": status,
                    "status_label": STATUS_LABELS[status].get(lang),
                }
            )
    due = [entry for entry in entries if entry["status"] == "due"]
    overdue = [entry for entry in entries if entry["status"] == "overdue"]
    upcoming = sorted(
        (entry for entry in entries if entry["status"] == "upcoming"), key=lambda entry: entry["scheduled_date"]
    )
    next_date = upcoming[0]["scheduled_date"] if upcoming else None
    next_doses = [entry for entry in upcoming if entry["scheduled_date"] == next_date]
    if overdue:
        overall = "overdue"
    elif due:
        overall = "due"
    elif any(entry["status"] == "check_record" for entry in entries) or not recorded_any:
        overall = "check_record"
    else:
        overall = "up_to_date"
    category = OVERALL[overall].to_dict(SCHEME, lang)
    school = [
        {"grade": grade, "label": label.get(lang)}
        for grade, label, only_sex in SCHOOL_DOSES
        if only_sex is None or sex in (None, only_sex)
    ]

    def names(items: list[dict[str, Any]]) -> str:
        return ", ".join(item["label"] for item in items)

    parts = [category["label"] + "."]
    if overdue:
        parts.append(Text(f"Terlambat: {names(overdue)}.", f"Overdue: {names(overdue)}.").get(lang))
    if due:
        parts.append(Text(f"Jadwal sekarang: {names(due)}.", f"Due now: {names(due)}.").get(lang))
    if next_doses:
        parts.append(
            Text(
                f"Berikutnya: {names(next_doses)} pada {spoken_date(date.fromisoformat(next_date), 'id')}.",
                f"Next: {names(next_doses)} on {next_date}.",
            ).get(lang)
        )
    parts.append(category["advice"])
    return {
        "calculator": "immunisation",
        "scheme": SCHEME,
        "value": len(overdue) if recorded_any else None,
        "unit": "doses",
        "age_days": age_days,
        "on_date": on_date.isoformat(),
        "category": category,
        "due": due,
        "overdue": overdue,
        "next": next_doses,
        "next_date": next_date,
        "schedule": entries,
        "school_programme": school,
        "interpretation": " ".join(parts),
        "notes": [
            Text(
                "Jarak antar dosis vaksin yang sama minimal 4 minggu. Di Bali dan daerah endemis lain ada imunisasi JE "
                "(Japanese encephalitis) umur 10 bulan. Petugas dapat menyesuaikan jadwal kejar sesuai petunjuk "
                "teknis.",
                "Doses of the same vaccine are at least 4 weeks apart. Bali and other endemic areas add Japanese "
                "encephalitis (JE) vaccine at 10 months. Health workers adjust catch-up schedules by the technical "
                "guidance.",
            ).get(lang)
        ],
    }


def _check_immunisation(values: dict[str, Any], context: ValidationContext) -> None:
    on_date = values.setdefault("on_date", context.today)
    birth_date = values["birth_date"]
    if on_date > context.today:
        context.add_error("on_date", Text("Tanggal tidak boleh di masa depan.", "The date cannot be in the future."))
    elif birth_date > on_date:
        context.add_error(
            "birth_date",
            Text("Tanggal lahir tidak boleh di masa depan.", "The birth date cannot be in the future."),
        )
    elif add_months(birth_date, MAX_AGE_YEARS * 12) <= on_date:
        context.add_error(
            "birth_date",
            Text(
                f"Jadwal ini untuk anak di bawah {MAX_AGE_YEARS} tahun.",
                f"This schedule covers children under {MAX_AGE_YEARS}.",
            ),
        )


def _doses_input(vaccine: Vaccine) -> InputSpec:
    count = len(vaccine.months)
    return number_input(
        f"{vaccine.key}_doses",
        "doses",
        "0",
        str(count),
        Text(
            f"Jumlah dosis {vaccine.label.id} yang sudah diterima (0–{count}, dari Buku KIA; kosongkan bila tidak "
            "tahu).",
            f"Doses of {vaccine.label.en} already given (0–{count}, from the KIA book; leave out if unknown).",
        ),
        required=False,
        integer=True,
    )


IMMUNISATION_SPEC = CalculatorSpec(
    name="immunisation",
    title=Text("Jadwal imunisasi anak", "Child immunisation schedule"),
    description=Text(
        "Imunisasi rutin nasional (Kemenkes) menurut umur anak: yang sudah, yang jadwalnya sekarang, yang "
        "terlambat, dan berikutnya.",
        "The national routine schedule (Kemenkes) for the child's age: given, due now, overdue and next.",
    ),
    references=(
        "Permenkes RI No. 12/2017 tentang Penyelenggaraan Imunisasi",
        "Kemenkes RI 2022–2023: PCV, rotavirus and IPV2 added to the routine schedule",
        "Kemenkes RI, Buku KIA 2023",
    ),
    inputs=(
        InputSpec(name="birth_date", type="date", help=Text("Tanggal lahir anak.", "The child's birth date.")),
        InputSpec(
            name="on_date",
            type="date",
            required=False,
            help=Text("Tanggal penilaian (bawaan: hari ini).", "Date of the check (default: today)."),
        ),
        InputSpec(
            name="sex",
            type="choice",
            required=False,
            choices=("male", "female"),
            choice_labels=SEX_LABELS,
            aliases=SEX_ALIASES,
            help=Text("Jenis kelamin (untuk HPV di sekolah).", "Sex (for school HPV doses)."),
        ),
        *(_doses_input(vaccine) for vaccine in VACCINES),
    ),
    function=immunisation_schedule,
    primary_value=lambda result: result["value"],
    primary_value_help=Text(
        "Jumlah dosis yang terlambat (bila dosis yang sudah diterima diisi)",
        "Number of overdue doses (when the doses given are recorded)",
    ),
    cross_check=_check_immunisation,
)
