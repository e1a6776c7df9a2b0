from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    """Users (email login), petugas (clinic staff) and their roles; the auth service."""

    name = "accounts"
    verbose_name = "Akun"

    def ready(self):
        from accounts.roles import sync_role_groups_after_migrate

        # After every app's migrate (their permissions exist by then), so models added later get
        # their role permissions without a new data migration.
        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="accounts.sync_role_groups")
