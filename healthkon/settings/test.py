"""Test overlay: the base settings, made fast and hermetic.

DATABASE_URL still chooses the database, so CI runs the suite on MariaDB.
"""

import os
import secrets

os.environ.setdefault("DJANGO_DEBUG", "false")
# A fresh random key per test process: no key is written anywhere, not even for tests.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

from .base import *  # noqa: E402, F403

# bcrypt costs ~0.2 s a hash: tests use a fast hasher (bcrypt stays first in base,
# and a test checks that).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
STATIC_ROOT = None  # no collectstatic in tests; WhiteNoise serves from the finders
CHROMA_PATH = VAR_DIR / "test-chroma"  # noqa: F405
LLM_API_KEY = ""
# Only the rag tests that exercise the index turn this on (with a per-test Chroma directory).
RAG_SYNC_ON_COMMIT = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# With sync on (the rag tests' `sync_on`), the writing test process applies its own index jobs.
RAG_INDEX_DRAIN = "inline"
RAG_SERVICE_URL = ""
CELERY_BROKER_URL = ""
