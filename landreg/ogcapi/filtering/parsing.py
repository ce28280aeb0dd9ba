"""CQL2 text and JSON parsed into pygeofilter's syntax tree, where pygeofilter 0.4 departs from CQL2 amended.

Its text grammar gives AND and OR the same precedence (``a OR b AND c`` read as ``(a OR b) AND c``) and takes
no ``NOT ( ... OR ... )``: its conditions are replaced by CQL2's own (OR < AND < NOT); its strings end at the
first quote: a quote written twice inside one (``'Champ d''Aïssata'``) is CQL2's, and read so; its arithmetic
lacks ``%``, ``div``, ``^`` and a minus before a property: added. The rest of its grammar and its transformer
are kept (tests/ogcapi/test_ogcapi_filter.py). Its JSON reader lacks ``accenti`` and the same operators: they
are rewritten to the function calls it reads.

Its temporal functions are a draft's: infix (``a T_BEFORE b``), named T_BEGINS... where CQL2 has T_STARTS and
T_DISJOINT, with T_INTERSECTS read as T_OVERLAPS; its TIMESTAMP, DATE and INTERVAL took no '..' nor a property
in an interval, and a timestamp without its time zone. In both encodings the fifteen CQL2 functions and the
three literals are read as function calls (``t_after``, ``timestamp``, ``date``, ``interval``, arguments as
written), which the evaluator checks and computes (``filtering``, ``temporal``).
"""

import json
import re
from pathlib import Path

from django.utils.translation import gettext as _
from lark import Lark, v_args
from pygeofilter import ast
from pygeofilter.parsers.cql2_json import parse as parse_json
from pygeofilter.parsers.cql2_text import parser as text_parser

from landreg.ogcapi.filtering.temporal import FUNCTIONS as TEMPORAL_FUNCTIONS
from landreg.ogcapi.selectors import BadQuery

LANGUAGES = ("cql2-text", "cql2-json")

_THEIR_CONDITIONS = re.compile(r"\?condition:.*?(?=\?predicate:)", re.S)
_CQL2_CONDITIONS = """?condition: and_condition
          | condition "OR"i and_condition                                   -> or_
?and_condition: not_condition
          | and_condition "AND"i not_condition                              -> and_
?not_condition: predicate
          | "NOT"i not_condition                                            -> not_
          | "(" condition ")"

"""


# A quote inside a string is written twice (CQL2: 'Champ d''Aïssata'); pygeofilter's string ended at it.
_THEIR_STRING = """SINGLE_QUOTED: "'" /.*?/ "'"\n"""
_CQL2_STRING = """SINGLE_QUOTED: /'(?:[^']|'')*'/\n"""


# CQL2's arithmetic has %, div and ^ (binding tighter than * and /), which pygeofilter's grammar lacks.
_THEIR_PRODUCT = re.compile(r"\?product:.*?(?=\?atom:)", re.S)
_CQL2_PRODUCT = """?product: power
        | product "*" power                                                 -> mul
        | product "/" power                                                 -> div
        | product "%" power                                                 -> mod
        | product "DIV"i power                                              -> intdiv
?power: atom
      | atom "^" power                                                      -> pow

"""


# CQL2's temporal functions are calls, T_AFTER(a, b), and its literals case-insensitive keywords whose
# strings the evaluator reads (a malformed one is a 400 that names it); an INTERVAL's ends may be properties.
_THEIR_TEMPORAL = re.compile(r"\?temporal_predicate:.*?(?=\?spatial_predicate:)", re.S)
_CQL2_TEMPORAL = (
    '?temporal_predicate: _temporal_function "(" expression "," expression ")"    -> temporal_predicate\n\n'
    "!_temporal_function: " + " | ".join(f'"{name.upper()}"i' for name in TEMPORAL_FUNCTIONS) + "\n\n"
)
_THEIR_LITERALS = (
    """?timestamp: "TIMESTAMP" "(" "'" DATETIME "'" ")"\n""",
    """?interval: "INTERVAL" "("  "'" DATETIME "'" "," "'" DATETIME "'" ")"\n""",
    """?date: "DATE" "(" "'" DATE "'" ")"\n""",
)
_CQL2_LITERALS = (
    """timestamp: "TIMESTAMP"i "(" SINGLE_QUOTED ")"\n""",
    """interval: "INTERVAL"i "(" expression "," expression ")"\n""",
    """date: "DATE"i "(" SINGLE_QUOTED ")"\n""",
)
_THEIR_TIME_TERMINALS = re.compile(r"^DATE(TIME)?: .*\n", re.M)  # read by the evaluator instead


@v_args(inline=True)  # as pygeofilter's: each rule's children as arguments
class _Transformer(text_parser.CQLTransformer):
    def SINGLE_QUOTED(self, token):  # noqa: N802 - named after the grammar's terminal
        return token[1:-1].replace("''", "'")

    # Read as functions the evaluator knows (_ARITHMETIC_FUNCTIONS): pygeofilter's tree has no node for them.
    def mod(self, lhs, rhs):
        return ast.Function("mod", [lhs, rhs])

    def intdiv(self, lhs, rhs):
        return ast.Function("div", [lhs, rhs])

    def pow(self, lhs, rhs):
        return ast.Function("power", [lhs, rhs])

    def neg(self, value):  # pygeofilter's negated only numbers: -area_m2 was an error
        return -value if isinstance(value, int | float) else ast.Sub(0, value)

    def DATE(self, token):  # noqa: N802 - now the keyword DATE: pygeofilter's date terminal read it as a date
        return token

    def temporal_predicate(self, name, lhs, rhs):
        return ast.Function(str(name).lower(), [lhs, rhs])

    def timestamp(self, text):
        return ast.Function("timestamp", [text])

    def date(self, text):
        return ast.Function("date", [text])

    def interval(self, start, end):
        return ast.Function("interval", [start, end])


def _text_parser() -> Lark:
    grammar_file = Path(text_parser.__file__).with_name("grammar.lark")
    grammar, replaced = _THEIR_CONDITIONS.subn(_CQL2_CONDITIONS, grammar_file.read_text(), count=1)
    assert replaced == 1, "pygeofilter's CQL2 text grammar changed: check _CQL2_CONDITIONS"
    assert grammar.count(_THEIR_STRING) == 1, "pygeofilter's CQL2 text grammar changed: check _CQL2_STRING"
    grammar = grammar.replace(_THEIR_STRING, _CQL2_STRING)
    grammar, replaced = _THEIR_PRODUCT.subn(_CQL2_PRODUCT, grammar, count=1)
    assert replaced == 1, "pygeofilter's CQL2 text grammar changed: check _CQL2_PRODUCT"
    grammar, replaced = _THEIR_TEMPORAL.subn(_CQL2_TEMPORAL, grammar, count=1)
    assert replaced == 1, "pygeofilter's CQL2 text grammar changed: check _CQL2_TEMPORAL"
    for theirs, ours in zip(_THEIR_LITERALS, _CQL2_LITERALS, strict=True):
        assert grammar.count(theirs) == 1, "pygeofilter's CQL2 text grammar changed: check _CQL2_LITERALS"
        grammar = grammar.replace(theirs, ours)
    grammar, replaced = _THEIR_TIME_TERMINALS.subn("", grammar)
    assert replaced == 2, "pygeofilter's CQL2 text grammar changed: check _THEIR_TIME_TERMINALS"
    return Lark(
        grammar,
        parser="lalr",
        maybe_placeholders=False,
        transformer=_Transformer(),
        import_paths=[str(grammar_file.parent.parent)],
        source_path=str(grammar_file),
    )


_TEXT = _text_parser()
# A filter is a line of text in a URL: a longer one is not a query a person or a GIS writes.
MAX_LENGTH = 20_000


def _call(name: str, arguments) -> dict:
    return {"function": {"name": name, "arguments": arguments}}


def json_functions(node):
    """cql2-json's ``{"op": "accenti", "args": [x]}`` and the arithmetic operators ``%``, ``div``, ``^``,
    which pygeofilter 0.4's reader does not know, as the function calls it reads (as its text reader reads
    ACCENTI, and CASEI as ``lower`` in both encodings); the temporal functions (their names in any case,
    as CQL2's examples write ``t_finishedBy``) and ``{"timestamp": …}``, ``{"date": …}``, ``{"interval":
    […]}`` as the calls the text reader makes of them; BETWEEN's three arguments as it reads them."""
    if isinstance(node, list):
        return [json_functions(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {key: json_functions(value) for key, value in node.items()}
    functions = {"accenti": "accenti", "%": "mod", "div": "div", "^": "power"}
    op, args = node.get("op"), node.get("args")
    if op in functions and isinstance(args, list):
        return _call(functions[op], args)
    if isinstance(op, str) and op.lower() in TEMPORAL_FUNCTIONS and isinstance(args, list):
        return _call(op.lower(), args)
    if len(node) == 1 and next(iter(node)) in ("timestamp", "date"):
        [(name, value)] = node.items()
        return _call(name, [value])
    if len(node) == 1 and isinstance(node.get("interval"), list):
        return _call("interval", node["interval"])
    if op == "between" and isinstance(args, list) and len(args) == 3:
        # CQL2 1.0 writes [value, low, high]; pygeofilter 0.4 reads a draft's [value, [low, high]].
        return {**node, "args": [args[0], args[1:]]}
    return node


# CQL2's array functions: no queryable of the parcels is an array, so the conformance class array-functions is
# not declared and each is refused by its name. pygeofilter's text grammar reads no CQL2 array (a syntax error
# at the comma) and its JSON reader names them AEQUALS...: neither said what was refused.
ARRAY_FUNCTIONS = ("A_EQUALS", "A_CONTAINS", "A_CONTAINEDBY", "A_OVERLAPS")
_ARRAY_CALL = re.compile(r"\b(" + "|".join(ARRAY_FUNCTIONS) + r")\s*\(", re.IGNORECASE)
_STRING = re.compile(r"'(?:[^']|'')*'")


def _json_operators(node) -> list[str]:
    """The ``op`` of every object of a cql2-json filter (iteratively: a deep filter is refused later)."""
    found, pending = [], [node]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if isinstance(item.get("op"), str):
                found.append(item["op"])
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return found


def _refuse_array_functions(text: str, data) -> None:
    if data is None:  # CQL2 text: calls outside its strings
        names = [found.group(1) for found in _ARRAY_CALL.finditer(_STRING.sub("''", text))]
    else:
        names = [op for op in _json_operators(data) if op.upper() in ARRAY_FUNCTIONS]
    if names:
        raise BadQuery(
            _(
                "filter: %(function)s is not supported: no queryable of the parcels is an array, so the "
                "array functions (%(list)s) are not offered."
            )
            % {"function": names[0].upper(), "list": ", ".join(ARRAY_FUNCTIONS)}
        )


def parse(text: str, lang: str | None):
    """The syntax tree of ``text`` in ``lang`` (CQL2 text by default), or a 400."""
    lang = lang or "cql2-text"
    if lang not in LANGUAGES:
        raise BadQuery(_("filter-lang must be one of: %(list)s.") % {"list": ", ".join(LANGUAGES)})
    if len(text) > MAX_LENGTH:
        raise BadQuery(_("filter is too long."))
    data = None
    if lang == "cql2-json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise BadQuery(
                _("filter is not valid %(lang)s: %(error)s")
                % {"lang": lang, "error": str(exc).splitlines()[0]}
            ) from exc
        except RecursionError as exc:
            raise BadQuery(_("filter is too deeply nested.")) from exc
    _refuse_array_functions(text, data)
    try:
        if lang == "cql2-text":
            return _TEXT.parse(text)
        tree = parse_json(json_functions(data))
    # Lark's errors; pygeofilter's JSON reader raises ValueError, TypeError, KeyError... and bare Exception.
    except Exception as exc:
        raise BadQuery(
            _("filter is not valid %(lang)s: %(error)s") % {"lang": lang, "error": str(exc).splitlines()[0]}
        ) from exc
    if not isinstance(tree, ast.Node):  # a bare literal, e.g. "x"
        raise BadQuery(_("filter is not valid %(lang)s: %(error)s") % {"lang": lang, "error": text[:80]})
    return tree
