from django.apps import AppConfig


class RagConfig(AppConfig):
    """Questions over patients' records for clinic staff."""

    name = "rag"
    verbose_name = "Tanya jawab rekam medis"
