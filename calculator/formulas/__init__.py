"""Health calculators: pure, typed functions with no Django in them.

The API layer needs only this module's names:

    CALCULATORS                      name -> CalculatorSpec (inputs, units, ranges, help)
    list_calculators(lang)           the specs as JSON for ``GET /calculator/``
    validate_inputs(name, raw, lang=, today=) -> clean inputs (JSON types)
    compute(name, inputs, lang, today=)       -> result dict (JSON-serialisable)
    primary_value(name, result)      -> float | None, the number to trend in history
    CalculatorInputError             .errors = {"field": ["message", ...]}  (HTTP 400)
    UnknownCalculatorError           unknown calculator name                 (HTTP 404)

Every result carries ``calculator``, ``value``, ``unit``, ``scheme`` (the
classification or method used), ``interpretation`` (a sentence for the patient) and,
where a classification applies, ``category`` = {code, label, advice, scheme}.
Text is Indonesian unless ``lang`` is English ("en", "en-US", ...).
"""

from .registry import CALCULATORS, compute, get_calculator, list_calculators, primary_value, validate_inputs
from .spec import CalculatorInputError, CalculatorSpec, InputSpec, UnknownCalculatorError

__all__ = [
    "CALCULATORS",
    "CalculatorInputError",
    "CalculatorSpec",
    "InputSpec",
    "UnknownCalculatorError",
    "compute",
    "get_calculator",
    "list_calculators",
    "primary_value",
    "validate_inputs",
]
