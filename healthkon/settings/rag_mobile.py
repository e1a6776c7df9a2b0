"""Settings of the rag_mobile service: questions over a patient's own records."""

from .base import *  # noqa: F403

SERVICE_NAME = "rag_mobile"
ROOT_URLCONF = "healthkon.urls.rag_mobile"
