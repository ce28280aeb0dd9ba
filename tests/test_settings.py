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
