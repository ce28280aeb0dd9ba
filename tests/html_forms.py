"""Read a page's form as a browser would submit it, so page tests post exactly what the template renders.

``form_data(html)`` gives {name: [values]} for the page's largest form (or the n-th form): text
inputs, hidden ones (the formsets' management forms), checked boxes and radios, the selected option of each
select (the first one if none is selected) and text areas. Buttons are not included; add the one pressed.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name, value):
        if self.forms and name:
            self.forms[-1].setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(attrs.get("name"), attrs.get("value", "on"))
                return
            self._add(attrs.get("name"), attrs.get("value") or "")
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = attrs.get("name"), None, False
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs and not self._select_chosen:
                self._select_chosen = True
                self._add(self._select, value)
        elif tag == "textarea":
            self._textarea, self._text = attrs.get("name"), []

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).lstrip("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def all_forms(html: str) -> list[dict[str, list[str]]]:
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


def form_data(html: str, index: int | None = None) -> dict[str, list[str]]:
    reader = _FormReader()
    reader.feed(html)
    if index is not None:
        return reader.forms[index]
    return max(reader.forms, key=len)  # the page's own form, not the menu's language switch


def flat(data: dict[str, list[str]]) -> dict:
    """What the test client posts: single values as strings, repeated ones as lists."""
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}
