"""Settings for the Beijiang Technology Trading Center portal, read from the environment.

Defaults give a development set-up that needs nothing installed: SQLite under `var/`,
Celery tasks run in-process, e-mail printed to the console. Production (`DEBUG=0`)
requires `SECRET_KEY` and `ALLOWED_HOSTS` and turns on every HTTPS protection.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from portal.env import (
    client_address_config,
    database_config,
    email_config,
    env_bool,
    env_digits,
    env_float,
    env_int,
    env_list,
    env_str,
)
from portal.schedule import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG=0.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "portal",
    "common",
    "accounts",
    "notifications",
    "patents",
    "institutions",
    "contracts",
    "demands",
    "managers",
    "instruments",
]

MIDDLEWARE = [
    "common.requestlog.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.RejectNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "common.uploads.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "common.middleware.AdminDateDrillDownMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "portal.context_processors.notifications_badge",
                "portal.context_processors.demo_marker",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": database_config(DATABASE_URL)
    if DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "portal.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The newest-first contract index carries its list filters as non-key columns (INCLUDE, a
# PostgreSQL covering index); SQLite, the embedded default, builds it without them and
# would say so on every command.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

REDIS_URL = env_str("REDIS_URL")
# The cache holds only throttle counters: when Redis is unreachable, calls fail within half
# a second and count as misses (common.cache), so sign-up and enquiries go on without it.
CACHES = {
    "default": (
        {
            "BACKEND": "common.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, reading the user's roles with the user (one query a request, not three).
    "accounts.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures for one username from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Client addresses (lockout, throttles): X-Forwarded-For is believed only when NUM_PROXIES
# says how many proxies of ours stand in front; otherwise anyone could forge it.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
globals().update(client_address_config(NUM_PROXIES))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
# Django's own zh_Hans phrases with 您 instead of 你: a LOCALE_PATHS entry outranks
# django.contrib's catalogues, which an app's locale folder would not (apps listed first win).
LOCALE_PATHS += [BASE_DIR / "accounts" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "staticfiles")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Request bodies: uploads above 5 MB go to a temporary file, form fields beyond 10 MB are
# refused, and any body declared above MAX_REQUEST_MB is refused with 413 before it is read
# (common.uploads; the proxy's client_max_body_size should be the same, see README).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_MB", 25) * 1024 * 1024
# Attachment quotas (common.uploads.quota_problem): before and after verification.
UPLOAD_QUOTAS = {
    "unverified": {
        "contract_files": 3,
        "contract_bytes": 30 * 1024 * 1024,
        "organization_bytes": 60 * 1024 * 1024,
    },
    "verified": {
        "contract_files": 10,
        "contract_bytes": 100 * 1024 * 1024,
        "organization_bytes": 2048 * 1024 * 1024,
    },
}

EMAIL_URL = env_str("EMAIL_URL", "console://")
globals().update(email_config(EMAIL_URL))
# Seconds a mail-server connection may hang before the worker gives up (and retries later).
EMAIL_TIMEOUT = env_float("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "北疆技术交易中心 <noreply@localhost>")

# Celery: with no broker the tasks run in-process, so `make run` needs nothing else.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down never holds a request: a refused or silent Redis is given up on
# within a fraction of a second (the action stands; the lost message is logged by the
# robust on_commit). Results are not stored unless a task asks (portal.ping does), so
# sending a task touches nothing but the broker.
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECT_TIMEOUT", 0.5)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECTION_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 1}}
# Beat: the periodic tasks of every app, defined in code (portal.schedule).
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE
ENQUIRY_RETENTION_MONTHS = 24
# forms: a reviewer's import file above this many data rows is imported by the worker
# (common.import_jobs), with a progress page; smaller ones in the request.
IMPORT_TASK_ROWS = 500

# Notifications and the mail outbox (common.mail): every e-mail is a database row first;
# the worker sends it with retries and backoff, a sweep every minute re-sends what no task
# carried (broker down). E-mails link to pages on SITE_URL and are signed by the center.
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")) or " " in SITE_URL:
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must be an http(s):// address.")
SERVICE_DESK_PHONE = env_str("SERVICE_DESK_PHONE", "0990-6000000")
MAIL_RETRY_BASE = env_int("MAIL_RETRY_BASE", 30)  # seconds before the 1st retry, doubling
MAIL_RETRY_MAX = env_int("MAIL_RETRY_MAX", 3600)
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 24)  # then "failed", re-sent from the admin
MAIL_SEND_LEASE = env_int("MAIL_SEND_LEASE", 600)  # a claimed row is retried after this
MAIL_SWEEP_GRACE = env_int("MAIL_SWEEP_GRACE", 60)  # a due row untouched this long is swept

# Registration numbers: YYYY + region (4) + registration point (2) + sequence (6).
REGISTRATION_REGION_CODE = env_digits("REGISTRATION_REGION_CODE", "6502", 4)
REGISTRATION_POINT_CODE = env_digits("REGISTRATION_POINT_CODE", "01", 2)
REGISTRATION_POINT_NAME = env_str(
    "REGISTRATION_POINT_NAME", "北疆技术交易中心（克拉玛依科技大市场）"
)
SITE_NAME = "北疆技术交易中心"
# The portal's public address (SITE_URL above, checked) is also the certificate's QR code.

REST_FRAMEWORK = {
    # Token first, so that an anonymous call gets 401 with `WWW-Authenticate: Token`.
    # Tokens are knox's: stored hashed, expiring, revocable (accounts.services).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON with a nesting limit (common.api), forms and uploads as DRF's defaults.
    "DEFAULT_PARSER_CLASSES": [
        "common.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "common.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["common.api.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "anon_write": "20/hour",
        "signup": "10/hour",
        "enquiry": "10/hour",
        "objection": "10/hour",
    },
    # ISO 8601 as the schema says: strftime's "%Y" writes the year 376 as "376", not "0376".
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
    "NUM_PROXIES": NUM_PROXIES,
}
# Public certificate verification (/verify/ and its API): look-ups per client address.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["verify"] = env_str("VERIFY_RATE", "30/hour")
# API tokens: `Authorization: Token <token>` as before; kept only as a hash, valid for
# API_TOKEN_TTL_DAYS, revoked by a password change and by "log out everywhere".
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_TTL_DAYS", 30)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "北疆技术交易中心 API",
    "DESCRIPTION": "Technology contracts, the high-value patent catalogue, institutes and "
    "their results, and market statistics of the Beijiang Technology Trading Center.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per shared choice set (several serializers use them under other field names).
    "ENUM_NAME_OVERRIDES": {
        "EntityNatureEnum": "accounts.models.EntityNature",
        "ContractStatusEnum": "contracts.models.Status",
        "InstitutionKindEnum": "institutions.models.InstitutionKind",
        "OrganizationKindEnum": "accounts.models.OrganizationKind",
        "ResultStatusEnum": "institutions.models.ResultStatus",
        "EnquiryStatusEnum": "institutions.models.EnquiryStatus",
        "CatalogueStatusEnum": "patents.models.CatalogueStatus",
        "ExpertReviewStatusEnum": "contracts.models.ExpertReviewStatus",
        "ChangeRequestStatusEnum": "contracts.models.RequestStatus",
        "ChangeKindEnum": "contracts.models.ChangeKind",
        "ObjectionStatusEnum": "contracts.models.ObjectionStatus",
        "TechnicalFieldEnum": "patents.models.TechnicalField",
        "ManagerStatusEnum": "managers.models.ManagerStatus",
        "HelpRequestStatusEnum": "managers.models.HelpRequestStatus",
        "DemandStatusEnum": "demands.choices.DemandStatus",
        "ChallengeStatusEnum": "demands.choices.ChallengeStatus",
        "DemandResponseStatusEnum": "demands.choices.ResponseStatus",
        "ChallengeApplicationStatusEnum": "demands.choices.ApplicationStatus",
        "ChallengeObjectionStatusEnum": "demands.choices.ObjectionStatus",
        "DemandAccessStatusEnum": "demands.choices.AccessStatus",
        "DeclineReasonEnum": "demands.choices.DeclineReason",
        "MatchTargetEnum": "demands.choices.MatchTarget",
        "IndustryTagEnum": "demands.choices.IndustryTag",
        # Enquiries name their targets too; each choice set keeps its own name.
        "EnquiryTargetEnum": "institutions.models.EnquiryTarget",
    },
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): the portal loads nothing from another host and has
# no inline script or style (JS and CSS are static files), so the policy is strict.
# `data:` images only for the SVG icons inside Django's admin and Swagger UI style sheets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs: one JSON object a line (LOG_FORMAT=text for plain lines), each with the request id
# of the request or task that wrote it (common.requestlog). The worker logs the same way.
# With DEBUG (`make run`) plain lines by default: a person reads them, not a collector.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "common.requestlog.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "common.requestlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if LOG_FORMAT == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Django's own console handler (DEBUG only) would print its lines a second time, past the
# level: its records go to the one handler above instead.
LOGGING["loggers"] = {"django": {"handlers": [], "level": "NOTSET", "propagate": True}}
if not CELERY_BROKER_URL:
    # No broker, tasks run in-process: kombu still builds its default connection and warns
    # "No hostname was supplied" on every task; that is expected here, not a problem.
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}

# The service guide (/guide/, 办事指南) and the site search (issue 15): the desk's contacts
# are the center's own, set per deployment (the phone is SERVICE_DESK_PHONE above); the
# address in each language, the opening hours (working days, Beijing time) as digits.
SERVICE_DESK_ADDRESS = env_str(
    "SERVICE_DESK_ADDRESS", "新疆克拉玛依市克拉玛依区 北疆技术交易中心 服务大厅"
)
SERVICE_DESK_ADDRESS_EN = env_str(
    "SERVICE_DESK_ADDRESS_EN",
    "Service hall, Beijiang Technology Trading Center, Karamay District, Karamay, Xinjiang",
)
SERVICE_DESK_EMAIL = env_str("SERVICE_DESK_EMAIL", "service@example.org")
SERVICE_DESK_HOURS = env_str("SERVICE_DESK_HOURS", "10:00–13:30, 16:00–19:30")

# ---- technology managers (managers app) ---------------------------------------------------
# The yearly filing of year Y is due by this day (MM-DD) of year Y + 1; from
# MANAGER_FILING_REMINDER_DAYS before it, approved managers who have not filed are reminded
# every week (portal.schedule) until they file or the day passes.
MANAGER_FILING_DEADLINE = env_str("MANAGER_FILING_DEADLINE", "03-31")
try:
    _month, _day = (int(part) for part in MANAGER_FILING_DEADLINE.split("-"))
    if not (1 <= _month <= 12 and 1 <= _day <= (29 if _month == 2 else 31)):
        raise ValueError(MANAGER_FILING_DEADLINE)
except ValueError as exc:
    raise ImproperlyConfigured(
        f"MANAGER_FILING_DEADLINE={MANAGER_FILING_DEADLINE!r} must be MM-DD (e.g. 03-31)."
    ) from exc
MANAGER_FILING_REMINDER_DAYS = env_int("MANAGER_FILING_REMINDER_DAYS", 60)

# Shared instruments (issue 17): a booking may be cancelled up to this many hours before
# its slot; this many no-shows within a year block new requests for this many days.
INSTRUMENT_CANCEL_HOURS = env_int("INSTRUMENT_CANCEL_HOURS", 24)
INSTRUMENT_NO_SHOW_LIMIT = env_int("INSTRUMENT_NO_SHOW_LIMIT", 3)
INSTRUMENT_NO_SHOW_BLOCK_DAYS = env_int("INSTRUMENT_NO_SHOW_BLOCK_DAYS", 90)

# ---- the footer a government site shows (wave 3: pages) -------------------------------
# 主办单位, its address and the ICP filing number (ICP备案号, MIIT). The service desk's
# phone is SERVICE_DESK_PHONE. English pages show the *_EN values.
SITE_OWNER = env_str("SITE_OWNER", "克拉玛依市科学技术局")
SITE_OWNER_EN = env_str("SITE_OWNER_EN", "Karamay Municipal Bureau of Science and Technology")
SITE_POSTAL_ADDRESS = env_str("SITE_POSTAL_ADDRESS", "新疆维吾尔自治区克拉玛依市克拉玛依区")
SITE_POSTAL_ADDRESS_EN = env_str(
    "SITE_POSTAL_ADDRESS_EN", "Karamay District, Karamay, Xinjiang, China"
)
ICP_NUMBER = env_str("ICP_NUMBER", "新ICP备00000000号")
