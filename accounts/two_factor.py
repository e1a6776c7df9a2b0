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

import base64
import hashlib
import io
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from accounts.models import Petugas, User
from accounts.roles import user_role

TICKET_SALT = "accounts.two_factor.login-ticket"
USED_TICKET_PREFIX = "accounts:otp-ticket-used:"


class TwoFactorError(Exception):
    """The second step failed; the message is safe to show (it never says which part was wrong)."""


def otp_required_roles() -> set[str]:
    """Petugas roles only: a patient's account has no dashboard to set up an authenticator in."""
    return {str(role) for role in settings.OTP_REQUIRED_ROLES} & {role for role, _label in Petugas.PETUGAS_ROLES}


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


# --- enrolment, in the dashboard: the owner sets up their own authenticator ----------------------


def enrolment_start(*, user: User) -> TOTPDevice:
    """A new secret for the owner to scan, shown on this one page and never again.

    Any earlier unconfirmed device goes: its secret may have been seen, and only one may be pending.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=str(_("Authenticator")), confirmed=False)


def enrolment_pending(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def enrolment_confirm(*, user: User, code: str) -> TOTPDevice | None:
    """The pending device, confirmed by one of its codes (the owner scanned it); None for a wrong code."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None or not device.verify_token(code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def enrolment_qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an SVG QR code in a data: URI (the page's CSP allows data: images)."""
    buffer = io.BytesIO()
    write_qrcode_image(device.config_url, buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def enrolment_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))
