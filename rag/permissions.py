"""Who may call the RAG services: petugas on :8002, patient accounts on :8004."""

from rest_framework import permissions

from accounts.roles import is_petugas


class IsPetugas(permissions.BasePermission):
    """Admin, doctor or staff."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and is_petugas(request.user))


class IsPatientAccount(permissions.BasePermission):
    """A patient's mobile account (any signed-in user who is not petugas)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and not is_petugas(request.user))
