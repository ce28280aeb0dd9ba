"""The servers the HTTP benchmarks start (bench_load, bench_http, bench_pygeoapi): gunicorn on a free loopback
port, waited for until it answers and every worker has imported its code, stopped at the end.

``landreg(...)`` is the registry as in production: docker/gunicorn.conf.py, DEBUG off (demo mode turns it
on: every statement kept, debug context), no redirect to https (TLS ends at nginx in front); each bench adds
its own environment (settings module, tile cache, CONN_MAX_AGE). ``Gunicorn(...)`` serves any WSGI app,
e.g. pygeoapi's Flask app beside it. ``locust_stats(...)`` runs a locustfile headless against one of them.
"""

import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 60) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


class Gunicorn:
    """``python -m gunicorn <args> <app>`` on ``port``; ready when ``ready_path`` answers, then asked
    ``warm`` more times so that every worker has imported its code and opened its connection."""

    def __init__(
        self, app, *, args=(), env=None, cwd=ROOT, port=None, ready_path="/", warm=15, name="gunicorn"
    ):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix=f"{name}-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *args, app],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                get(self.base + ready_path, timeout=30)
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"{name} did not start (log: {self.log.name})") from None
                time.sleep(0.3)
        for _ in range(warm):
            get(self.base + ready_path, timeout=30)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def landreg(*, workers=None, env=None, ready_path="/ogcapi/conformance?f=json") -> Gunicorn:
    """The registry under gunicorn with the production configuration; ``workers`` None: its default."""
    count = workers or 2 * (os.cpu_count() or 1) + 1
    port = free_port()
    return Gunicorn(
        "landreg.wsgi:application",
        args=["--config", "docker/gunicorn.conf.py"],
        env={
            "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)]),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers or ""),
            "GUNICORN_ACCESS_LOG": "",
            "DJANGO_DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            **(env or {}),
        },
        port=port,
        ready_path=ready_path,
        warm=3 * count,
        name="landreg-gunicorn",
    )


def locust_stats(
    locustfile: str,
    *,
    host: str,
    clients: int,
    seconds: int,
    csv_prefix: str,
    env: dict,
    user_class: str | None = None,
    stderr=None,
) -> list[dict]:
    """Runs bench/<locustfile> headless on loopback (all clients at once, no think time unless the file has
    one) for ``seconds``, and returns the rows of its statistics CSV (one per request name, then "Aggregated").
    ``env`` is added to this process's environment for the locustfile to read; ``stderr`` as subprocess takes it
    (locust's warnings shown by default)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(HERE / locustfile),
            *([user_class] if user_class else []),
            "--headless",
            "--host",
            host,
            "--users",
            str(clients),
            "--spawn-rate",
            str(clients),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--csv",
            csv_prefix,
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ],  # fmt: skip
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        timeout=seconds + 120,
    )
    with open(f"{csv_prefix}_stats.csv") as f:
        return list(csv.DictReader(f))
