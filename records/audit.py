"""The access audit log's one writer: every read or write of patient data goes through `audit_record`.

Rules (Permenkes 24/2022):
- one row per instance returned or written, all inserted by a single `bulk_create`, so a list
  costs one INSERT whatever the page size (two on SQLite past 90 rows: its 999-parameter cap);
- a read that cannot be audited is not served: a failed insert raises `AuditUnavailable`
  (503, logged) instead of returning the data, and writes commit in one transaction with
  their audit rows (see the mixins in records.views and records.admin);
- the client IP is DRF's throttling identity (`NUM_PROXIES`), so `X-Forwarded-For` counts only
  behind trusted proxies;
- a refused attempt (403, or a 404 for an id outside the caller's scope) is one `denied` row
  with the caller, the target and the reason (`AuditedDenialsMixin`); the answer itself does
  not change, and a failed insert is logged instead of failing it.
"""

import ipaddress
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections, models, transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.throttling import BaseThrottle

from accounts.roles import user_role
from healthkon.api.filters import MAX_ID
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


def _common(request, action: AuditAction, detail: dict | None) -> dict:
    """The columns every row of one request shares: who, from where, on which service and path."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "user": user if authenticated else None,
        "user_email": user.email if authenticated else "",
        "user_role": user_role(user) if authenticated else "",
        "action": action,
        "ip": client_ip(request),
        "service": settings.SERVICE_NAME,
        "path": request.get_full_path()[:PATH_MAX_LENGTH],
        "detail": detail or {},
    }


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
    common = _common(request, action, detail)
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


def audit_account_links(*, request, patient: Patient) -> None:
    """A `link` or `unlink` row for each change `records.services.patient_save` made to the mobile account."""
    for action, account_id in getattr(patient, "account_link_changes", ()):
        audit_record(request=request, action=action, instances=[patient], detail={"account": account_id})


# --- Refused attempts ---------------------------------------------------------------------------


class DeniedReason(models.TextChoices):
    """Why a `denied` row was written (its `detail.reason`), for the dashboard's and the API's filter."""

    OUT_OF_SCOPE = "out_of_scope", _("Existing row outside the caller's scope")
    NOT_FOUND = "not_found", _("No such row")
    FORBIDDEN = "forbidden", _("Role not allowed")
    MAY_NOT_LINK_ACCOUNTS = "may_not_link_accounts", _("Role may not link mobile accounts")


@dataclass(frozen=True)
class DeniedTarget:
    """What a refused request asked for: a model (None when nothing is named) and the id it gave."""

    model: type[models.Model] | None
    object_id: str
    reason: str


class OutOfScope(Http404):
    """A 404 for an id outside the caller's scope: the body of a missing id, the target kept for the log.

    An Http404, so a plain Django view (the dashboard) answers its 404 page and DRF its `NotFound`.
    """

    def __init__(self, model: type[models.Model], object_id, reason: str = DeniedReason.OUT_OF_SCOPE):
        super().__init__()
        self.denied_target = DeniedTarget(model=model, object_id=str(object_id), reason=reason)


def _target_patient_id(target: DeniedTarget) -> tuple[int | None, bool]:
    """(patient of the targeted row, whether the row exists): one primary-key read, for the log only."""
    model = target.model
    try:
        pk = int(target.object_id)
    except ValueError:
        return None, False
    if model is None or not 1 <= pk <= MAX_ID:
        return None, False
    if model is Patient:
        return (pk, True) if Patient.all_objects.filter(pk=pk).exists() else (None, False)
    if not any(field.name == "patient" for field in model._meta.concrete_fields):
        return None, model._base_manager.filter(pk=pk).exists()
    found = model._base_manager.filter(pk=pk).order_by().values_list("patient_id", flat=True)[:1]
    return (found[0], True) if found else (None, False)


def audit_denied(*, request, target: DeniedTarget, status_code: int) -> None:
    """One `denied` row (caller, target, reason); a failure is logged, never shown: the refusal stays as it was.

    The reason is the raiser's (`out_of_scope`, `forbidden`, …), or `not_found` when no such row
    exists at all, so staff can tell probing of real records from typos.
    """
    patient_id, exists = _target_patient_id(target)
    reason = target.reason if exists or target.object_id == "*" else DeniedReason.NOT_FOUND
    row = AuditLog(
        resource=target.model._meta.label_lower if target.model else "",
        object_id=target.object_id[:64],
        patient_id=patient_id,
        **_common(request, AuditAction.DENIED, {"reason": str(reason), "status": status_code}),
    )
    try:
        if connections[AuditLog.objects.db].in_atomic_block:
            with transaction.atomic():  # a savepoint: a failure here must not break the caller's transaction
                AuditLog.objects.bulk_create([row])
        else:
            AuditLog.objects.bulk_create([row])
    except DatabaseError:
        logger.exception("Access audit log write failed (denied %s #%s)", row.resource, row.object_id)


class AuditedDenialsMixin:
    """A view whose 403s, and 404s for ids outside the caller's scope (`OutOfScope`), are audited as `denied`.

    Signed-in callers only (a missing token names nobody). The target is the exception's own
    (`OutOfScope`), else what `denied_target` finds in the request (the path's id by default).
    """

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        target = getattr(exc, "denied_target", None)
        if target is None and response.status_code == status.HTTP_403_FORBIDDEN:
            target = self.denied_target(getattr(exc, "denied_reason", DeniedReason.FORBIDDEN))
        if target is not None and response.status_code in (403, 404) and self._caller_is_known():
            audit_denied(request=self.request, target=target, status_code=response.status_code)
        return response

    def _caller_is_known(self) -> bool:
        try:
            user = self.request.user
        except APIException:  # the token itself was refused
            return False
        return bool(user and user.is_authenticated)

    def denied_target(self, reason: str) -> DeniedTarget:
        """The row a refused request named: the path's id on a model view, else `*` (nothing named)."""
        lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", None)
        object_id = self.kwargs.get(lookup, "*") if lookup else "*"
        serializer_class = getattr(self, "serializer_class", None)
        if hasattr(self, "get_serializer_class"):
            try:
                serializer_class = self.get_serializer_class()
            except AssertionError:  # an APIView without a serializer
                serializer_class = None
        model = getattr(getattr(serializer_class, "Meta", None), "model", None)
        return DeniedTarget(model=model, object_id=str(object_id), reason=reason)
