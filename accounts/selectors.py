"""Reads on accounts."""

from django.db.models import QuerySet

from accounts.models import Petugas, User
from accounts.roles import user_role


def petugas_list(*, fetched_by: User) -> QuerySet[Petugas]:
    """Every petugas; the endpoint is admin-only, so no row-level narrowing is needed."""
    return Petugas.objects.select_related("user").order_by("nama", "id")


def user_patient_id(user: User) -> int | None:
    patient = getattr(user, "patient", None)
    return patient.pk if patient is not None else None


def user_profile(*, user: User) -> dict:
    """What the apps need to know about the signed-in person."""
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "role": user_role(user),
        "patient_id": user_patient_id(user),
    }
