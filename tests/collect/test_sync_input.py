"""The sync's plain-case reading of a record (collect.api.plain_record_values) gives exactly the values
SyncRecordSerializer gives, and leaves every other case to the serializer."""

import copy
import uuid

from django.test import SimpleTestCase

from landreg.collect.api import SyncRecordSerializer, plain_record_values

RING = [[-1.5, 12.25], [-1.5, 12.5], [-1.25, 12.5], [-1.25, 12.25], [-1.5, 12.25]]
HOLE = [[-1.4, 12.3], [-1.3, 12.3], [-1.3, 12.4], [-1.4, 12.3]]


def record(**claim):
    return {
        "client_id": str(uuid.uuid4()),
        "claim": {
            "village": "TC-A",
            "geometry": {"type": "Polygon", "coordinates": [RING]},
            "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1"}],
            **claim,
        },
    }


def plain_records():
    group = [
        {"kind": "group", "name": " Famille Sawadogo ", "group_type": "family"},
        {"role": "mandatary", "last_name": "Sawadogo", "sex": "M", "share": "1/2"},
        {"role": "member", "last_name": "Sawadogo", "first_names": "Awa", "sex": "F", "share": "1/2"},
    ]
    full = {
        "last_name": "  Ouédraogo ",
        "first_names": "Ɓintou",
        "sex": "F",
        "share": "2/3",
        "birth_place": "Koudougou",
        "id_document_type": "national_id",
        "id_document_number": "B12345",
        "profession": "cultivatrice",
        "domicile": "",
        "name": "",
        "group_type": "",
        "role": "holder",
        "kind": "natural",
    }
    return [
        record(),
        {**record(), "base_version": "  abc  "},
        {**record(), "base_version": "", "ignored": 1},
        record(geometry={"type": "Polygon", "coordinates": [[[0, 12], [0, 13], [1, 13], [0, 12]]]}),
        record(geometry={"type": "Polygon", "coordinates": [RING, HOLE]}),
        record(
            right_type="usufruct",
            tenure_system="formal",
            land_use=" housing ",
            local_name=" Champ du marigot ",
            limits={"north": "Route", "east": " ", "south": "Marigot"},
            secondary_rights=[],
        ),
        record(claimants=group),
        record(survey_method="imagery"),
        record(survey_method="gps", land_use="pasture"),
        record(claimants=[full, {**full, "share": "1/3", "first_names": "Awa"}]),
        record(claimants=[{"party": None, "last_name": "X", "sex": "M"}]),
    ]


def slow_records():
    """Each for the serializer: it accepts some, refuses others; the plain reading takes none."""
    base = record()
    cases = []

    def change(path, value, *, drop=False):
        r = copy.deepcopy(base)
        target = r
        for key in path[:-1]:
            target = target[key]
        if drop:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        cases.append(r)

    change(("client_id",), "not a uuid")
    change(("client_id",), 12)
    change(("base_version",), None)
    change(("base_version",), "x" * 65)
    change(("claim", "village"), "")
    change(("claim", "village"), 7)
    change(("claim", "village"), None, drop=True)
    change(("claim", "geometry"), {"type": "Point", "coordinates": [1, 2]})
    change(
        ("claim", "geometry"),
        {"type": "Polygon", "coordinates": [[[1, 2, 3], [1, 3, 3], [2, 3, 3], [1, 2, 3]]]},
    )
    change(("claim", "geometry"), {"type": "Polygon", "coordinates": [[[1, 2], [1, 3], [2, 3], [2, 2]]]})
    change(("claim", "geometry"), {"type": "Polygon", "coordinates": [[[1, 2], [1, 3], [1, 2]]]})
    change(
        ("claim", "geometry"),
        {"type": "Polygon", "coordinates": [[[10**400, 2], [1, 3], [2, 3], [10**400, 2]]]},
    )
    change(
        ("claim", "geometry"), {"type": "Polygon", "coordinates": [[[True, 2], [1, 3], [2, 3], [True, 2]]]}
    )
    change(("claim", "geometry"), {"type": "Polygon", "coordinates": [RING], "crs": None})
    change(("claim", "geometry"), "POLYGON ((1 2, 1 3, 2 3, 1 2))")
    change(("claim", "tenure_system"), "other")
    change(("claim", "survey_method"), "laser")
    change(("claim", "survey_method"), None)
    change(("claim", "survey_method"), "")
    change(("claim", "survey_method"), " gps ")
    change(("claim", "land_use"), "x" * 33)
    change(("claim", "land_use"), "")
    change(("claim", "local_name"), "a\x00b")
    change(("claim", "local_name"), "x" * 201)
    change(("claim", "limits"), {"up": "x"})
    change(("claim", "limits"), ["north"])
    change(("claim", "secondary_rights"), [{"right_type": "grazing", "last_name": "A", "sex": "M"}])
    change(("claim", "secondary_rights"), "")
    change(("claim", "claimants"), [])
    change(("claim", "claimants", 0, "sex"), "X")
    change(("claim", "claimants", 0, "sex"), None)
    change(("claim", "claimants", 0, "last_name"), " ")
    change(("claim", "claimants", 0, "share"), "")
    change(("claim", "claimants", 0, "birth_date"), "1980-01-01")
    change(("claim", "claimants", 0, "party"), str(uuid.uuid4()))
    change(("claim", "claimants", 0, "id_document_number"), "B1")
    change(("claim", "claimants", 0, "kind"), "group")
    change(("claim", "claimants", 0, "role"), "")
    change(("claim", "claimants", 0, "last_name"), "\ud800")
    return cases


def same(a, b, path="") -> None:
    if hasattr(a, "wkb"):
        assert a.srid == b.srid and bytes(a.wkb) == bytes(b.wkb), path
        return
    assert type(a) is type(b) or (isinstance(a, str) and isinstance(b, str)), (path, a, b)
    if isinstance(a, dict):
        assert a.keys() == b.keys(), (path, a.keys() ^ b.keys())
        for key in a:
            same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{k}]")
    else:
        assert a == b, (path, a, b)


class PlainReadingTests(SimpleTestCase):
    def test_plain_records_read_as_the_serializer_reads_them(self):
        for raw in plain_records():
            plain = plain_record_values(raw)
            assert plain is not None, raw
            same(plain, SyncRecordSerializer().run_validation(raw))

    def test_anything_else_is_left_to_the_serializer(self):
        for raw in slow_records():
            assert plain_record_values(raw) is None, raw


def test_a_surrogate_is_found_as_the_regular_expression_finds_it():
    import re

    from landreg.adjudication.api.drafting import has_surrogates

    surrogates = re.compile("[\ud800-\udfff]")
    for text in ("", "abc", "Ouédraogo", "Ɓintou 😀", "a\ud800", "\udfff", "x\udbff\udc00y", "\ud7ff\ue000"):
        assert has_surrogates(text) == (surrogates.search(text) is not None), repr(text)
