"""Settings for ipsweb, all read from the environment (see README, "Settings").

With nothing set, the app refuses to start unless DEBUG is on; `make run` turns DEBUG on and uses a
SQLite file, so a newcomer can try it at once. Production sets DEBUG off, SECRET_KEY, DATABASE_URL
and ALLOWED_HOSTS.
"""

from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ipsweb.environment import Environment

BASE_DIR = Path(__file__).resolve().parent.parent
env = Environment()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.secret_key(debug=DEBUG)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "ipsweb",
    "centers",
    "reviews",
    "participants",
    "dashboards",
    "accounts",
    "qualitative",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ipsweb.middleware.renew_idle_sessions",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After Django's LocaleMiddleware and the user: a logged-in user's own language wins.
    "accounts.language.use_preferred_language",
    # After both: the API speaks English to every caller.
    "api.middleware.api_in_english",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.require_two_factor",
    "accounts.expired_sessions.keep_posts_of_expired_sessions",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ipsweb.urls"
WSGI_APPLICATION = "ipsweb.wsgi.application"

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
                "django.template.context_processors.i18n",
                "centers.context_processors.role",
                "accounts.expired_sessions.kept_entries",
            ],
        },
    },
]

# Persistent connections, checked before reuse so a restarted database does not break requests.
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=600)
DATABASES = {"default": env.database(BASE_DIR, conn_max_age=CONN_MAX_AGE)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses logins while a username/address pair is locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    # Django's, reading a user's role with the user and their permissions in one query.
    "centers.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Sessions end after this many minutes without a request; a request renews the time (saving the
# session at most once every SESSION_RENEW_SECONDS: ipsweb.middleware.renew_idle_sessions). A
# password change ends every other session of that user (Django's session hash), keeping the
# current one.
SESSION_COOKIE_AGE = 60 * env.int("SESSION_IDLE_MINUTES", default=60, minimum=1)
SESSION_RENEW_SECONDS = 60

# What selectors computed (dashboards, comparisons) is kept in the cache until data changes
# (ipsweb.caching), at most 10 minutes: each process's memory by default, Redis shared by every
# process with CACHE_URL=redis://host:6379/0.
CACHES = {"default": env.cache(timeout=600)}

# Throttle password guessing (ipsweb.login_throttle): failures count per client address and per
# username + address, never per username alone, so nobody can lock an account for everyone. After
# LOGIN_FAILURE_LIMIT failures, logging in from that address pauses for LOGIN_PAUSE_MINUTES, and
# each further failure doubles the pause up to LOGIN_PAUSE_MAX_MINUTES. The client address comes
# from X-Forwarded-For only behind TRUSTED_PROXY_COUNT trusted proxies (ipsweb.client_address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0, minimum=0)
LOGIN_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5, minimum=1)
LOGIN_PAUSE_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=1, minimum=1)
LOGIN_PAUSE_MAX_MINUTES = env.int("AXES_COOLOFF_MAX_MINUTES", default=60, minimum=1)
AXES_CLIENT_IP_CALLABLE = "ipsweb.client_address.client_address"
AXES_FAILURE_LIMIT = "ipsweb.login_throttle.failure_limit"
AXES_COOLOFF_TIME = "ipsweb.login_throttle.pause"
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Attempts during a pause are refused without counting, so trying again does not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ipsweb.views.locked_out"

# Two-factor login (accounts.two_factor): always for admins, and for the roles listed in
# TWO_FACTOR_ROLES (admin, manager, reviewer, researcher); for anyone else once they set it up.
# Users in TWO_FACTOR_EXEMPT_USERS (development only: `make run` lists the demo users) skip it.
TWO_FACTOR_ROLES = env.list("TWO_FACTOR_ROLES", default=[])
if unknown := set(TWO_FACTOR_ROLES) - {"admin", "manager", "reviewer", "researcher"}:
    raise ImproperlyConfigured(
        "TWO_FACTOR_ROLES may list admin, manager, reviewer and researcher; "
        f"got {', '.join(sorted(unknown))}."
    )
TWO_FACTOR_EXEMPT_USERS = env.list("TWO_FACTOR_EXEMPT_USERS", default=[])
if TWO_FACTOR_EXEMPT_USERS and not DEBUG:
    raise ImproperlyConfigured("TWO_FACTOR_EXEMPT_USERS is for development only (with DEBUG on).")
OTP_TOTP_ISSUER = "ipsweb"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Password-reset mails per hour, for one client address and for one email address (beyond them
# the page answers as usual and sends nothing: ipsweb.views.PasswordResetView).
PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=10, minimum=1)
PASSWORD_RESETS_PER_ACCOUNT = env.int("PASSWORD_RESETS_PER_ACCOUNT", default=3, minimum=1)
AXES_VERBOSE = False

# Pages speak the user's chosen language (accounts.LanguagePreference), else the browser's
# (Accept-Language, or the language switcher's cookie), else LANGUAGE_CODE. Catalogs: locale/.
LANGUAGES = [("en", _("English")), ("nb", _("Norwegian Bokmål"))]
LANGUAGE_CODE = env.choice(
    "LANGUAGE_CODE", default="en", choices=[code for code, _name in LANGUAGES]
)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.time_zone(default="Europe/Oslo")
# One date and number format per language, through Django's formats: ipsweb/formats/<language>/
# formats.py (English: "6 Oct 2014", 4.67; Norwegian: "06.10.2014", 4,67). The settings below are
# the fallback. No thousand separator in templates (it would also group ids and years); CSV
# exports never localize (ISO dates, decimal point).
FORMAT_MODULE_PATH = ["ipsweb.formats"]
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

_email = env.email()
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ipsweb <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Secure defaults whenever DEBUG is off; a deployment behind a TLS-terminating proxy sets
# SECURE_PROXY_SSL_HEADER=1 (and may turn SECURE_SSL_REDIRECT off if the proxy redirects).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Everything comes from our own origin; no inline script or style anywhere (page scripts live in
# static/js and read their data from json_script elements).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The REST API under /api/v1/ (api; README, "The API"). Scripts authenticate with personal API
# tokens (Authorization: Bearer ...), the browser with its session (and the CSRF token). Requests
# per minute are counted per token (per user with a session) in the shared cache; beyond
# API_REQUESTS_PER_MINUTE the answer is 429 with Retry-After.
API_REQUESTS_PER_MINUTE = env.int("API_REQUESTS_PER_MINUTE", default=120, minimum=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.problem_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Errors of the whole request under "__all__", as Django's forms give them.
    "NON_FIELD_ERRORS_KEY": "__all__",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ipsweb API",
    "DESCRIPTION": (
        "Read what you may read in ipsweb (centers, scales, final reviews, comparisons, the "
        "portfolio, employment outcomes and survey aggregates) and write employment outcomes, "
        "with the same scope and rules as the pages. Errors are RFC 9457 problem details."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ScaleStatusEnum": "reviews.models.FidelityScale.Status",
        "ImportStatusEnum": ["created", "replaced", "unchanged"],
    },
}

# Participants and surveys: months from inclusion to the follow-up survey; dashboards show counts
# below SMALL_CELL_THRESHOLD as "<N" to everyone without exact access; self-completion links last
# SELF_COMPLETION_LINK_DAYS unless staff choose otherwise.
FOLLOW_UP_MONTHS = env.int("FOLLOW_UP_MONTHS", default=6, minimum=1)
SMALL_CELL_THRESHOLD = env.int("SMALL_CELL_THRESHOLD", default=5, minimum=0)
SELF_COMPLETION_LINK_DAYS = env.int("SELF_COMPLETION_LINK_DAYS", default=14, minimum=1)
# Reads of participant data are logged (participants.ReadLog); `manage.py purge_read_log` deletes
# entries older than this many days.
HEALTH_READ_LOG_RETENTION_DAYS = env.int("HEALTH_READ_LOG_RETENTION_DAYS", default=365, minimum=1)

# Imports of participants and surveys (participants/imports/): files up to
# PARTICIPANT_IMPORT_MAX_MEGABYTES and PARTICIPANT_IMPORT_MAX_ROWS rows; a checked file waits
# PARTICIPANT_IMPORT_HOURS for confirmation. The program's own reference column is stored only when
# PARTICIPANT_IMPORT_KEEPS_REFERENCES is on (off: the column is read, checked and dropped).
PARTICIPANT_IMPORT_MAX_MEGABYTES = env.int(
    "PARTICIPANT_IMPORT_MAX_MEGABYTES", default=20, minimum=1
)
PARTICIPANT_IMPORT_MAX_ROWS = env.int("PARTICIPANT_IMPORT_MAX_ROWS", default=10_000, minimum=1)
PARTICIPANT_IMPORT_HOURS = env.int("PARTICIPANT_IMPORT_HOURS", default=2, minimum=1)
PARTICIPANT_IMPORT_KEEPS_REFERENCES = env.bool("PARTICIPANT_IMPORT_KEEPS_REFERENCES", default=False)

# Dashboards: a center's next fidelity review is due this many months after its last one.
REVIEW_INTERVAL_MONTHS = env.int("REVIEW_INTERVAL_MONTHS", default=12, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Self-completion tokens never reach the log (ipsweb/redaction.py).
    "filters": {"redact_tokens": {"()": "ipsweb.redaction.RedactTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    # django-axes logs every login at INFO; lockouts still show as warnings.
    # WeasyPrint (the report PDF) logs each drawing step at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice(
            "LOG_LEVEL", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
        ),
    },
}
