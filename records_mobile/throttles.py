"""Guessing protection for POST /me/link: hard limits per account and per client IP (429 + Retry-After).

A NIK, a BPJS number and a birth date are not secrets to everyone (family, employers, photocopies
of the card), so the three together are treated like a password: few tries, counted per account
(from any IP) and per IP (over any number of accounts). Rates: LINK_THROTTLE_ACCOUNT_RATE and
LINK_THROTTLE_IP_RATE.
"""

from accounts.throttles import _ConfiguredRateThrottle


class LinkAccountThrottle(_ConfiguredRateThrottle):
    scope = "link_account"

    def get_cache_key(self, request, view):
        if request.method != "POST":
            return None  # other methods are a 405, not an attempt
        if not request.user or not request.user.is_authenticated:
            return None  # refused with 401 before any attempt
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class LinkIPThrottle(_ConfiguredRateThrottle):
    scope = "link_ip"

    def get_cache_key(self, request, view):
        if request.method != "POST":
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
