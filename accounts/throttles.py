"""Brute-force protection: login is limited per account and per client IP (429 + Retry-After)."""

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import normalize_email_address


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


class LoginAccountThrottle(_ConfiguredRateThrottle):
    """Counts attempts on one email from any IP, so a botnet cannot guess one password."""

    scope = "login_account"

    def get_cache_key(self, request, view):
        data = request.data if isinstance(request.data, dict) else {}
        email = data.get("email")
        if not isinstance(email, str) or not email.strip():
            return None  # the serializer answers 400 for a missing email
        digest = hashlib.sha256(normalize_email_address(email).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}
