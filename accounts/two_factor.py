"""Two-factor sign-in to the API (issue 19 item 3), with the same TOTP devices as the dashboard.

A password alone is not enough for an account with a confirmed TOTP device: `POST /auth/login`
answers `otp_required` with a short-lived ticket, and `POST /auth/login/otp` trades the ticket
and a current code for the tokens. The ticket is signed by Django (`django.core.signing`), names
the account, expires after `OTP_LOGIN_TICKET_SECONDS`, dies with a password change or a
deactivation, and gives tokens once. Codes are checked by django-otp, which refuses a code used
before and slows down guessing on each device; the endpoint is throttled like login.

Roles in `OTP_REQUIRED_ROLES` must have a device: without one, the API refuses the login and
the dashboard lets them in only to set one up (accounts.admin).
"""

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from accounts.models import User
from accounts.roles import user_role

TICKET_SALT = "accounts.two_factor.login-ticket"
USED_TICKET_PREFIX = "accounts:otp-ticket-used:"


class TwoFactorError(Exception):
    """The second step failed; the message is safe to show (it never says which part was wrong)."""


def otp_required_roles() -> set[str]:
    return {str(role) for role in settings.OTP_REQUIRED_ROLES}


def needs_second_factor(user: User) -> bool:
    """A confirmed TOTP device means its code is asked for at every sign-in, API and dashboard alike."""
    return user_has_device(user, confirmed=True)


def must_enrol(user: User) -> bool:
    """The account's role requires two-factor sign-in, and it has no confirmed device yet."""
    return user_role(user) in otp_required_roles() and not needs_second_factor(user)


def _password_digest(user: User) -> str:
    # A ticket dies with the password it was issued for (a reset in between signs the holder out).
    return hashlib.sha256(user.password.encode()).hexdigest()[:16]


def login_ticket_issue(*, user: User) -> str:
    """A signed, short-lived proof that this account's password was right just now."""
    payload = {"u": user.pk, "p": _password_digest(user), "n": secrets.token_hex(8)}
    return signing.dumps(payload, salt=TICKET_SALT)


def _ticket_payload(ticket: str) -> dict | None:
    try:
        payload = signing.loads(ticket, salt=TICKET_SALT, max_age=settings.OTP_LOGIN_TICKET_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return payload if isinstance(payload, dict) and {"u", "p", "n"} <= payload.keys() else None


def login_ticket_account(ticket: str) -> int | None:
    """The account id a valid ticket names (throttles count attempts per account)."""
    payload = _ticket_payload(ticket)
    return payload["u"] if payload is not None else None


def login_ticket_redeem(*, ticket: str, code: str) -> User:
    """The account, once the ticket is valid and the code is one of its device's current codes."""
    payload = _ticket_payload(ticket)
    user = User.objects.filter(pk=payload["u"], is_active=True).first() if payload else None
    if user is None or payload["p"] != _password_digest(user):
        raise TwoFactorError(_("The sign-in ticket is invalid or has expired; sign in again."))
    # django-otp locks the device row, refuses a code used before and counts failures per device
    # (each one doubles the wait before the next try): the failure must commit, so raise after.
    with transaction.atomic():
        device = match_token(user, code)
    if device is None:
        raise TwoFactorError(_("Incorrect authenticator code."))
    if not cache.add(USED_TICKET_PREFIX + payload["n"], True, timeout=settings.OTP_LOGIN_TICKET_SECONDS):
        raise TwoFactorError(_("The sign-in ticket is invalid or has expired; sign in again."))
    return user
