"""A child's age from a birth date (and the measurement day) or from months, shared by the child calculators."""

from __future__ import annotations

from datetime import date
from typing import Any

from .spec import InputSpec, ValidationContext, number_input
from .text import Text
from .who_growth import age_days_from_months


def completed_months(birth_date: date, on_date: date) -> int:
    """Whole calendar months from birth to ``on_date`` (age in completed months)."""
    months = (on_date.year - birth_date.year) * 12 + on_date.month - birth_date.month
    return months - 1 if on_date.day < birth_date.day else months


def child_age_inputs(min_months: int, max_months: int) -> tuple[InputSpec, ...]:
    """birth_date, age_months and on_date, described for a calculator valid from ``min_months`` to ``max_months``."""
    return (
        InputSpec(
            name="birth_date",
            type="date",
            required=False,
            help=Text(
                "Tanggal lahir anak (isi ini atau age_months).", "The child's birth date (give this or age_months)."
            ),
        ),
        number_input(
            "age_months",
            "months",
            "0",
            str(max_months + 1 if max_months < 60 else max_months),
            Text(
                f"Umur dalam bulan, {min_months}–{max_months} bulan penuh (isi ini atau birth_date).",
                f"Age in months, {min_months}–{max_months} completed months (give this or birth_date).",
            ),
            required=False,
        ),
        InputSpec(
            name="on_date",
            type="date",
            required=False,
            help=Text(
                "Tanggal pengukuran (bawaan: hari ini; dipakai dengan birth_date).",
                "Measurement date (default: today; used with birth_date).",
            ),
        ),
    )


def check_child_age(
    values: dict[str, Any],
    context: ValidationContext,
    *,
    min_months: int,
    max_months: int,
    max_days: int | None = None,
    out_of_range: Text,
) -> None:
    """Exactly one of birth_date and age_months; the age in [min_months, max_months] (completed months;
    ``max_days`` caps the age in days too). Sets ``on_date`` to today when a birth date is given."""
    birth_date, age_months = values.get("birth_date"), values.get("age_months")
    if birth_date is not None and age_months is not None:
        context.add_error(
            "age_months",
            Text(
                "Isi tanggal lahir atau umur dalam bulan, bukan keduanya.",
                "Give the birth date or the age in months, not both.",
            ),
        )
        return
    if birth_date is None and age_months is None:
        message = Text("Isi tanggal lahir atau umur dalam bulan.", "Give the birth date or the age in months.")
        context.add_error("birth_date", message)
        context.add_error("age_months", message)
        return
    if age_months is not None:
        days = age_days_from_months(age_months)
        months = int(age_months)  # completed months (the age is never negative)
        if months < min_months or months > max_months or (max_days is not None and days > max_days):
            context.add_error("age_months", out_of_range)
        return
    if not check_measurement_dates(values, context):
        return
    on_date = values["on_date"]
    months = completed_months(birth_date, on_date)
    days = (on_date - birth_date).days
    if months < min_months or months > max_months or (max_days is not None and days > max_days):
        context.add_error("birth_date", out_of_range)


def check_measurement_dates(values: dict[str, Any], context: ValidationContext) -> bool:
    """``on_date`` (default today) not in the future and not before ``birth_date``; True when both fit.

    Shared by every calculator that takes a birth date and a measurement date (child-growth, BMI).
    """
    on_date = values.setdefault("on_date", context.today)
    if on_date > context.today:
        context.add_error(
            "on_date",
            Text("Tanggal pengukuran tidak boleh di masa depan.", "The measurement date cannot be in the future."),
        )
        return False
    if values["birth_date"] > on_date:
        context.add_error(
            "birth_date",
            Text(
                "Tanggal lahir tidak boleh setelah tanggal pengukuran.",
                "The birth date cannot be after the measurement date.",
            ),
        )
        return False
    return True


def child_age(birth_date: date | None, age_months: float | None, on_date: date | None) -> tuple[int, int]:
    """(age in days, age in completed months) from either form of the age."""
    if birth_date is not None:
        if on_date is None:
            raise ValueError("on_date is needed with birth_date")
        days = (on_date - birth_date).days
        return days, completed_months(birth_date, on_date)
    if age_months is None:
        raise ValueError("give birth_date or age_months")
    return age_days_from_months(age_months), int(age_months)
