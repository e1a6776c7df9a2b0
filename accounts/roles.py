"""Roles and the permission matrix (architecture.md), as Django groups with model permissions.

The API's permission classes and the Django admin both read these groups, so one
matrix governs both. `sync_role_groups` makes the groups match the matrix; it runs
in a data migration and after every `migrate`, so models added later get their rows.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models import Q

from accounts.models import Role

CRUD = ("view", "add", "change", "delete")
CRU = ("view", "add", "change")
READ = ("view",)

# "model label": actions; a model absent from a role's map is denied to that role.
ROLE_MODEL_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.ADMIN: {
        "accounts.user": CRUD,
        "accounts.petugas": CRUD,
        "records.patient": CRUD,
        "records.medicalrecord": CRUD,
        "records.diagnosis": CRUD,
        "records.prescription": CRUD,
        "records.allergy": CRUD,
        "records.labresult": CRUD,
        "records.medicaldocument": CRUD,
        "records.relation": CRUD,
        "records.auditlog": READ,
        "records.accountlink": ("view", "change"),
        # Admins give petugas their two-factor (TOTP) devices in the dashboard.
        "otp_totp.totpdevice": CRUD,
    },
    Role.DOCTOR: {
        "records.patient": CRU,
        "records.medicalrecord": CRU,
        "records.diagnosis": CRU,
        "records.prescription": CRU,
        "records.allergy": CRU,
        "records.labresult": CRU,
        "records.medicaldocument": CRU,
        "records.relation": READ,
    },
    Role.STAFF: {
        "records.patient": CRU,
        "records.medicalrecord": READ,
        "records.diagnosis": READ,
        "records.prescription": READ,
        "records.allergy": CRU,
        "records.labresult": CRU,
        "records.medicaldocument": CRU,
        "records.relation": CRU,
        # Staff confirm a patient's own link to a record a guardian uses (the dashboard's account links).
        "records.accountlink": ("view", "change"),
    },
}


def role_group_name(role: str) -> str:
    return str(role)


def sync_role_groups(apps=global_apps, using: str = "default") -> None:
    """Make each role's group hold exactly the matrix's permissions (for models that exist)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, model_actions in ROLE_MODEL_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role_group_name(role))
        wanted = Q(pk__in=[])
        for label, actions in model_actions.items():
            app_label, model_name = label.split(".")
            wanted |= Q(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model_name}" for action in actions],
            )
        group.permissions.set(Permission.objects.using(using).filter(wanted))


def create_role_groups(apps, schema_editor) -> None:
    """Data-migration step: permissions are normally created after migrate; create them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    sync_role_groups(apps, using=schema_editor.connection.alias)


def sync_role_groups_after_migrate(sender, using="default", apps=global_apps, **kwargs) -> None:
    sync_role_groups(apps, using=using)


def user_role(user) -> str:
    """`admin`, `doctor`, `staff` for petugas (a superuser is an admin), else `user`."""
    if not user or not user.is_authenticated:
        return ""
    if user.is_superuser:
        return Role.ADMIN.value
    petugas = getattr(user, "petugas", None)
    return petugas.role if petugas is not None else Role.USER.value


def is_petugas(user) -> bool:
    return user_role(user) in (Role.ADMIN, Role.DOCTOR, Role.STAFF)
