import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages_for_direct_calls():
    """Service errors are asserted in English (the msgids); pages still follow LocaleMiddleware (French)."""
    with translation.override("en"):
        yield
