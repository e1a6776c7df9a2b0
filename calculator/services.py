"""Writes on health calculations."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from calculator import formulas
from calculator.models import HealthCalculation


def calculation_run(*, user: User, calculator: str, raw_inputs: dict[str, Any], lang: str, save: bool) -> dict:
    """Validate, compute and (unless `save` is false) keep the result in the user's history.

    Raises formulas.UnknownCalculatorError (404) or formulas.CalculatorInputError (400).
    """
    today = timezone.localdate()  # "today" for a patient in Indonesia, not the server's UTC date
    inputs = formulas.validate_inputs(calculator, raw_inputs, lang=lang, today=today)
    result = formulas.compute(calculator, inputs, lang, today=today)
    calculation = None
    if save:
        with transaction.atomic():
            calculation = HealthCalculation.objects.create(
                user=user,
                calculator=calculator,
                inputs=inputs,
                result=result,
                primary_value=formulas.primary_value(calculator, result),
            )
    return {"calculation": calculation, "inputs": inputs, "result": result}


def calculation_delete(*, calculation: HealthCalculation) -> None:
    """A user's own calculator history is theirs to remove (it is not a clinical record)."""
    calculation.delete()
