"""A backup is one tar file: ``manifest.json``, the database dump, the stored files and, only if asked
for, the sealed signing keys.

The manifest names the format version, the software versions, the migrations applied and the SHA-256 of
every member; a restore checks all of it before touching the database, refuses a database that already
holds a register unless forced, and refuses a backup made by a newer Landreg (unknown migrations).
"""

import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import platform
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from landreg.backups import database, keys
from landreg.backups.exceptions import BackupError

FORMAT, FORMAT_VERSION = "landreg-backup", 1
MANIFEST = "manifest.json"
KEYS_MEMBER = "keys.sealed"
# What makes a database "hold a register": a restore over any of these rows needs --force.
REGISTER_MODELS = [
    "accounts.User",
    "parties.Party",
    "parcels.Parcel",
    "rights.Right",
    "adjudication.Claim",
    "certificates.Certificate",
    "documents.Source",
    "audit.AuditEvent",
]
# Print runs are output that can be printed again from the register; they are left out.
SKIPPED_DIRECTORIES = [PurePosixPath("certificates/batches")]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def storage_roots() -> dict[str, Path]:
    """The directories of stored files (uploaded documents and their scans), by their name in the archive."""
    roots = {"media": Path(settings.MEDIA_ROOT)}
    documents = getattr(settings, "LANDREG_DOCUMENTS_ROOT", None)
    if documents and Path(documents).resolve() != roots["media"].resolve():
        roots["documents"] = Path(documents)
    return roots


def _stored_files() -> list[tuple[str, Path]]:
    found = []
    for name, root in storage_roots().items():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = PurePosixPath(path.relative_to(root).as_posix())
            if path.is_file() and not any(relative.is_relative_to(d) for d in SKIPPED_DIRECTORIES):
                found.append((f"files/{name}/{relative}", path))
    return found


def applied_migrations() -> dict[str, list[str]]:
    applied = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _versions() -> dict:
    with connection.cursor() as cursor:
        if database.engine() == database.POSTGIS:
            cursor.execute("SELECT version(), postgis_lib_version()")
        else:
            cursor.execute("SELECT sqlite_version(), spatialite_version()")
        server, spatial = cursor.fetchone()
    try:
        landreg = importlib.metadata.version("landreg")
    except importlib.metadata.PackageNotFoundError:
        landreg = "unknown"
    return {
        "landreg": landreg,
        "django": django.get_version(),
        "python": platform.python_version(),
        "database": server,
        "spatial": spatial,
    }


def backup(*, out: Path, include_keys: bool = False) -> dict:
    """Write the archive to ``out`` (under a temporary name, renamed once complete)."""
    out = Path(out)
    sealed = keys.seal(keys.key_files()) if include_keys else None  # fails early on a missing passphrase
    with tempfile.TemporaryDirectory(dir=out.parent) as work:
        dump = Path(work) / ("database.dump" if database.engine() == database.POSTGIS else "database.sqlite3")
        database.dump(dump)
        members = [(dump.name, dump), *_stored_files()]
        if sealed is not None:
            key_path = Path(work) / KEYS_MEMBER
            key_path.write_bytes(sealed)
            members.append((KEYS_MEMBER, key_path))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": database.engine(),
            "database_member": dump.name,
            "versions": _versions(),
            "migrations": applied_migrations(),
            "keys_included": sealed is not None,
            "files": {name: _sha256(path) for name, path in members},
        }
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            for name, path in members:
                archive.add(path, arcname=name, recursive=False)
        partial.replace(out)
    return manifest


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, AttributeError) as exc:
        raise BackupError(_("This file is not a Landreg backup (no readable manifest).")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a Landreg backup."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("This backup is in format %(found)s; this Landreg reads format %(known)s.")
            % {"found": manifest.get("format_version"), "known": FORMAT_VERSION}
        )
    return manifest


def _check_compatible(manifest: dict) -> None:
    if manifest["engine"] != database.engine():
        raise BackupError(
            _("This backup is of a %(found)s database; this registry runs on %(here)s.")
            % {"found": manifest["engine"], "here": database.engine()}
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            _("This backup was made by a newer Landreg (unknown migrations: %(names)s); upgrade first.")
            % {"names": ", ".join(unknown[:5])}
        )


def register_rows() -> int:
    tables = set(connection.introspection.table_names())
    total = 0
    for label in REGISTER_MODELS:
        model = apps.get_model(label)
        if model._meta.db_table in tables:
            total += model._default_manager.count()
    return total


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(_("The backup holds an unsafe path: %(name)s.") % {"name": name})
    return path


def restore(*, source: Path, force: bool = False, keys_to: Path | None = None) -> dict:
    """Check the archive, then replace the database's content and put the stored files back."""
    with tarfile.open(source, "r:*") as archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        _check_compatible(manifest)
        if keys_to is not None and not manifest["keys_included"]:
            raise BackupError(_("This backup holds no signing keys."))
        if not force and register_rows():
            raise BackupError(
                _("This database already holds a register; restore into an empty database, or use --force.")
            )
        extracted = {}
        for name, expected in manifest["files"].items():
            relative = _safe_member(name)
            member = archive.getmember(name)
            if not member.isfile():
                raise BackupError(_("The backup holds an unsafe path: %(name)s.") % {"name": name})
            target = Path(work) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as data, target.open("wb") as handle:
                shutil.copyfileobj(data, handle)
            if _sha256(target) != expected:
                raise BackupError(_("%(name)s is damaged (its checksum does not match).") % {"name": name})
            extracted[name] = target
        sealed = keys.unseal(extracted[KEYS_MEMBER].read_bytes()) if keys_to is not None else None
        database.load(extracted[manifest["database_member"]])
        roots = storage_roots()
        for name, path in extracted.items():
            parts = PurePosixPath(name).parts
            if parts[0] == "files" and parts[1] in roots:
                target = roots[parts[1]].joinpath(*parts[2:])
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        if sealed is not None:
            keys.write_keys(sealed, Path(keys_to))
    return manifest
