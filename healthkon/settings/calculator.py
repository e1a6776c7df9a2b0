"""Settings of the calculator service: health calculators and their history."""

from .base import *  # noqa: F403

SERVICE_NAME = "calculator"
ROOT_URLCONF = "healthkon.urls.calculator"
