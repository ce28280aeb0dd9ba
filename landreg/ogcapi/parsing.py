"""CQL2 text and JSON parsed into pygeofilter's syntax tree, where pygeofilter 0.4 departs from CQL2 amended.

Its text grammar gives AND and OR the same precedence (``a OR b AND c`` read as ``(a OR b) AND c``) and takes
no ``NOT ( ... OR ... )``: its conditions are replaced by CQL2's own (OR < AND < NOT); its strings end at the
first quote: a quote written twice inside one (``'Champ d''Aïssata'``) is CQL2's, and read so; its arithmetic
lacks ``%``, ``div``, ``^`` and a minus before a property: added. The rest of its grammar and its transformer
are kept (tests/ogcapi/test_ogcapi_filter.py). Its JSON reader lacks ``accenti`` and the same operators: they
are rewritten to the function calls it reads.
"""

import json
import re
from pathlib import Path

from django.utils.translation import gettext as _
from lark import Lark, v_args
from pygeofilter import ast
from pygeofilter.parsers.cql2_json import parse as parse_json
from pygeofilter.parsers.cql2_text import parser as text_parser

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


def _text_parser() -> Lark:
    grammar_file = Path(text_parser.__file__).with_name("grammar.lark")
    grammar, replaced = _THEIR_CONDITIONS.subn(_CQL2_CONDITIONS, grammar_file.read_text(), count=1)
    assert replaced == 1, "pygeofilter's CQL2 text grammar changed: check _CQL2_CONDITIONS"
    assert grammar.count(_THEIR_STRING) == 1, "pygeofilter's CQL2 text grammar changed: check _CQL2_STRING"
    grammar = grammar.replace(_THEIR_STRING, _CQL2_STRING)
    grammar, replaced = _THEIR_PRODUCT.subn(_CQL2_PRODUCT, grammar, count=1)
    assert replaced == 1, "pygeofilter's CQL2 text grammar changed: check _CQL2_PRODUCT"
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


def json_functions(node):
    """cql2-json's ``{"op": "accenti", "args": [x]}`` and the arithmetic operators ``%``, ``div``, ``^``,
    which pygeofilter 0.4's reader does not know, as the function calls it reads (as its text reader reads
    ACCENTI, and CASEI as ``lower`` in both encodings)."""
    if isinstance(node, list):
        return [json_functions(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {key: json_functions(value) for key, value in node.items()}
    functions = {"accenti": "accenti", "%": "mod", "div": "div", "^": "power"}
    if node.get("op") in functions and isinstance(node.get("args"), list):
        return {"function": {"name": functions[node["op"]], "arguments": node["args"]}}
    return node


def parse(text: str, lang: str | None):
    """The syntax tree of ``text`` in ``lang`` (CQL2 text by default), or a 400."""
    lang = lang or "cql2-text"
    if lang not in LANGUAGES:
        raise BadQuery(_("filter-lang must be one of: %(list)s.") % {"list": ", ".join(LANGUAGES)})
    if len(text) > MAX_LENGTH:
        raise BadQuery(_("filter is too long."))
    try:
        if lang == "cql2-text":
            return _TEXT.parse(text)
        tree = parse_json(json_functions(json.loads(text)))
    # Lark's errors; pygeofilter's JSON reader raises ValueError, TypeError, KeyError... and bare Exception.
    except Exception as exc:
        raise BadQuery(
            _("filter is not valid %(lang)s: %(error)s") % {"lang": lang, "error": str(exc).splitlines()[0]}
        ) from exc
    if not isinstance(tree, ast.Node):  # a bare literal, e.g. "x"
        raise BadQuery(_("filter is not valid %(lang)s: %(error)s") % {"lang": lang, "error": text[:80]})
    return tree
