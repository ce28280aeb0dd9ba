"""The vertex labels of a parcel's plan (certificates, dispute papers, registers) stay readable where the
vertices crowd: a sliver's or a winding boundary's labels used to be drawn 2 pt beside each vertex, on top
of each other. Real parcels of the shared French cadastre: the thinnest with many vertices."""

import json
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from landreg.core.formats.pdf import FONT, VERTEX_LABEL_SIZE, draw_plan, plan_of, register_fonts

FRENCH = Path(__file__).parents[2].parent / "shared" / "data" / "etalab-91216-epinay-sur-orge-parcels.geojson"
LAMBERT_93 = 2154
SIZE = 220.0  # the certificate's plan box, in points


class RecordingCanvas(Canvas):
    """A real canvas that also keeps what was written, and where."""

    def __init__(self):
        super().__init__("/dev/null")
        self.strings = []
        self.lines = []

    def line(self, x1, y1, x2, y2):
        self.lines.append((x1, y1, x2, y2))
        return super().line(x1, y1, x2, y2)

    def drawString(self, x, y, text, *args, **kwargs):
        self.strings.append((text, x, y))
        return super().drawString(x, y, text, *args, **kwargs)


@pytest.fixture(scope="module")
def parcels():
    register_fonts()
    features = json.loads(FRENCH.read_text())["features"]
    return {f["properties"]["id"]: GEOSGeometry(json.dumps(f["geometry"]), srid=4326) for f in features}


def label_boxes(geometry):
    plan = plan_of(geometry, LAMBERT_93)
    canvas = RecordingCanvas()
    draw_plan(canvas, plan, 0, 0, SIZE)
    labels = {v[0] for v in plan["vertices"]}
    drawn = [(t, x, y) for t, x, y in canvas.strings if t in labels]
    width = lambda text: stringWidth(text, FONT, VERTEX_LABEL_SIZE)  # noqa: E731
    return plan, [(t, x, y, x + width(t), y + VERTEX_LABEL_SIZE) for t, x, y in drawn]


@pytest.mark.parametrize("number", ["91216000AL0221", "91216000AI0653", "91216000AL0509"])
def test_no_vertex_label_covers_another(parcels, number):
    plan, boxes = label_boxes(parcels[number])
    assert sorted(b[0] for b in boxes) == sorted(v[0] for v in plan["vertices"])  # each drawn once
    overlapping = [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    assert not overlapping, overlapping
    assert all(min(x0, y0) >= 0 and max(x1, y1) <= SIZE for _t, x0, y0, x1, y1 in boxes)


def test_a_roomy_parcel_keeps_its_labels_next_to_their_vertices(parcels):
    plan = plan_of(parcels["91216000AD0373"], LAMBERT_93)
    canvas = RecordingCanvas()
    draw_plan(canvas, plan, 0, 0, SIZE)
    assert len(plan["vertices"]) >= 4
    assert canvas.lines == []  # no label pushed away from its vertex, so no leader line
