"""A backup is one tar file: ``contents.json``, the database dump, the stored files, only if asked for the
sealed signing keys, and ``manifest.json``.

The stored files are read and written through Django's storage API, so a registry keeping its documents in
an S3-compatible bucket backs them up and gets them back as one on disk does. The manifest names the format
version, the software versions, the migrations applied and the SHA-256 of every member; a restore checks
all of it before touching the database, refuses a database that already holds a register unless forced,
and refuses a backup made by a newer Landreg (unknown migrations). ``contents.json``, the first member, is
the manifest without the checksums (known before any file goes in), so a list of backups reads what an
archive holds from its first blocks however large it is (gzip cannot seek to the manifest at its end).
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
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from landreg.backups import database, keys
from landreg.backups.exceptions import BackupError

FORMAT, FORMAT_VERSION = "landreg-backup", 1
MANIFEST = "manifest.json"
CONTENTS = "contents.json"
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
# The stored files' members: "files/media/" and their name in the storage (the name of old backups, whose
# files were read from MEDIA_ROOT, where the file storage keeps the same names).
FILES = "files/media"


def _stored_names(storage, directory: str = "") -> Iterator[str]:
    """Every file of the storage, by its stored name, walked through the storage API (``listdir``), so files
    in an S3-compatible bucket are found as well as those on disk."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # nothing stored yet: MEDIA_ROOT not even made
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        path = f"{directory}/{name}" if directory else name
        if not any(PurePosixPath(path).is_relative_to(d) for d in SKIPPED_DIRECTORIES):
            yield from _stored_names(storage, path)


class _HashingReader:
    """Hands a file's bytes to tarfile and hashes them on the way: each stored file is read once."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add(archive: tarfile.TarFile, name: str, handle, size: int) -> str:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = size, int(dt.datetime.now(dt.UTC).timestamp())
    reader = _HashingReader(handle)
    archive.addfile(info, reader)
    return reader.digest.hexdigest()


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
    """Write the archive to ``out`` (under a temporary name, renamed once complete). The manifest is the
    last member: the checksums are taken while the files go in, so each stored file is read once (a
    download, on S3). The archive is readable by its owner only: it holds the register's personal data."""
    out = Path(out)
    sealed = keys.seal(keys.key_files()) if include_keys else None  # fails early on a missing passphrase
    with tempfile.TemporaryDirectory(dir=out.parent) as work:
        dump = Path(work) / ("database.dump" if database.engine() == database.POSTGIS else "database.sqlite3")
        database.dump(dump)
        partial = out.with_name(out.name + ".partial")
        partial.touch()
        partial.chmod(0o600)
        try:
            manifest = _write(partial, dump, sealed)
        except BaseException:
            partial.unlink(missing_ok=True)  # a half-written archive is not left beside the good ones
            raise
        partial.replace(out)
    return manifest


def _write(partial: Path, dump: Path, sealed: bytes | None) -> dict:
    names = list(_stored_names(default_storage))
    described = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": database.engine(),
        "database_member": dump.name,
        "versions": _versions(),
        "migrations": applied_migrations(),
        "keys_included": sealed is not None,
    }
    files = {}
    with tarfile.open(partial, "w:gz") as archive:
        # First, what the archive holds (the manifest but the checksums, taken as the files go in): a list
        # of backups reads it from the first blocks (first_manifest). Its own checksum is in the manifest.
        contents = json.dumps(
            {**described, "stored_files": len(names)}, indent=2, ensure_ascii=False
        ).encode()
        files[CONTENTS] = _add(archive, CONTENTS, io.BytesIO(contents), len(contents))
        with dump.open("rb") as handle:
            files[dump.name] = _add(archive, dump.name, handle, dump.stat().st_size)
        for name in names:
            with default_storage.open(name, "rb") as handle:
                member = f"{FILES}/{name}"
                files[member] = _add(archive, member, handle, default_storage.size(name))
        if sealed is not None:
            files[KEYS_MEMBER] = _add(archive, KEYS_MEMBER, io.BytesIO(sealed), len(sealed))
        manifest = {**described, "files": files}
        data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
        _add(archive, MANIFEST, io.BytesIO(data), len(data))
    return manifest


def read_manifest(handle) -> dict:
    try:
        manifest = json.load(handle)
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


def compatibility_problem(manifest: dict) -> str:
    """Why this registry could not restore the backup as it runs (another engine, a newer Landreg), or ""."""
    try:
        _check_compatible(manifest)
    except BackupError as exc:
        return str(exc)
    return ""


def _members(source: Path) -> Iterator[tuple[tarfile.TarFile, tarfile.TarInfo]]:
    """Each member of the archive in order, read as a stream (one pass, nothing written to disk)."""
    try:
        with tarfile.open(source, "r|*") as archive:
            for member in archive:
                yield archive, member
    except (tarfile.TarError, EOFError, zlib.error) as exc:  # not an archive, or one cut short
        raise BackupError(_("This file is not a Landreg backup (no readable manifest).")) from exc


def manifest_of(source: Path) -> dict:
    """The archive's manifest, read without extracting anything (the stream stops at the manifest: the
    first member of older backups, the last of newer ones)."""
    for archive, member in _members(Path(source)):
        if member.name == MANIFEST:
            return read_manifest(archive.extractfile(member))
    raise BackupError(_("This file is not a Landreg backup (no readable manifest)."))


def first_manifest(source: Path) -> dict | None:
    """What the archive holds, read from its first blocks whatever its size: its first member, the
    contents (``CONTENTS``, the manifest but the checksums) or, in older backups, the manifest. None if the
    first member is another (backups written between them): the manifest is then the last, behind the
    database and every stored file, and only reading the whole archive reaches it."""
    for archive, member in _members(Path(source)):
        if member.name in (CONTENTS, MANIFEST):
            return read_manifest(archive.extractfile(member))
        return None
    raise BackupError(_("This file is not a Landreg backup (no readable manifest)."))


def verify(*, source: Path) -> dict:
    """Check the archive as a restore would before touching anything (its manifest, the SHA-256 of every
    member, no unsafe path), hashing each member as it streams by, without writing it anywhere. Returns
    the manifest; a BackupError says what is wrong."""
    manifest, digests = None, {}
    for archive, member in _members(Path(source)):
        if member.name == MANIFEST:
            manifest = read_manifest(archive.extractfile(member))
            continue
        _safe_member(member.name)
        if not member.isfile():
            raise BackupError(_("The backup holds an unsafe path: %(name)s.") % {"name": member.name})
        digest = hashlib.sha256()
        with archive.extractfile(member) as data:
            while chunk := data.read(1 << 20):
                digest.update(chunk)
        digests[member.name] = digest.hexdigest()
    if manifest is None:
        raise BackupError(_("This file is not a Landreg backup (no readable manifest)."))
    for name, expected in manifest["files"].items():
        if digests.get(name) != expected:
            raise BackupError(_("%(name)s is damaged (its checksum does not match).") % {"name": name})
    return manifest


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


def _extract(source: Path, work: Path) -> tuple[dict, dict[str, Path]]:
    """The manifest and every member written under ``work``, checked against it, in one pass over the
    archive wherever its manifest lies (last since stored files are hashed on the way in, first in older
    backups)."""
    try:
        with tarfile.open(source, "r|*") as archive:
            manifest, extracted, digests = _read_members(archive, work)
    except (tarfile.TarError, EOFError) as exc:  # not an archive, or one cut short
        raise BackupError(_("This file is not a Landreg backup (no readable manifest).")) from exc
    if manifest is None:
        raise BackupError(_("This file is not a Landreg backup (no readable manifest)."))
    for name, expected in manifest["files"].items():
        if digests.get(name) != expected:
            raise BackupError(_("%(name)s is damaged (its checksum does not match).") % {"name": name})
    return manifest, extracted


def _read_members(archive: tarfile.TarFile, work: Path) -> tuple[dict | None, dict, dict]:
    manifest, extracted, digests = None, {}, {}
    for member in archive:
        if member.name == MANIFEST:
            manifest = read_manifest(archive.extractfile(member))
            continue
        relative = _safe_member(member.name)
        if not member.isfile():
            raise BackupError(_("The backup holds an unsafe path: %(name)s.") % {"name": member.name})
        target = work / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as data, target.open("wb") as handle:
            reader = _HashingReader(data)
            shutil.copyfileobj(reader, handle)
        extracted[member.name], digests[member.name] = target, reader.digest.hexdigest()
    return manifest, extracted, digests


def restore(*, source: Path, force: bool = False, keys_to: Path | None = None) -> dict:
    """Check the archive, then replace the database's content and put the stored files back."""
    if not force and register_rows():
        raise BackupError(
            _("This database already holds a register; restore into an empty database, or use --force.")
        )
    with tempfile.TemporaryDirectory() as work:
        manifest, extracted = _extract(Path(source), Path(work))
        _check_compatible(manifest)
        if keys_to is not None and not manifest["keys_included"]:
            raise BackupError(_("This backup holds no signing keys."))
        sealed = keys.unseal(extracted[KEYS_MEMBER].read_bytes()) if keys_to is not None else None
        database.load(extracted[manifest["database_member"]])
        for member in manifest["files"]:
            if member.startswith(f"{FILES}/"):
                _store(member.removeprefix(f"{FILES}/"), extracted[member])
        if sealed is not None:
            keys.write_keys(sealed, Path(keys_to))
    return manifest


def _store(name: str, path: Path) -> None:
    """Put a file back under its own name through the storage API (the database names it so): a file left
    under that name (a restore over the same bucket) is replaced, as the rows are."""
    if default_storage.exists(name):
        default_storage.delete(name)
    with path.open("rb") as handle:
        stored = default_storage.save(name, File(handle))
    if stored != name:
        raise BackupError(_("The storage kept %(name)s under another name.") % {"name": name})
