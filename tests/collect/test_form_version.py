"""The parcel survey's version is read from the XLSForm once (collect.xforms.FORM_VERSION): the form ODK
Collect gets carries it, and the field-capture benchmark sends records of that form. The benchmark sent
2026120401 after the form moved to 2026120601 (the papers said by the agent), so it measured a form no
device had any more."""

import importlib.util
import re
from pathlib import Path

from django.contrib.gis.geos import Polygon

from landreg.collect.instance import parse_instance
from landreg.collect.xforms import FORM_VERSION, parcel_survey

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_collect.py"


def test_the_form_odk_collect_gets_carries_the_current_version():
    xml = parcel_survey("TC-A", "Village A").xml
    assert re.search(r'<data [^>]*version="([^"]+)"', xml).group(1) == FORM_VERSION
    assert FORM_VERSION >= "2026120601"


def test_the_field_capture_benchmark_sends_records_of_the_current_form():
    spec = importlib.util.spec_from_file_location("bench_collect", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    square = Polygon(((2.0, 12.0), (2.001, 12.0), (2.001, 12.001), (2.0, 12.001), (2.0, 12.0)), srid=4326)
    assert parse_instance(bench.survey(square, 7)).version == FORM_VERSION
