"""``filter(InList("party", ids))``: a column among a list of values sent as one parameter.

``field__in=[...]`` sends one parameter per value: thousands of them for a common surname's people, each
planned and bound. A query already answered once (the people a name search found) is then handed to the
next queries as its list of ids, in one parameter, instead of as a subquery the database answers again:
- PostgreSQL: ``column = ANY(%s::type[])``, the list as an array;
- SQLite: ``column IN (SELECT value FROM json_each(%s))``, the list as a JSON array.
"""

import json

from django.db.models import BooleanField, Expression, F


class _ColumnAgainstList(Expression):
    """A condition on one column against a list of values held apart from the query's expressions (they
    become one parameter): the column is the only source expression, resolved and relabelled as any."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str | F, values):
        super().__init__()
        self.column = F(field) if isinstance(field, str) else field
        self.values = list(values)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        [self.column] = exprs


class InList(_ColumnAgainstList):
    def as_sql(self, compiler, connection):
        column_sql, column_params = compiler.compile(self.column)
        field = self.column.output_field
        values = [field.get_db_prep_value(value, connection) for value in self.values]
        if connection.vendor == "postgresql":
            array = f"{field.db_type(connection)}[]"  # a column type, never text from a request
            return f"{column_sql} = ANY(%s::{array})", [*column_params, values]
        return f"{column_sql} IN (SELECT value FROM json_each(%s))", [*column_params, json.dumps(values)]  # noqa: S608


class PrefixedBy(_ColumnAgainstList):
    """``filter(PrefixedBy("path", prefixes))``: a text column starting with one of the prefixes, the list
    sent as one parameter (as ``path__startswith`` joined by OR, one parameter each): the same statement for
    any number of prefixes, so that it can be kept (core.db.kept).
    - PostgreSQL: ``EXISTS (SELECT FROM unnest(%s::text[]) WHERE starts_with(column, prefix))``;
    - SQLite: the same over ``json_each`` of a JSON array, by ``substr``."""

    def as_sql(self, compiler, connection):
        column_sql, column_params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            exists = (
                f"EXISTS (SELECT FROM unnest(%s::text[]) AS prefix WHERE starts_with({column_sql}, prefix))"
            )
            return exists, [self.values, *column_params]
        return (
            f"EXISTS (SELECT 1 FROM json_each(%s) WHERE substr({column_sql}, 1, length(value)) = value)",  # noqa: S608
            [json.dumps(self.values), *column_params],
        )
