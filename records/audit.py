"""The access audit log's one writer: every read or write of patient data goes through `audit_record`.

Rules (Permenkes 24/2022):
- one row per instance returned or written, all inserted by a single `bulk_create`, so a list
  costs one INSERT whatever the page size (two on SQLite past 90 rows: its 999-parameter cap);
- a read that cannot be audited is not served: a failed insert raises `AuditUnavailable`
  (503, logged) instead of returning the data, and writes commit in one transaction with
  their audit rows (see the mixins in records.views and records.admin);
- the client IP is DRF's throttling identity (`NUM_PROXIES`), so `X-Forwarded-For` counts only
  behind trusted proxies.
"""

import ipaddress
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import DatabaseError, models
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.throttling import BaseThrottle

from accounts.roles import user_role
from records.models import AuditAction, AuditLog, Patient

logger = logging.getLogger(__name__)

PATH_MAX_LENGTH = AuditLog._meta.get_field("path").max_length


class AuditUnavailable(APIException):
    """The audit log could not be written, so the request was not served."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The access audit log is unavailable; the request was not served."
    default_code = "audit_unavailable"


def client_ip(request) -> str | None:
    """The caller's address as DRF's throttles see it; None when it is not an IP address."""
    ident = BaseThrottle().get_ident(request)
    try:
        address = ipaddress.ip_address((ident or "").strip())
    except ValueError:
        return None
    text = str(address)
    return text if len(text) <= 39 else None  # GenericIPAddressField's column width


def _patient_id(instance: models.Model) -> int | None:
    if isinstance(instance, Patient):
        return instance.pk
    return getattr(instance, "patient_id", None)


def audit_record(
    *, request, action: AuditAction, instances: Iterable[models.Model], detail: dict | None = None
) -> list[AuditLog]:
    """Write one audit row per instance in one query; raise AuditUnavailable if that fails.

    An unsaved instance stands for every row of its kind (`object_id="*"`: a staff question
    over all patients); `detail` (e.g. a RAG question and its sources) goes on every row.
    """
    instances = list(instances)
    if not instances:
        return []
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    common = {
        "user": user if authenticated else None,
        "user_email": user.email if authenticated else "",
        "user_role": user_role(user) if authenticated else "",
        "action": action,
        "ip": client_ip(request),
        "service": settings.SERVICE_NAME,
        "path": request.get_full_path()[:PATH_MAX_LENGTH],
        "detail": detail or {},
    }
    rows = [
        AuditLog(
            resource=instance._meta.label_lower,
            object_id=str(instance.pk) if instance.pk is not None else "*",
            patient_id=_patient_id(instance),
            **common,
        )
        for instance in instances
    ]
    try:
        return AuditLog.objects.bulk_create(rows)
    except DatabaseError as error:
        logger.exception("Access audit log write failed (%s, %d rows): request refused", action, len(rows))
        raise AuditUnavailable from error
