"""No dead code in landreg/: vulture finds every function, class, method, property, constant or attribute that
nothing uses (code review, "Dead code").

vulture reads its settings from [tool.vulture] in pyproject.toml: the folders it reads (landreg/, migrations
included so that what they import counts as used, and the reviewed whitelist tests/vulture_whitelist.py) and
the names and decorators by which Django, DRF and huey call code of ours (clean_*, Meta and admin options,
@receiver, @register.filter...). This test adds what Django reads from declarations rather than by a name in
the code, found in the source itself (see declared()): fields of models, forms, serializers and filter sets
(data, read from the database, the templates, cleaned_data["..."] or a serializer's `fields`), the members of
choices (stored in the database), the settings, a SerializerMethodField's get_<name> and a filter's
method="...".

Run by hand: `.venv/bin/pytest tests/test_dead_code.py` (a few seconds). `.venv/bin/vulture` alone reads the
same settings but also lists the declarations above.
"""

import ast
import tomllib
from pathlib import Path

import vulture

ROOT = Path(__file__).resolve().parent.parent

HOW_TO_FIX = """
{count} unused name(s) in landreg/ (vulture, see tests/test_dead_code.py):
{report}

- Not used anywhere (grep the templates, the settings, the urls and the tests first): delete it, and any test
  that tests only it.
- Used only by a name Python cannot see (a template's {{{{ x.name }}}}, a dotted path in settings.py, a
  getattr() table, an admin's list_display string): add it to tests/vulture_whitelist.py, in the group that
  says where it is used (or a new group with a one-line comment saying so).
- Called by a framework by a naming convention or decorator: add the pattern to ignore_names or
  ignore_decorators in [tool.vulture] of pyproject.toml.
"""

# The call that declares a field, a filter or a relation in a class body: models.CharField(...),
# forms.ModelChoiceField(...), serializers.SerializerMethodField(), django_filters.ChoiceFilter(...),
# models.ForeignKey(...), gis_models.MultiPolygonField(...)...
FIELD_SUFFIXES = ("Field", "Filter", "ForeignKey", "ManyToManyField", "OneToOneField")
SETTINGS = ROOT / "landreg" / "settings.py"


def _config() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["vulture"]


def _called_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _assigned(statement: ast.stmt) -> tuple[str, ast.AST | None]:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
    elif isinstance(statement, ast.AnnAssign):
        target, value = statement.target, statement.value
    else:
        return "", None
    return (target.id, value) if isinstance(target, ast.Name) else ("", None)


def declared(path: Path) -> tuple[set[tuple[Path, int]], set[str]]:
    """Where the source declares what Django reads by itself, and the names of the fields so declared.

    Returns the (file, line) of each declaration (a field, a choice, a setting; a SerializerMethodField's
    get_<name> and a filter's method="..." in the same class) and the names of the fields: writing
    `claim.rejection_reason = ...` stores a field, and is no dead attribute.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    places, field_names = set(), set()
    if path == SETTINGS:
        for statement in ast.walk(tree):
            name, _ = _assigned(statement) if isinstance(statement, ast.stmt) else ("", None)
            if name.isupper():
                places.add((path, statement.lineno))
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        choices = any(_called_name(base).endswith("Choices") for base in cls.bases)
        # Where vulture places a method: its first decorator's line (@extend_schema_field on a get_<name>).
        methods = {
            item.name: min([item.lineno, *(d.lineno for d in item.decorator_list)])
            for item in cls.body
            if isinstance(item, ast.FunctionDef)
        }
        for statement in cls.body:
            name, value = _assigned(statement)
            if not name:
                continue
            if choices:
                places.add((path, statement.lineno))
            elif isinstance(value, ast.Call) and _called_name(value).endswith(FIELD_SUFFIXES):
                places.add((path, statement.lineno))
                field_names.add(name)
                called = {f"get_{name}"} if _called_name(value) == "SerializerMethodField" else set()
                for keyword in value.keywords:
                    if keyword.arg in ("method", "method_name") and isinstance(keyword.value, ast.Constant):
                        called.add(keyword.value.value)
                places.update((path, methods[method]) for method in called if method in methods)
    return places, field_names


def unused_code() -> list[vulture.core.Item]:
    config = _config()
    finder = vulture.Vulture(
        ignore_names=config.get("ignore_names", []), ignore_decorators=config.get("ignore_decorators", [])
    )
    finder.scavenge([ROOT / path for path in config["paths"]], exclude=config.get("exclude", []))
    # The migrations are read, so that what they import from the apps counts as used, and never reported:
    # their functions are named in their operations and they are never edited.
    places, field_names = set(), set()
    for path in sorted((ROOT / "landreg").rglob("*.py")):
        if "migrations" not in path.parts:
            file_places, file_fields = declared(path)
            places |= file_places
            field_names |= file_fields
    return [
        item
        for item in finder.get_unused_code(min_confidence=config.get("min_confidence", 0))
        if "migrations" not in Path(item.filename).parts
        and (Path(item.filename).resolve(), item.first_lineno) not in places
        and not (item.typ == "attribute" and item.name in field_names)
    ]


def test_no_dead_code():
    unused = unused_code()
    report = "\n".join(item.get_report() for item in unused)
    assert not unused, HOW_TO_FIX.format(count=len(unused), report=report)


def test_whitelist_names_what_exists():
    """Every line of the whitelist points at something that exists: one left behind after its code went
    would keep a later dead namesake alive. The whitelist is executed as Python: a name that went fails."""
    source = (ROOT / "tests" / "vulture_whitelist.py").read_text(encoding="utf-8")
    exec(compile(source, "tests/vulture_whitelist.py", "exec"), {})
