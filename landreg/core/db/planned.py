"""Statements PostgreSQL plans once per connection: prepared there the first time, then only executed.

Planning a small read costs PostgreSQL about as much as running it (0.3-0.6 ms: a parcel page's six kept
reads, the OGC API's page with its dispute flag's two EXISTS). A statement whose text is the same for every
request (the reads of ``core.db.kept``, the OGC API's page of the whole collection) is prepared on the
connection with psycopg's server-side binding, and PostgreSQL keeps its plan (a generic one when it costs no
more than the plans made for each call's values). Django leaves prepared statements off so that a pooler in
transaction mode keeps working: a database whose settings say there is one (DISABLE_SERVER_SIDE_CURSORS,
Django's setting for transaction pooling) gets plain statements, planned at every call.

A prepared statement holds the identities of the types it reads: a connection that outlives the replacement of
the database's objects (a restore, ``backups.database``) must be closed, or its statements fail ("cache lookup
failed for type").
"""

import psycopg
from django.db import connections

_NEVER = 2**31 - 1  # psycopg's count of executions before preparing on its own: never, only when asked


def preparing(db: str) -> bool:
    """Whether statements are prepared on the database ``db``'s connection: PostgreSQL (through psycopg 3, a
    dependency), without a pooler in transaction mode."""
    connection = connections[db]
    pooled = connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    return connection.vendor == "postgresql" and not pooled


class _PreparingCursor(psycopg.Cursor):
    """Server-side binding; every statement prepared (the caller runs only reusable ones through it)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        super().execute(query, params, prepare=True, binary=binary)
        # Django's debug cursor (DEBUG, tests' CaptureQueriesContext) logs ``cursor._query.query``, which
        # psycopg leaves empty for a prepared statement: the statement with its values, as the client-side
        # cursor of every other statement writes it, composed only if read.
        self._query = _Logged(self, query, params)
        return self


class _Logged:
    def __init__(self, cursor, query, params):
        self.cursor, self.statement, self.params = cursor, query, params

    @property
    def query(self) -> bytes:
        return psycopg.ClientCursor(self.cursor.connection).mogrify(self.statement, self.params).encode()


def _raw(db: str):
    connection = connections[db]
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's default: nothing prepared unless asked (our cursors ask)
        raw.prepare_threshold = _NEVER
    return connection, raw


def planned_cursor(db: str):
    """A cursor of the database ``db`` (Django's wrapper: its logging and execute wrappers) whose statements
    PostgreSQL plans once per connection; a plain cursor where that is off or not PostgreSQL."""
    if not preparing(db):
        return connections[db].cursor()
    connection, raw = _raw(db)
    return connection._prepare_cursor(_PreparingCursor(raw))


class _TogetherCursor(psycopg.Cursor):
    """Several statements sent in one round trip, each prepared (psycopg's pipeline: the extended protocol's
    messages of every statement, then one sync), their results read in turn with ``fetchall()`` and
    ``nextset()`` as a client-side cursor reads those of several statements sent as one text. PostgreSQL
    refuses several statements in one prepared statement, so the text alone could not be prepared.

    ``execute(text, params)`` takes the statements joined by ``;`` and all their values, which is what the
    log shows; the statements themselves are given before, in ``statements``."""

    statements: list[tuple[str, list]] = []

    def execute(self, query, params=None, *, prepare=None, binary=None):
        parts = []
        with self.connection.pipeline():
            for sql, its_params in self.statements:
                part = psycopg.Cursor(self.connection)  # not the connection's ClientCursor: prepared
                part.execute(sql, its_params, prepare=True, binary=binary)
                parts.append(part)
        self._parts, self._at = parts, 0
        self._query = _Logged(self, query, params)
        return self

    def fetchall(self):
        return self._parts[self._at].fetchall()

    def nextset(self):
        self._at += 1
        return True if self._at < len(self._parts) else None

    def close(self):
        for part in getattr(self, "_parts", ()):
            part.close()
        super().close()


def together_cursor(db: str, statements: list[tuple[str, list]]):
    """A cursor of the database ``db`` (Django's wrapper) whose ``execute(text, params)`` sends ``statements``
    (each its SQL and values) prepared, in one round trip: only where ``preparing(db)``."""
    connection, raw = _raw(db)
    cursor = _TogetherCursor(raw)
    cursor.statements = statements
    return connection._prepare_cursor(cursor)


class _EachTimeCursor(psycopg.Cursor):
    """Server-side binding; never prepared, whatever the connection's threshold."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=False, binary=binary)


def planned_each_time(db: str):
    """A cursor of the database ``db`` whose statements PostgreSQL plans with their values every time, also
    where the connection prepares a statement run often on its own (settings: DB_PREPARE_THRESHOLD), whose
    generic plan would serve a country's bbox as it serves a street's (small_box)."""
    connection = connections[db]
    if (
        connection.vendor != "postgresql"
        or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
    ):
        return connection.cursor()  # nothing is prepared unless asked
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    return connection._prepare_cursor(_EachTimeCursor(connection.connection))
