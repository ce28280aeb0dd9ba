"""Many rows written at once, for batches of new rows: COPY on PostgreSQL, one prepared statement elsewhere.

Django's ``bulk_create`` sends one INSERT per batch with a placeholder for every value, which Django builds
value by value and psycopg then parses again (a batch of 500 claims is some 20,000 placeholders); a device's
sync batch spent most of its writing time there. ``insert_rows`` takes each value as Django's own compiler
prepares it for the database (every field's conversion is Django's) and sends the rows in one COPY on
PostgreSQL (psycopg 3 dumps the prepared values, geometries included, with the connection's adapters; a
pipelined ``executemany`` of the same rows took five times as long), or through ``executemany`` of the
one-row INSERT prepared once elsewhere (SQLite).
"""

from django.db import connections, router
from django.db.models import AutoField, sql


def insert_rows(model, objs: list, *, using: str | None = None) -> None:
    """Insert new instances of ``model``, in order. Like ``bulk_create`` without signals or ids returned:
    for rows whose primary key the application sets (UUIDs) or does not need back (auto ids)."""
    if not objs:
        return
    using = using or router.db_for_write(model)
    connection = connections[using]
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (isinstance(f, AutoField) or f.primary_key and f.db_returning)  # left to the database
    ]
    query = sql.InsertQuery(model)
    query.insert_values(fields, objs[:1])
    compiler = query.get_compiler(using=using)
    prepare, pre_save = compiler.prepare_value, compiler.pre_save_val
    rows = ([prepare(f, pre_save(f, obj)) for f in fields] for obj in objs)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quote = connection.ops.quote_name
            columns = ", ".join(quote(f.column) for f in fields)
            copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"  # names from the model
            # The raw cursor's errors come out as Django's (IntegrityError for a row already there).
            with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            (statement, _params), *_rest = compiler.as_sql()
            cursor.executemany(statement, list(rows))
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
