"""The backup folder (settings ``LANDREG_BACKUP_DIR``): where `manage.py backup` writes by default and the
only place the administrator's page lists, makes and serves archives from.

An archive is named by the page and the command alike, ``landreg-<UTC date and time>.tar.gz``; the page
also lists archives copied in by hand or written by cron under another name, as long as the name is plain
(letters, digits, ``.``, ``-``, ``_``) and ends in ``.tar.gz``. A name asked for by a request is served only
if it is one of the names listed from the folder: nothing a request sends becomes a path by itself.
"""

import datetime as dt
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from landreg.backups import archive
from landreg.backups.exceptions import BackupError

_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.tar\.gz")
# Reading a manifest streams the archive up to it (gzip cannot seek). What an archive holds is its first
# member (the contents, or the manifest of older backups), read from the first blocks whatever the size;
# backups written between them have it only in their last member, behind the database and every stored file:
# on the list, such an archive is read up to LANDREG_BACKUP_LIST_READS_UP_TO_MB (settings); a larger one is
# read by its « Vérifier » (and kept from then on), and the page says why its content is not shown.


def list_reads_up_to() -> int:
    return int(settings.LANDREG_BACKUP_LIST_READS_UP_TO_MB * 1024 * 1024)


def backup_dir() -> Path:
    return Path(settings.LANDREG_BACKUP_DIR)


def new_archive_path() -> Path:
    """A new archive's path in the backup folder (made if missing, readable by its owner only)."""
    directory = backup_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The machine's time, as the files' own: two backups in one second get two names.
    stamp = f"landreg-{dt.datetime.now(dt.UTC):%Y-%m-%d-%H%M%S}"
    path, number = directory / f"{stamp}.tar.gz", 1
    while path.exists() or path.with_name(path.name + ".partial").exists():
        number += 1
        path = directory / f"{stamp}-{number}.tar.gz"
    return path


@dataclass(frozen=True)
class ArchiveFile:
    name: str
    size: int
    modified: dt.datetime
    mtime_ns: int

    @property
    def path(self) -> Path:
        return backup_dir() / self.name


def archive_files() -> list[ArchiveFile]:
    """The archives of the backup folder, newest first (regular files with a plain name; a link or a
    ``.partial`` being written is not one)."""
    try:
        entries = list(backup_dir().iterdir())
    except FileNotFoundError:
        return []
    found = []
    for entry in entries:
        if not _PLAIN_NAME.fullmatch(entry.name) or entry.is_symlink() or not entry.is_file():
            continue
        status = entry.stat()
        modified = dt.datetime.fromtimestamp(status.st_mtime, tz=dt.UTC)
        found.append(ArchiveFile(entry.name, status.st_size, modified, status.st_mtime_ns))
    return sorted(found, key=lambda a: (a.modified, a.name), reverse=True)


def archive_named(name: str) -> ArchiveFile | None:
    """The listed archive of that name, or None: a name that is not listed (``../../etc/passwd``, a link, a
    file being written) is not found."""
    return next((found for found in archive_files() if found.name == name), None)


def summary(manifest: dict) -> dict:
    """What the page shows of a manifest (and what a job keeps of it)."""
    files = [name for name in manifest.get("files", {}) if name.startswith(f"{archive.FILES}/")]
    versions = manifest.get("versions", {})
    return {
        "created_at": manifest.get("created_at", ""),
        "engine": manifest.get("engine", ""),
        "landreg": versions.get("landreg", ""),
        # The contents member says the number (its checksums, and so its list of files, come last).
        "stored_files": manifest.get("stored_files", len(files)),
        "keys_included": bool(manifest.get("keys_included")),
        "problem_here": archive.compatibility_problem(manifest) if "migrations" in manifest else "",
    }


# Manifests read by this process, by (name, size, modification time): a file replaced under the same name
# is read again.
_read: dict[tuple, dict] = {}
_read_lock = threading.Lock()


def listed_summary(found: ArchiveFile) -> dict | None:
    """The archive's manifest summary ({"error": …} for a file that is not a readable backup), or None when
    its manifest is its last member, the archive too large to be read whole for a list, and it has not been
    read yet."""
    key = (found.name, found.size, found.mtime_ns)
    with _read_lock:
        if key in _read:
            return _read[key]
    try:
        manifest = archive.first_manifest(found.path)
        if manifest is None:
            if found.size > list_reads_up_to():
                return None
            manifest = archive.manifest_of(found.path)
        read = summary(manifest)
    except (BackupError, OSError) as exc:
        read = {"error": str(exc)}
    remember_summary(found, read)
    return read


def remember_summary(found: ArchiveFile, read: dict) -> None:
    with _read_lock:
        _read[(found.name, found.size, found.mtime_ns)] = read
