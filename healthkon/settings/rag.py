"""Settings of the rag service: questions over all patients' records, for clinic staff."""

from .base import *  # noqa: F403

SERVICE_NAME = "rag"
ROOT_URLCONF = "healthkon.urls.rag"
