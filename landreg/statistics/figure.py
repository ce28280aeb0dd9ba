"""A figure of the statistics: its table (the page's accessible table, the CSV and the PDF all print it) and
the chart drawn from the same numbers."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.formats import date_format, number_format
from django.utils.functional import Promise


@dataclass
class Series:
    label: str
    values: list[float]


@dataclass
class Chart:
    kind: str  # "bar" (vertical), "hbar" (horizontal) or "line"
    labels: list[str]
    series: list[Series]
    stacked: bool = False

    def __post_init__(self):
        # Labels often come from choices (lazy translations): text now, in the language of the request.
        self.labels = [str(label) for label in self.labels]
        for series in self.series:
            series.label = str(series.label)

    def as_data(self) -> dict:
        """What static/statistics/charts.js reads (through json_script)."""
        return {
            "kind": self.kind,
            "labels": self.labels,
            "stacked": self.stacked,
            "series": [{"label": s.label, "values": [float(v) for v in s.values]} for s in self.series],
        }


@dataclass
class Figure:
    slug: str
    title: str
    description: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: Chart | None = None

    def __post_init__(self):
        # Labels from choices are lazy: fix them in the language of the request that built the figure.
        self.columns = [str(c) for c in self.columns]
        self.rows = [[str(v) if isinstance(v, Promise) else v for v in row] for row in self.rows]

    def display_rows(self) -> list[list[str]]:
        return [[display(value) for value in row] for row in self.rows]

    def csv_rows(self) -> list[list[str]]:
        return [[csv_value(value) for value in row] for row in self.rows]


TENTH = Decimal("0.1")


def mixed(value: Fraction) -> str:
    """An exact share as people write it: 41 2/3 rather than 125/3."""
    whole, rest = divmod(value.numerator, value.denominator)
    if not rest:
        return number_format(whole, force_grouping=True)
    part = f"{rest}/{value.denominator}"
    return f"{number_format(whole, force_grouping=True)} {part}" if whole else part


def display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, Fraction):
        return mixed(value)
    if isinstance(value, float):
        # Rounded to the nearest tenth, half up, as the CSV's two decimals are: Django's number_format cuts
        # a float's decimals (45.896 % read « 45,8 », so women's 54,1 % and men's 45,8 % made 99,9 %).
        return number_format(Decimal(repr(value)).quantize(TENTH, ROUND_HALF_UP), 1, force_grouping=True)
    if isinstance(value, dt.date):  # the figures' dates are months
        return date_format(value, "YEAR_MONTH_FORMAT")
    return str(value)


def csv_value(value) -> str:
    """Machine-readable: a dot for decimals, an exact share as a/b."""
    if value is None:
        return ""
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value.numerator)
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m")
    return str(value)
