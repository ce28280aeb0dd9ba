"""Bulk steps hold Python's cyclic collector off (core/collector.py) and give it back as they found it."""

import gc
import threading

from landreg.core.collector import collection_held


def test_the_collector_is_held_for_the_block_and_comes_back_after_it():
    assert gc.isenabled()
    with collection_held():
        assert not gc.isenabled()
        with collection_held():  # nested: the outer block still holds it after the inner one ends
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_block_ending_while_another_thread_holds_the_collector_leaves_it_held():
    inside, release = threading.Event(), threading.Event()

    def other():
        with collection_held():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with collection_held():
        pass
    assert not gc.isenabled()  # the other thread's block is still running
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off():
    gc.disable()
    try:
        with collection_held():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
