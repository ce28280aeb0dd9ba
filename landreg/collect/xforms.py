"""The parcel survey as ODK Collect reads it: an XForm built with pyxform from the XLSForm kept here.

`xlsforms/parcel_survey.md` is an XLSForm in pyxform's markdown layout (the same sheets and columns as the
.xlsx a land office edits, but diffable). One form per village: the village code is written into the form
(its id, title and a `calculate`), with its commune's age of majority, so a submission says which village it
was made for and ODK Collect keeps each village's form apart. Built once per village and version, then cached
in memory.
"""

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pyxform.xls2xform import convert

from landreg.parties.minority import DEFAULT_MAJORITY_AGE

XLSFORM = Path(__file__).resolve().parent / "xlsforms" / "parcel_survey.md"
PLACEHOLDER = "__VILLAGE__"
# The commune's age of majority (its procedure profile's): the form asks a younger claimant's legal
# representative (adjudication.changes.minors), as the claim page does.
MAJORITY_PLACEHOLDER = "__MAJORITY__"
FORM_ID_PREFIX = "landreg_parcel_"


def _settings_version(markdown: str) -> str:
    """The XLSForm's version: the settings sheet's column « version », in its row under the header."""
    lines = markdown.splitlines()
    start = lines.index("| settings |")
    header, row = ([cell.strip() for cell in line.split("|")] for line in lines[start + 1 : start + 3])
    return row[header.index("version")]


# The survey's version, which the built form carries and ODK Collect compares: what a record of the current
# form says it was filled in with.
FORM_VERSION = _settings_version(XLSFORM.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class BuiltForm:
    form_id: str
    version: str
    title: str
    xml: str

    @property
    def md5(self) -> str:
        """The hash ODK Collect compares to decide whether to download the form again."""
        return hashlib.md5(self.xml.encode(), usedforsecurity=False).hexdigest()


def form_id_for(village_code: str) -> str:
    return f"{FORM_ID_PREFIX}{village_code}"


def village_code_of(form_id: str) -> str | None:
    return form_id.removeprefix(FORM_ID_PREFIX) if form_id.startswith(FORM_ID_PREFIX) else None


@functools.lru_cache(maxsize=256)
def parcel_survey(
    village_code: str, village_name: str, majority_age: int = DEFAULT_MAJORITY_AGE
) -> BuiltForm:
    # Codes are letters, digits and dashes (territory codes); anything else would break the form's XPath.
    if not village_code.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"Village code {village_code!r} cannot name a form")
    source = XLSFORM.read_text(encoding="utf-8").replace(PLACEHOLDER, village_code)
    source = source.replace(MAJORITY_PLACEHOLDER, str(int(majority_age)))
    source = source.replace(f"Levé de parcelle {village_code}", f"Levé de parcelle — {village_name}")
    result = convert(xlsform=source, file_type=".md", validate=False, pretty_print=False)
    xml = result.xform
    return BuiltForm(form_id=form_id_for(village_code), version=FORM_VERSION, title=village_name, xml=xml)
