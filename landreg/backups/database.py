"""Copy the database out and back, each engine with its own tool.

PostGIS: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists`` (the standard, consistent
snapshot of a live database; the client tools must match the server's major version or be newer).
SpatiaLite: SQLite's online backup API, a consistent copy even while the server writes, page by page; the
restore copies the file back into the open database the same way.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

from landreg.backups.exceptions import BackupError

POSTGIS, SPATIALITE = "postgis", "spatialite"


def engine() -> str:
    vendor = connection.vendor
    if vendor == "postgresql":
        return POSTGIS
    if vendor == "sqlite":
        return SPATIALITE
    raise BackupError(_("Backups support PostGIS and SpatiaLite, not %(vendor)s.") % {"vendor": vendor})


def _pg_environment() -> tuple[list[str], dict]:
    settings_dict = connection.settings_dict
    arguments = ["--dbname", settings_dict["NAME"], "--no-password"]
    if settings_dict.get("HOST"):
        arguments += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        arguments += ["--username", settings_dict["USER"]]
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]  # never on the command line (ps shows it)
    return arguments, environment


def _run(command: list[str], environment: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("%(tool)s is not installed (Debian package postgresql-client).") % {"tool": command[0]}
        )
    # An argument list, no shell: the database settings cannot inject a command.
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]}: {done.stderr.strip()[-2000:]}")


def dump(path: Path) -> None:
    if engine() == POSTGIS:
        arguments, environment = _pg_environment()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *arguments], environment)
        return
    if connection.in_atomic_block:
        # SQLite's backup of a connection that holds a write transaction is refused as "locked", and the
        # sqlite3 module retries for ever: a job run inside a request's or a test's transaction would hang.
        raise BackupError(_("A SQLite database cannot be copied from inside a transaction."))
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def load(path: Path) -> None:
    """Replace the database's content with the dump's."""
    if engine() == POSTGIS:
        arguments, environment = _pg_environment()
        connection.close()  # our own session would hold locks on the tables being replaced
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *arguments,
                str(path),
            ],
            environment,
        )
        return
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
