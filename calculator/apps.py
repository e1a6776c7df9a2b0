from django.apps import AppConfig


class CalculatorConfig(AppConfig):
    """Health calculators and each user's calculation history."""

    name = "calculator"
    verbose_name = "Kalkulator kesehatan"
