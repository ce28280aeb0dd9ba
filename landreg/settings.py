"""Settings come from the environment (see README, "Configuration").

A development default exists only when LANDREG_DEMO=1 (set by `make demo` and `make test`); a production
process without a real SECRET_KEY refuses to start.
"""

import contextlib
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from landreg.accounts.limit_settings import DEFAULT as LOGIN_FAILURES_DEFAULT
from landreg.accounts.limit_settings import failure_limit_parse
from landreg.core.background.queue_settings import huey_from_env
from landreg.core.files.storage_settings import storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LANDREG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEMO_MODE = env_bool("LANDREG_DEMO")
# Off in demo mode too: the demo is shown to land offices, whose visitors meet the registry's own error pages
# (templates/404.html, 500.html) in their language, never Django's technical page with the settings, the
# paths and the code. A developer who wants that page sets DJANGO_DEBUG=1.
DEBUG = env_bool("DJANGO_DEBUG")

DEMO_SECRET_KEY = "landreg-demo-only-not-for-production"  # noqa: S105 - refused outside demo mode
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEMO_MODE:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (LANDREG_DEMO=1 allows a demo key)."
        )
    SECRET_KEY = DEMO_SECRET_KEY
elif SECRET_KEY == DEMO_SECRET_KEY and not DEMO_MODE:
    raise ImproperlyConfigured("The demo SECRET_KEY cannot be used outside demo mode.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEMO_MODE else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form said in French; the login form sent again leads where the login does (web/form_expired.py).
CSRF_FAILURE_VIEW = "landreg.web.form_expired.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework_gis",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "guardian",
    "leaflet",
    "axes",
    "csp",
    "landreg.core",
    "landreg.accounts",
    "landreg.territory",
    "landreg.parties",
    "landreg.parcels",
    "landreg.rights",
    "landreg.documents",
    "landreg.api",
    "landreg.web",
    "landreg.demo",
    "landreg.audit",
    "landreg.disputes",
    "landreg.adjudication",
    "landreg.ogcapi",
    "landreg.tiles",
    "huey.contrib.djhuey",
    "landreg.certificates",
    "landreg.backups",
    "landreg.collect",
    "landreg.statistics",
    "landreg.registers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "landreg.web.csp.LandregCSPMiddleware",  # Content-Security-Policy (see CONTENT_SECURITY_POLICY)
    "landreg.web.bad_input.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "landreg.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the user's row kept in the shared session cache between writes (accounts/user_cache.py).
    "landreg.accounts.user_cache.CachedUserAuthenticationMiddleware",
    # A logged-in user's answers are kept by no cache (browser disk, proxies): web/private_responses.py.
    "landreg.web.private_responses.PrivateResponsesMiddleware",
    # A GET reads each of the user's permissions on units once (landreg.accounts.selectors).
    "landreg.accounts.selectors.ReadGrantsOnceMiddleware",
    # Anonymous GETs of public pages may read from a replica (only when DATABASE_REPLICA_URL is set).
    "landreg.core.db.replicas.PublicReadMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login that django-axes refused into the lockout answer (landreg.accounts.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "landreg.urls"
WSGI_APPLICATION = "landreg.wsgi.application"

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
            ],
        },
    },
]

# spatialite:// is the embedded default; postgis://user@host:port/name for production and CI.
# Persistent connections: opening one costs ~20 ms on PostgreSQL (a z14 tile is 3.2× raw ST_AsMVT with a
# new connection per request, 1.4× without). Each process keeps its connection CONN_MAX_AGE seconds and
# checks it before reusing it after a request (CONN_HEALTH_CHECKS), so a restarted database costs one
# error-free reconnect, not a 500. 0 closes after every request; "none" keeps connections for ever.
_conn_max_age = os.environ.get("CONN_MAX_AGE", os.environ.get("DB_CONN_MAX_AGE", "600"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"spatialite:///{VAR_DIR / 'landreg.sqlite3'}",
        conn_max_age=None if _conn_max_age.lower() == "none" else int(_conn_max_age),
        conn_health_checks=True,
    )
}
# A streaming replica of the primary for public reads (landreg/core/db/replicas.py, docs/scale.md).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},  # in tests the replica is the primary itself
    }
    DATABASE_ROUTERS = ["landreg.core.db.replicas.ReplicaRouter"]
# PostgreSQL's JIT compiler and parallel workers are for long analytic queries; a web request's queries never
# repay them. JIT compiled a page of 100 of the OGC API at offset 77,777 for 1.5 s of its 2.0 s (the planner's
# cost of the skipped rows passed jit_above_cost). A parallel worker's start-up took 10 ms of a z14 tile's
# 19 ms (ST_AsMVTGeom's declared cost made the planner start one for 1,300 parcels; 9 ms without it), and
# under load the workers only compete with the other requests for the same cores. Both off for the
# registry's connections (the server's settings are kept); the statistics turn parallel workers back on for
# their own transaction (statistics/figures.analytic_queries).
PG_WEB_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0"
for _alias in DATABASES:
    if DATABASES[_alias]["ENGINE"] == "django.contrib.gis.db.backends.postgis":
        DATABASES[_alias].setdefault("OPTIONS", {})["options"] = PG_WEB_OPTIONS
        # Behind a pooler in transaction mode (PgBouncer before 1.21), no statement may be prepared on a
        # connection: DISABLE_SERVER_SIDE_CURSORS (Django's setting for such poolers) turns off both the OGC
        # API's prepared statements and DB_PREPARE_THRESHOLD's.
        if env_bool("DISABLE_SERVER_SIDE_CURSORS"):
            DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = True
        # Opt-in, DB_PREPARE_THRESHOLD=N: psycopg's server-side binding, every statement run N times on a
        # connection prepared there, so that PostgreSQL plans it once (keeping a generic plan when it costs
        # no more than the plans made for each statement's values). In process at 100,000 parcels, each kind
        # of the load mix 200 times, two alternated pairs: PostgreSQL's processor 1.67 -> 0.92 ms a request
        # of the mix on average (parcel page 2.4-2.8 -> 0.7, parcel list 5.5 -> 3.65); over HTTP at 50
        # clients, PostgreSQL's processor of the bench database 3.32/2.62 -> 2.19/2.58 ms a request (a
        # loaded machine). Statements whose plan must follow their values opt out (the OGC API's large bbox).
        _threshold = os.environ.get("DB_PREPARE_THRESHOLD", "")
        if _threshold and not DATABASES[_alias].get("DISABLE_SERVER_SIDE_CURSORS"):
            DATABASES[_alias]["OPTIONS"]["server_side_binding"] = True
            DATABASES[_alias]["OPTIONS"]["prepare_threshold"] = int(_threshold)
if DATABASES["default"]["ENGINE"] == "django.contrib.gis.db.backends.spatialite":
    # Several writers (web and background jobs) share the file: wait rather than fail on a lock.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# The tile cache (landreg/tiles/cache.py): a folder shared by the processes of one machine by default;
# LANDREG_TILE_CACHE_URL=redis://host:6379/1 shares it between machines (needs the redis package),
# "none" turns it off.
_tile_cache = os.environ.get("LANDREG_TILE_CACHE_URL", "")
if _tile_cache.startswith(("redis://", "rediss://")):
    _tiles_backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _tile_cache}
elif _tile_cache == "none":
    _tiles_backend = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
else:
    _tiles_backend = {
        # Django's FileBasedCache, culled one write in a thousand (it listed its folder on every write).
        "BACKEND": "landreg.tiles.filecache.TileFileCache",
        "LOCATION": _tile_cache or str(VAR_DIR / "cache" / "tiles"),
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }


def _shared_cache(url: str, folder: str, prefix: str, max_entries: int) -> dict:
    """A cache every process of the server reads: Redis at ``url``, else a folder of this machine (``url``
    when it names one), Django's file cache culled now and then."""
    if url.startswith(("redis://", "rediss://")):
        redis = "django.core.cache.backends.redis.RedisCache"
        return {"BACKEND": redis, "LOCATION": url, "KEY_PREFIX": prefix}
    return {
        "BACKEND": "landreg.tiles.filecache.TileFileCache",
        "LOCATION": url or str(VAR_DIR / "cache" / folder),
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


# Sessions are read from a cache and written through to the database (Django's cached_db): a logged-in request
# no longer reads django_session. The cache must be shared by every process that serves requests, or a logout
# in one would leave the session alive in another's copy: a folder on one machine (the default, shared by the
# gunicorn workers), Redis for several machines (LANDREG_SESSION_CACHE_URL, by default the tile cache's Redis
# when it has one); "none" keeps sessions in the database only. Never the per-process memory cache.
_session_cache = os.environ.get("LANDREG_SESSION_CACHE_URL") or (
    _tile_cache if _tile_cache.startswith(("redis://", "rediss://")) else ""
)
# Pages kept until the registry changes (web.kept_until_write: the parcel list's content and counts), shared
# by the server's processes as sessions are: each of gunicorn's workers kept its own copy, so a registrar
# paging through a list met a worker that had not built the page yet four times in five (bench_load: 200
# pages, five workers). The sessions' Redis when there is one; else a folder of this machine
# (LANDREG_PAGE_CACHE_URL names another, "none" keeps each process's memory).
_page_cache = os.environ.get("LANDREG_PAGE_CACHE_URL") or (
    _session_cache if _session_cache.startswith(("redis://", "rediss://")) else ""
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "tiles": {**_tiles_backend, "TIMEOUT": 7 * 24 * 3600},  # a week; edits remove tiles before that
    "pages": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
        if _page_cache == "none"
        else _shared_cache(_page_cache, "pages", "pages", 20_000)
    ),
}
# The requests per address (landreg/accounts/throttle.py: the API token endpoints, certificate verification,
# the public register) and the failed logins per address
# (landreg/accounts/address_limit.py): shared by the server's processes, or each gunicorn worker would count
# alone and an address would get the allowance once per worker. The sessions' Redis when there is one; else a
# folder of this machine (LANDREG_THROTTLE_CACHE_URL names another).
_throttle_cache = os.environ.get("LANDREG_THROTTLE_CACHE_URL") or (
    _session_cache if _session_cache.startswith(("redis://", "rediss://")) else ""
)
CACHES["throttle"] = _shared_cache(_throttle_cache, "throttle", "throttle", 100_000)
if _session_cache != "none":
    CACHES["sessions"] = _shared_cache(_session_cache, "sessions", "session", 100_000)
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "landreg.accounts.backends.LockoutBackend",  # first: refuses a locked-out pair before any check
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; the public sees only public pages
GUARDIAN_MONKEY_PATCH_USER = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Password guessing (django-axes): 5 failures for one username from one address lock that pair out for 15
# minutes on every login path (login page, admin, API token); the answer is 429 with Retry-After.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "landreg.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "landreg.accounts.lockout.client_address"
AXES_VERBOSE = False
# Axes' database handler, except that a login refused by the limit per address (below) counts for no user.
AXES_HANDLER = "landreg.accounts.backends.RegistryAxesHandler"
# One address trying many user names (landreg/accounts/address_limit.py): "<failures>/<period>" failed logins
# from one address, whatever the user names, block every login from it, on every door (login page, admin,
# ODK Collect, API token), until the oldest of them is older than the period; "none" turns it off. Higher than
# the lockout's 5, separate from it: a land office's staff share one address behind NAT. Counted in
# CACHES["throttle"], shared by the server's processes.
LANDREG_LOGIN_FAILURES_PER_ADDRESS = failure_limit_parse(
    os.environ.get("LANDREG_LOGIN_FAILURES_PER_ADDRESS") or LOGIN_FAILURES_DEFAULT
)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates day first, as the French ones (landreg/locale_formats/en/formats.py says why).
FORMAT_MODULE_PATH = ["landreg.locale_formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# npm packages installed by scripts/bootstrap.sh (Leaflet.VectorGrid), served under static "vendor/".
_NPM_MODULES = BASE_DIR / "var" / "npm" / "node_modules"
STATICFILES_DIRS = [("vendor", _NPM_MODULES)] if _NPM_MODULES.is_dir() else []
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Stored files on disk under MEDIA_ROOT, or in an S3-compatible bucket with LANDREG_STORAGE=s3 and the
# LANDREG_S3_* variables (see landreg/core/files/storage_settings.py and the README).
STORAGES = storages_from_env(os.environ)

# Behind a reverse proxy (docker/nginx.conf, a TLS terminator) every request comes from the proxy: trust its
# X-Forwarded-Proto (is the request HTTPS?) and X-Forwarded-For (the address logins are counted for) only
# when LANDREG_TRUST_PROXY_HEADERS says a proxy sets them; otherwise a client could forge them.
LANDREG_TRUST_PROXY_HEADERS = env_bool("LANDREG_TRUST_PROXY_HEADERS")
if LANDREG_TRUST_PROXY_HEADERS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Production (neither demo mode nor DEBUG) is HTTPS only: `manage.py check --deploy` is clean with the
# defaults below. Each can be turned off from the environment, e.g. to try the docker set-up over plain HTTP
# (see README). The demo is served over plain HTTP on 127.0.0.1 (`make demo`).
if not (DEBUG or DEMO_MODE):
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)


def _throttle_rate(name: str, default: str) -> str | None:
    rate = os.environ.get(name) or default
    if rate == "none":
        return None
    number, _slash, period = rate.partition("/")
    if not number.isdigit() or period[:1] not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(f'{name}: "{rate}" is not <number>/<second|minute|hour|day> nor "none"')
    return rate


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "landreg.api.paging.RegistryPagination",
    # DRF's, with their refusals translated (landreg/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "landreg.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "landreg.api.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "landreg.api.errors.exception_handler",
    # Requests per address to the token endpoints (landreg/api/throttles.py), "<number>/<second|minute|hour|
    # day>" or "none": the lockout counts failures per user name and address, so without a rate one address
    # could try as many user names as it liked, and hammer the refresh endpoint.
    "DEFAULT_THROTTLE_RATES": {
        "token": _throttle_rate("LANDREG_THROTTLE_TOKEN", "10/minute"),
        "token_refresh": _throttle_rate("LANDREG_THROTTLE_TOKEN_REFRESH", "30/minute"),
        # Certificate verification, page and API in one count (certificates/verification/throttle.py): enough
        # for a person scanning QR codes, too few to try certificate numbers or codes one after another.
        "verify": _throttle_rate("LANDREG_THROTTLE_VERIFY", "30/minute"),
    },
}

# API tokens (landreg/api/tokens.py): HS256 only (decoding accepts no other algorithm); a refresh token is
# good for one refresh, then blacklisted; every token carries a digest of the password hash, so a password
# change ends them all, and an inactive account is refused at each use. Demo or short keys: check E001.
SIMPLE_JWT = {
    "ALGORITHM": "HS256",
    "SIGNING_KEY": os.environ.get("JWT_SIGNING_KEY") or SECRET_KEY,  # empty counts as unset
    "AUTH_HEADER_TYPES": ("Bearer",),
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=5),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "CHECK_REVOKE_TOKEN": True,
    "REVOKE_TOKEN_CLAIM": "pwd",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Landreg API",
    "DESCRIPTION": "Land tenure registry (LADM-aligned): parcels, parties, rights.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for a choice several serializers share (else drf-spectacular makes up "Kind18fEnum"): the
    # reasons of rejection (the claim and the reject move's input); a holder's kind, person or group; a
    # dispute's kind and a party's role in it (the case, the filing and the party who joins). A certificate's
    # stage is named as such: "StageEnum" would tell a generated client nothing.
    # Every operation's error answers, the one body of api/errors.py (api/schema.py), after drf-spectacular's
    # own hook.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "landreg.api.schema.error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RejectionReasonEnum": "landreg.adjudication.states.RejectionReason",
        "CertificateStageEnum": "landreg.certificates.models.CertificateStage",
        "HolderKindEnum": "landreg.adjudication.api.drafting.HOLDER_KINDS",
        "DisputeKindEnum": "landreg.disputes.states.DisputeKind",
        "DisputeRoleEnum": "landreg.disputes.states.DisputeRole",
        "SourceTypeEnum": "landreg.documents.models.SourceType",
        "FieldSourceTypeEnum": "landreg.collect.sync_attachments.FIELD_TYPE_CHOICES",
    },
}

# No remote base map by default (land offices work offline); point it at a local tile server if any, or
# at a local MBTiles/PMTiles file of imagery the registry serves itself at /basemap/ (web/basemap.py).
LANDREG_BASEMAP_FILE = os.environ.get("LANDREG_BASEMAP_FILE", "")
LANDREG_BASEMAP_URL = os.environ.get("LANDREG_BASEMAP_URL", "")
_BASEMAP = "/basemap/{z}/{x}/{y}" if LANDREG_BASEMAP_FILE else LANDREG_BASEMAP_URL
LANDREG_BASEMAP_ATTRIBUTION = os.environ.get("LANDREG_BASEMAP_ATTRIBUTION", "")
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (12.3, -1.5),
    "DEFAULT_ZOOM": 6,
    # The admin's map widget gets its tiles at each page from core/admin_scoping.MapAdminMixin, like every
    # map of the site (core/basemap.py): none here, read once at start-up.
    "TILES": [],
    "RESET_VIEW": False,
}

# Content-Security-Policy (django-csp, landreg/web/csp.py): scripts and styles from our own static files
# only, so an injected <script> or onclick="" does not run. A nonce is added to script-src only on pages that
# ask for one (the admin's map widget); the optional base map's tile server is allowed for images.
_BASEMAP_ORIGIN = (
    "{0.scheme}://{0.netloc}".format(urlsplit(_BASEMAP)).replace("{s}.", "*.") if _BASEMAP else None
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"] + ([_BASEMAP_ORIGIN] if _BASEMAP_ORIGIN else []),
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Topology defaults (landreg.parcels.topology.Tolerance); a procedure profile may pass its own values.
LANDREG_TOPOLOGY_TOLERANCE = {
    "overlap_m2": float(os.environ.get("LANDREG_OVERLAP_TOLERANCE_M2", "1.0")),
    "overlap_pct": float(os.environ.get("LANDREG_OVERLAP_TOLERANCE_PCT", "1.0")),
    "gap_m": float(os.environ.get("LANDREG_GAP_TOLERANCE_M", "0.5")),
}
LANDREG_MIN_PARCEL_AREA_M2 = 0.1  # the Épinay-sur-Orge cadastre has real parcels of 0.64 m²
LANDREG_MAX_PARCEL_AREA_M2 = 100_000_000.0

# The public address printed in certificates' QR codes (e.g. https://foncier.example.org). Unset, the QR
# code points at the host and port that served the page issuing the certificate
# (certificates/verification/public_url.py).
LANDREG_PUBLIC_URL = os.environ.get("LANDREG_PUBLIC_URL", "")

# Background jobs (imports, batch printing): huey with its SQLite storage, so no extra server is needed on
# either database. The worker is `python manage.py run_huey` (`make demo` starts one beside the server).
# LANDREG_HUEY_REDIS_URL puts the queue on Redis, shared by workers on several machines
# (core/background/queue_settings).
# LANDREG_JOBS_IMMEDIATE=1 runs jobs in the calling process instead (debugging only).
HUEY = huey_from_env(os.environ, VAR_DIR)
# huey opens its file at start-up; a read-only layout sets LANDREG_HUEY_FILE to a writable place.
if "filename" in HUEY:
    with contextlib.suppress(OSError):
        Path(HUEY["filename"]).parent.mkdir(parents=True, exist_ok=True)

# A form's row (web/once.py) recognises the same form sent again (double click, reload, retry); rows older
# than this many days are deleted every night (web/tasks.py; `manage.py purge_form_submissions`).
LANDREG_FORM_SUBMISSION_RETENTION_DAYS = max(
    1, int(os.environ.get("LANDREG_FORM_SUBMISSION_RETENTION_DAYS", "30"))
)

# A request's data besides its files (a JSON body, a form's fields): Django's default, 2.5 MB, said here
# because the API tells a device this limit when it refuses a push over it (api/errors.too_large). Not raised
# for the sync API: a walked boundary's record weighs 2 to 20 KB, so a push holds some 125 to 1,000 records,
# and a device splits its pushes already for the 100 files of DATA_UPLOAD_MAX_NUMBER_FILES; a parsed JSON body
# takes several times its size in memory in the worker that reads it; Django reads this one limit for every
# form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Files users give to GDAL (imports, boundary files): bounded before anything is read
# (core/files/untrusted_files).
LANDREG_IMPORT_MAX_MB = float(os.environ.get("LANDREG_IMPORT_MAX_MB", "250"))
LANDREG_IMPORT_MAX_FEATURES = int(os.environ.get("LANDREG_IMPORT_MAX_FEATURES", "250000"))
LANDREG_IMPORT_MAX_VERTICES = int(os.environ.get("LANDREG_IMPORT_MAX_VERTICES", "20000"))
# Uploaded documents (ID papers, deeds): stored under MEDIA_ROOT, which no URL serves; they are read only
# through /documents/<id>/file/, which checks the reader's permission on the document's village.
LANDREG_DOCUMENT_MAX_MB = float(os.environ.get("LANDREG_DOCUMENT_MAX_MB", "20"))
# A running job (import, print run) with no sign of life for this long is shown as failed and may be retried.
LANDREG_JOB_STALE_MINUTES = float(os.environ.get("LANDREG_JOB_STALE_MINUTES", "30"))
# Where backups are kept: `manage.py backup` without a file name writes there, and the administrator's
# backups page lists, makes and serves the archives of this folder only (they hold personal data).
LANDREG_BACKUP_DIR = Path(os.environ.get("LANDREG_BACKUP_DIR") or VAR_DIR / "backups")
# The backups page lists what an archive holds from its first member; an archive that says it only in its last
# (backups written before the contents member came first) is read whole for the list up to this size.
LANDREG_BACKUP_LIST_READS_UP_TO_MB = float(os.environ.get("LANDREG_BACKUP_LIST_READS_UP_TO_MB", "256"))
