"""The shared caches' folder backend (tiles, pages, sessions, throttle counts): Django's FileBasedCache,
culled now and then instead of on every write, with ``add``, ``incr`` and ``touch`` atomic across processes.

Django's file cache lists its whole folder on every ``set`` to decide whether to cull (``_cull``): with the
tile cache's 200,000 entries allowed, a tile drawn for the first time paid for that listing on top of its
drawing (measured: 41 ms a write at 1,000 cached tiles, 298 ms at 20,000, 683 ms at 50,000, against a
tile statement of about 100 ms). Here one write in CULL_EVERY looks; the folder may then hold up to
CULL_EVERY tiles over MAX_ENTRIES per process before culling, which a folder of tiles can afford.

Django's ``add`` (look, then write), ``incr`` (read, then write) and ``touch`` are not atomic on a folder:
two gunicorn workers counting at the same instant would both read 3 and both write 4, as Redis' and the
memory cache's own operations never do. Here each runs under an exclusive lock of the folder (a lock file,
``flock``: across processes and threads alike), for the few microseconds of reading and replacing one small
file; the new content is written beside it and renamed over it, so a reader without the lock always reads a
whole file. The failed logins per address are counted so (accounts.address_limit).
"""

import itertools
import os
import pickle
import tempfile
import time
import zlib
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

CULL_EVERY = 1000
LOCK_FILE = "counters.lock"  # not a cache file (no .djcache suffix): never culled nor cleared


class TileFileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = itertools.count()

    def _cull(self):
        if next(self._writes) % CULL_EVERY == 0:
            super()._cull()

    @contextmanager
    def _locked(self):
        self._createdir()  # the folder may have been removed meanwhile
        with open(os.path.join(self._dir, LOCK_FILE), "ab") as lock:
            locks.lock(lock, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(lock)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        missing = object()
        with self._locked():
            value = self.get(key, missing, version)
            if value is missing:
                return False
            self.set(key, value, timeout, version)
            return True

    def incr(self, key, delta=1, version=None):
        """The value plus ``delta``, written with the expiry it had (Django's would reset it)."""
        fname = self._key_to_file(key, version)
        with self._locked():
            try:
                # Read as Django's get reads it: the folder is written by the server's processes only.
                with open(fname, "rb") as f:
                    expiry = pickle.load(f)  # noqa: S301
                    value = pickle.loads(zlib.decompress(f.read())) + delta  # noqa: S301
            except (FileNotFoundError, EOFError):
                expiry, value = 0, None
            if expiry is not None and expiry < time.time():
                self._delete(fname)
                raise ValueError(f"Key '{key}' not found.")
            fd, tmp_path = tempfile.mkstemp(dir=self._dir)
            try:
                with open(fd, "wb") as f:
                    f.write(pickle.dumps(expiry, self.pickle_protocol))
                    f.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))
                os.replace(tmp_path, fname)
            except BaseException:
                os.remove(tmp_path)
                raise
            return value
