"""Settings of the auth service: authentication and staff accounts."""

from .base import *  # noqa: F403

SERVICE_NAME = "auth"
ROOT_URLCONF = "healthkon.urls.auth"
