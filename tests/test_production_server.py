"""gunicorn with docker/gunicorn.conf.py is the documented production server: it starts and serves."""

import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "docker" / "gunicorn.conf.py"


def config(**env) -> dict:
    with mock.patch.dict(os.environ, env, clear=False):
        for name in ("GUNICORN_WORKERS", "GUNICORN_TIMEOUT"):
            if name not in env:
                os.environ.pop(name, None)
        return runpy.run_path(str(CONFIG))


def test_workers_are_two_per_core_plus_one_unless_set():
    with mock.patch("multiprocessing.cpu_count", return_value=2):
        assert config()["workers"] == 5
    assert config(GUNICORN_WORKERS="3")["workers"] == 3
    assert config()["worker_class"] == "sync" and config()["max_requests"] > 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_the_registry_with_this_configuration():
    port = free_port()
    env = {**os.environ, "LANDREG_DEMO": "1", "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(CONFIG), "landreg.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/ogcapi/conformance?f=json", timeout=5
                ) as r:
                    body = r.read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.5)
        assert "conf/core" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
