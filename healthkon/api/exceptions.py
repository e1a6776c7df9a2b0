"""One error contract: validation problems are 400 with field errors, others `{"detail"}`."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler


class ApplicationError(exceptions.APIException):
    """A business rule said no; the message is safe to show to the caller."""

    status_code = 400
    default_code = "invalid"


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # Model.full_clean() in services raises Django's error; show it as DRF's.
        exc = serializers.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)
