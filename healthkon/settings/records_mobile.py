"""Settings of the records_mobile service: a patient's own medical records, read-only."""

from .base import *  # noqa: F403

SERVICE_NAME = "records_mobile"
ROOT_URLCONF = "healthkon.urls.records_mobile"
