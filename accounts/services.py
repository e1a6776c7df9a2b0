"""Writes on accounts: registration, petugas management, passwords and tokens."""

from django.contrib.auth.models import Group, update_last_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.access import load_permissions
from accounts.models import Petugas, SessionEndReason, User, normalize_email_address
from accounts.roles import may_grant_role, may_manage_account, role_group_name
from accounts.token_sessions import SESSION_CLAIM, SessionRefreshToken, ended_sessions_warm, session_end

PETUGAS_USER_FIELDS = ("email", "full_name", "phone")


@transaction.atomic
def user_register(*, email: str, password: str, full_name: str = "", phone: str = "") -> User:
    """A patient's mobile account; staff link it to a patient record later."""
    return User.objects.create_user(email=email, password=password, full_name=full_name, phone=phone)


def user_update_profile(*, user: User, data: dict) -> User:
    """The person's own name and phone; an empty change writes nothing."""
    for field, value in data.items():
        setattr(user, field, value)
    if data:
        user.save(update_fields=list(data))
    return user


def tokens_for_user(*, user: User) -> SessionRefreshToken:
    """A new sign-in session: a refresh token (and its access tokens) carrying a fresh session id."""
    refresh = SessionRefreshToken.for_user(user)
    if jwt_settings.UPDATE_LAST_LOGIN:
        update_last_login(None, user)
    load_permissions(user)  # the first request with these tokens finds them cached (accounts.access)
    ended_sessions_warm()  # and the ended sessions too (accounts.token_sessions)
    return refresh


@transaction.atomic
def session_logout(*, refresh: RefreshToken) -> None:
    """Logout: this refresh token is blacklisted and its session ends, so its access tokens stop at once."""
    refresh.blacklist()
    user = User.objects.filter(pk=refresh.get(jwt_settings.USER_ID_CLAIM)).first()
    session_end(session_id=refresh[SESSION_CLAIM], user=user, reason=SessionEndReason.LOGOUT)


def user_tokens_revoke_all(*, user: User) -> None:
    """Sign the user out everywhere: every refresh token they hold stops working."""
    for token in OutstandingToken.objects.filter(user=user).exclude(blacklistedtoken__isnull=False):
        BlacklistedToken.objects.get_or_create(token=token)


@transaction.atomic
def user_change_password(*, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password"])
    user_tokens_revoke_all(user=user)


def petugas_sync_access(petugas: Petugas) -> None:
    """The role decides the group (and so the permissions); an active petugas may use the dashboard."""
    user = petugas.user
    user.is_staff = user.is_active
    user.save(update_fields=["is_staff"])
    role_groups = Group.objects.filter(name__in=[role_group_name(role) for role, _ in Petugas.PETUGAS_ROLES])
    user.groups.remove(*role_groups)
    if user.is_active:
        user.groups.add(Group.objects.get(name=role_group_name(petugas.role)))


class AccountOutrankedError(PermissionDenied):
    """The account (or the role asked for) has rights the caller does not: a 403 from the API and the dashboard."""


def account_refuse_if_outranked(*, actor: User, target: User | None = None, role: str | None = None) -> None:
    """The rule of accounts.roles.may_manage_account and may_grant_role, enforced for every write on an account."""
    if target is not None and not may_manage_account(actor, target):
        raise AccountOutrankedError(_("You cannot change an account with more rights than your own."))
    if role is not None and not may_grant_role(actor, role):
        raise AccountOutrankedError(_("You cannot give a role with more rights than your own."))


@transaction.atomic
def petugas_create(
    *,
    email: str,
    password: str,
    nama: str,
    role: str,
    full_name: str = "",
    phone: str = "",
    nip: str = "",
    license_number: str = "",
    is_active: bool = True,
    created_by: User | None = None,
) -> Petugas:
    if created_by is not None:
        account_refuse_if_outranked(actor=created_by, role=role)
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name or nama, phone=phone, is_active=is_active
    )
    petugas = Petugas.objects.create(user=user, nama=nama, role=role, nip=nip, license_number=license_number)
    petugas_sync_access(petugas)
    return petugas


@transaction.atomic
def petugas_update(*, petugas: Petugas, data: dict, updated_by: User | None = None) -> Petugas:
    """Update the petugas and its account; `password` resets it and signs them out everywhere.

    Nobody locks themselves out: `updated_by` may not deactivate their own account or change
    their own role (another admin must).
    """
    if updated_by is not None and petugas.user_id == updated_by.pk:
        petugas_refuse_self_lockout(petugas=petugas, data=data)
    if updated_by is not None:
        account_refuse_if_outranked(actor=updated_by, target=petugas.user, role=data.get("role"))
    user = petugas.user
    for field in PETUGAS_USER_FIELDS:
        if field in data:
            value = data[field]
            setattr(user, field, normalize_email_address(value) if field == "email" else value)
    if "is_active" in data:
        user.is_active = data["is_active"]
    if data.get("password"):
        user.set_password(data["password"])
    user.save()
    if data.get("password") or not user.is_active:
        user_tokens_revoke_all(user=user)
    for field in ("nama", "role", "nip", "license_number"):
        if field in data:
            setattr(petugas, field, data[field])
    petugas.save()
    petugas_sync_access(petugas)
    return petugas


@transaction.atomic
def petugas_deactivate(*, petugas: Petugas) -> Petugas:
    """A petugas is never deleted: clinical rows keep pointing at who wrote them."""
    return petugas_update(petugas=petugas, data={"is_active": False})


class SelfDeactivationError(ValidationError):
    """Nobody locks themselves out: another admin must do it."""


def petugas_refuse_self_lockout(*, petugas: Petugas, data: dict) -> None:
    """The rule for a petugas editing their own record, from the API and from the dashboard."""
    errors = {}
    if data.get("is_active", True) is False:
        errors["is_active"] = _("You cannot deactivate your own account.")
    if "role" in data and data["role"] != petugas.role:
        errors["role"] = _("You cannot change your own role.")
    if errors:
        raise SelfDeactivationError(errors)


@transaction.atomic
def user_deactivate(*, user: User, deactivated_by: User) -> User:
    """What "delete" means for any account, from any door: it stops working, and stays for the record.

    A petugas also loses its group (and so the dashboard); every token, access and refresh, ends.
    """
    if user.pk == deactivated_by.pk:
        raise SelfDeactivationError(_("You cannot deactivate your own account."))
    account_refuse_if_outranked(actor=deactivated_by, target=user)
    petugas = Petugas.objects.filter(user=user).first()
    if petugas is not None:
        petugas_deactivate(petugas=petugas)
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_tokens_revoke_all(user=user)
    return user
