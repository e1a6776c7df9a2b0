"""Views every service shares: health check and JSON error pages."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

logger = logging.getLogger(__name__)


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unavailable")
        return False
    return True


@extend_schema(
    summary="Liveness and database check",
    responses={
        (200, "application/json"): inline_serializer(
            "Health",
            {
                "status": serializers.CharField(),
                "service": serializers.CharField(),
                "database": serializers.CharField(),
            },
        ),
        503: None,
    },
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health(request):
    database_ok = database_is_up()
    return Response(
        {
            "status": "ok" if database_ok else "unavailable",
            "service": settings.SERVICE_NAME,
            "database": "ok" if database_ok else "unavailable",
        },
        status=200 if database_ok else 503,
    )


def not_found(request, exception=None):
    return JsonResponse({"detail": "Not found."}, status=404)


def server_error(request):
    return JsonResponse({"detail": "Internal server error."}, status=500)
