"""Deny by default; petugas roles are Django groups, so API and admin share one rule set."""

from rest_framework import permissions


class ModelPermissions(permissions.DjangoModelPermissions):
    """The caller's groups must grant the model permission for the method, reads included.

    DRF's own class lets any signed-in user read; clinical data needs `view_*`.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }
