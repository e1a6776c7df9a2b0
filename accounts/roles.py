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
        # The index queue: see failed jobs and queue them again (no one adds or deletes jobs).
        "rag.indexjob": ("view", "change"),
        # Admins see and reset (delete) petugas' authenticators; each petugas enrols their own
        # (accounts.admin_views), and nobody reads a secret after enrolment.
        "otp_totp.totpdevice": ("view", "delete"),
        "records.accountlink": ("view", "change"),
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


def granted_permissions(user) -> set[str]:
    """Every model permission the account holds ("app_label.codename"), active or not, superuser or not.

    Django's `get_all_permissions` answers nothing for an inactive account; reactivating it would
    hand its rights back, so the comparison below must see them.
    """
    from django.contrib.auth.models import Permission

    if user.pk is None:
        return set()
    return _permission_labels(Permission.objects.filter(Q(user=user) | Q(group__user=user)).distinct())


def _permission_labels(permissions) -> set[str]:
    """ "app_label.codename" of each permission, as `User.get_all_permissions` names them."""
    return {
        f"{app_label}.{codename}"
        for app_label, codename in permissions.values_list("content_type__app_label", "codename")
    }


def may_manage_account(actor, target) -> bool:
    """Nobody edits, resets or deactivates an account with more rights than their own (issue 19 item 2).

    A superuser may manage anyone; only a superuser manages a superuser; anyone else may manage an
    account whose permissions are all among their own. One's own account follows the self-lockout
    rules instead (accounts.services.petugas_refuse_self_lockout). The API and the dashboard both ask here.
    """
    if actor.is_superuser or actor.pk == target.pk:
        return True
    if target.is_superuser:
        return False
    return granted_permissions(target) <= actor.get_all_permissions()


def may_grant_role(actor, role: str) -> bool:
    """A role is handed out only by someone who holds every permission it carries."""
    if actor.is_superuser:
        return True
    from django.contrib.auth.models import Permission

    return (
        _permission_labels(Permission.objects.filter(group__name=role_group_name(role))) <= actor.get_all_permissions()
    )


def groups_within(actor, groups):
    """The groups among `groups` that carry no permission the actor lacks (what they may hand out)."""
    if actor.is_superuser:
        return groups
    from django.contrib.auth.models import Permission

    held = Q(pk__in=[])
    for label in actor.get_all_permissions():
        app_label, codename = label.split(".", 1)
        held |= Q(content_type__app_label=app_label, codename=codename)
    return groups.exclude(permissions__in=Permission.objects.exclude(held))
