"""What an import says back: a report per file, with an error per rejected feature."""

import dataclasses

from django.utils.translation import gettext as _

from landreg.parcels.exceptions import ParcelError


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
    errors: list[FeatureError] = dataclasses.field(default_factory=list)
    overlaps: list[dict] = dataclasses.field(default_factory=list)
    slivers: list[dict] = dataclasses.field(default_factory=list)
    gaps: list[dict] = dataclasses.field(default_factory=list)
    touching_pairs: int = 0
    dry_run: bool = True
    keep_valid: bool = False  # the valid features are saved even though others are rejected
    parts_split: int = 0  # multipolygons split into parcels on request

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


class ImportFailed(ParcelError):
    """Some features cannot be imported: nothing was saved; ``report`` says which and why."""

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(
            _("%(n)d feature(s) cannot be imported; nothing was saved.") % {"n": len(report.errors)}
        )
