"""A register as a spreadsheet for Excel as French offices set it up: UTF-8 with a byte order mark (else
Excel reads "Ɓaŋɔ" as "ÆaÅ‹É”"), ``;`` between fields (the list separator of a French Windows, where ``,`` is
the decimal comma), the register's column titles on the first line and one line per entry."""

import csv
import io

from landreg.registers.kinds import Register

# A cell starting with one of these is a formula to a spreadsheet: a subject typed as "=HYPERLINK(...)"
# must stay text (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def register_csv(register: Register) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(register.columns)
    writer.writerows([_cell(text) for text in row] for row in register.rows)
    return buffer.getvalue().encode("utf-8-sig")
