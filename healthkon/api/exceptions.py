"""One error contract: validation problems are 400 with field errors, others `{"detail"}`."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class ApplicationError(exceptions.APIException):
    """A business rule said no; the message is safe to show to the caller."""

    status_code = 400
    default_code = "invalid"


class VectorStoreUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = _("The records search index is unavailable; try again shortly.")
    default_code = "vector_store_unavailable"


def is_vector_store_error(exc: BaseException) -> bool:
    """Chroma's client errors (its own, or its HTTP transport's), told by module: no import here.

    The services that never search must not pay for importing chromadb to recognise its errors.
    """
    return any(cls.__module__.split(".")[0] in ("chromadb", "httpx", "httpcore") for cls in type(exc).__mro__)


def exception_handler(exc, context):
    if is_vector_store_error(exc):
        logger.error("Vector store unavailable: %s: %s", type(exc).__name__, exc)
        exc = VectorStoreUnavailable()
    elif isinstance(exc, DjangoValidationError):
        # Model.full_clean() in services raises Django's error; show it as DRF's.
        exc = serializers.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)
