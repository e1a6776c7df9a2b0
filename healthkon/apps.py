from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class HealthkonConfig(AppConfig):
    """Project-wide management commands (runservices) and API rules installed at start-up."""

    default = True
    name = "healthkon"
    verbose_name = "Healthkon"

    def ready(self):
        from healthkon.api.fields import install_strict_json_fields

        install_strict_json_fields()


class HealthkonAdminConfig(admin_apps.AdminConfig):
    """The Django admin as the staff dashboard, open to petugas only."""

    default = False
    default_site = "healthkon.admin_site.HealthkonAdminSite"
