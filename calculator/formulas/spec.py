"""How a calculator describes its inputs, and the generic validation built on that.

Every calculator declares its inputs once (type, unit, valid range, choices, help
text). The same declaration lists the calculator for an API and validates a request,
so the range a client is shown is the range that is enforced.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from .text import Text, normalize_lang

InputType = Literal["number", "integer", "choice", "boolean", "date"]
NON_FIELD_ERRORS = "non_field_errors"  # the key DRF uses for errors not tied to one field


class CalculatorInputError(ValueError):
    """Input a calculator cannot use: ``errors`` maps each field to its messages."""

    def __init__(self, errors: Mapping[str, list[str]]):
        self.errors: dict[str, list[str]] = {key: list(messages) for key, messages in errors.items()}
        super().__init__(self.errors)


class UnknownCalculatorError(LookupError):
    """No calculator has that name (an API answers 404)."""


MESSAGES = {
    "required": Text("Wajib diisi.", "This field is required."),
    "not_number": Text("Harus berupa angka.", "Must be a number."),
    "not_finite": Text("Harus berupa angka yang terhingga.", "Must be a finite number."),
    "not_integer": Text("Harus berupa bilangan bulat.", "Must be a whole number."),
    "min": Text("Minimal {limit}{unit}.", "Must be at least {limit}{unit}."),
    "max": Text("Maksimal {limit}{unit}.", "Must be at most {limit}{unit}."),
    "choice": Text(
        "Pilihan tidak valid. Pilih salah satu: {choices}.",
        "Not a valid choice. Choose one of: {choices}.",
    ),
    "boolean": Text("Harus bernilai true atau false.", "Must be true or false."),
    "date": Text("Tanggal tidak valid; gunakan format YYYY-MM-DD.", "Not a valid date; use YYYY-MM-DD."),
    "date_min": Text("Tanggal tidak boleh sebelum {limit}.", "The date cannot be before {limit}."),
    "not_object": Text("Data harus berupa objek JSON.", "The input must be a JSON object."),
}

_TRUE_STRINGS = frozenset({"true", "1", "yes", "ya", "y"})
_FALSE_STRINGS = frozenset({"false", "0", "no", "tidak", "n"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EARLIEST_DATE = date(1900, 1, 1)


@dataclass(frozen=True)
class InputSpec:
    """One input of a calculator."""

    name: str
    type: InputType
    help: Text
    unit: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    required: bool = True
    choices: tuple[str, ...] | None = None
    choice_labels: Mapping[str, Text] | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)
    default: Any = None
    range_note: Text | None = None  # why the range stops where it does, added to a min/max error

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        """The input as an API lists it."""
        described: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "unit": self.unit,
            "min": _plain_number(self.min),
            "max": _plain_number(self.max),
            "required": self.required,
            "default": self.default,
            "help": self.help.get(lang),
        }
        if self.choices is not None:
            labels = self.choice_labels or {}
            described["choices"] = [
                {"value": choice, "label": labels[choice].get(lang) if choice in labels else choice}
                for choice in self.choices
            ]
        else:
            described["choices"] = None
        return described

    def parse(self, raw: Any, lang: str) -> tuple[Any, list[str]]:
        """(clean value, errors) for a raw value that is present."""
        parser = _PARSERS[self.type]
        return parser(self, raw, lang)


@dataclass
class ValidationContext:
    """What cross-field checks may need besides the values."""

    lang: str
    today: date
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add_error(self, field_name: str, message: Text) -> None:
        self.errors.setdefault(field_name, []).append(message.get(self.lang))


CrossCheck = Callable[[dict[str, Any], ValidationContext], None]


@dataclass(frozen=True)
class CalculatorSpec:
    """A calculator: what it is, what it takes, how it computes, what number to trend."""

    name: str
    title: Text
    description: Text
    references: tuple[str, ...]
    inputs: tuple[InputSpec, ...]
    function: Callable[..., dict[str, Any]]
    primary_value: Callable[[dict[str, Any]], float | None]
    primary_value_help: Text
    cross_check: CrossCheck | None = None

    def input(self, name: str) -> InputSpec:
        for spec in self.inputs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        """The calculator as ``GET /calculator/`` lists it."""
        return {
            "name": self.name,
            "title": self.title.get(lang),
            "description": self.description.get(lang),
            "references": list(self.references),
            "primary_value": self.primary_value_help.get(lang),
            "inputs": [spec.to_dict(lang) for spec in self.inputs],
        }


def clean_inputs(spec: CalculatorSpec, raw: Any, *, lang: str, today: date) -> dict[str, Any]:
    """Parse and check ``raw`` against ``spec``; native Python values (dates as ``date``).

    Raises CalculatorInputError with every problem found, keyed by field.
    """
    lang = normalize_lang(lang)
    context = ValidationContext(lang=lang, today=today)
    if not isinstance(raw, Mapping):
        context.add_error(NON_FIELD_ERRORS, MESSAGES["not_object"])
        raise CalculatorInputError(context.errors)

    values: dict[str, Any] = {}
    for input_spec in spec.inputs:
        raw_value = raw.get(input_spec.name)
        if _is_blank(raw_value):
            if input_spec.required:
                context.add_error(input_spec.name, MESSAGES["required"])
            elif input_spec.default is not None:
                values[input_spec.name] = input_spec.default
            continue
        value, errors = input_spec.parse(raw_value, lang)
        if errors:
            context.errors.setdefault(input_spec.name, []).extend(errors)
        else:
            values[input_spec.name] = value

    # Cross-field rules read fields that parsed; they run only on a clean set so that
    # one typo does not surface as three confusing follow-on errors.
    if not context.errors and spec.cross_check is not None:
        spec.cross_check(values, context)
    if context.errors:
        raise CalculatorInputError(context.errors)
    return values


def jsonable_inputs(values: Mapping[str, Any]) -> dict[str, Any]:
    """Clean values in JSON types (dates as ISO strings) for storing or echoing."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in values.items()}


# --- parsers -----------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _plain_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _as_decimal(raw: Any) -> Decimal | None:
    """A finite Decimal from a JSON number or a numeric string; None if it is not one."""
    if isinstance(raw, bool):  # True is not 1 kg
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw)) if math.isfinite(raw) else None
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else None
    if isinstance(raw, str):
        text = raw.strip()
        if len(text) > 50:  # no measurement needs more digits than this
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _range_errors(spec: InputSpec, number: Decimal, lang: str) -> list[str]:
    unit = f" {spec.unit}" if spec.unit else ""
    note = f" {spec.range_note.get(lang)}" if spec.range_note else ""
    if spec.min is not None and number < spec.min:
        return [MESSAGES["min"].format(limit=_plain_number(spec.min), unit=unit).get(lang) + note]
    if spec.max is not None and number > spec.max:
        return [MESSAGES["max"].format(limit=_plain_number(spec.max), unit=unit).get(lang) + note]
    return []


def _parse_number(spec: InputSpec, raw: Any, lang: str) -> tuple[Any, list[str]]:
    number = _as_decimal(raw)
    if number is None:
        is_nan_like = isinstance(raw, (float, str, Decimal)) and str(raw).strip().lower().lstrip("+-") in {
            "nan",
            "inf",
            "infinity",
            "snan",
        }
        return None, [MESSAGES["not_finite" if is_nan_like else "not_number"].get(lang)]
    errors = _range_errors(spec, number, lang)
    return (None, errors) if errors else (float(number), [])


def _parse_integer(spec: InputSpec, raw: Any, lang: str) -> tuple[Any, list[str]]:
    number = _as_decimal(raw)
    if number is None:
        return None, [MESSAGES["not_integer"].get(lang)]
    if number != number.to_integral_value():
        return None, [MESSAGES["not_integer"].get(lang)]
    errors = _range_errors(spec, number, lang)
    return (None, errors) if errors else (int(number), [])


def _parse_choice(spec: InputSpec, raw: Any, lang: str) -> tuple[Any, list[str]]:
    assert spec.choices is not None
    if isinstance(raw, str):
        key = raw.strip().lower()
        key = spec.aliases.get(key, key)
        if key in spec.choices:
            return key, []
    return None, [MESSAGES["choice"].format(choices=", ".join(spec.choices)).get(lang)]


def _parse_boolean(spec: InputSpec, raw: Any, lang: str) -> tuple[Any, list[str]]:
    if isinstance(raw, bool):
        return raw, []
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw), []
    if isinstance(raw, str):
        key = raw.strip().lower()
        if key in _TRUE_STRINGS:
            return True, []
        if key in _FALSE_STRINGS:
            return False, []
    return None, [MESSAGES["boolean"].get(lang)]


def _parse_date(spec: InputSpec, raw: Any, lang: str) -> tuple[Any, list[str]]:
    parsed: date | None = None
    if isinstance(raw, datetime):
        parsed = raw.date()
    elif isinstance(raw, date):
        parsed = raw
    elif isinstance(raw, str) and _ISO_DATE.match(raw.strip()):
        try:
            parsed = date.fromisoformat(raw.strip())
        except ValueError:
            parsed = None
    if parsed is None:
        return None, [MESSAGES["date"].get(lang)]
    if parsed < _EARLIEST_DATE:
        return None, [MESSAGES["date_min"].format(limit=_EARLIEST_DATE.isoformat()).get(lang)]
    return parsed, []


_PARSERS: dict[str, Callable[[InputSpec, Any, str], tuple[Any, list[str]]]] = {
    "number": _parse_number,
    "integer": _parse_integer,
    "choice": _parse_choice,
    "boolean": _parse_boolean,
    "date": _parse_date,
}


# --- shared input declarations --------------------------------------------------------

SEX_LABELS = {"male": Text("Laki-laki", "Male"), "female": Text("Perempuan", "Female")}
# The Patient model stores M/F; Indonesian forms use L (laki-laki) / P (perempuan).
SEX_ALIASES = {"m": "male", "f": "female", "l": "male", "p": "female", "laki-laki": "male", "perempuan": "female"}


def sex_input(help_text: Text | None = None) -> InputSpec:
    return InputSpec(
        name="sex",
        type="choice",
        choices=("male", "female"),
        choice_labels=SEX_LABELS,
        aliases=SEX_ALIASES,
        help=help_text
        or Text("Jenis kelamin (male/female; M/F atau L/P juga diterima).", "Sex (male/female; M/F also accepted)."),
    )


def number_input(
    name: str,
    unit: str | None,
    minimum: str,
    maximum: str,
    help_text: Text,
    *,
    required: bool = True,
    integer: bool = False,
    range_note: Text | None = None,
) -> InputSpec:
    return InputSpec(
        name=name,
        type="integer" if integer else "number",
        unit=unit,
        min=Decimal(minimum),
        max=Decimal(maximum),
        required=required,
        help=help_text,
        range_note=range_note,
    )


def flag_input(name: str, help_text: Text) -> InputSpec:
    """An optional yes/no input that defaults to no (pregnant, lactating, …)."""
    return InputSpec(name=name, type="boolean", required=False, default=False, help=help_text)


ADULT_AGE_HELP = Text("Usia dalam tahun (dewasa, 18–120).", "Age in years (adults, 18–120).")
WEIGHT_HELP = Text("Berat badan dalam kilogram.", "Body weight in kilograms.")
HEIGHT_HELP = Text("Tinggi badan dalam sentimeter.", "Height in centimetres.")
WAIST_HELP = Text(
    "Lingkar pinggang dalam cm, diukur di pertengahan antara tulang rusuk terbawah dan puncak tulang panggul.",
    "Waist circumference in cm, measured midway between the lowest rib and the top of the hip bone.",
)
