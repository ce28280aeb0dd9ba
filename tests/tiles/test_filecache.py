"""The tile cache's folder does not list itself on every write, and is still culled."""

import os
import tempfile
from unittest import mock

from landreg.tiles import filecache
from landreg.tiles.filecache import TileFileCache


def test_a_write_does_not_list_the_folder_each_time_and_the_folder_is_still_culled():
    folder = tempfile.mkdtemp(prefix="tiles-")
    cache = TileFileCache(folder, {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    with mock.patch.object(filecache, "CULL_EVERY", 5):
        listed = mock.patch.object(TileFileCache, "_list_cache_files", wraps=cache._list_cache_files)
        with listed as spy:
            for k in range(20):
                cache.set(f"tiles:1:14:{k}:0", b"tile")
        assert spy.call_count <= 20 // 5 + 2  # Django's own would list the folder 20 times
        for k in range(20, 60):
            cache.set(f"tiles:1:14:{k}:0", b"tile")
    assert len(os.listdir(folder)) <= 10 + 5
    assert cache.get("tiles:1:14:59:0") == b"tile"
