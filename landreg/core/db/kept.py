"""Reads whose statement is built once per process: the ORM writes the SQL the first time, each later call
runs it with its own values (on PostgreSQL; on other databases the ORM builds the query every time).

Building a small read with the ORM (filters, joins, ``only()``, compiling) cost the public pages more of
their Python than PostgreSQL took to run it: 0.5-1.5 ms of CPU a statement, several statements a page.
A page's statements differ between requests only in their values, so each is compiled once with
placeholder values, and a call puts its own values where the placeholders were among the parameters. The
queryset still says what is read: the SQL is the ORM's own, and so are the rows, as ``values_list`` gives
them (the database's values through the same converters).

    _HOLDERS = KeptQuery(lambda right: RightHolder.objects.filter(right=right).values_list("party_id"),
                         right=uuid.uuid4())
    rows = _HOLDERS.rows(right=some_id)    # a list of tuples, as list(queryset) gives them
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable

from landreg.core.db.planned import planned_cursor, preparing, together_cursor

# Tests turn it off to compare the kept statement's answers with the ORM's, byte for byte.
ENABLED = True


class KeptQuery:
    def __init__(self, build: Callable[..., QuerySet], **placeholders):
        """``build(**values)``: the read as a ``values_list`` queryset; ``placeholders``: for each of its
        arguments, a value no call will pass (a fresh UUID, a marker string), which must reach the
        statement's parameters unchanged."""
        self.build = build
        self.placeholders = placeholders
        self.model = None
        self.sliced = False
        self.kept: dict[
            str, tuple
        ] = {}  # database alias -> the statement, its parameters, slots, converters, wrappers

    def rows(self, *, offset: int = 0, limit: int | None = None, **values) -> list[tuple]:
        """The rows for these values; with ``limit``, the ``limit`` rows from ``offset`` on (a page: the
        build's queryset is then not sliced, and the page's bounds are parameters of the kept statement)."""
        alias = self._alias()
        if limit is not None and self.sliced:  # a slice's bounds are written into the SQL, not parameters
            raise ImproperlyConfigured(f"{self.model.__name__}: a page of a kept read that is sliced already")
        if not self._kept_on(alias):
            queryset = self.build(**values)
            return list(queryset if limit is None else queryset[offset : offset + limit])
        sql, params = self._statement(alias, values)
        if limit is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]
        # Prepared on the connection: the same text at every call, PostgreSQL plans it once (core.db.planned).
        with planned_cursor(alias) as cursor:
            cursor.execute(sql, params)
            return self._converted(cursor.fetchall(), alias)

    def _alias(self) -> str:
        if self.model is None:  # the model, for the router (the same query for every call)
            queryset = self.build(**self.placeholders)
            if queryset._iterable_class is not ValuesListIterable:  # tuples on every database
                raise ImproperlyConfigured("a kept read is a values_list() queryset, neither flat nor named")
            self.model, self.sliced = queryset.model, queryset.query.is_sliced
        return router.db_for_read(self.model) or DEFAULT_DB_ALIAS

    def _kept_on(self, alias: str) -> bool:
        return ENABLED and connections[alias].vendor == "postgresql"

    def _statement(self, alias: str, values: dict) -> tuple[str, list]:
        if alias not in self.kept:
            self.kept[alias] = self._compile(alias)
        sql, params, slots, _converters, wrap = self.kept[alias]
        params = list(params)
        for position, name in slots.items():
            value = values[name]
            params[position] = wrap[position](value) if position in wrap else value
        return sql, params

    def _converted(self, rows: list[tuple], alias: str) -> list[tuple]:
        """As the ORM turns the database's values into the fields' (e.g. a count into an int)."""
        converters = self.kept[alias][3]
        if not converters:
            return rows
        connection = connections[alias]
        rows = [list(row) for row in rows]
        for row in rows:
            for position, (functions, expression) in converters.items():
                for convert in functions:
                    row[position] = convert(row[position], expression, connection)
        return [tuple(row) for row in rows]

    def _compile(self, alias: str) -> tuple[str, list, dict[int, str], dict, dict]:
        queryset = self.build(**self.placeholders)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        slots = {}
        for name, placeholder in self.placeholders.items():
            found = [
                k
                for k, param in enumerate(params)
                # the value, or the database adapter's wrapper of it (psycopg's Int8 for a big integer)
                if isinstance(param, type(placeholder)) and param == placeholder
            ]
            if not found:
                raise ImproperlyConfigured(
                    f"{self.model.__name__}: the placeholder of {name!r} is not a parameter"
                )
            slots.update(dict.fromkeys(found, name))
        # Each value passed as the ORM passed the placeholder: itself, or in the same wrapper.
        wrap = {
            k: type(params[k])
            for k, name in slots.items()
            if type(params[k]) is not type(self.placeholders[name])
        }
        return sql, list(params), slots, converters, wrap


def sent_together(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether ``rows_together`` sends its statements in one round trip on this database: PostgreSQL (each
    statement prepared, in psycopg's pipeline, core.db.planned; behind a pooler in transaction mode, as one
    text with the values bound on the client)."""
    return connections[alias].vendor == "postgresql"


def rows_together(*reads: tuple[KeptQuery, dict]) -> list[list[tuple]]:
    """The rows of each (kept read, its values: ``offset`` and ``limit`` among them for a page), as
    ``read.rows(**values)`` gives them, in one round trip to PostgreSQL, each statement prepared on the
    connection (core.db.planned: PostgreSQL plans it once) and answering in its own result set. A page's reads
    that depend on the same values only (a parcel's rights, versions, documents...) each waited for its own
    round trip: under load, a wait for a core on each side for every statement. Elsewhere, one by one."""
    aliases = {read._alias() for read, _values in reads}
    alias = aliases.pop() if len(aliases) == 1 else None
    if alias is None or not all(read._kept_on(alias) for read, _values in reads) or not sent_together(alias):
        return [read.rows(**values) for read, values in reads]  # offset and limit as rows() takes them
    statements = []
    for read, values in reads:
        values = dict(values)  # a page: its bounds as the read's rows() takes them
        offset, limit = values.pop("offset", 0), values.pop("limit", None)
        if limit is not None and read.sliced:
            raise ImproperlyConfigured(f"{read.model.__name__}: a page of a kept read that is sliced already")
        sql, its_params = read._statement(alias, values)
        if limit is not None:
            sql, its_params = f"{sql} LIMIT %s OFFSET %s", [*its_params, limit, offset]
        statements.append((sql, its_params))
    text, params = ";\n".join(sql for sql, _ in statements), [p for _, ps in statements for p in ps]
    found = []
    # Prepared, in one pipeline; behind a pooler in transaction mode, one text whose values the client binds
    # (Django's cursor there), which PostgreSQL runs statement by statement.
    with together_cursor(alias, statements) if preparing(alias) else connections[alias].cursor() as cursor:
        cursor.execute(text, params)
        for k, (read, _values) in enumerate(reads):
            if k:
                cursor.nextset()
            found.append(read._converted(cursor.fetchall(), alias))
    return found


def loaded(model, values: dict):
    """An instance of ``model`` with these columns (attnames) loaded and the others deferred, as the ORM
    builds one for ``only()`` (``from_db`` takes the values in the model's order of fields)."""
    fields = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(None, fields, [values[name] for name in fields])
