"""JWT authentication that loads everything a request asks about its caller in one query."""

from django.contrib.auth import get_user_model
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication

from accounts.access import load_permissions


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
    cache in accounts.access: one query where there were four.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_model = _UsersWithPetugas()

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        load_permissions(user)
        return user


class JWTScheme(SimpleJWTScheme):
    """The OpenAPI security scheme of simplejwt's class (`jwtAuth`, bearer JWT), for this one."""

    target_class = JWTAuthentication
