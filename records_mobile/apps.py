from django.apps import AppConfig


class RecordsMobileConfig(AppConfig):
    """A patient's own medical records, read-only (mobile service)."""

    name = "records_mobile"
    verbose_name = "Rekam medis (mobile)"
