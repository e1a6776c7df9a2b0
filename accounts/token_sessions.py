"""Sign-in sessions: one refresh token family, from a login to its logout (issue 19 item 5).

A login starts a session: its refresh token carries a random session id (`sid`), kept through
every rotation and copied into every access token the family mints. A session ends when its
owner logs out or when a refresh token that was already rotated (or revoked) is presented again:
one of the two holders is a thief, and we cannot tell which, so the whole family ends (OAuth 2.0
Security Best Current Practice, refresh token rotation with reuse detection). A password change
or a deactivation ends every session at once by other means (the password digest claim and the
active check of simplejwt, with every refresh token blacklisted).

An ended session is a row of `EndedSession` (the record, read by every refresh) and a key in the
cache, which every authenticated request reads: one cache round-trip, no SQL. Access tokens live
`ACCESS_TOKEN_LIFETIME`, so a key only needs to outlive that. If the cache is emptied (restart,
flush, eviction), a marker key is gone with it and the next request reloads the recent rows into
the cache (one query per cache lifetime, not per request); if the cache is down, the request asks
the database.
"""

import logging
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import EndedSession, SessionEndReason, User

logger = logging.getLogger(__name__)

SESSION_CLAIM = "sid"
ENDED_KEY_PREFIX = "jwt:ended-session:"
LOADED_KEY = "jwt:ended-sessions-loaded"
CLOCK_SKEW = timedelta(minutes=1)


class SessionRefreshToken(RefreshToken):
    """simplejwt's refresh token with a session id, which rotation keeps and access tokens copy."""

    def __init__(self, token=None, verify=True):
        super().__init__(token, verify)
        if token is None:
            self[SESSION_CLAIM] = uuid.uuid4().hex
        elif SESSION_CLAIM not in self.payload:
            # Issued before sessions existed: its family starts with it, so reuse from now on is caught.
            self.payload[SESSION_CLAIM] = self.payload[jwt_settings.JTI_CLAIM]


def _denylist_lifetime() -> timedelta:
    """How long an ended session's access tokens may still be presented: after that, expiry refuses them."""
    return jwt_settings.ACCESS_TOKEN_LIFETIME + token_backend.get_leeway() + CLOCK_SKEW


def _remember_ended(session_ids: list[str]) -> None:
    seconds = int(_denylist_lifetime().total_seconds())
    try:
        cache.set_many({ENDED_KEY_PREFIX + session_id: True for session_id in session_ids}, timeout=seconds)
    except Exception:  # the row is written; a cache that is down is read through the database
        logger.exception("Could not cache ended sessions")


def session_end(*, session_id: str, user: User | None, reason: str) -> None:
    """End a session: its refresh tokens stop rotating and its access tokens stop working at once.

    Rows older than a refresh token's lifetime are dropped on the way: every token they could
    refuse has expired by then (an indexed delete per logout keeps the table small, no cron needed).
    """
    EndedSession.objects.get_or_create(session_id=session_id, defaults={"user": user, "reason": reason})
    _remember_ended([session_id])
    horizon = timezone.now() - jwt_settings.REFRESH_TOKEN_LIFETIME - token_backend.get_leeway() - CLOCK_SKEW
    EndedSession.objects.filter(ended_at__lt=horizon).delete()


def _reload_ended_sessions() -> set[str]:
    """The cache lost what it held: bring back every session ended recently enough to matter."""
    since = timezone.now() - _denylist_lifetime()
    ended = set(EndedSession.objects.filter(ended_at__gte=since).values_list("session_id", flat=True))
    _remember_ended(list(ended))
    try:
        cache.set(LOADED_KEY, True, timeout=int(_denylist_lifetime().total_seconds()))
    except Exception:
        logger.exception("Could not cache ended sessions")
    return ended


def ended_sessions_warm() -> None:
    """At sign-in: load the ended sessions if the cache lost them, so the new tokens' requests find them cached."""
    try:
        loaded = cache.get(LOADED_KEY) is not None
    except Exception:
        logger.exception("Ended-session cache unavailable")
        return
    if not loaded:
        _reload_ended_sessions()


def session_has_ended(session_id: str) -> bool:
    """The per-request check: one cache round-trip (the marker and the session's key together)."""
    try:
        found = cache.get_many([LOADED_KEY, ENDED_KEY_PREFIX + session_id])
    except Exception:
        logger.exception("Ended-session cache unavailable: asking the database")
        return EndedSession.objects.filter(session_id=session_id).exists()
    if LOADED_KEY not in found:
        return session_id in _reload_ended_sessions()
    return ENDED_KEY_PREFIX + session_id in found


def refresh_token_check(raw_token: str) -> None:
    """Before a refresh: a token already rotated or revoked ends its whole session; an ended session refreshes nothing.

    Only a token with a valid signature that has not expired counts as reuse: anyone can send garbage.
    """
    try:
        payload = token_backend.decode(raw_token, verify=True)
    except TokenBackendError:
        return  # the refresh itself answers 401
    if payload.get(jwt_settings.TOKEN_TYPE_CLAIM) != RefreshToken.token_type:
        return
    jti = payload.get(jwt_settings.JTI_CLAIM)
    session_id = payload.get(SESSION_CLAIM, jti)
    if not isinstance(session_id, str) or not session_id:
        return
    if BlacklistedToken.objects.filter(token__jti=jti).exists():
        user = User.objects.filter(pk=payload.get(jwt_settings.USER_ID_CLAIM)).first()
        session_end(session_id=session_id, user=user, reason=SessionEndReason.REFRESH_REUSE)
        logger.warning("Refresh token reused: session %s of user %s ended", session_id, getattr(user, "pk", None))
        raise TokenError(_("Token is blacklisted"))
    if EndedSession.objects.filter(session_id=session_id).exists():
        raise TokenError(_("This session has ended; sign in again."))
