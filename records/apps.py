from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Medical records: patients, visits and their clinical data (staff service)."""

    name = "records"
    verbose_name = "Rekam medis"
