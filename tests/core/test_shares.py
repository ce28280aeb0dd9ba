from fractions import Fraction

import pytest

from landreg.core.exceptions import ShareError
from landreg.core.shares import check_shares_total, parse_share


def test_a_share_written_as_text_is_an_exact_fraction():
    assert parse_share("1/3") == Fraction(1, 3)


@pytest.mark.parametrize("bad", [0.5, "0", "3/2", "-1/2", "abc", "1/0"])
def test_floats_and_shares_outside_zero_to_one_are_refused(bad):
    with pytest.raises(ShareError):
        parse_share(bad)


def test_three_thirds_add_up_to_exactly_one():
    check_shares_total([Fraction(1, 3)] * 3)


def test_shares_that_do_not_add_up_to_one_are_refused_with_the_total():
    with pytest.raises(ShareError, match="5/6"):
        check_shares_total([Fraction(1, 2), Fraction(1, 3)])


def test_an_empty_holder_list_is_refused():
    with pytest.raises(ShareError):
        check_shares_total([])


def test_a_share_read_again_is_the_same_fraction_and_a_refused_one_is_refused_again():
    assert parse_share("2/6") == parse_share("2/6") == Fraction(1, 3)
    for _ in range(2):
        with pytest.raises(ShareError, match="decimal"):
            parse_share(0.5)
        with pytest.raises(ShareError):
            parse_share("3/2")
