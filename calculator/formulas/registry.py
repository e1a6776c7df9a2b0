"""The calculators by URL name, and the three calls an API needs: validate, compute, trend."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from .antenatal import ANTENATAL_SPEC
from .body import BMI_SPEC, BODY_FAT_SPEC, IDEAL_WEIGHT_SPEC, WAIST_RATIO_SPEC
from .cardio import BLOOD_PRESSURE_SPEC, HEART_RATE_ZONES_SPEC
from .child_growth import CHILD_GROWTH_SPEC
from .energy import BMR_SPEC, TDEE_SPEC
from .findrisc import FINDRISC_SPEC
from .glucose import BLOOD_GLUCOSE_SPEC, HBA1C_SPEC
from .head_circumference import HEAD_CIRCUMFERENCE_SPEC
from .immunisation import IMMUNISATION_SPEC
from .kidney import EGFR_SPEC
from .muac import MUAC_SPEC
from .pregnancy import PREGNANCY_SPEC
from .spec import CalculatorSpec, InputSpec, UnknownCalculatorError, clean_inputs, jsonable_inputs
from .text import Text, normalize_lang
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
        BLOOD_GLUCOSE_SPEC,
        HBA1C_SPEC,
        MUAC_SPEC,
        ANTENATAL_SPEC,
        HEAD_CIRCUMFERENCE_SPEC,
        IMMUNISATION_SPEC,
    )
}


def get_calculator(name: str) -> CalculatorSpec:
    """The calculator called ``name``; UnknownCalculatorError (a LookupError) if there is none."""
    try:
        return CALCULATORS[name]
    except (KeyError, TypeError):
        raise UnknownCalculatorError(name) from None


# Keys every calculator request may carry besides the calculator's own inputs. The API layer
# reads and checks them (save, and whom the measurement is about); listed here so that
# ``GET /calculator/`` describes every key a request may send.
REQUEST_OPTIONS = (
    InputSpec(
        name="save",
        type="boolean",
        required=False,
        default=True,
        help=Text(
            "Simpan hasil ke riwayat (bawaan: ya).",
            "Keep the result in the history (default: yes).",
        ),
    ),
    InputSpec(
        name="patient",
        type="integer",
        required=False,
        min=Decimal(1),
        help=Text(
            "ID pasien yang diukur: pasien Anda sendiri atau anggota keluarga yang boleh Anda lihat (petugas: pasien "
            "mana pun). Tanpa ini, hasil milik Anda sendiri. Di luar cakupan: 404.",
            "Id of the patient measured: your own patient or a family member you may view (petugas: any patient). "
            "Without it the result is your own. Outside your scope: 404.",
        ),
    ),
)
# Child calculators whose sex and birth date a named patient's record supplies when left out.
RECORD_FILLED_CALCULATORS = ("child-growth", "head-circumference", "immunisation")
CHILD_GROWTH_FROM_RECORD = Text(
    " Bila `patient` diisi dan ini dikosongkan, diambil dari data pasien.",
    " When `patient` is given and this is left out, it comes from the patient's record.",
)


def list_calculators(lang: str = "id", *, with_request_options: bool = False) -> list[dict[str, Any]]:
    """Every calculator with its inputs, units and valid ranges, for ``GET /calculator/``.

    ``with_request_options`` adds the request-level keys (``save``, ``patient``) to each
    calculator's inputs, each marked ``"option": true``.
    """
    lang = normalize_lang(lang)
    described = [spec.to_dict(lang) for spec in CALCULATORS.values()]
    if with_request_options:
        options = [{**option.to_dict(lang), "option": True} for option in REQUEST_OPTIONS]
        for calculator in described:
            if calculator["name"] in RECORD_FILLED_CALCULATORS:
                for item in calculator["inputs"]:
                    if item["name"] in ("sex", "birth_date"):
                        item["help"] += CHILD_GROWTH_FROM_RECORD.get(lang)
            calculator["inputs"] = [*calculator["inputs"], *options]
    return described


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
