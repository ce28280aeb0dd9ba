"""The SQL the ORM compiles while a block runs: what a page built once per process (core.db.kept) must not
compile again."""

from contextlib import contextmanager
from unittest import mock

from django.db.models.sql.compiler import SQLCompiler


@contextmanager
def statements_compiled():
    built, original = [], SQLCompiler.as_sql

    def as_sql(compiler, *args, **kwargs):
        sql, params = original(compiler, *args, **kwargs)
        built.append(sql)
        return sql, params

    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=as_sql):
        yield built
