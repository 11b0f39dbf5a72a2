"""Settings for the Desa Binaan portal, read from the environment.

Development defaults are safe to run on a laptop (SQLite, DEBUG on, a throwaway key).
With DJANGO_DEBUG off the portal refuses to start without a real secret key and hosts.
docs/settings.md lists every environment variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from binaan.env import env_bool, env_float, env_int, env_list, is_fernet_key, is_network, require

# --- Paths and environment ------------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = env_bool("DJANGO_DEBUG", default=True)

# --- Security -------------------------------------------------------------------------------
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "" if not DEBUG else DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if not DEBUG else "localhost,127.0.0.1,[::1]")
if not DEBUG:
    require(
        SECRET_KEY != DEV_SECRET_KEY and len(SECRET_KEY) >= 50 and SECRET_KEY,
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters "
        "when DJANGO_DEBUG is off.",
    )
    require(ALLOWED_HOSTS, "DJANGO_ALLOWED_HOSTS must list the portal's host names.")

# Transport and headers. Every HTML response carries a strict policy (tests/ops/test_headers.py
# walks every page and checks it); production settings pass `manage.py check --deploy` with
# nothing silenced (tests/ops/test_deploy_check.py).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"  # old browsers; new ones obey CSP frame-ancestors 'none'
SECURE_CONTENT_TYPE_NOSNIFF = True
# Site-wide; the tip pages send no-referrer instead (kelurahan/public/views/tips.py).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Scripts, styles, fonts and images come only from our own static files: no inline <script>,
# no <style> and no style= or on*= attributes in any template (the admin's too). Images may be
# data: URIs (QR codes). django-csp 4 configuration format.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Browser features no page of ours uses, switched off for our pages and anything they embed
# (binaan/headers.py). The tip form's photo field is a plain file input: no camera API.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
    "browsing-topics": [],
}
if not DEBUG:
    # TLS ends at the reverse proxy, which must set X-Forwarded-Proto (and strip it from
    # clients); Django then redirects plain HTTP and marks cookies Secure.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # One year, subdomains, preload list: browsers never try plain HTTP again.
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Client address (binaan/clientip.py): X-Forwarded-For / X-Real-IP are read only when the
# connection comes from one of these proxies (addresses or networks; "unix" for a Unix socket).
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
require(
    all(is_network(entry) or entry.lower() == "unix" for entry in TRUSTED_PROXIES),
    "DJANGO_TRUSTED_PROXIES: comma-separated addresses or networks (10.0.0.0/8), or unix.",
)

# Data protection. What reports and tips say (what was observed, places, contacts, timeline
# notes) is encrypted in the database with Fernet keys of its own (kelurahan/encryption.py),
# never derived from DJANGO_SECRET_KEY. DJANGO_FIELD_ENCRYPTION_KEYS: comma-separated, newest
# first; the first encrypts, all decrypt (README "Keys and key rotation"). Development uses a
# fixed key that production refuses.
DEV_FIELD_ENCRYPTION_KEY = "J_2YzHQladgjaB79XFZVXh6hWJ1cShaNeyRFJ7wSO7A="  # noqa: S105
FIELD_ENCRYPTION_KEYS = env_list("DJANGO_FIELD_ENCRYPTION_KEYS") or (
    [DEV_FIELD_ENCRYPTION_KEY] if DEBUG else []
)
if not DEBUG:
    require(
        FIELD_ENCRYPTION_KEYS and DEV_FIELD_ENCRYPTION_KEY not in FIELD_ENCRYPTION_KEYS,
        "DJANGO_FIELD_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off (see the README, "
        '"Keys and key rotation", for how to make a key).',
    )
require(
    all(is_fernet_key(key) for key in FIELD_ENCRYPTION_KEYS),
    "DJANGO_FIELD_ENCRYPTION_KEYS: every key must be a Fernet key (44 characters, base64).",
)

# --- Apps, middleware and templates ---------------------------------------------------------
INSTALLED_APPS = [
    # Django's admin with our site class: the office dashboard on the index, the recap pages.
    "kelurahan.admin_site.BinaanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "csp",  # Content-Security-Policy header: see "Security" above
    "kelurahan",
    "binaan.ops",  # operations: backup, restore, benchmark, load test, page budgets
    # Accounts: login lockout, staff two-factor (see "Authentication and accounts" below).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The audit trail (see "Logging and audit trail" below).
    "auditlog",
]

MIDDLEWARE = [
    # The tip line (/lapor/): no-store, no-referrer on every answer; never the browser's session.
    "kelurahan.public.views.tipline.TipLineHeadersMiddleware",
    # Anonymous cache hits of public pages, answered before everything but the tip line's
    # headers (kelurahan/public/cache_middleware.py); never for /lapor/ or a request with a
    # session cookie.
    "kelurahan.public.cache_middleware.PublicCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy, Permissions-Policy: see "Security" above.
    "csp.middleware.CSPMiddleware",
    "binaan.headers.PermissionsPolicyMiddleware",
    # 413 for a request larger than REQUEST_MAX_BYTES, before anything reads its body.
    "binaan.limits.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Keeps the tip line's requests out of the browser's session.
    "kelurahan.public.views.tipline.TipLineSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-auditlog's middleware, just after authentication, takes the actor from
    # request.user; ours drops the actor on tip-line requests.
    "kelurahan.audit.AuditMiddleware",
    # Accounts: request.user.is_verified(); staff idle timeout (see "Authentication" below).
    "django_otp.middleware.OTPMiddleware",
    "kelurahan.accounts.middleware.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "binaan.urls"
WSGI_APPLICATION = "binaan.wsgi.application"
ASGI_APPLICATION = "binaan.asgi.application"

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
                "binaan.context_processors.site",
                "binaan.context_processors.language_switch",
            ],
        },
    },
]
# Our own crispy-forms template pack (templates/binaan/), styled by static/css/officer.css: the
# officer pages load no Bootstrap CSS. The markup keeps Bootstrap's class names (form-control,
# is-invalid, invalid-feedback...), so templates written for Bootstrap render unchanged.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("binaan",)
CRISPY_TEMPLATE_PACK = "binaan"

# --- Database -------------------------------------------------------------------------------
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=DATABASE_CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
# Read replica (docs/deployment.md): with DATABASE_REPLICA_URL set, public pages read from a
# streaming replica of the primary; everything else, and every write, uses "default".
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
    )
    DATABASE_ROUTERS = ["binaan.db_router.ReplicaRouter"]
# SQLite (the default): concurrent writers wait their turn instead of failing with "database is
# locked". WAL lets readers go on during a write; IMMEDIATE takes the write lock when a
# transaction begins (a deferred one that reads first cannot wait for it); 20 s busy timeout.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
# PostgreSQL: no JIT compilation. The dashboards' correlated subqueries are estimated dear, so
# PostgreSQL compiled them: 2 s of JIT for a 0.3 s query on the admin index at national size.
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Redis when REDIS_URL is set (production: the tip line's rate limit must be shared by every
# worker), local memory otherwise. `check --deploy` fails without a shared cache
# (kelurahan/checks.py). Short socket timeouts: with Redis down, the tip line falls back to
# counting in the database (kelurahan/ratelimit.py) instead of waiting.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Public pages are cached whole for anonymous readers (kelurahan/public/cache.py): dropped at
# once when what they show changes, and re-rendered at least this often; 0 turns it off.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)
# Each process trusts the public content version it last read for this long (a float), so a
# cache hit needs no round trip to Redis: a change is seen by every worker within this time.
PUBLIC_CACHE_VERSION_SECONDS = env_float("PUBLIC_CACHE_VERSION_SECONDS", 1.0)

# --- Authentication and accounts ------------------------------------------------------------
# Login lockout, staff two-factor, staff idle timeout: kelurahan/accounts/ and
# tests/core/test_accounts.py.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "officer:login"
LOGIN_REDIRECT_URL = "officer:dashboard"
LOGOUT_REDIRECT_URL = "public:home"
# Officers choose their password through a one-time link (onboarding and "forgot password",
# kelurahan/services/accounts.py); it expires after three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60
# "Forgot password" requests per hour for one e-mail address from one client address.
PASSWORD_RESET_RATE_LIMIT_PER_HOUR = env_int("PASSWORD_RESET_RATE_LIMIT_PER_HOUR", 3)
# django-axes checks every login (officer /petugas/masuk/ and the admin's) before Django's
# own backend; both login views pass the request, which axes needs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After 5 wrong passwords for one username from one address, that pair waits (each new try
# while waiting starts the wait again). Username AND address together: one office behind a
# shared address does not lock everyone out, and nobody can lock a colleague out from afar.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Our page says how long to wait and whom to ask (templates/accounts/locked_out.html).
AXES_LOCKOUT_CALLABLE = "kelurahan.accounts.views.locked_out"
# The address is binaan.clientip.client_ip, as for the tip line's rate limit: REMOTE_ADDR, or
# X-Forwarded-For only from a proxy in TRUSTED_PROXIES (see "Security" above).
AXES_CLIENT_IP_CALLABLE = "binaan.clientip.client_ip"
# Store the least: failed attempts only (deleted when their cool-off ends), no log of
# successful logins with address and browser. Masked in axes' log lines and stored form data.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "user_agent",  # axes' log lines name the browser otherwise (its attempt rows still do)
    "password",
    "csrfmiddlewaretoken",
]
# Staff two-factor (TOTP, django-otp): the admin requires a verified authenticator app. Always
# on when DJANGO_DEBUG is off; in development and tests it is off unless STAFF_OTP_REQUIRED is
# set. Kelurahan officers (/petugas/) are not asked for a code.
STAFF_OTP_REQUIRED = True if not DEBUG else env_bool("STAFF_OTP_REQUIRED", default=False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Desa Binaan Kanim Jakarta Pusat")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret key
# A staff session ends after this many seconds without a request (kelurahan/accounts/
# middleware.py); officers keep Django's session age. Logging out deletes the session.
STAFF_IDLE_SECONDS = env_int("STAFF_IDLE_SECONDS", 1800)

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static files, media and uploads --------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Tip and report photos: never under MEDIA_ROOT, never served by URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads. Every limit on what a request may carry comes from these lines. A photo, on any form:
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PDF_MAX_BYTES = 10 * 1024 * 1024  # a session's handout or slides (admin)
PHOTOS_PER_FORM = 3  # the most files one form sends: the officer's session results
UPLOAD_FORM_OVERHEAD = 1024 * 1024  # the form's other fields and the multipart boundaries
# binaan/limits.py answers 413 to any request whose Content-Length is larger, before its body is
# read; every proxy in docs/deployment.md sets the same body limit (16m; a test compares them).
REQUEST_MAX_BYTES = max(PHOTOS_PER_FORM * PHOTO_MAX_BYTES, PDF_MAX_BYTES) + UPLOAD_FORM_OVERHEAD
FILE_UPLOAD_MAX_MEMORY_SIZE = PHOTO_MAX_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Tip and report photos (PRIVATE_MEDIA_ROOT): kelurahan/files/storage.py writes them 0600 in folders
# 0700. Public media keep Django's defaults: the web server must read them.
PRIVATE_FILE_PERMISSIONS = 0o600
PRIVATE_DIRECTORY_PERMISSIONS = 0o700

# --- E-mail and notifications ---------------------------------------------------------------
# The portal's public address, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "binaan@localhost")
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# The SMTP server (with DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
# A mail server that does not answer must not hold a delivery worker forever.
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 30)
# Notifications wait in the outbox (OutgoingMessage) for manage.py deliver_notifications, which
# retries a failed message after 1, 2, 4 … minutes (at most 6 hours apart) and marks it failed,
# for staff to see in the admin, after NOTIFY_MAX_ATTEMPTS tries. Sent ones are deleted after
# NOTIFY_KEEP_DAYS days (the addresses are personal data).
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 10)
NOTIFY_RETRY_SECONDS = env_int("NOTIFY_RETRY_SECONDS", 60)
NOTIFY_KEEP_DAYS = env_int("NOTIFY_KEEP_DAYS", 30)

# --- The programme: portal, tip line, questions, reports, reminders, passport days ----------
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
SITE_NAME = _("Desa/Kelurahan Binaan Portal")
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "binaan-demo-2024")
# Tip line: closed tips are deleted this many days after closing (manage.py purge_expired_tips).
TIP_RETENTION_DAYS = env_int("TIP_RETENTION_DAYS", 90)
# At most this many tips per hour from one IPv4 address or IPv6 /64, counted under a keyed hash
# with a random daily salt held only in the cache (kelurahan/ratelimit.py); half as many while
# the cache is down.
TIP_RATE_LIMIT_PER_HOUR = env_int("TIP_RATE_LIMIT_PER_HOUR", 5)
# Receipt-code lookups and additions on /lapor/status/ per hour, counted the same way.
TIP_STATUS_RATE_LIMIT_PER_HOUR = env_int("TIP_STATUS_RATE_LIMIT_PER_HOUR", 20)
# A tip form sent faster than this many seconds after it was shown is treated as a robot.
TIP_MIN_FILL_SECONDS = env_int("TIP_MIN_FILL_SECONDS", 3)
TIP_PHOTO_MAX_BYTES = PHOTO_MAX_BYTES
# Where new-tip notices go besides the office's own address (comma-separated).
TIP_NOTIFY_EMAILS = env_list("TIP_NOTIFY_EMAILS")
# Tips whose kelurahan the resident did not know go to this office.
TIP_DEFAULT_OFFICE = os.environ.get("TIP_DEFAULT_OFFICE", "kanim-jakarta-pusat")
# Residents' questions (/tanya/): deleted this many days after they were answered or passed on
# (manage.py purge_expired_tips purges them too); asked at most this often per hour from one
# network, counted like tips. Receipt-code lookups share the tip line's status limit.
QUESTION_RETENTION_DAYS = env_int("QUESTION_RETENTION_DAYS", 90)
QUESTION_RATE_LIMIT_PER_HOUR = env_int("QUESTION_RATE_LIMIT_PER_HOUR", 5)
# An open report (submitted, under review, referred) counts as overdue on the staff dashboard
# once it was submitted more than this many days ago.
REPORT_OVERDUE_DAYS = env_int("REPORT_OVERDUE_DAYS", 14)
# manage.py send_reminders (daily): officers hear of held sessions still without attendance or
# summary after this many days; staff hear of reports open past REPORT_OVERDUE_DAYS.
REMINDER_SESSION_DAYS = env_int("REMINDER_SESSION_DAYS", 7)
# Eazy Passport (collective passport service at a kelurahan): the usual least number of
# applicants a kelurahan asks for; requests for vulnerable groups have no minimum.
EAZY_PASSPORT_MIN_APPLICANTS = env_int("EAZY_PASSPORT_MIN_APPLICANTS", 50)

# --- Logging and audit trail ----------------------------------------------------------------
# Error reports and log records about tip pages carry no request data (kelurahan/privacy.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "kelurahan.privacy.TipExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"tip_privacy": {"()": "kelurahan.privacy.DropTipRequest"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["tip_privacy"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # These log the request object with 4xx/5xx responses and CSRF failures.
        "django.request": {"filters": ["tip_privacy"]},
        "django.security.csrf": {"filters": ["tip_privacy"]},
        # django-axes: one warning per failed login (and one when it locks); not its info lines.
        "axes": {"level": "WARNING"},
    },
}
# django-auditlog records who created, changed, deleted or read which record (kelurahan/audit.py
# registers the models and masks report text).
# No IP address in the trail: the tip line is anonymous, and staff addresses are not needed.
AUDITLOG_DISABLE_REMOTE_ADDR = True
# No correlation id either: a proxy's request id could tie an entry to a log line with an address.
AUDITLOG_CID_HEADER = None
