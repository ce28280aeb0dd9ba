"""Failed logins from one address at the same instant, in several threads or processes (gunicorn's workers
sharing the throttle cache), each count: the limit is met after exactly its number of failures, never later.
The caches below take a while over each operation, as a shared cache does, so that the operations of
concurrent failures interleave; the folder cache is the one the settings give the server by default."""

import multiprocessing
import threading
import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from landreg.accounts.address_limit import failure_record, seconds_blocked
from landreg.accounts.limit_settings import FailureLimit
from landreg.tiles.filecache import TileFileCache

LIMIT = FailureLimit(24, 15 * 60)
GUESSER = "198.51.100.23"
OFFICE = "203.0.113.40"


class Slow:
    """Each operation waits a little before it runs, as over a network or a disk shared by processes."""

    def _wait(self):
        time.sleep(0.002)

    def get(self, *args, **kwargs):
        self._wait()
        return super().get(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._wait()
        return super().set(*args, **kwargs)

    def add(self, *args, **kwargs):
        self._wait()
        return super().add(*args, **kwargs)

    def incr(self, *args, **kwargs):
        self._wait()
        return super().incr(*args, **kwargs)

    def touch(self, *args, **kwargs):
        self._wait()
        return super().touch(*args, **kwargs)


class SlowMemoryCache(Slow, LocMemCache):
    pass


class SlowFolderCache(Slow, TileFileCache):
    pass


class ExpiringMemoryCache(LocMemCache):
    """Each key expires once right after it is added, before it is first incremented."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self.expired = set()

    def incr(self, key, delta=1, version=None):
        if key not in self.expired:
            self.expired.add(key)
            self.delete(key, version)
        return super().incr(key, delta, version)


def throttle(backend, location) -> dict:
    return {"throttle": {"BACKEND": f"{__name__}.{backend}", "LOCATION": str(location)}}


def fail_at_once(address: str, count: int) -> None:
    """``count`` wrong passwords from ``address``, each in its own thread, all let go at the same instant."""
    start = threading.Barrier(count)

    def fail():
        start.wait()
        failure_record(address)

    threads = [threading.Thread(target=fail) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.fixture(params=["SlowMemoryCache", "SlowFolderCache"])
def shared_cache(request, tmp_path, settings):
    settings.CACHES = {**settings.CACHES, **throttle(request.param, tmp_path / "throttle")}
    settings.LANDREG_LOGIN_FAILURES_PER_ADDRESS = LIMIT
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


def test_failures_at_the_same_instant_each_count(shared_cache):
    fail_at_once(GUESSER, LIMIT.failures - 1)
    assert seconds_blocked(GUESSER) == 0
    fail_at_once(OFFICE, LIMIT.failures)
    assert 14 * 60 < seconds_blocked(OFFICE) <= 15 * 60
    failure_record(GUESSER)  # the one failure that was still allowed
    assert 14 * 60 < seconds_blocked(GUESSER) <= 15 * 60


def _fail_in_a_process(address: str, count: int, start) -> None:
    start.wait()
    for _ in range(count):
        failure_record(address)


def test_failures_in_several_processes_sharing_the_folder_each_count(tmp_path, settings):
    settings.CACHES = {**settings.CACHES, **throttle("SlowFolderCache", tmp_path / "throttle")}
    settings.LANDREG_LOGIN_FAILURES_PER_ADDRESS = LIMIT
    processes, each = 4, LIMIT.failures // 4
    fork = multiprocessing.get_context("fork")
    start = fork.Barrier(processes)
    workers = [
        fork.Process(target=_fail_in_a_process, args=(GUESSER, each - (n == 0), start))
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0] * processes
    assert seconds_blocked(GUESSER) == 0  # one short of the limit
    failure_record(GUESSER)
    assert seconds_blocked(GUESSER) > 0


def test_a_counter_that_expires_between_add_and_incr_still_counts_each_failure(settings):
    settings.CACHES = {**settings.CACHES, **throttle("ExpiringMemoryCache", "expiring")}
    settings.LANDREG_LOGIN_FAILURES_PER_ADDRESS = FailureLimit(3, 60)
    assert [failure_record(GUESSER) > 0 for _ in range(3)] == [False, False, True]
    assert caches["throttle"].expired == {f"login-failures:{GUESSER}"}  # it did expire once
