"""The interface in French, page by page: the main pages of every demo role, and the administration's lists
and forms, rendered in French, show no English text the catalogues translate, none of the English labels
found untranslated before ("Display name", "Opened by"…), and no "None" where a value is missing."""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

from django.test import Client, TestCase

from landreg.accounts.models import User
from landreg.demo.management.commands.load_demo import DEMO_USERS
from landreg.rights.models import RightType
from tests.browser_forms import links
from tests.demo_story import load_demo_story
from tests.po_catalogues import CATALOGUES, messages

# English labels seen on French pages before they were translated (model fields without verbose_name,
# admin columns named after a method), and Python's None printed for a missing value.
KNOWN_ENGLISH = {
    "Display name",
    "Opened by",
    "Created by",
    "Granted by",
    "Recorded by",
    "Revoked by",
    "Frozen from",
    "Share numerator",
    "Share denominator",
    "Parcel change",
    "User",
    "None",
}
SKIP = ("/static/", "/media/", "/logout", "/i18n/", "/api/", "/jsi18n", "/tiles/", "/basemap/", "/export")
PAGES_PER_ROLE = 30
ADMIN_PAGES = 110  # the administration: every list, an add form and a change form of each
SAME_PATTERN = 2  # pages of one shape (a claim, a parcel…) read per role: breadth rather than depth


def catalogue() -> tuple[dict[str, str], set[str]]:
    """{English message (lower case): its French} for messages whose French differs, and every French text."""
    english, french = {}, set()
    for path in CATALOGUES:
        for msgid, msgstr in messages(path):
            french.add(_key(msgstr))
            if _key(msgid) != _key(msgstr):
                english[_key(msgid)] = msgstr
    return english, french


def _key(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]*[:*]$", "", text.strip()).strip().lower()


class _Text(HTMLParser):
    """Text a reader sees: text nodes and the labels of controls, not scripts, code or typed values."""

    HIDDEN = {"script", "style", "textarea", "code", "pre", "option"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.texts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1
        attrs = dict(attrs)
        for name in ("placeholder", "title", "aria-label"):
            if attrs.get(name):
                self.texts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.texts.append(data.strip())


def visible_texts(html: str) -> list[str]:
    reader = _Text()
    reader.feed(html)
    return reader.texts


class FrenchPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_story()

    def pages_of(self, username: str | None):
        """(url, html) of the pages a role reaches from its home page (and the administration's index)."""
        browser = Client()
        if username:
            browser.force_login(User.objects.get(username=username))
        start = ["/", "/admin/"] if username == "admin" else ["/"]
        seen, queue, shapes = set(), deque(start), Counter()
        limit = ADMIN_PAGES if username == "admin" else PAGES_PER_ROLE
        while queue and len(seen) < limit:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = browser.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            yield url, html
            for href in links(html):
                target = urldefrag(urljoin("http://testserver" + url, href))[0]
                parsed = urlparse(target)
                if parsed.netloc != "testserver" or parsed.query or any(s in parsed.path for s in SKIP):
                    continue
                if any(s in parsed.path for s in ("/delete/", "/history/", "/password/")):
                    continue
                shape = re.sub(r"[0-9a-f-]{36}|\d+|/[A-Z]{2,}[A-Z0-9-]*/", "/N/", parsed.path)
                shapes[shape] += 1
                if shapes[shape] <= SAME_PATTERN:
                    queue.append(parsed.path)

    def test_every_main_page_reads_in_french(self):
        english, french = catalogue()
        known = {_key(k) for k in KNOWN_ENGLISH}
        # Data, not interface: the code list's codes and English labels (shown in its admin list).
        data = {_key(v) for v in RightType.objects.values_list("code", flat=True)}
        data |= {_key(v) for v in RightType.objects.values_list("label_en", flat=True)}
        found, pages = {}, 0
        for username in [None, *(row[0] for row in DEMO_USERS)]:
            for url, html in self.pages_of(username):
                pages += 1
                assert re.search(r'<html lang="fr"', html), url
                for text in visible_texts(html):
                    key = _key(text)
                    if key in data:
                        continue
                    if key in known or (key in english and key not in french) or re.search(r"\bNone\b", text):
                        found.setdefault(text, url)
        assert pages > 200
        assert not found, "\n".join(f"{text!r} on {url}" for text, url in sorted(found.items()))

    def test_the_labels_found_in_english_now_read_in_french(self):
        from landreg.disputes.models import DisputeCase

        self.client.force_login(User.objects.get(username="admin"))
        case = DisputeCase.objects.first()
        pages = {
            "/admin/parties/party/": ("Display name", "Nom"),
            f"/admin/disputes/disputecase/{case.pk}/change/": ("Opened by", "Ouvert par"),
            "/admin/accounts/roleassignment/": ("Granted by", "Attribué par"),
        }
        for url, (english, french) in pages.items():
            texts = visible_texts(self.client.get(url).content.decode())
            assert not any(t.lower().startswith(english.lower()) for t in texts), url
            assert any(t.lower().startswith(french.lower()) for t in texts), (url, french)

    def test_forms_put_a_narrow_no_break_space_before_colons_and_name_no_choice_with_dashes(self):
        """Seen walking the demo: labels ending « village : » with a wide no-break space (Django's French),
        « --------- » as the empty choice of the print run's unit, the import's and the new case's village,
        and the identity document at delivery; « Confirmer : » typed with a plain space on a move's
        confirmation page; « (…; mooré → français) : » in a dispute's sessions."""
        pages = {
            "agent_centre": ["/parcels/import/"],
            "litiges": ["/disputes/new/"],
            "guichet": ["/certificates/"],
        }
        wrong = []
        for username in [None, *(row[0] for row in DEMO_USERS)]:
            for url, html in [*self.pages_of(username), *self.pages_at(username, pages.get(username, []))]:
                if url.startswith("/admin/"):
                    continue  # Django's administration keeps its own widgets
                if ">---------<" in html:
                    wrong.append(f"{username} {url}: ---------")
                if re.search(r"[ \u00a0][:;!?]</label>|[ \u00a0]:\s*</legend>", html):
                    wrong.append(f"{username} {url}: a label's colon after a wide or plain space")
                for text in visible_texts(html):
                    if re.search(r"\w [:;!?](\s|$)|[a-zé)]:\s", text) and not re.search(r"https?:", text):
                        wrong.append(f"{username} {url}: {text!r}")
        assert not wrong, "\n".join(sorted(set(wrong)))
        for username, urls in pages.items():
            for url, html in self.pages_at(username, urls):
                assert "\u202f:</label>" in html, url

    def pages_at(self, username: str | None, urls: list[str]):
        browser = Client()
        if username:
            browser.force_login(User.objects.get(username=username))
        for url in urls:
            response = browser.get(url)
            assert response.status_code == 200, url
            yield url, response.content.decode()
