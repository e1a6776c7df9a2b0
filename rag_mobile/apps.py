from django.apps import AppConfig


class RagMobileConfig(AppConfig):
    """Questions over a patient's own records."""

    name = "rag_mobile"
    verbose_name = "Tanya jawab (mobile)"
