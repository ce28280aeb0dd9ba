"""Weight of the main pages as a browser loads them: requests and bytes, on the demo commune.

The figures the README states for land offices on a poor connection (issue 10, item 6). A fresh SpatiaLite
demo database in a temporary folder served by `runserver` as `make demo` does (static files included),
headless Chromium counting every response and its body's bytes until the network is idle.
Bytes are uncompressed: a proxy that gzips (docker/) sends less.

    LANDREG_DEMO=1 .venv/bin/python bench/bench_page_weight.py
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("LANDREG_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# (label, login or None, path)
PAGES = [
    ("Login page", None, "/accounts/login/"),
    ("Public notice board", None, "/adjudication/affichage/SAB-C/"),
    ("Home (agent)", "agent_centre", "/"),
    ("Claims list (registrar)", "guichet", "/adjudication/claims/"),
    ("Claim page (registrar)", "guichet", "CLAIM"),
    ("New claim (agent): map editor", "agent_centre", "/adjudication/claims/new/"),
    ("Map (agent)", "agent_centre", "/map/"),
    ("Certificates queue (registrar)", "guichet", "/certificates/"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LANDREG_DEMO": "1", "DATABASE_URL": f"spatialite:///{tmp}/demo.sqlite3"}
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "-v0"], ["load_demo", "--quiet"], ["load_adjudication_demo"]):
            subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            manage + ["runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/accounts/login/", timeout=1)  # noqa: S310 (loopback)
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                print(f"{'page':34} {'requests':>8} {'KB':>8}  {'of which HTML KB':>16}")
                for label, login, path in PAGES:
                    page = browser.new_page()
                    if login:
                        page.goto(f"{base}/accounts/login/")
                        page.fill("input[name=username]", login)
                        page.fill("input[name=password]", "demo-landreg")
                        page.click("main form button[type=submit]")
                        page.wait_for_url(f"{base}/")
                    if path == "CLAIM":
                        page.goto(f"{base}/adjudication/claims/")
                        path = page.eval_on_selector("main table a", "a => a.getAttribute('href')")
                    responses = []
                    page.on("response", lambda response, seen=responses: seen.append(response))
                    page.goto(f"{base}{path}", wait_until="networkidle")
                    sizes = [(r.request.resource_type, len(r.body())) for r in responses if r.status < 300]
                    html = sum(size for kind, size in sizes if kind == "document")
                    total = sum(size for _, size in sizes)
                    print(f"{label:34} {len(sizes):>8} {total / 1024:>8.0f}  {html / 1024:>16.0f}")
                    page.close()
                browser.close()
        finally:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
