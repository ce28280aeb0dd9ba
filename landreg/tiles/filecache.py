"""The tile cache's folder backend: Django's FileBasedCache, culled now and then instead of on every write.

Django's file cache lists its whole folder on every ``set`` to decide whether to cull (``_cull``): with the
tile cache's 200,000 entries allowed, a tile drawn for the first time paid for that listing on top of its
drawing (measured: 41 ms a write at 1,000 cached tiles, 298 ms at 20,000, 683 ms at 50,000, against a
tile statement of about 100 ms). Here one write in CULL_EVERY looks; the folder may then hold up to
CULL_EVERY tiles over MAX_ENTRIES per process before culling, which a folder of tiles can afford.
"""

import itertools

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 1000


class TileFileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = itertools.count()

    def _cull(self):
        if next(self._writes) % CULL_EVERY == 0:
            super()._cull()
