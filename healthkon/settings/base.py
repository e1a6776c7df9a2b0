"""Settings shared by every Healthkon service, read from the environment.

Each service module (auth, records, rag, records_mobile, rag_mobile, calculator)
imports this and sets only what differs: its URLconf and its name.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# `.env` is optional; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Where the embedded defaults keep their files (SQLite, file cache, media, vector store).
VAR_DIR = Path(env("HEALTHKON_VAR_DIR", default=str(BASE_DIR / "var")))


def embedded_dir(path: Path) -> Path:
    """Create a folder an embedded default writes to, so every entry point works on a fresh clone.

    `var/` is git-ignored: without this, runserver, gunicorn or `make run` on a new checkout
    dies at the first SQLite connection ("unable to open database file").
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return path


DEBUG = env.bool("DJANGO_DEBUG", default=False)

# No key is ever built in: `make run` writes a random one into the new `.env`.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (`make run` writes a random one into .env).")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Identifies the service in logs, /health and the OpenAPI title; set per service module.
SERVICE_NAME = "auth"

INSTALLED_APPS = [
    "healthkon.apps.HealthkonAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "corsheaders",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "healthkon",
    "accounts",
    "records",
    "records_mobile",
    "rag",
    "rag_mobile",
    "calculator",
]

MIDDLEWARE = [
    "healthkon.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "healthkon.urls.auth"
WSGI_APPLICATION = "healthkon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: embedded SQLite unless DATABASE_URL says otherwise -----------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'healthkon.sqlite3'}")}
# Production (DEBUG off) keeps each worker's connection for a minute instead of opening one per
# request; a health check before reuse replaces a connection the server dropped. DEBUG
# development (runserver's reloads) opens one per request. DATABASE_CONN_MAX_AGE overrides both.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "charset": "utf8mb4",
            # Strict mode: MySQL must reject bad data instead of silently truncating it.
            "init_command": "SET sql_mode='STRICT_TRANS_TABLES'",
        }
    )
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        embedded_dir(Path(DATABASES["default"]["NAME"]).parent)
    # Six services share one file: WAL lets readers proceed while one process writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by all processes of a service (throttling counts must survive
# several gunicorn workers): a file cache by default, Redis via CACHE_URL.
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
    embedded_dir(CACHES["default"]["LOCATION"])

# --- Auth ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static files (Swagger UI / ReDoc assets are served locally, never from a CDN) ---
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (development, tests) WhiteNoise serves straight from the apps.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
MEDIA_ROOT = embedded_dir(env.path("MEDIA_ROOT", default=VAR_DIR / "media"))
MEDIA_URL = "media/"
# Uploaded medical documents (PDF or text) larger than this are refused with a 400.
MEDICAL_DOCUMENT_MAX_BYTES = env.int("MEDICAL_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # JSON bodies; files are limited by the setting above

APPEND_SLASH = False  # every route matches with or without the slash; no redirects

# --- REST framework ---------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["healthkon.api.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "healthkon.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["healthkon.api.filters.RequestedFiltersBackend"],
    "DEFAULT_SCHEMA_CLASS": "healthkon.api.schema.HealthkonAutoSchema",
    "EXCEPTION_HANDLER": "healthkon.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "healthkon.api.negotiation.ContentNegotiation",
    # JSON bodies only; the one upload endpoint (medical documents) adds multipart itself.
    "DEFAULT_PARSER_CLASSES": ["healthkon.api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_RATES": {
        "login_account_ip": env("LOGIN_THROTTLE_ACCOUNT_IP_RATE", default="5/min"),
        "login_account": env("LOGIN_THROTTLE_ACCOUNT_RATE", default="100/hour"),
        "login_ip": env("LOGIN_THROTTLE_IP_RATE", default="20/min"),
        "change_password": env("CHANGE_PASSWORD_THROTTLE_RATE", default="10/hour"),
        # POST /auth/login/otp per account named by the ticket (the IP counts with login's).
        "login_otp_account": env("LOGIN_OTP_THROTTLE_ACCOUNT_RATE", default="5/min"),
        "register_ip": env("REGISTER_THROTTLE_IP_RATE", default="10/hour"),
        # POST /me/link on :8003: NIK + BPJS number + birth date are guessable, so few tries.
        "link_account": env("LINK_THROTTLE_ACCOUNT_RATE", default="5/hour"),
        "link_ip": env("LINK_THROTTLE_IP_RATE", default="20/hour"),
    },
    # Behind N trusted proxies the client IP is the N-th from the right in X-Forwarded-For;
    # 0 trusts only the socket address, so a client cannot forge its way past throttles.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=30)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=30)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default=SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
    # Access tokens carry a digest of the password hash: a password change ends them at once,
    # not only the refresh tokens. (Deactivated accounts are refused by CHECK_USER_IS_ACTIVE.)
    "CHECK_REVOKE_TOKEN": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Healthkon API",
    "DESCRIPTION": "Healthkon backend for BPJS Kesehatan members and clinic staff.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        # /health's "ok"/"unavailable" (overall, database, vector store): one enum, not three names.
        "AvailabilityEnum": ["ok", "unavailable"],
        # Petugas' role appears in two serializers (create, update): one enum, one stable name.
        "PetugasRoleEnum": "accounts.models.Petugas.PETUGAS_ROLES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "healthkon.api.schema.add_error_components",
    ],
}

# --- Production hardening ------------------------------------------------------------------
# Development (`make run`) serves plain HTTP on loopback; production sits behind a TLS proxy and
# sets these from the environment (see .env.production.example; `check --deploy` is clean there).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^health$"]  # the load balancer's probe speaks plain HTTP
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): everything from this origin only. The dashboard and Swagger
# UI need no inline script; ReDoc renders its styles inline and runs its search in a blob: worker.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# CORS: the mobile app is native (no CORS); only configured web origins may call the APIs.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = False

# Request bodies: larger than this (the biggest document plus form overhead) are refused with 413
# before anything is read or written to a temporary file.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=MEDICAL_DOCUMENT_MAX_BYTES + 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Two-factor sign-in to the dashboard (django-otp): optional per petugas; once an admin gives a
# petugas a confirmed TOTP device, the dashboard asks for its code at every sign-in.
OTP_TOTP_ISSUER = "Healthkon"
# The API asks for the same code (accounts.two_factor): `POST /auth/login` answers `otp_required`
# with a ticket this many seconds long, which `POST /auth/login/otp` trades with a code for tokens.
OTP_LOGIN_TICKET_SECONDS = env.int("OTP_LOGIN_TICKET_SECONDS", default=300)
# Roles that must use two-factor sign-in (e.g. "admin" or "admin,doctor,staff"): without a device
# the API refuses them (403 `otp_setup_required`) and the dashboard only lets them set one up.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=[])
# The dashboard never shows a device's secret again after enrolment (issue 19 item 2).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- RAG (used by the rag services) -------------------------------------------------------
CHROMA_URL = env("CHROMA_URL", default="")
CHROMA_PATH = env.path("CHROMA_PATH", default=VAR_DIR / "chroma")
if not CHROMA_URL:
    embedded_dir(CHROMA_PATH)
LLM_API_KEY = env("LLM_API_KEY", default="")
LLM_BASE_URL = env("LLM_BASE_URL", default="")
LLM_MODEL = env("LLM_MODEL", default="gpt-4o-mini")
# Seconds before an LLM call is abandoned for the extractive answer (no retries).
LLM_TIMEOUT_SECONDS = env.float("LLM_TIMEOUT_SECONDS", default=20.0)
# A sentence-transformers model directory; empty: the packaged all-MiniLM-L6-v2.
EMBEDDING_MODEL_PATH = env("EMBEDDING_MODEL_PATH", default="")
# torch intra-op threads for embeddings (per process); 1 keeps query latency steady under load.
EMBEDDING_THREADS = env.int("EMBEDDING_THREADS", default=1)
RAG_COLLECTION = env("RAG_COLLECTION", default="healthkon_chunks")
# Every clinical save writes an index job in its transaction (rag.outbox); a worker applies it.
RAG_SYNC_ON_COMMIT = env.bool("RAG_SYNC_ON_COMMIT", default=True)
# "worker": jobs wait for `manage.py rag_worker` or Celery (the services never load the model);
# "inline": the writing process applies them after its commit (single-process tests and scripts).
RAG_INDEX_DRAIN = env("RAG_INDEX_DRAIN", default="worker")
RAG_INDEX_MAX_ATTEMPTS = env.int("RAG_INDEX_MAX_ATTEMPTS", default=8)
# Seconds the built-in worker sleeps when the queue is empty (the commit-to-searchable lag floor).
RAG_WORKER_POLL_SECONDS = env.float("RAG_WORKER_POLL_SECONDS", default=0.25)
# The staff dashboard's Tanya AI asks the rag service (:8002) over HTTP, so the records process
# never loads the embedding model; empty: in-process (tests, single-process scripts).
RAG_SERVICE_URL = env("RAG_SERVICE_URL", default="")

# --- Celery: the index worker when a broker is configured (redis://… or amqp://…) ---------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request's commit hook publishes the nudge: with the broker down it must not hang the request
# (the job row is committed already and the beat sweep below finds it).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BEAT_SCHEDULE = {
    "drain-index-outbox": {"task": "rag.drain_index_jobs", "schedule": env.float("RAG_SWEEP_SECONDS", default=10.0)}
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # One INFO line per HTTP call to the Chroma server drowns everything else.
    "loggers": {"httpx": {"level": "WARNING"}},
}
