"""CSV for Excel as French offices set it up: UTF-8 with a byte order mark (else Excel reads "Ɓaŋɔ" as
"ÆaÅ‹É”"), ``;`` between fields (the list separator of a French Windows, where ``,`` is the decimal comma),
column titles on the first line."""

import csv
import io
from collections.abc import Iterable

# A cell starting with one of these is a formula to a spreadsheet: a subject typed as "=HYPERLINK(...)"
# must stay text (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_for_excel(header: list[str], rows: Iterable[Iterable]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
