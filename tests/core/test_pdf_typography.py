"""French typography in the PDFs laid out with platypus (papers, registers, records, notices): the narrow
no-break space the catalogues put before a colon stays narrow and never lets the colon start a line."""

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from landreg.core.formats.pdf import (
    CELL_PADDING,
    FONT,
    column_widths,
    longest_word_width,
    paragraph,
    register_fonts,
    styles,
)
from landreg.core.geometry import format_ha_a_ca

WORDS = "mot " * 7


@pytest.fixture(autouse=True)
def fonts():
    register_fonts()


def lines_of(text: str, width: float) -> list[str]:
    laid = paragraph(text, "body")
    laid.wrap(width, 1000)
    if laid.blPara.kind == 0:
        return [" ".join(words) for _space, words in laid.blPara.lines]
    return ["".join(frag.text for frag in line.words) for line in laid.blPara.lines]


def test_the_colon_goes_to_the_next_line_with_its_word():
    # Room for the words and "Village", not for the colon: the break must come before "Village".
    width = stringWidth(WORDS + "Village", FONT, 9) + 1
    lines = lines_of(WORDS + "Village\u202f: Koudougou", width)
    assert len(lines) == 2 and not lines[1].startswith(":"), lines
    assert lines[1].startswith("Village\xa0:"), lines


def test_the_space_before_the_colon_is_as_narrow_as_the_certificates():
    text = "Séance\u202f: 3 demandes"
    laid = paragraph(text, "body")
    laid.wrap(500, 1000)
    (line,) = laid.blPara.lines
    drawn = 500 - line.extraSpace
    assert abs(drawn - stringWidth(text, FONT, 9)) < 0.01, drawn
    assert drawn < stringWidth(text.replace("\u202f", " "), FONT, 9) - 0.5


def test_a_table_column_is_wide_enough_for_a_word_and_its_colon():
    cell = styles()["cell"]
    assert longest_word_width("Période\u202f: du", cell) == stringWidth("Période\u202f:", FONT, 8)


def test_an_area_in_a_table_column_keeps_its_spaces_on_one_line():
    # The notice board's « Superficie » column: sized for « 0 ha 36 a 02 ca » as one piece, the area prints
    # on one line with its spaces (a column sized for « ca » squeezed it to « 0ha36a02ca »).
    area = format_ha_a_ca(3602)
    rows = [["Superficie", "Demandeurs"], [area, "Famille Ŋɔn"]]
    narrowest, _claimants = column_widths(rows, total=1)  # no room to spare: each column at its minimum
    assert narrowest >= stringWidth(area, FONT, 8) + CELL_PADDING
    laid = paragraph(area, "cell")
    laid.wrap(narrowest - CELL_PADDING, 1000)
    assert len(laid.blPara.lines) == 1
