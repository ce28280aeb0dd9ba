"""A register as a spreadsheet (``core.formats.spreadsheet``: UTF-8 with BOM, ``;``): the register's column
titles on the first line and one line per entry; a newline inside an entry stays inside its quoted cell."""

from landreg.core.formats.spreadsheet import csv_for_excel
from landreg.registers.kinds import Register


def register_csv(register: Register) -> bytes:
    return csv_for_excel(register.columns, register.rows)
