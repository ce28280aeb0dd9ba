"""The kept tests' comparison of pages says where they first differ, wherever that is."""

import pytest

from tests.kept_pages import assert_same_page


def test_equal_pages_pass():
    assert_same_page(b"<p>a</p>", b"<p>a</p>", "fr")


@pytest.mark.parametrize(
    ("page", "built", "at"),
    [
        (b"xbc", b"abc", 0),  # in the first 80 bytes: the slice starts at the page's beginning
        (b"a" * 200 + b"x", b"a" * 200 + b"y", 200),
        (b"abc", b"abcdef", 3),  # one page the other's beginning
    ],
)
def test_a_difference_is_shown_where_it_is(page, built, at):
    with pytest.raises(AssertionError) as raised:
        assert_same_page(page, built, "en", "/parcels/")
    message = str(raised.value)
    assert f"first differ at byte {at} " in message, message
    assert repr(page[max(0, at - 80) : at + 80]) in message and "'en', '/parcels/'" in message
