"""What an import says back: a report per file, with an error per rejected feature.

The report lists at most ``DETAILED`` rejected features, and as many overlaps, slivers and gaps; the counts
(``error_count``...) say how many there were in all. A file of a million features all in the wrong CRS
would otherwise keep a million errors in memory, then in the job's stored report and on its page.
"""

import dataclasses

from django.utils.translation import ngettext

from landreg.parcels.exceptions import ParcelError

DETAILED = 1000  # entries of each list kept in the report; the counts go on


@dataclasses.dataclass
class FeatureError:
    feature_id: str
    codes: list[str]
    message: str


@dataclasses.dataclass
class ImportReport:
    file: str
    layer: str
    crs: str
    total: int = 0
    to_import: int = 0
    imported: int = 0
    already_present: int = 0
    repaired: int = 0
    errors: list[FeatureError] = dataclasses.field(default_factory=list)  # the first DETAILED
    error_count: int = 0  # every rejected feature
    overlaps: list[dict] = dataclasses.field(default_factory=list)
    slivers: list[dict] = dataclasses.field(default_factory=list)
    gaps: list[dict] = dataclasses.field(default_factory=list)
    overlap_count: int = 0
    sliver_count: int = 0
    gap_count: int = 0
    touching_pairs: int = 0
    dry_run: bool = True
    keep_valid: bool = False  # the valid features are saved even though others are rejected
    parts_split: int = 0  # multipolygons split into parcels on request

    def reject(self, error: FeatureError) -> None:
        """A feature is not imported: counted, and listed while the list is under DETAILED."""
        self.error_count += 1
        if len(self.errors) < DETAILED:
            self.errors.append(error)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


class ImportFailed(ParcelError):
    """Some features cannot be imported: nothing was saved; ``report`` says which and why."""

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(
            ngettext(
                "%(n)d feature cannot be imported; nothing was saved.",
                "%(n)d features cannot be imported; nothing was saved.",
                report.error_count,
            )
            % {"n": report.error_count}
        )
