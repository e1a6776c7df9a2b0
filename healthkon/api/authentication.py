"""JWT authentication that loads everything a request asks about its caller in one query."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import InvalidToken

from accounts.access import load_permissions
from accounts.token_sessions import SESSION_CLAIM, session_has_ended


class _UsersWithPetugas:
    """What simplejwt's `get_user` reads from `user_model`: the users, their petugas row joined."""

    def __init__(self):
        self.model = get_user_model()
        self.DoesNotExist = self.model.DoesNotExist

    @property
    def objects(self):
        return self.model.objects.select_related("petugas")


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's checks unchanged (signature, expiry, user exists, active, password not changed).

    The user's petugas row (its role) comes with the user, and the model permissions from the
    cache in accounts.access: one query where there were four. A token of a session that has
    ended (logout, refresh token reuse) is refused after one cache read (accounts.token_sessions).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_model = _UsersWithPetugas()

    def get_validated_token(self, raw_token):
        token = super().get_validated_token(raw_token)
        session_id = token.get(SESSION_CLAIM)
        if isinstance(session_id, str) and session_has_ended(session_id):
            raise InvalidToken({"detail": _("This session has ended; sign in again."), "code": "session_ended"})
        return token

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        load_permissions(user)
        return user


class JWTScheme(SimpleJWTScheme):
    """The OpenAPI security scheme of simplejwt's class (`jwtAuth`, bearer JWT), for this one."""

    target_class = JWTAuthentication
