"""Where background jobs wait (imports, print runs, periodic clean-ups), from the environment.

By default huey keeps its queue in a SQLite file (``LANDREG_HUEY_FILE``): no extra server, one machine.
``LANDREG_HUEY_REDIS_URL=redis://host:6379/2`` puts the queue on Redis instead
(``pip install "landreg[redis]"``), so ``manage.py run_huey`` workers on several machines take jobs from one
shared queue; the jobs themselves record their start, heartbeat and failure in the database, whichever queue
carried them. Read by settings.py; nothing is imported from Django or huey, so the settings can call it
before Django is set up.
"""

from pathlib import Path


class QueueSettingsError(ValueError):
    """The environment names a queue this registry cannot use as given."""


def huey_from_env(environ, var_dir: Path) -> dict:
    """Django-huey's HUEY setting for this environment."""
    common = {
        "name": "landreg",
        "immediate": environ.get("LANDREG_JOBS_IMMEDIATE", "").strip().lower() in {"1", "true", "yes", "on"},
        "results": False,
    }
    url = environ.get("LANDREG_HUEY_REDIS_URL", "").strip()
    if not url:
        return {
            "huey_class": "huey.SqliteHuey",
            "filename": environ.get("LANDREG_HUEY_FILE") or str(var_dir / "jobs.sqlite3"),
            **common,
        }
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise QueueSettingsError(
            "LANDREG_HUEY_REDIS_URL must start with redis://, rediss:// or unix://, "
            f"not {url.split(':')[0]!r}"
        )
    # blocking: a worker waits on the list (BRPOP) instead of polling Redis every 100 ms.
    return {"huey_class": "huey.RedisHuey", "url": url, "blocking": True, **common}
