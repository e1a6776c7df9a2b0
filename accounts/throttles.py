"""Brute-force protection (429 + Retry-After).

Login is counted three ways: per account *and* client IP strictly (one attacker guessing one
password), per client IP (one attacker spraying many accounts), and per account from anywhere
loosely (a botnet guessing one password). The account-wide limit is loose on purpose: a strict
one would let anyone lock a victim out of their own account from another IP.
"""

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import normalize_email_address
from accounts.two_factor import login_ticket_account


class _ConfiguredRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read at request time (DRF reads at import), so settings overrides and env changes apply.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class LoginIPThrottle(_ConfiguredRateThrottle):
    scope = "login_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class RegisterIPThrottle(LoginIPThrottle):
    scope = "register_ip"


def _account_digest(request) -> str | None:
    data = request.data if isinstance(request.data, dict) else {}
    email = data.get("email")
    if not isinstance(email, str) or not email.strip():
        return None  # the serializer answers 400 for a missing email
    return hashlib.sha256(normalize_email_address(email).encode()).hexdigest()


class LoginAccountThrottle(_ConfiguredRateThrottle):
    """Attempts on one email from any IP, loosely: a botnet cannot guess one password at leisure."""

    scope = "login_account"

    def get_cache_key(self, request, view):
        digest = _account_digest(request)
        return None if digest is None else self.cache_format % {"scope": self.scope, "ident": digest}


class LoginAccountIPThrottle(_ConfiguredRateThrottle):
    """Attempts on one email from one IP, strictly: the attacker is throttled, the owner elsewhere is not."""

    scope = "login_account_ip"

    def get_cache_key(self, request, view):
        digest = _account_digest(request)
        if digest is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": f"{digest}:{self.get_ident(request)}"}


class ChangePasswordThrottle(_ConfiguredRateThrottle):
    """Password changes per signed-in account: a stolen token cannot be used to guess the old password."""

    scope = "change_password"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class LoginOTPAccountThrottle(_ConfiguredRateThrottle):
    """Codes tried for one account (the one a valid ticket names), from anywhere: 6 digits are few."""

    scope = "login_otp_account"

    def get_cache_key(self, request, view):
        data = request.data if isinstance(request.data, dict) else {}
        ticket = data.get("ticket")
        account = login_ticket_account(ticket) if isinstance(ticket, str) else None
        return None if account is None else self.cache_format % {"scope": self.scope, "ident": account}
