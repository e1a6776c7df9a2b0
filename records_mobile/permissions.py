"""Who may call the patients' service: a patient's own mobile account, nobody else."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from accounts.roles import is_petugas


class IsPatientAccount(BasePermission):
    """A signed-in account that is not petugas; clinic staff use the records service (:8001)."""

    message = _("This service is for patients' own accounts; clinic staff use the records service.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and not is_petugas(user))
