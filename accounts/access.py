"""A caller's model permissions, resolved once and cached across requests (issue 12).

Every API request used to ask the database for the user's own and group permissions (two
queries). They change rarely, so they are cached under a key made of:

- the database (test databases and benchmark databases reuse user ids),
- a global *access version*, replaced by a new random token whenever anything that decides
  permissions changes: a user saved (other than its last login), a petugas saved or deleted
  (role), group membership, a user's own permissions, a group's permissions, a group or
  permission deleted. The token is replaced at once *and* again when the transaction commits,
  so a request that read the old rows between the two cannot keep them under the new token;
- the user's id, `is_active`, `is_superuser` and petugas role as read with the user on this
  request (they never come from the cache).

So a change is seen by the very next request; a lost cache entry only costs the two queries.
Changes made behind Django's back (raw SQL, `QuerySet.update` on the through tables) do not
bump the version: the entries expire after `ACCESS_CACHE_SECONDS` anyway. A cache that fails
falls back to the database.
"""

import logging
import uuid

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import connection, transaction

from accounts.roles import user_role

logger = logging.getLogger(__name__)

ACCESS_CACHE_SECONDS = 300
VERSION_KEY = "accounts:access-version"


def access_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _bump() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # a cache that is down holds nothing stale: reads fall back to the database
        logger.exception("Could not bump the access version")


def access_changed(**kwargs) -> None:
    """Signal receiver: whatever decides permissions changed; every cached entry is void."""
    if kwargs.get("update_fields") is not None and set(kwargs["update_fields"]) <= {"last_login"}:
        return  # a login changes nothing about access
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: act once, after the change
    _bump()
    transaction.on_commit(_bump)


def _cache_key(user) -> str:
    return ":".join(
        [
            "accounts:perms",
            str(connection.settings_dict["NAME"]),
            access_version(),
            str(user.pk),
            str(int(user.is_active)),
            str(int(user.is_superuser)),
            user_role(user),
        ]
    )


def load_permissions(user) -> None:
    """Fill the user's per-request permission cache (what `has_perm` reads) from the shared cache."""
    if not user.is_active:
        return  # ModelBackend grants an inactive user nothing, without a query
    try:
        key = _cache_key(user)
        permissions = cache.get(key)
    except Exception:
        logger.exception("Permission cache unavailable: reading permissions from the database")
        return
    if permissions is None:
        permissions = frozenset(ModelBackend().get_all_permissions(user))
        try:
            cache.set(key, permissions, timeout=ACCESS_CACHE_SECONDS)
        except Exception:
            logger.exception("Could not cache permissions")
    user._perm_cache = set(permissions)
