"""What a screen reader finds of a page's controls (stdlib html.parser).

``unnamed_controls(html)`` lists each input, select and textarea that has no name a screen reader reads (a
``<label for>`` with text, an enclosing label, ``aria-label``, ``aria-labelledby`` or ``title``);
``duplicate_ids(html)`` the ids given to more than one element (a label then names the first of them, in
another form)."""

from collections import Counter
from html.parser import HTMLParser

UNNAMED_TYPES = {"hidden", "submit", "button", "image", "reset"}


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter = Counter()
        self.label_text: dict[str, str] = {}  # for= -> the label's text
        self.controls: list[tuple[str, dict, bool]] = []  # tag, attributes, inside a label with text
        self._label: dict | None = None  # the label being read: its for=, text, the controls inside it

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if tag == "label":
            self._label = {"for": attrs.get("for", ""), "text": "", "inside": []}
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and attrs.get("type", "text") in UNNAMED_TYPES:
                return
            self.controls.append((tag, attrs, False))
            if self._label is not None:
                self._label["inside"].append(len(self.controls) - 1)

    def handle_data(self, data):
        if self._label is not None:
            self._label["text"] += data

    def handle_endtag(self, tag):
        if tag == "label" and self._label is not None:
            text = self._label["text"].strip()
            if self._label["for"] and text:
                self.label_text[self._label["for"]] = text
            for index in self._label["inside"]:
                control_tag, attrs, _named = self.controls[index]
                self.controls[index] = (control_tag, attrs, bool(text))
            self._label = None


def _read(html: str) -> _Controls:
    parser = _Controls()
    parser.feed(html)
    return parser


def unnamed_controls(html: str) -> list[str]:
    parser = _read(html)
    return [
        f"{tag} name={attrs.get('name')!r} id={attrs.get('id')!r}"
        for tag, attrs, in_label in parser.controls
        if not (
            in_label
            or parser.label_text.get(attrs.get("id", ""))
            or attrs.get("aria-label", "").strip()
            or attrs.get("aria-labelledby")
            or attrs.get("title", "").strip()
        )
    ]


def duplicate_ids(html: str) -> list[str]:
    return sorted(name for name, count in _read(html).ids.items() if count > 1)
