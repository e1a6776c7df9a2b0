from django.apps import AppConfig


class RagConfig(AppConfig):
    """Questions over patients' records for clinic staff."""

    name = "rag"
    verbose_name = "Tanya jawab rekam medis"

    def ready(self):
        from rag import signals

        signals.connect()
