"""French elision in the demo's generated names: « Champ d’Aïssata », « Champ de Mariam »."""

import unicodedata


def of(name: str) -> str:
    """« de » before a name, elided to « d’ » (the typographic apostrophe) before a vowel, accented or not.

    An initial h is left alone: whether it is mute or aspirated depends on the name (« d’Hélène » but
    « de Hamidou »), and the demo's names do not need it."""
    first = unicodedata.normalize("NFD", name[:1])[:1].lower()
    return f"d’{name}" if first and first in "aeiouyœæ" else f"de {name}"
