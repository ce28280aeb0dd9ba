"""Checks a zip archive before GDAL reads it through /vsizip/: member names, kinds, counts and sizes.

A zip from a user may hold names that climb out of the archive (``../``, absolute paths), symbolic links,
thousands of members, or a few kilobytes that inflate to gigabytes (a "zip bomb"). Each is refused with a
message that names no member (names are the user's bytes), only counts and sizes.
"""

import stat
import zipfile
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from landreg.core.exceptions import RegistryError

MAX_RATIO = 200  # real shapefiles compress 3-20 times; a bomb a thousand times and more


class UnsafeArchive(RegistryError):
    """The archive cannot be read safely; nothing in it was opened."""


def check_zip(path: str | Path, *, allowed_suffixes: set[str], max_members: int, max_bytes: int) -> None:
    """Raise UnsafeArchive unless every member is a plain file of an allowed kind inside the archive,
    there are at most ``max_members``, and they inflate to at most ``max_bytes`` in all."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsafeArchive(_("The file is not a readable zip archive.")) from exc
    if len(members) > max_members:
        raise UnsafeArchive(
            _("The archive holds %(n)d files; at most %(max)d are accepted.")
            % {"n": len(members), "max": max_members}
        )
    total = 0
    for member in members:
        name = PurePosixPath(member.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or ":" in member.filename or "\x00" in member.filename:
            raise UnsafeArchive(_("The archive holds a file whose path leads outside the archive."))
        if stat.S_ISLNK(member.external_attr >> 16):
            raise UnsafeArchive(_("The archive holds a symbolic link."))
        if member.is_dir():
            continue
        if name.suffix.lower() not in allowed_suffixes:
            raise UnsafeArchive(
                _("The archive holds a file of a kind that is not accepted; accepted: %(kinds)s")
                % {"kinds": ", ".join(sorted(allowed_suffixes))}
            )
        if member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise UnsafeArchive(_("A file of the archive inflates too much to be a real map file."))
        total += member.file_size
        if total > max_bytes:
            raise UnsafeArchive(
                _("The archive inflates to more than %(mb)d MB.") % {"mb": max_bytes // 1_000_000}
            )
