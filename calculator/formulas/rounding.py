"""The one place where displayed numbers are rounded.

Clinical displays round half *up* (away from zero): 25.05 shows as 25.1, -2.005
as -2.01. Python's ``round()`` rounds half to even and works on the binary float,
so ``round(2.675, 2)`` gives 2.67; neither is acceptable for a number a patient
or a clinician reads and classifies. Every displayed value goes through here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

Number = int | float | Decimal


def to_decimal(value: Number) -> Decimal:
    """The decimal a person typed: floats go through ``repr`` (shortest round-trip
    form), so 100.2 becomes Decimal("100.2"), not 100.2000000000000028421709...."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):  # bool is an int subclass; it is never a measurement
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def round_half_up_decimal(value: Number, places: int = 0) -> Decimal:
    """``value`` rounded half up to ``places`` decimals, as a Decimal."""
    exponent = Decimal(1).scaleb(-places)  # places=1 -> Decimal("0.1")
    return to_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def round_half_up(value: Number, places: int = 0) -> float:
    """``value`` rounded half up to ``places`` decimals, as a float for JSON."""
    rounded = round_half_up_decimal(value, places)
    return float(rounded) + 0.0  # "+ 0.0" turns -0.0 into 0.0


def round_half_up_int(value: Number) -> int:
    """``value`` rounded half up to a whole number."""
    return int(round_half_up_decimal(value, 0))
