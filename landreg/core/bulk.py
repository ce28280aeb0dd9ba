"""Many rows written with one statement prepared once (``executemany``), for batches of new rows.

Django's ``bulk_create`` sends one INSERT per batch with a placeholder for every value, which Django builds
value by value and psycopg then parses again (a batch of 500 claims is some 20,000 placeholders); a device's
sync batch spent most of its writing time there. ``insert_rows`` prepares the one-row statement once, with
Django's own compiler (so every field's conversion and placeholder is Django's), and sends every row's
values through ``executemany``: pipelined on PostgreSQL, one prepared statement on SQLite.
"""

from django.db import connections, router
from django.db.models import AutoField, sql


def insert_rows(model, objs: list, *, using: str | None = None) -> None:
    """Insert new instances of ``model``, in order. Like ``bulk_create`` without signals or ids returned:
    for rows whose primary key the application sets (UUIDs) or does not need back (auto ids)."""
    if not objs:
        return
    using = using or router.db_for_write(model)
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (isinstance(f, AutoField) or f.primary_key and f.db_returning)  # left to the database
    ]
    query = sql.InsertQuery(model)
    query.insert_values(fields, objs[:1])
    compiler = query.get_compiler(using=using)
    (statement, _params), *_rest = compiler.as_sql()
    rows = [[compiler.prepare_value(f, compiler.pre_save_val(f, obj)) for f in fields] for obj in objs]
    with connections[using].cursor() as cursor:
        cursor.executemany(statement, rows)
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
