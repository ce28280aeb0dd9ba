"""The French catalogues read as (English, French) pairs, for tests that check the interface's French."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [
    ROOT / "locale/fr/LC_MESSAGES/django.po",
    *sorted(ROOT.glob("landreg/*/locale/fr/LC_MESSAGES/django.po")),
]


def _string(block: str, key: str) -> str:
    match = re.search(rf'^{key} ((?:".*"\n?)+)', block + "\n", re.M)
    if not match:
        return ""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))
    return "".join(parts).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def messages(path: Path):
    """(msgid, msgstr) of each translated singular message of the catalogue, the header left out."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "msgid_plural" in block or block.lstrip().startswith("#~"):
            continue
        msgid, msgstr = _string(block, "msgid"), _string(block, "msgstr")
        if msgid and msgstr:
            yield msgid, msgstr


def every_french_text(path: Path):
    """Every French text of the catalogue: singular messages and each plural form (msgstr[n])."""
    yield from (msgstr for _msgid, msgstr in messages(path))
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "msgid_plural" not in block or block.lstrip().startswith("#~"):
            continue
        for index in range(block.count("msgstr[")):
            if form := _string(block, rf"msgstr\[{index}\]"):
                yield form


def _field(lines: list[str], key: str) -> str | None:
    """The quoted text of one field (msgctxt, msgid, msgstr[0]...) spread over its continuation lines."""
    text, inside = None, False
    for line in lines:
        if line.startswith(f"{key} "):
            text, inside = line[len(key) + 1 :], True
        elif inside and line.startswith('"'):
            text += line
        else:
            inside = False
    return None if text is None else _string(f"k {text}", "k")


def entries(path: Path) -> dict:
    """Each live message of the catalogue (obsolete "#~" ones left out) as (msgctxt or None, msgid) -> its
    flags and French texts, the header left out: what makemessages keeps or drops, and gettext looks up."""
    found = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line]
        if any(line.startswith("#~") for line in lines):
            continue
        flags = {flag.strip() for line in lines if line.startswith("#,") for flag in line[2:].split(",")}
        fields = [line for line in lines if not line.startswith("#")]
        msgid = _field(fields, "msgid")
        if not msgid:
            continue
        texts = [_field(fields, key) for key in ("msgstr", *(f"msgstr[{n}]" for n in range(6)))]
        found[(_field(fields, "msgctxt"), msgid)] = {
            "fuzzy": "fuzzy" in flags,
            "texts": [text for text in texts if text is not None],
        }
    return found
