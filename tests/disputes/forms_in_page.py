"""Read the forms a page renders, so page tests post exactly what the page offers (CSRF token, hidden
fields, the button's name and value) and nothing the page does not have."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self._current, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._current = {"action": a.get("action", ""), "fields": {}, "names": set(), "buttons": []}
            self.forms.append(self._current)
        elif self._current is None:
            return
        elif tag == "input":
            name = a.get("name")
            if not name:
                return
            self._current["names"].add(name)
            kind = a.get("type", "text")
            if kind == "checkbox":
                if "checked" in a:
                    self._current["fields"][name] = a.get("value", "on")
            elif kind != "file":
                self._current["fields"][name] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._current["names"].add(self._textarea)
            self._current["fields"][self._textarea] = ""
        elif tag == "select":
            self._select = a.get("name")
            self._current["names"].add(self._select)
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or self._select not in self._current["fields"])
        ):
            self._current["fields"][self._select] = a.get("value", "")
        elif tag == "button" and a.get("name"):
            self._current["buttons"].append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._current is not None and self._textarea:
            self._current["fields"][self._textarea] += data


def form_data(html: str, action: str, **values) -> dict:
    """The fields of the form posting to ``action`` with the given values; refuses names it does not have."""
    parser = _Forms()
    parser.feed(html)
    form = next((f for f in parser.forms if f["action"] == action), None)
    assert form is not None, f"no form posts to {action}"
    unknown = set(values) - form["names"]
    assert not unknown, f"the page's form has no field {unknown}"
    data = {**form["fields"], **values}
    name, value = form["buttons"][0]
    data[name] = value
    return {k: v for k, v in data.items() if v is not None}
