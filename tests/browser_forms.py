"""Read the forms and links of a page as a browser would (stdlib html.parser), to post what a page renders.

``forms(html)`` gives each form's method, action and the values its controls submit by default (the first
option of a select, checked boxes and radios: a radio group with none checked sends nothing; a date input
sends only an ISO date, as a browser does; hidden fields such as the CSRF token); ``Form.data`` adds one
button's name and value, as clicking it does, and the values typed into the form's own fields (a name the
form does not have is refused). ``form_data(html)`` is the page's main form's default values, ``flat`` what
the test client posts of them. ``links(html)`` gives every ``href``.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse


@dataclass
class Form:
    method: str
    action: str
    enctype: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # what is sent by default, in order
    required: set[str] = field(default_factory=set)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (name, value) of submit buttons
    radios: dict[str, str | None] = field(default_factory=dict)  # each radio group's checked value, or None
    controls: set[str] = field(default_factory=set)  # the name of every control, sent by default or not

    def data(self, button: tuple[str, str] | None = None, **values) -> dict:
        """The body a click on ``button`` sends, with ``values`` typed into the named fields."""
        body: dict[str, list[str]] = {}
        for name, value in self.fields:
            body.setdefault(name, []).append(value)
        for name, value in self.radios.items():
            if value is not None:
                body.setdefault(name, [value])
        unknown = set(values) - self.controls
        assert not unknown, f"the form posting to {self.action!r} has no field {sorted(unknown)}"
        for name, value in values.items():
            body[name] = value if isinstance(value, list) else [value]
        if button and button[0]:
            body[button[0]] = [button[1]]
        return body

    def button(self, value: str) -> tuple[str, str]:
        return next(b for b in self.buttons if b[1] == value)


def _date_value(value: str) -> str:
    """A date input's value as a browser keeps it: ``yyyy-mm-dd`` or nothing (HTML's value sanitization; a
    date written the French way, 05/12/2026, is shown empty and sent empty)."""
    return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, options, selected
        self._textarea: tuple[str, list[str]] | None = None
        self._button: tuple[str, str, str] | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self._form = Form(
                method=a.get("method", "get").lower(),
                action=a.get("action", ""),
                enctype=a.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name", "")
        if name and tag in ("input", "textarea", "select"):
            form.controls.add(name)
        if tag == "input":
            kind = a.get("type", "text").lower()
            if "required" in a and name:
                form.required.add(name)
            if kind in ("submit", "image"):
                form.buttons.append((name, a.get("value", "")))
            elif kind == "radio":
                if name and ("checked" in a or name not in form.radios):
                    form.radios[name] = a.get("value", "on") if "checked" in a else None
            elif kind == "checkbox":
                if name and "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind == "date" and name:
                form.fields.append((name, _date_value(a.get("value", ""))))
            elif kind not in ("button", "reset", "file") and name:
                form.fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            if "required" in a:
                form.required.add(name)
            self._textarea = (name, [])
        elif tag == "select" and name:
            if "required" in a:
                form.required.add(name)
            self._select = (name, [], [])
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": []}
        elif tag == "button":
            kind = a.get("type", "submit").lower()
            if kind == "submit":
                form.buttons.append((name, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select is not None:
            value = self._option["value"]
            value = "".join(self._option["text"]).strip() if value is None else value
            self._select[1].append(value)
            if self._option["selected"]:
                self._select[2].append(value)
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, options, selected = self._select
            chosen = selected[:1] or options[:1]
            self._form.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form.fields.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def _parsed(html: str) -> _Parser:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser


def forms(html: str) -> list[Form]:
    return _parsed(html).forms


def links(html: str) -> list[str]:
    return _parsed(html).links


def form_posting_to(html: str, action_ending: str) -> Form:
    """The one form of the page whose action ends with ``action_ending``."""
    found = [f for f in forms(html) if f.action.endswith(action_ending)]
    assert len(found) == 1, f"{len(found)} forms post to …{action_ending}"
    return found[0]


def form_with_field(html: str, name: str) -> Form:
    """The one form of the page that has a control named ``name``: among those that send it by default, or,
    when none does (boxes left unticked), among those that have it."""
    found = [f for f in forms(html) if name in dict(f.fields) or name in f.radios]
    found = found or [f for f in forms(html) if name in f.controls]
    assert len(found) == 1, f"{len(found)} forms have a field {name}"
    return found[0]


def form_data(html: str, index: int | None = None) -> dict[str, list[str]]:
    """What the page's main form (the one with most fields, not the menu's language switch), or its
    ``index``-th form, sends by default, without a button."""
    found = forms(html)
    form = found[index] if index is not None else max(found, key=lambda f: len(f.data()))
    return form.data()


def all_forms(html: str) -> list[dict[str, list[str]]]:
    """What each form of the page sends by default, without a button."""
    return [form.data() for form in forms(html)]


def flat(data: dict[str, list[str]]) -> dict:
    """What the test client posts: single values as strings, repeated ones as lists."""
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}


ADMIN_DEEP = ("/history/", "/delete/", "/password/")  # admin pages a walk need not open: history, deletion


def same_site_path(base: str, href: str, skip: tuple[str, ...]) -> str | None:
    """The path (and query) a link or form action of page ``base`` leads to on this site; None when it leaves
    the site, holds one of ``skip``, or is an admin page's history, deletion or password form."""
    target = urldefrag(urljoin("http://testserver" + base, href))[0]
    parsed = urlparse(target)
    if parsed.netloc != "testserver" or any(s in parsed.path for s in skip):
        return None
    if parsed.path.startswith("/admin/") and any(s in parsed.path for s in ADMIN_DEEP):
        return None
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")
