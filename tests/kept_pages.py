"""A page served with the statements kept once per process (core.db.kept) against the same page built by the
ORM at every request: equal byte for byte, or the assertion says where they first differ."""


def assert_same_page(page: bytes, built: bytes, *where) -> None:
    """``page`` as served, ``built`` with core.db.kept turned off; ``where``: what names the page in the
    message (language, URL, ...)."""
    if page == built:
        return
    # The first byte that differs, or the end of the shorter page when one is the other's beginning.
    at = next(
        (k for k, (a, b) in enumerate(zip(page, built, strict=False)) if a != b), min(len(page), len(built))
    )
    start = max(0, at - 80)
    raise AssertionError(
        f"{where}: the pages first differ at byte {at} of {len(page)} (kept) and {len(built)} (ORM):\n"
        f"kept: {page[start : at + 80]!r}\nORM:  {built[start : at + 80]!r}"
    )
