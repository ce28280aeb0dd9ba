"""Production refuses to start without real secrets; the demo key exists only in demo mode."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    base = {k: v for k, v in os.environ.items() if k not in {"LANDREG_DEMO", "SECRET_KEY", "DJANGO_DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_the_demo_secret_key():
    result = run_check(SECRET_KEY="landreg-demo-only-not-for-production")
    assert result.returncode != 0
    assert "demo SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = run_check(
        SECRET_KEY="a-real-secret-from-the-environment-0123456789", ALLOWED_HOSTS="registry.example"
    )
    assert result.returncode == 0, result.stderr


PRODUCTION = {
    "SECRET_KEY": "q8Zr2-production-like-secret-Vt7mK0pXw3nLs9Yb4Hc1Jd6Fg5Qe-Ua",
    "ALLOWED_HOSTS": "registry.example",
    "CSRF_TRUSTED_ORIGINS": "https://registry.example",
}


def run_manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LANDREG_DEMO", "SECRET_KEY", "DJANGO_DEBUG", "JWT_SIGNING_KEY"}
        and not k.startswith(("SECURE_", "LANDREG_SIGNING_KEY", "LANDREG_CHECKPOINT_KEY"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", **PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "security.W" not in output and "landreg.E" not in output, output


def test_check_deploy_names_what_is_missing_when_https_is_turned_off():
    result = run_manage("check", "--deploy", **PRODUCTION, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    output = result.stdout + result.stderr
    assert "security.W008" in output and "security.W004" in output, output


def test_production_refuses_the_demo_key_for_api_tokens():
    result = run_manage("check", **PRODUCTION, JWT_SIGNING_KEY="landreg-demo-only-not-for-production")
    assert result.returncode != 0
    assert "landreg.E001" in result.stderr


def test_the_proxy_header_is_trusted_only_when_asked():
    show = ("shell", "-c", "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)")
    assert run_manage(*show, **PRODUCTION).stdout.splitlines()[-1] == "None"
    trusted = run_manage(*show, **PRODUCTION, LANDREG_TRUST_PROXY_HEADERS="1").stdout.splitlines()[-1]
    assert trusted == "('HTTP_X_FORWARDED_PROTO', 'https')"


def database_setting(**env) -> str:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        LANDREG_DEMO="1",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's own "objects imported" line


def test_database_connections_persist_with_health_checks_unless_told_otherwise():
    # A new connection per request cost ~20 ms on PostgreSQL (issue 14): kept 10 minutes, checked on reuse.
    assert database_setting() == "600 True"
    assert database_setting(CONN_MAX_AGE="0") == "0 True"
    assert database_setting(CONN_MAX_AGE="none") == "None True"


def prepared_statements_setting(**env) -> str:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; o = d['OPTIONS']; "
        "print(o.get('server_side_binding'), o.get('prepare_threshold'), "
        "bool(d.get('DISABLE_SERVER_SIDE_CURSORS')))",
        LANDREG_DEMO="1",
        DATABASE_URL="postgis://postgres@127.0.0.1:5432/landreg",  # read only by the settings: no connection
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_statements_are_prepared_on_their_own_only_when_asked_and_never_behind_a_transaction_pooler():
    # Both named each time: the settings read the environment this test runs in.
    assert (
        prepared_statements_setting(DB_PREPARE_THRESHOLD="", DISABLE_SERVER_SIDE_CURSORS="")
        == "None None False"
    )
    assert (
        prepared_statements_setting(DB_PREPARE_THRESHOLD="5", DISABLE_SERVER_SIDE_CURSORS="")
        == "True 5 False"
    )
    assert (
        prepared_statements_setting(DB_PREPARE_THRESHOLD="5", DISABLE_SERVER_SIDE_CURSORS="1")
        == "None None True"
    )


def page_cache_setting(**env) -> str:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; c = settings.CACHES['pages']; "
        "print(c['BACKEND'].rsplit('.', 1)[1], c['LOCATION'].rsplit('/', 1)[-1])",
        LANDREG_DEMO="1",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_kept_pages_are_shared_by_the_servers_processes():
    # Each gunicorn worker kept its own copy of a kept page: a folder of the machine, or the sessions' Redis.
    assert page_cache_setting() == "TileFileCache pages"
    assert page_cache_setting(LANDREG_SESSION_CACHE_URL="redis://127.0.0.1:6379/3") == "RedisCache 3"
    assert page_cache_setting(LANDREG_PAGE_CACHE_URL="none") == "LocMemCache pages"


def throttle_setting(**env) -> str:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; c = settings.CACHES['throttle']; "
        "r = settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']; "
        "print(c['BACKEND'].rsplit('.', 1)[1], c['LOCATION'].rsplit('/', 1)[-1], "
        "r['token'], r['token_refresh'], r['verify'])",
        LANDREG_DEMO="1",
        **env,
    )
    return result.stdout.strip().splitlines()[-1] if result.returncode == 0 else result.stderr


def test_the_token_endpoints_count_requests_in_a_cache_the_servers_processes_share():
    # Each gunicorn worker counting alone would give an address the allowance once per worker.
    assert throttle_setting() == "TileFileCache throttle 10/minute 30/minute 30/minute"
    assert throttle_setting(LANDREG_SESSION_CACHE_URL="redis://127.0.0.1:6379/3").startswith("RedisCache 3 ")
    assert throttle_setting(LANDREG_THROTTLE_CACHE_URL="redis://127.0.0.1:6379/4").startswith("RedisCache 4 ")


def test_the_token_endpoints_rates_are_read_from_the_environment():
    assert throttle_setting(LANDREG_THROTTLE_TOKEN="50/hour", LANDREG_THROTTLE_TOKEN_REFRESH="none").endswith(
        "50/hour None 30/minute"
    )
    # Certificate verification (page and API): 30 a minute by default, from the environment.
    assert throttle_setting(LANDREG_THROTTLE_VERIFY="100/minute").endswith(" 100/minute")
    assert "is not <number>/<second|minute|hour|day>" in throttle_setting(LANDREG_THROTTLE_TOKEN="lots")


def login_limit_setting(**env) -> str:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.LANDREG_LOGIN_FAILURES_PER_ADDRESS)",
        LANDREG_DEMO="1",
        **env,
    )
    return result.stdout.strip().splitlines()[-1] if result.returncode == 0 else result.stderr


def test_the_limit_of_failed_logins_per_address_is_read_from_the_environment():
    assert login_limit_setting() == "FailureLimit(failures=50, seconds=900)"
    assert (
        login_limit_setting(LANDREG_LOGIN_FAILURES_PER_ADDRESS="120/1h")
        == "FailureLimit(failures=120, seconds=3600)"
    )
    assert login_limit_setting(LANDREG_LOGIN_FAILURES_PER_ADDRESS="none") == "None"
    refused = login_limit_setting(LANDREG_LOGIN_FAILURES_PER_ADDRESS="beaucoup")
    assert (
        'ImproperlyConfigured: LANDREG_LOGIN_FAILURES_PER_ADDRESS: "beaucoup" is not <failures>/<period>'
        in refused
    )
