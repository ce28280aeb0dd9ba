"""Bulk steps run with Python's cyclic garbage collector held off.

A device's sync batch allocates some hundreds of thousands of short-lived objects (the parsed request, the
checked values, the rows): they set off the collector's young generations again and again, and now and then
a full collection, which walks every object of the process (Django, the libraries, some 250,000 objects)
and took a third of the batch's time on a loaded machine (bench/bench_collect.py). The batch's objects are
freed by reference counting as usual; the few cycles among them wait for the first collection after it.
The step is bounded (a batch has at most 1,000 records), so the memory held meanwhile is too.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def collection_held() -> Iterator[None]:
    """Hold the collector off for the block. Nested or concurrent blocks (threads of one process) share
    the hold: the collector comes back, if it was on, when the last of them ends."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
