"""The certificate as an A4 PDF, drawn with reportlab's canvas from the frozen content (no database access).

Fonts come from ``landreg.core.formats.pdf`` (DejaVu Sans, registered once, subsets cached). The canvas rather
than platypus: a certificate is one dense page laid out to the point, drawn in a few milliseconds, and a batch
prints thousands. ``invariant=1`` makes the bytes depend on the content only: the same certificate always
gives the same file. The first page always ends with the plan, the signatures and the QR code together;
only annexes (group members, long vertex tables) go to later pages.

The certificate's own words (headings, labels) come from the certificates catalogue under the message context
"certificate", drawn in the language of the content (``content["language"]``, French when absent) whatever
the reader's language: a French legal document prints in French from an English session too. Each word is
a literal ``pgettext("certificate", ...)`` call, never a local helper such as ``_ = partial(pgettext, ...)``:
makemessages (xgettext) reads ``_("...")`` as a context-less gettext, so regenerating the catalogue turned
every certificate entry obsolete and the printed certificate lost its French (tests/test_translations.py).
"""

import functools
import io
import threading
import zlib

from django.urls import reverse
from django.utils import translation
from django.utils.translation import npgettext, pgettext, pgettext_lazy
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from landreg.certificates.papers.qr import pdf_operators
from landreg.certificates.verification.verdicts import short_code
from landreg.core.formats.pdf import (
    BOLD,
    FONT,
    date_in_language,
    draw_plan,
    number_in_language,
    register_fonts,
)

PAGE_W, PAGE_H = A4
MARGIN = 36
GREY = Color(0.45, 0.45, 0.45)
LIGHT = Color(0.93, 0.93, 0.93)
RED = Color(0.75, 0.1, 0.1)
DIRECTION_LABELS = {
    "N": pgettext_lazy("certificate", "North"),
    "E": pgettext_lazy("certificate", "East"),
    "S": pgettext_lazy("certificate", "South"),
    "W": pgettext_lazy("certificate", "West"),
}


VERTEX_ROWS_ON_PLAN = 16


class Page:
    """A cursor that flows text down the page and opens a new page when the current one is full."""

    def __init__(self, canvas: Canvas, content: dict, duplicate: int):
        self.c, self.content, self.duplicate = canvas, content, duplicate
        self.page = 0
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        if self.page:
            self.c.showPage()
        self.page += 1
        c = self.c
        if self.duplicate:
            c.saveState()
            c.setFillColor(Color(0.85, 0.85, 0.85))
            c.setFont(BOLD, 72)
            c.translate(PAGE_W / 2, PAGE_H / 2)
            c.rotate(40)
            c.drawCentredString(0, 0, pgettext("certificate", "DUPLICATE"))
            c.restoreState()
        c.setFont(FONT, 7)
        c.setFillColor(GREY)
        number = self.content["number"]
        c.drawString(
            MARGIN,
            20,
            pgettext("certificate", "%(title)s no. %(number)s — issued on %(date)s")
            % {
                "title": self.content["title"],
                "number": number,
                "date": date_in_language(self.content["issue_date"]),
            },
        )
        c.drawRightString(
            PAGE_W - MARGIN, 20, pgettext("certificate", "page %(number)s") % {"number": self.page}
        )
        c.setFillColor(black)
        self.y = PAGE_H - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < 32:
            self.new_page()

    def heading(self, text: str) -> None:
        self.need(30)
        self.y -= 6
        self.c.setFillColor(LIGHT)
        self.c.rect(MARGIN, self.y - 12, PAGE_W - 2 * MARGIN, 14, stroke=0, fill=1)
        self.c.setFillColor(black)
        self.c.setFont(BOLD, 9)
        self.c.drawString(MARGIN + 4, self.y - 9, text)
        self.y -= 18

    def pairs(self, items: list[tuple[str, str]], size: float = 8, indent: float = 0) -> None:
        """Short label-value pairs side by side in columns; one per line when a value would not fit."""
        column = (PAGE_W - 2 * MARGIN - indent) / len(items)
        widths = [
            pdfmetrics.stringWidth(label, BOLD, size) + 4 + pdfmetrics.stringWidth(value or "—", FONT, size)
            for label, value in items
        ]
        if max(widths) > column - 8:
            for label, value in items:
                self.line(label, value, size=size, indent=indent)
            return
        self.need(size + 2.5)
        for index, (label, value) in enumerate(items):
            x = MARGIN + 4 + indent + index * column
            self.c.setFont(BOLD, size)
            self.c.drawString(x, self.y - size, label)
            self.c.setFont(FONT, size)
            self.c.drawString(x + pdfmetrics.stringWidth(label, BOLD, size) + 4, self.y - size, value or "—")
        self.y -= size + 2.5

    def line(self, label: str, value: str | None, size: float = 8, indent: float = 0) -> None:
        x = MARGIN + 4 + indent
        label_w = pdfmetrics.stringWidth(label, BOLD, size) + 4 if label else 0
        width = PAGE_W - MARGIN - x - label_w
        parts = [""] if value is None else (simpleSplit(value or "—", FONT, size, width) or ["—"])
        self.need(len(parts) * (size + 2.5))
        if label:
            self.c.setFont(BOLD, size)
            self.c.drawString(x, self.y - size, label)
        self.c.setFont(FONT, size)
        for part in parts:
            self.c.drawString(x + label_w, self.y - size, part)
            self.y -= size + 2.5


def _born_on(sex: str | None) -> str:
    """« Née le : » for a woman, « Né le : » for a man; « Né(e) le : » only when the sex is not known."""
    if sex == "F":
        return pgettext("certificate, woman", "Born on:")
    if sex == "M":
        return pgettext("certificate, man", "Born on:")
    return pgettext("certificate", "Born on:")


def _represented_by(sex: str | None) -> str:
    """« Mineure, représentée par : » for a girl, « Mineur, représenté par : » for a boy."""
    if sex == "F":
        return pgettext("certificate, woman", "Minor, represented by:")
    return pgettext("certificate, man", "Minor, represented by:")


def _minor_line(page: Page, person: dict, indent: float) -> None:
    """A holder who was a minor on the day of issue, and the legal representative who acts for them."""
    minor = person.get("minor")
    if not minor:
        return
    if minor["representative"]:
        who = pgettext("certificate", "%(name)s (%(basis)s)") % {
            "name": minor["representative"],
            "basis": minor["basis"],
        }
        if minor.get("reference"):
            who = f"{who}, {minor['reference']}"
    else:
        who = pgettext("certificate", "no legal representative recorded")
    page.line(_represented_by(person.get("sex_code")), who, indent=indent)


def _person_lines(page: Page, person: dict, indent: float = 0) -> None:
    _minor_line(page, person, indent)
    born = date_in_language(person["birth_date"])
    if person["birth_date"] and person.get("birth_date_approximate"):
        born = pgettext("certificate", "about %(date)s") % {"date": born}
    identity = " ".join(filter(None, [person["id_type"], person["id_number"]])) or "—"
    page.pairs(
        [
            (pgettext("certificate", "Sex:"), person["sex"]),
            (
                _born_on(person.get("sex_code")),
                pgettext("certificate", "%(date)s in %(place)s")
                % {"date": born, "place": person["birth_place"] or "—"},
            ),
        ],
        indent=indent,
    )
    page.pairs(
        [
            (pgettext("certificate", "Identity document:"), identity),
            (pgettext("certificate", "Occupation:"), person["profession"]),
        ],
        indent=indent,
    )
    page.line(pgettext("certificate", "Domicile:"), person["domicile"], indent=indent)


def _holders(page: Page, content: dict) -> bool:
    """Draws the holders; True when a member list must follow in annex."""
    page.heading(
        npgettext("certificate", "HOLDER OF THE RIGHT", "HOLDERS OF THE RIGHT", len(content["holders"]))
    )
    annex = False
    for index, holder in enumerate(content["holders"], start=1):
        page.need(60)
        page.c.setFont(BOLD, 9)
        page.c.drawString(MARGIN + 4, page.y - 9, f"{index}. {holder['name']}")
        page.c.drawRightString(
            PAGE_W - MARGIN - 4,
            page.y - 9,
            pgettext("certificate", "Share: %(share)s") % {"share": holder["share"]},
        )
        page.y -= 13
        group = holder.get("group")
        if group:
            annex = True
            page.line(pgettext("certificate", "Collective holding:"), group["type"], indent=10)
            page.line(pgettext("certificate", "Mandatary:"), group["mandatary"], indent=10)
            mandate = group["mandate_reference"]
            if group["mandate_date"]:
                mandate = pgettext("certificate", "%(reference)s of %(date)s") % {
                    "reference": mandate,
                    "date": date_in_language(group["mandate_date"]),
                }
            page.line(pgettext("certificate", "Mandate:"), mandate, indent=10)
            members = pgettext("certificate", "%(count)s — list in annex") % {"count": len(group["members"])}
            page.line(pgettext("certificate", "Members:"), members, indent=10)
        elif holder["kind"] == "natural":
            _person_lines(page, holder, indent=10)
        else:
            page.line(pgettext("certificate", "Registration:"), holder["registration_number"], indent=10)
        page.y -= 3
    return annex


def _parcel(page: Page, content: dict) -> None:
    parcel = content["parcel"]
    page.heading(pgettext("certificate", "PARCEL"))
    ha, a, ca = parcel["area_ha_a_ca"]
    page.line(pgettext("certificate", "Parcel number:"), parcel["number"])
    page.line(pgettext("certificate", "Village:"), content["village"])
    page.line(pgettext("certificate", "Commune:"), content["commune"])
    page.line(pgettext("certificate", "Place name:"), parcel["local_name"])
    srid = content["plan"]["srid"]
    area = pgettext("certificate", "%(ha)s ha %(a)s a %(ca)s ca (%(m2)s m², computed in EPSG:%(srid)s)") % {
        "ha": ha,
        "a": f"{a:02d}",
        "ca": f"{ca:02d}",
        "m2": number_in_language(parcel["area_m2"]),
        "srid": srid,
    }
    page.line(pgettext("certificate", "Area:"), area)
    page.line(pgettext("certificate", "Land use:"), parcel["land_use"])
    method = parcel["survey_method"]
    if parcel["accuracy_m"]:
        method = pgettext("certificate", "%(method)s, accuracy %(metres)s m") % {
            "method": method,
            "metres": parcel["accuracy_m"].replace(".", ","),
        }
    page.line(pgettext("certificate", "Survey:"), method)
    page.line(pgettext("certificate", "Boundaries and neighbours:"), None)
    for direction in ("N", "E", "S", "W"):
        names = content["neighbours"].get(direction) or []
        label = pgettext("certificate", "%(label)s:") % {"label": DIRECTION_LABELS[direction]}
        page.line(label, "; ".join(names) or "—", indent=10)


def _procedure_and_secondary(page: Page, content: dict) -> None:
    proc = content["procedure"]
    page.heading(pgettext("certificate", "PROCEDURE"))
    app = proc.get("application_reference") or "—"
    applied = date_in_language(proc.get("application_date", ""))
    page.line(
        pgettext("certificate", "Application:"),
        pgettext("certificate", "no. %(number)s of %(date)s") % {"number": app, "date": applied},
    )
    notice = {
        "start": date_in_language(proc.get("notice_start", "")),
        "end": date_in_language(proc.get("notice_end", "")),
    }
    page.line(
        pgettext("certificate", "Public notice:"),
        pgettext("certificate", "from %(start)s to %(end)s") % notice,
    )
    site = proc.get("site_record_reference") or "—"
    record = {"number": site, "date": date_in_language(proc.get("site_record_date", ""))}
    page.line(
        pgettext("certificate", "Site verification:"),
        pgettext("certificate", "record no. %(number)s of %(date)s") % record,
    )
    decisions = {
        "committee": date_in_language(proc.get("committee_date", "")),
        "approval": date_in_language(proc.get("approval_date", "")),
    }
    page.line(
        pgettext("certificate", "Decisions:"),
        pgettext("certificate", "committee on %(committee)s, approval on %(approval)s") % decisions,
    )
    page.heading(pgettext("certificate", "SECONDARY RIGHTS AND RESTRICTIONS"))
    if not content["secondary"]:
        page.line("", pgettext("certificate", "None"))
    for other in content["secondary"]:
        label = pgettext("certificate", "%(label)s:") % {"label": other["type"]}
        if other.get("mortgage_registered"):
            page.line(label, _mortgage_said(other))
            continue
        period = ""
        if other["start"] and other["end"]:
            period = pgettext("certificate", "from %(start)s to %(end)s") % {
                "start": date_in_language(other["start"]),
                "end": date_in_language(other["end"]),
            }
        elif other["start"]:  # no term: « depuis le … » (it printed « du … au » and nothing)
            period = pgettext("certificate", "since %(start)s") % {"start": date_in_language(other["start"])}
        page.line(label, " — ".join(filter(None, [other["holders"], period, other["legal_basis"]])))


def _mortgage_said(other: dict) -> str:
    """« Parcelle grevée d’une hypothèque au profit de …, inscrite le …, pour 2 500 000 FCFA, jusqu’au
    remboursement — Acte … » (or « jusqu’au 02/01/2033 »)."""
    said = pgettext(
        "certificate",
        "parcel mortgaged to %(creditor)s, registered on %(date)s, securing %(amount)s, %(until)s",
    ) % {
        "creditor": other["holders"],
        "date": date_in_language(other["mortgage_registered"]),
        "amount": other["mortgage_amount"],
        "until": (
            pgettext("certificate", "until %(date)s") % {"date": date_in_language(other["end"])}
            if other["end"]
            else pgettext("certificate", "until repayment")
        ),
    }
    return " — ".join(filter(None, [said, other["legal_basis"]]))


def vertex_table(c: Canvas, rows: list, x: float, top: float, crs: str, srid: int) -> float:
    """A small table of vertex coordinates; returns its height. Shared with the benchmark's bare page."""
    c.setFont(BOLD, 7)
    c.drawString(x, top - 7, pgettext("certificate", "Vertex coordinates — EPSG:%(srid)s") % {"srid": srid})
    c.setFont(FONT, 6.5)
    c.drawString(x, top - 15, crs)
    y = top - 26
    col = (x, x + 40, x + 120)
    c.setFont(BOLD, 7)
    c.drawString(col[0], y, pgettext("certificate", "Vertex"))
    c.drawRightString(x + 105, y, "X (m)")
    c.drawRightString(x + 190, y, "Y (m)")
    c.setLineWidth(0.4)
    c.line(x, y - 2, x + 190, y - 2)
    c.setFont(FONT, 7)
    for label, vx, vy in rows:
        y -= 9
        c.drawString(col[0], y, label)
        c.drawRightString(x + 105, y, number_in_language(vx, 2))
        c.drawRightString(x + 190, y, number_in_language(vy, 2))
    return top - y + 4


def draw_qr(c: Canvas, matrix: str, x: float, y: float, size: float) -> None:
    rows = matrix.count("\n") + 1
    quiet = 4
    module = size / (rows + 2 * quiet)
    c.setFillColor(white)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColor(black)
    c.saveState()
    # Module grid: origin at the top-left module, one unit per module, y pointing down.
    c.transform(module, 0, 0, -module, x + quiet * module, y + size - quiet * module)
    c.addLiteral(pdf_operators(matrix))
    c.restoreState()


PLAN_SIZE, PLAN_MIN_SIZE = 180, 130
HEADING_H, SIGNATURES_H = 24, 140


def _plan_size(page: Page) -> int:
    """The plan shrinks (down to PLAN_MIN_SIZE) so that it, the signatures and the QR code end the page
    together; if even the smallest plan does not fit, all three move to the next page together."""
    room = page.y - 32 - HEADING_H - 6 - SIGNATURES_H
    if room >= PLAN_SIZE:
        return PLAN_SIZE
    if room < PLAN_MIN_SIZE:
        page.new_page()
        return PLAN_SIZE
    return int(room)


def _plan_block(page: Page, content: dict) -> list:
    size = _plan_size(page)
    page.heading(pgettext("certificate", "PLAN OF THE PARCEL"))
    plan = content["plan"]
    draw_plan(page.c, plan, MARGIN, page.y - size, size)
    # As many vertex rows as fit beside the plan (9 pt each under a 30 pt header); the rest in annex.
    on_plan = min(VERTEX_ROWS_ON_PLAN, int((size - 30) // 9))
    rows = plan["vertices"][:on_plan]
    vertex_table(page.c, rows, MARGIN + size + 20, page.y, plan["crs_name"], plan["srid"])
    if len(plan["vertices"]) > on_plan:
        page.c.setFont(FONT, 6.5)
        page.c.drawString(
            MARGIN + size + 20,
            page.y - size + 2,
            pgettext("certificate", "The vertex table goes on in the annex."),
        )
    page.y -= size + 6
    return plan["vertices"][on_plan:]


def _signatures(page: Page, content: dict, qr_matrix: str, verify_url: str) -> None:
    qr_size = 96
    page.need(SIGNATURES_H)  # qr_size + 44: the QR code and the five lines under it
    c = page.c
    c.setFont(FONT, 8)
    done = {"place": content["commune"], "date": date_in_language(content["issue_date"])}
    c.drawString(MARGIN + 4, page.y - 9, pgettext("certificate", "Done at %(place)s, on %(date)s") % done)
    top = page.y - 14
    box_w, box_h = 128, 88
    for i, label in enumerate(
        (
            npgettext("certificate", "The holder", "The holders", len(content["holders"])),
            content["authority_title"],
            pgettext("certificate", "Seal"),
        )
    ):
        bx = MARGIN + i * (box_w + 6)
        c.setLineWidth(0.5)
        c.rect(bx, top - box_h, box_w, box_h, stroke=1, fill=0)
        c.setFont(BOLD, 7.5)
        c.drawString(bx + 4, top - 10, label)
    qx = PAGE_W - MARGIN - qr_size
    draw_qr(c, qr_matrix, qx, top - qr_size + 8, qr_size)
    base, token = verify_url.split("/verify/", 1)
    # Under the QR code, what someone without a QR reader types on the verification page, then the keys.
    lines = (
        (FONT, 5.5, pgettext("certificate", "Without a QR reader, the number and this code at")),
        (FONT, 5.5, base + reverse("web:public-verify")),
        (BOLD, 7.5, short_code(token)),
        (FONT, 5.5, pgettext("certificate", "Verifiable offline with the public keys:")),
        (FONT, 5.5, base + "/.well-known/jwks.json"),
    )
    y = top - qr_size + 10
    for font, size, line in lines:
        y -= size + 1.5  # each line's baseline below the one above by its own height
        c.setFont(font, size)
        c.drawCentredString(qx + qr_size / 2, y, line)
    page.y = y - 2


def _annex(page: Page, content: dict, remaining_vertices: list) -> None:
    for holder in content["holders"]:
        group = holder.get("group")
        if not group:
            continue
        page.new_page()
        page.heading(pgettext("certificate", "ANNEX — MEMBERS OF: %(name)s") % {"name": holder["name"]})
        page.line(pgettext("certificate", "Mandatary:"), group["mandatary"])
        page.line(pgettext("certificate", "Mandate:"), group["mandate_reference"])
        for index, member in enumerate(group["members"], start=1):
            page.need(70)
            role = " " + pgettext("certificate", "(mandatary)") if member["is_mandatary"] else ""
            page.c.setFont(BOLD, 8.5)
            page.c.drawString(MARGIN + 4, page.y - 9, f"{index}. {member['name']}{role}")
            share = pgettext("certificate", "Share: %(share)s") % {"share": member["share"]}
            page.c.drawRightString(PAGE_W - MARGIN - 4, page.y - 9, share)
            page.y -= 12
            _person_lines(page, member, indent=10)
            page.y -= 3
    if remaining_vertices:
        page.new_page()
        page.heading(pgettext("certificate", "ANNEX — VERTEX COORDINATES (CONTINUED)"))
        plan = content["plan"]
        while remaining_vertices:
            chunk, remaining_vertices = remaining_vertices[:80], remaining_vertices[80:]
            page.need(9 * len(chunk) + 40)
            page.y -= vertex_table(page.c, chunk, MARGIN + 4, page.y, plan["crs_name"], plan["srid"])


class _FastFlate(pdfdoc.PDFStreamFilterZCompress):
    """Flate at level 1: the embedded font subsets are most of each file, and compressing them at the
    default level took about half the rendering time; files grow by about 7 %. A font subset seen again
    (see _cache_subsets) is not compressed again."""

    def encode(self, text):
        data = text.encode("utf8") if isinstance(text, str) else bytes(text)
        if len(data) < 8192:  # page content: different for each certificate
            return zlib.compress(data, 1)
        return _compressed_subset(data)


@functools.lru_cache(maxsize=32)
def _compressed_subset(data: bytes) -> bytes:
    return zlib.compress(data, 1)


_FAST_FLATE = _FastFlate()
_SAVE_LOCK = threading.Lock()


def save_canvas(c: Canvas) -> None:
    """Save with the fast Flate filter. reportlab looks its filter up as a module global when the font
    subsets are written, so it is swapped only for the duration of this save, under a lock."""
    with _SAVE_LOCK:
        previous, pdfdoc.PDFZCompress = pdfdoc.PDFZCompress, _FAST_FLATE
        try:
            c.save()
        finally:
            pdfdoc.PDFZCompress = previous


def new_canvas(output) -> Canvas:
    """An A4 canvas whose bytes depend on its content only, with DejaVu Sans as its only font."""
    register_fonts()
    return Canvas(
        output, pagesize=A4, invariant=1, pageCompression=1, initialFontName=FONT, initialFontSize=8
    )


def render_certificate(content: dict, *, qr_matrix: str, verify_url: str, duplicate: int = 0) -> bytes:
    """The PDF bytes. ``duplicate`` is 0 for the original, n for the n-th reprint (marked DUPLICATA)."""
    buffer = io.BytesIO()
    render_into(new_canvas(buffer), content, qr_matrix, verify_url, duplicate)
    return buffer.getvalue()


def render_into(c: Canvas, content: dict, qr_matrix: str, verify_url: str, duplicate: int = 0) -> None:
    """Draws one certificate and saves the canvas."""
    draw_pages(c, content, qr_matrix, verify_url, duplicate)
    save_canvas(c)


def draw_pages(c: Canvas, content: dict, qr_matrix: str, verify_url: str, duplicate: int = 0) -> None:
    """Draws one certificate's pages on the canvas (the batch PDF draws many on one canvas), in the language
    the certificate was issued in (French unless the content says otherwise), whatever the reader's."""
    with translation.override(content.get("language") or "fr"):
        _draw_pages(c, content, qr_matrix, verify_url, duplicate)


def _draw_pages(c: Canvas, content: dict, qr_matrix: str, verify_url: str, duplicate: int) -> None:
    register_fonts()
    c.setTitle(f"{content['title']} n° {content['number']}")
    c.setAuthor(content["commune"])
    c.setCreator("Landreg")
    page = Page(c, content, duplicate)
    c.setFont(FONT, 8)
    c.drawCentredString(
        PAGE_W / 2,
        page.y - 8,
        " — ".join(
            filter(
                None,
                [
                    content["country"],
                    pgettext("certificate", "Commune of %(name)s") % {"name": content["commune"]},
                ],
            )
        ),
    )
    c.setFont(BOLD, 15)
    c.drawCentredString(PAGE_W / 2, page.y - 28, content["title"].upper())
    c.setFont(BOLD, 11)
    c.drawCentredString(
        PAGE_W / 2, page.y - 44, pgettext("certificate", "No. %(number)s") % {"number": content["number"]}
    )
    if duplicate:
        # Beside the number, taking no height: a reprint must lay out exactly like the original.
        c.setFillColor(RED)
        c.setFont(BOLD, 10)
        c.drawRightString(
            PAGE_W - MARGIN,
            page.y - 44,
            pgettext("certificate", "DUPLICATE no. %(number)s") % {"number": duplicate},
        )
        c.setFillColor(black)
    page.y -= 52
    replaces = content.get("replaces")
    if replaces:
        # Issued again after a loss: the new paper names the one it replaces, which no longer verifies.
        page.line(
            pgettext("certificate", "Replaces certificate no. %(number)s declared lost on %(date)s")
            % {"number": replaces["number"], "date": date_in_language(replaces["lost_on"])},
            None,
        )
    page.line(pgettext("certificate", "Legal basis:"), content["legal_basis"])
    page.line(
        pgettext("certificate", "Certified right:"), f"{content['right_type']} ({content['tenure_system']})"
    )
    annex = _holders(page, content)
    _parcel(page, content)
    _procedure_and_secondary(page, content)
    remaining = _plan_block(page, content)
    _signatures(page, content, qr_matrix, verify_url)
    if annex or remaining:
        _annex(page, content, remaining)
    c.showPage()
