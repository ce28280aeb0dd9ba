"""French is the interface's first language: every message of every catalogue has its French text."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.po_catalogues import entries, every_french_text

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("locale/fr/LC_MESSAGES/django.po")) + sorted(
    ROOT.glob("landreg/*/locale/fr/LC_MESSAGES/django.po")
)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_of_the_catalogue_is_translated_into_french(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # msgfmt prints e.g. "812 translated messages, 3 untranslated messages." on stderr.
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


HIGH_PUNCTUATION_AFTER_A_SPACE = re.compile(r"[ \u00a0][:;!?]")
HIGH_PUNCTUATION_GLUED = re.compile(r"[A-Za-zÀ-ÿ)»][;!?](\s|$)|[A-Za-zÀ-ÿ)»]:(\s|$)")


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_french_messages_put_a_narrow_no_break_space_before_high_punctuation(catalogue):
    """French typography: « : ; ! ? » follow a narrow no-break space (U+202F), which neither breaks the
    line before the sign nor leaves it glued to the word; guillemets hold their text the same way."""
    wrong = [
        msgstr
        for msgstr in every_french_text(catalogue)
        if HIGH_PUNCTUATION_AFTER_A_SPACE.search(msgstr)
        or HIGH_PUNCTUATION_GLUED.search(msgstr)
        or re.search(r"«(?!\u202f)|(?<!\u202f)»", msgstr)
    ]
    assert not wrong, "\n".join(wrong)


ALL_CATALOGUES = sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po")) + sorted(
    ROOT.glob("landreg/*/locale/*/LC_MESSAGES/django.po")
)


@pytest.mark.parametrize("catalogue", ALL_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalogue_names_its_language_in_its_header(catalogue):
    """The header's Language (makemessages leaves it empty in a new catalogue, and msgfmt warns at every
    set-up) is the language of the folder the catalogue is in."""
    language = catalogue.parents[1].name
    assert f'"Language: {language}\\n"' in catalogue.read_text(encoding="utf-8")


@pytest.mark.parametrize("catalogue", ALL_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalogue_header_is_filled_in_and_not_fuzzy(catalogue):
    """No header field keeps makemessages' placeholder (msgfmt warned four times per English catalogue at
    every set-up, burying warnings that matter), and the header is not marked fuzzy."""
    result = subprocess.run(
        ["msgfmt", "--check-header", "-o", "/dev/null", str(catalogue)], capture_output=True, text=True
    )
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    header = catalogue.read_text(encoding="utf-8").split('msgid ""', 1)[0]
    assert "#, fuzzy" not in header


def _documented_makemessages() -> list[str]:
    """The arguments of makemessages in the Makefile's `messages` target (README and docs/ send there)."""
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nmessages:", 1)[1].split("\n\n", 1)[0]
    line = next(line for line in recipe.splitlines() if "makemessages" in line)
    return ["makemessages", *shlex.split(line.split("makemessages", 1)[1])]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """The catalogues as `make messages` leaves them, run on a copy of the sources (about 2 s)."""
    copy = tmp_path_factory.mktemp("sources") / "landreg"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".git", ".venv", "var", "bench", "node_modules", "__pycache__", "*.mo"),
    )
    env = {**os.environ, "LANDREG_DEMO": "1"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "manage.py", *_documented_makemessages()]
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return copy


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_regenerating_the_catalogue_keeps_every_message_and_its_french(catalogue, regenerated):
    """The committed catalogue is what the documented `make messages` gives: the same messages under the same
    contexts, none turned obsolete, fuzzy or untranslated. A message the code looks up in a way xgettext
    cannot read (a local alias of pgettext, an f-string, a text built at run time) or an entry written by hand
    is lost at the next regeneration: the certificate printed in English after `make messages`."""
    committed = entries(catalogue)
    made = entries(regenerated / catalogue.relative_to(ROOT))
    dropped = sorted(set(committed) - set(made), key=str)
    new = sorted(set(made) - set(committed), key=str)
    unfinished = sorted(
        (key for key, message in made.items() if message["fuzzy"] or not all(message["texts"])), key=str
    )
    assert not (dropped or new or unfinished), (
        f"made obsolete by makemessages: {dropped}\nextracted but not in the catalogue: {new}\n"
        f"fuzzy or untranslated after makemessages: {unfinished}"
    )


def test_no_two_catalogues_translate_the_same_message_differently():
    """Django reads the catalogues in one order (LOCALE_PATHS first, then the apps in INSTALLED_APPS order)
    and the first that knows a message answers it everywhere: a message translated two ways in two
    catalogues shows one app's meaning on the other's pages (a claim « retiré » like a case, a certificate
    « Détenue par » like a parcel). Where the meanings differ, the code asks with a context (pgettext,
    {% translate "…" context "…" %}); where they are the same, the catalogues agree."""
    seen: dict = {}
    for catalogue in CATALOGUES:
        for key, message in entries(catalogue).items():
            seen.setdefault(key, {})[str(catalogue.relative_to(ROOT))] = tuple(message["texts"])
    differing = {
        key: translations for key, translations in seen.items() if len(set(translations.values())) > 1
    }
    assert not differing, "\n".join(
        f"{context or ''} | {msgid}: {translations}"
        for (context, msgid), translations in sorted(differing.items(), key=str)
    )


# An apostrophe between two letters (or before a placeholder): « l'unité », « d'%(name)s », « aujourd'hui ».
STRAIGHT_APOSTROPHE = re.compile(r"(?<=[A-Za-zÀ-ÿœŒ])'(?=[A-Za-zÀ-ÿœŒ%{«0-9])")


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_french_messages_write_one_apostrophe_the_typographic_one(catalogue):
    """French texts elide with the typographic apostrophe (’, U+2019): the catalogues wrote it in some
    messages and the straight ' in others, so one sentence could mix both (« l’import … de l'unité »)."""
    wrong = [text for text in every_french_text(catalogue) if STRAIGHT_APOSTROPHE.search(text)]
    assert not wrong, "\n".join(wrong)


def test_french_data_the_registry_loads_writes_the_typographic_apostrophe():
    """The default code list of rights and the preset procedure profiles are French texts the pages and the
    certificates print, loaded by data migrations: the same apostrophe as the catalogues'."""
    from landreg.adjudication.profiles import PRESETS
    from landreg.rights.codelists import RIGHT_TYPES

    texts = [label_fr for _code, _kind, label_fr, *_rest in RIGHT_TYPES]
    texts += [value for preset in PRESETS for value in preset.values() if isinstance(value, str)]
    wrong = [text for text in texts if STRAIGHT_APOSTROPHE.search(text)]
    assert not wrong, wrong


def test_every_message_reads_in_french_as_its_catalogue_writes_it():
    """Django merges the catalogues so that an app listed earlier in INSTALLED_APPS answers first: Django's
    own (sessions, admin) and the libraries' answered some of our messages with their French. A dispute's
    hearing read « session » (django.contrib.sessions) where the disputes catalogue says « séance »; the
    claim's « Déposer » read « Envoyer », the claims list's « Créée le » « Création ». Ours ask with a
    context."""
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    answered = []
    with translation.override("fr"):
        for catalogue in CATALOGUES:
            for (context, msgid), message in entries(catalogue).items():
                if len(message["texts"]) != 1 or not message["texts"][0]:
                    continue  # plural forms: ngettext, read by their own tests
                said = pgettext(context, msgid) if context else gettext(msgid)
                if said != message["texts"][0]:
                    answered.append(
                        (str(catalogue.relative_to(ROOT)), context, msgid, said, message["texts"][0])
                    )
    assert not answered, answered


def test_a_party_position_belongs_to_a_hearing_not_a_login_session():
    from django.utils import translation

    from landreg.disputes.models import SessionPosition

    with translation.override("fr"):
        assert str(SessionPosition._meta.get_field("session").verbose_name) == "séance"
    with translation.override("en"):
        assert str(SessionPosition._meta.get_field("session").verbose_name) == "session"


ENGLISH_CATALOGUES = sorted(ROOT.glob("locale/en/LC_MESSAGES/django.po")) + sorted(
    ROOT.glob("landreg/*/locale/en/LC_MESSAGES/django.po")
)


def test_english_messages_say_record_not_proces_verbal():
    """An English page said « the court homologates the procès-verbal its parties signed » and a document's
    type read « minutes (procès-verbal) »: the English interface says "record" (or "minutes"), the French
    catalogue « procès-verbal »."""
    english = [msgid for catalogue in CATALOGUES for (_context, msgid) in entries(catalogue)]
    english += [
        text
        for catalogue in ENGLISH_CATALOGUES
        for message in entries(catalogue).values()
        for text in message["texts"]
    ]
    french_left = [text for text in english if re.search(r"proc[eè]s[- ]verba", text, re.I)]
    assert not french_left, french_left
