"""Cross-field rules shared by several calculators."""

from __future__ import annotations

from typing import Any

from .spec import ValidationContext
from .text import Text


def exactly_one_of(values: dict[str, Any], context: ValidationContext, fields: tuple[str, str], what: Text) -> None:
    """One measurement given in one of two units (or two ways): both or neither is a field error.

    ``what`` names the measurement in both languages ("kadar glukosa", "glucose").
    """
    given = [name for name in fields if values.get(name) is not None]
    if len(given) == 1:
        return
    if given:
        message = Text(
            f"Isi {what.id} dalam satu bentuk saja: {fields[0]} atau {fields[1]}.",
            f"Give {what.en} one way only: {fields[0]} or {fields[1]}.",
        )
    else:
        message = Text(
            f"Isi {what.id}: {fields[0]} atau {fields[1]}.",
            f"Give {what.en}: {fields[0]} or {fields[1]}.",
        )
    for name in fields:
        context.add_error(name, message)
