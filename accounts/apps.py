from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class AccountsConfig(AppConfig):
    """Users (email login), petugas (clinic staff) and their roles; the auth service."""

    name = "accounts"
    verbose_name = "Akun"

    def ready(self):
        from django.contrib.auth.models import Group, Permission

        from accounts.access import access_changed
        from accounts.models import Petugas, User
        from accounts.roles import sync_role_groups_after_migrate

        # After every app's migrate (their permissions exist by then), so models added later get
        # their role permissions without a new data migration.
        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="accounts.sync_role_groups")

        # Whatever decides a caller's permissions voids the cached ones (accounts.access).
        for model in (User, Petugas, Group, Permission):
            post_save.connect(access_changed, sender=model, dispatch_uid=f"accounts.access.save.{model.__name__}")
            post_delete.connect(access_changed, sender=model, dispatch_uid=f"accounts.access.delete.{model.__name__}")
        for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(access_changed, sender=through, dispatch_uid=f"accounts.access.m2m.{through.__name__}")
