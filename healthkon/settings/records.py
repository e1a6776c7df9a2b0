"""Settings of the records service: medical records (RM) for clinic staff."""

from .base import *  # noqa: F403

SERVICE_NAME = "records"
ROOT_URLCONF = "healthkon.urls.records"
