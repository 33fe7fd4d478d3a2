"""Settings shared by every environment. Everything that differs between machines comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Links in e-mails: the address people open. Unset, it is the development server's own (bin/run-dev serves on PORT).
PORT = env.int("PORT", default=8000)
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{PORT}")
CSRF_FAILURE_VIEW = "agenperubahan.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "knox",  # API tokens (hashed, expiring, revocable); DRF's plain authtoken is no longer installed
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "django_celery_results",
    "axes",
    "simple_history",
    "django_htmx",
    "solo",
    # Our apps; dependencies point one way:
    # organization <- notifications <- agents, forums, evaluations <- dashboards, improvement, documents, zi
    # (documents: minutes, SKs and their public verification; zi reads agents, evaluations and documents)
    "organization",
    "notifications",
    "agents",
    "forums",
    "evaluations",
    "dashboards",
    "documents",
    "zi",
    "improvement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "agenperubahan.middleware.SecurityHeadersMiddleware",
    "agenperubahan.middleware.StripNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "agenperubahan.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "agenperubahan.middleware.PrivateCacheMiddleware",
    "agenperubahan.middleware.RequestErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "agenperubahan.urls"
WSGI_APPLICATION = "agenperubahan.wsgi.application"

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
                "organization.context_processors.navigation",
                "organization.context_processors.institution",
                "notifications.context_processors.unread_count",
                # Last: one masked CSRF token per response (replaces the built-in csrf processor's value).
                "agenperubahan.csrf.context_processor",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A persistent connection is checked (SELECT 1) at the start of each request: one round trip per request, which
# spares a server error after a database restart. CONN_HEALTH_CHECKS=False saves it where a pooler guards connections.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The web server, the Celery worker and commands share the file. WAL lets readers run beside a writer; IMMEDIATE
    # makes a transaction take the write lock when it begins, so it waits its turn (up to ``timeout`` seconds) instead
    # of failing with "database is locked" when a read inside it turns into a write while another process writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organization.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (OpenID Connect); does nothing unless OIDC_RP_CLIENT_ID is set.
    "organization.identity.oidc.EmployeeOIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on through the institution's OpenID Connect provider (docs/identity.md). Off when the client id is unset.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_DISCOVERY = env("OIDC_OP_DISCOVERY", default="")  # …/.well-known/openid-configuration
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid profile email")
OIDC_NIP_CLAIM = env("OIDC_NIP_CLAIM", default="nip")
OIDC_USE_PKCE = env.bool("OIDC_USE_PKCE", default=True)
OIDC_VERIFY_SSL = env.bool("OIDC_VERIFY_SSL", default=True)
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_CREATE_USER = False  # accounts are created for employees only, matched by NIP (organization.identity.oidc)
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
# Activation links (organization.identity): lifetime, and how many requests one address / one NIP may make per hour.
ACTIVATION_LINK_HOURS = env.int("ACTIVATION_LINK_HOURS", default=72)
ACTIVATION_REQUESTS_PER_IP = env.int("ACTIVATION_REQUESTS_PER_IP", default=10)
ACTIVATION_REQUESTS_PER_NIP = env.int("ACTIVATION_REQUESTS_PER_NIP", default=3)

# Login throttling (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the X-Forwarded-For entry they
# added (agenperubahan/client_ip.py). One setting for axes, the API throttles and the password-reset limit.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "agenperubahan.client_ip.client_ip"
# Password-reset requests (each sends an e-mail): per client address and per e-mail address, per window.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=5)
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_WINDOW_MINUTES = env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60)
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request bodies (agenperubahan.middleware.RequestErrorMiddleware answers 413/400 with a message): a form or JSON
# body up to DATA_UPLOAD_MAX_MEMORY_SIZE, a multipart upload up to MAX_REQUEST_MB (ten evidence files of
# MAX_UPLOAD_MB each, plus the form), at most 1,000 fields and 20 files.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
MAX_UPLOAD_MB = env.int("MAX_UPLOAD_MB", default=5)
MAX_REQUEST_MB = env.int("MAX_REQUEST_MB", default=MAX_UPLOAD_MB * 10 + 1)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://agenperubahan"),
}
# The institution's identity (organization.institution, a django-solo singleton) is read from this cache: no query on
# a warm request; saving the row replaces the cached copy.
SOLO_CACHE = "default"
SOLO_CACHE_TIMEOUT = 60 * 60 * 24
SOLO_CACHE_PREFIX = "solo"

# E-mail: console by default; EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend + EMAIL_FILE_PATH
# writes each message to a folder.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Portal Agen Perubahan <noreply@agenperubahan.local>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "agenperubahan.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "agenperubahan.api_base.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "agenperubahan.api_base.FilterBackend",  # django-filter's, with the FilterSet class built once
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "agenperubahan.api_base.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"auth_token": "10/min", "verification": "60/min"},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # the throttles count per client address like axes (client_ip.py)
}
# API tokens (django-rest-knox): stored hashed, expire, revocable by their owner, revoked on a password change.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=24)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portal Agen Perubahan API",
    "DESCRIPTION": "API portal program Agen Perubahan: organisasi, nominasi, agen, forum, evaluasi, dasbor.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "agenperubahan.api_base.document_error_responses",
    ],
    # Swagger UI assets come from drf-spectacular-sidecar, served by us (intranets are often offline).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets shared by several fields get one stable name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ReportKindEnum": "notifications.models.Report.Kind",
        "EmployeeTypeEnum": "organization.models.Employee.Type",
        "SkpPredikatEnum": "organization.models.SkpPredikat",
        "NominationStatusEnum": "agents.models.Nomination.Status",
        "ChangeAgentKindEnum": "agents.models.ChangeAgent.Kind",
        "ChangeAgentStatusEnum": "agents.models.ChangeAgent.Status",
        "ChangeProjectStatusEnum": "agents.models.ChangeProject.Status",
        "IntegrationKindEnum": "agents.models.ChangeProject.IntegrationKind",
        "CycleStatusEnum": "evaluations.models.Cycle.Status",
    },
}

# Celery: Redis when REDIS_URL is set; otherwise a filesystem broker that needs no outside service (`make run`).
REDIS_URL = env("REDIS_URL", default="")
CELERY_DATA_DIR = Path(env("CELERY_DATA_DIR", default=str(VAR_DIR / "celery")))
# The longest a message may wait unacknowledged in the broker: mail retries back off up to this many seconds and no
# task is queued with a longer countdown. Redis hands an unacknowledged message to another worker after the
# visibility timeout, so that timeout must be longer (tests/notifications/test_celery_setup.py checks it).
CELERY_MAX_COUNTDOWN = 600
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=6 * 3600)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
else:
    CELERY_BROKER_URL = "filesystem://localhost/"  # kombu wants a host (it is ignored); without one it warns
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Task outcomes are kept in the database (django-celery-results) and shown in the admin for 30 days.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="django-db")
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = 30 * 24 * 3600
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged when it finishes, so a worker that dies mid-task leaves it to run again (tasks are
# idempotent: they re-read their rows and the reminder log has a unique key).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True

# After a write to dashboard data, recompute the figures in the background (dashboards/warming.py).
DASHBOARD_WARM_AFTER_WRITES = env.bool("DASHBOARD_WARM_AFTER_WRITES", default=True)

# Working hours (WIB) in which reminders are sent.
REMINDER_HOURS = (env.int("REMINDER_HOUR_START", default=7), env.int("REMINDER_HOUR_END", default=17))

# Cached database sessions (the cache first, the database behind it); a malformed cookie counts as no session.
SESSION_ENGINE = "agenperubahan.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: no inline scripts anywhere, every asset from our own origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

DEMO_PASSWORD = "demo-agen-2026"
ALLOW_DEMO_DATA = env.bool("ALLOW_DEMO_DATA", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Benchmark mode (bench/run.py): query counts in a response header and a baseline page. Never set in production.
BENCH_MODE = env.bool("BENCH_MODE", default=False)
if BENCH_MODE:
    MIDDLEWARE = ["agenperubahan.bench.QueryCountMiddleware", *MIDDLEWARE]
