"""The calculators by URL name, and the three calls an API needs: validate, compute, trend."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from .body import BMI_SPEC, BODY_FAT_SPEC, IDEAL_WEIGHT_SPEC, WAIST_RATIO_SPEC
from .cardio import BLOOD_PRESSURE_SPEC, HEART_RATE_ZONES_SPEC
from .child_growth import CHILD_GROWTH_SPEC
from .energy import BMR_SPEC, TDEE_SPEC
from .findrisc import FINDRISC_SPEC
from .kidney import EGFR_SPEC
from .pregnancy import PREGNANCY_SPEC
from .spec import CalculatorSpec, UnknownCalculatorError, clean_inputs, jsonable_inputs
from .text import normalize_lang
from .water import WATER_INTAKE_SPEC

CALCULATORS: dict[str, CalculatorSpec] = {
    spec.name: spec
    for spec in (
        BMI_SPEC,
        BMR_SPEC,
        TDEE_SPEC,
        IDEAL_WEIGHT_SPEC,
        BODY_FAT_SPEC,
        WAIST_RATIO_SPEC,
        BLOOD_PRESSURE_SPEC,
        EGFR_SPEC,
        HEART_RATE_ZONES_SPEC,
        WATER_INTAKE_SPEC,
        PREGNANCY_SPEC,
        CHILD_GROWTH_SPEC,
        FINDRISC_SPEC,
    )
}


def get_calculator(name: str) -> CalculatorSpec:
    """The calculator called ``name``; UnknownCalculatorError (a LookupError) if there is none."""
    try:
        return CALCULATORS[name]
    except (KeyError, TypeError):
        raise UnknownCalculatorError(name) from None


def list_calculators(lang: str = "id") -> list[dict[str, Any]]:
    """Every calculator with its inputs, units and valid ranges, for ``GET /calculator/``."""
    lang = normalize_lang(lang)
    return [spec.to_dict(lang) for spec in CALCULATORS.values()]


def validate_inputs(
    name: str, raw: Mapping[str, Any], *, lang: str = "id", today: date | None = None
) -> dict[str, Any]:
    """Check ``raw`` for calculator ``name`` and return the clean inputs in JSON types.

    Numbers come back as float/int, dates as ISO strings, choices in their canonical
    spelling; defaults are filled in (``on_date`` defaults to ``today``, which defaults
    to the current date). Unknown keys are ignored. Raises CalculatorInputError with
    field-keyed messages (in ``lang``) for missing, non-numeric, out-of-range, bad-choice
    or contradictory input, and UnknownCalculatorError for an unknown ``name``.
    The result is itself valid input, so validating it again changes nothing.
    """
    spec = get_calculator(name)
    return jsonable_inputs(clean_inputs(spec, raw, lang=lang, today=today or date.today()))


def compute(
    name: str, validated_inputs: Mapping[str, Any], lang: str = "id", *, today: date | None = None
) -> dict[str, Any]:
    """Run calculator ``name`` and return its JSON-serialisable result in ``lang``.

    The inputs are validated again (cheap, and it means no caller can reach a formula
    with input it cannot handle), so this raises exactly what ``validate_inputs`` raises.
    """
    spec = get_calculator(name)
    lang = normalize_lang(lang)
    values = clean_inputs(spec, validated_inputs, lang=lang, today=today or date.today())
    result = spec.function(**values, lang=lang)
    result["inputs"] = jsonable_inputs(values)
    result["lang"] = lang
    return result


def primary_value(name: str, result: Mapping[str, Any]) -> float | None:
    """The single number to trend in history for this calculator (see each spec's
    ``primary_value_help``): BMI, systolic pressure, eGFR, FINDRISC score, the child's
    weight-for-age z-score, … None when the result has no such number."""
    spec = get_calculator(name)
    try:
        value = spec.primary_value(dict(result))
    except (KeyError, TypeError):
        return None
    if value is None or isinstance(value, bool):
        return None
    value = float(value)
    return value if math.isfinite(value) else None
