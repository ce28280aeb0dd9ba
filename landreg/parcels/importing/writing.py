"""Writing an import: parcel numbers, one INSERT ... SELECT from the staging table, the audit record of
every row, the topology findings, and fresh planner statistics."""

import contextlib

from django.db import IntegrityError, OperationalError, ProgrammingError, connection, transaction
from django.utils.translation import gettext as _

from landreg.audit.rows import ROWS_PER_EVENT, register_hashed, register_write
from landreg.core import clock
from landreg.core.db import planner_statistics
from landreg.parcels.exceptions import ParcelError
from landreg.parcels.importing.staging import HASHES, PairsLater, Stage
from landreg.parcels.models import Parcel, ParcelVersion, TopologyFinding
from landreg.parcels.signals import parcels_imported
from landreg.parcels.topology import Finding, Tolerance
from landreg.territory.models import AdministrativeUnit

ANALYZE_SHARE = 0.1  # an import adding this share of the table's rows refreshes its statistics
REBUILD_FROM = 10_000  # rows imported from which a table smaller than the import has its indexes rebuilt
LOCK_WAIT = "2s"  # how long the rebuild waits for the table's readers before it gives up


NUMBERED = 20_000  # features numbered at a time: memory bounded by this, not by the file
FINDINGS = 2_000  # topology findings built and saved at a time


def numbers_besides(village, count: int, stage: Stage) -> list[str]:
    """``count`` new numbers of the village, none of them a number the file brings (the sequence does not
    know those yet: they are saved in the same insert)."""
    from landreg.parcels.services import parcel_numbers_take

    numbers: list[str] = []
    while len(numbers) < count:
        taken = parcel_numbers_take(village=village, count=count - len(numbers))
        brought = stage.numbers_among(taken)
        numbers += [n for n in taken if n not in brought]
    return numbers


@transaction.atomic
def commit(
    stage: Stage,
    *,
    village,
    survey_method: str,
    actor,
    pairs: PairsLater,
    tolerance: Tolerance,
    progress,
) -> int:
    """Save every staged feature as a parcel (all in one transaction); the number saved."""
    from landreg.parcels.services import finding_row

    village = AdministrativeUnit.objects.select_for_update().get(pk=village.pk)
    if stage.numbers_taken():  # given since the check, by another import or by hand
        raise ParcelError(_("Some parcel numbers of the file are already used."))
    for positions in stage.unnumbered(NUMBERED):
        stage.give_numbers(positions, numbers_besides(village, len(positions), stage))
    now = clock.now()
    constants = {
        "village_id": village.pk,
        "created_at": now,
        "updated_at": now,
        "begin_lifespan": now,
        "survey_method": survey_method,
        "created_by_id": actor.pk if actor else None,
    }
    with indexes_rebuilt_after(Parcel, ParcelVersion, inserted=stage.count):
        hashed = stage.insert_parcels(constants, actor_id=constants["created_by_id"], reason="import")
    inserted = stage.count

    def saved(done: int, total: int) -> None:
        if progress:
            progress("save", done, total)

    if hashed:  # PostgreSQL: the hashes were written with the rows
        register_hashed(
            action="parcel.import",
            model=Parcel,
            table=HASHES,
            actor=actor,
            obj=village,
            progress=saved,
            new_rows=True,  # the parcels were just created, their ids drawn at random
        )
    else:
        done = 0
        for ids in stage.ids(ROWS_PER_EVENT):  # one audit event per chunk: memory bounded by the chunk
            register_write(action="parcel.import", model=Parcel, pks=ids, actor=actor, obj=village)
            done += len(ids)
            saved(done, inserted)
    pairs, _touching = pairs.result()  # compared meanwhile, in a thread
    # Saved FINDINGS at a time, their parcels' ids read for them: a model instance per pair, and the ids of
    # every pair's parcels, grew with the file (a million parcels of the benchmark's cadastre: some 18,000
    # gaps and slivers).
    for start in range(0, len(pairs), FINDINGS):
        chunk = pairs[start : start + FINDINGS]
        staged = stage.source_ids({p.i for p in chunk} | {p.j for p in chunk if p.j is not None})
        findings = []
        for pair in chunk:
            finding = Finding(
                pair.kind, 0, 0, pair.area_m2, pair.share_pct, pair.distance_m, location=pair.location
            )
            other = staged[pair.j][1] if pair.j is not None else pair.other_id
            findings.append(finding_row(finding, staged[pair.i][1], other, tolerance=tolerance, now=now))
        TopologyFinding.objects.bulk_create(findings, batch_size=FINDINGS, ignore_conflicts=True)
    transaction.on_commit(lambda: _analyze_after(inserted))
    minx, miny, maxx, maxy = stage.bounds
    parcels_imported.send(sender=Parcel, extent=(float(minx), float(miny), float(maxx), float(maxy)))
    return inserted


@contextlib.contextmanager
def indexes_rebuilt_after(*models, inserted: int):
    """PostgreSQL: when an import brings more rows than a table holds (a first load), the table's indexes
    (all but its primary key and those a foreign key relies on) are dropped for the insert and built again
    after it, in the same transaction, with their own definitions; so are the foreign keys between two such
    tables. Built once from all the rows (the GiST index sorted) the indexes cost a fraction of their upkeep
    row by row: at 100,000 parcels the two GiST indexes and fourteen B-trees were most of the insert's time.
    A unique index or constraint built again checks its rule over every row at once, and a foreign key added
    again checks every reference in one join instead of one look-up per row (``PostgreSQL's RI triggers``):
    a row breaking either fails the statement, and with it the whole import. The drop locks the tables until
    the import commits, which is why a table already larger than the import keeps its indexes; and it waits
    at most ``LOCK_WAIT`` for readers, else the import goes on with the indexes in place. A foreign key to
    any other table (the village, the user) stays: dropping it would lock that table against every reader
    until the import commits."""
    definitions, locked = [], []
    if connection.vendor == "postgresql" and inserted >= REBUILD_FROM:
        for model in models:
            dropped = _dropped_indexes(model._meta.db_table, inserted)
            definitions += dropped
            if dropped:
                locked.append(model._meta.db_table)
        definitions += _dropped_foreign_keys(locked)
    references = _references_checked_after(locked) if len(locked) == len(models) > 1 else None
    yield
    if references is not None:
        _check_references(references)
    if definitions:
        with connection.cursor() as cursor:
            # PostgreSQL builds no index on a table with foreign-key checks pending: they run now instead
            # of at the commit (the same checks), and the later writes are deferred again.
            try:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for definition in definitions:
                    cursor.execute(definition)
            except IntegrityError as exc:  # a unique rule or a reference broken: the import is undone
                diagnosis = getattr(exc.__cause__, "diag", None)
                rule = getattr(diagnosis, "constraint_name", None) or str(exc).splitlines()[0]
                raise ParcelError(
                    _("The import would break a rule of the register (%(rule)s). Nothing was saved.")
                    % {"rule": rule}
                ) from exc
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _dropped_indexes(table: str, inserted: int) -> list[str]:
    """Drop ``table``'s indexes but its primary key and those behind a foreign key (when the import is
    larger than the table); the statements that build them again, plain indexes first."""
    with connection.cursor() as cursor:
        # Fewer rows than the import brings (counted no further than that).
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) t", [inserted])  # noqa: S608
        if cursor.fetchone()[0] >= inserted:
            return []
        # (name, the constraint it backs or NULL, its definition), plain indexes first.
        cursor.execute(
            "SELECT quote_ident(c.relname), quote_ident(k.conname), "
            "COALESCE(pg_get_constraintdef(k.oid), pg_get_indexdef(i.indexrelid)) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
            "AND (k.oid IS NULL OR k.contype = 'u') "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' "
            "AND f.conindid = i.indexrelid) "
            "ORDER BY k.oid IS NOT NULL, c.relname",
            [table],
        )
        indexes = cursor.fetchall()
        if not indexes:
            return []
        try:
            with transaction.atomic():  # a savepoint: a lock not granted in time leaves the indexes be
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
                for name, constraint, _definition in indexes:
                    cursor.execute(
                        f"ALTER TABLE {table} DROP CONSTRAINT {constraint}"
                        if constraint
                        else f"DROP INDEX {name}"
                    )
        except OperationalError:
            return []
        finally:
            cursor.execute("SET LOCAL lock_timeout TO DEFAULT")
    return [
        f"ALTER TABLE {table} ADD CONSTRAINT {constraint} {definition}" if constraint else definition
        for _name, constraint, definition in indexes
    ]


def _references_checked_after(tables: list[str]) -> list[tuple] | None:
    """The foreign keys from ``tables`` to other tables (the village, the user), to be checked once over
    the set after the insert instead of row by row, when that is safe; None to leave them row by row.

    Each of these keys checks every inserted row through a trigger (a look-up of the same village row
    and of the same user, 200,000 of them at 100,000 parcels: 0.6-0.8 s of the server's time, and the
    insert's queue of 400,000 trigger events). The insert runs instead with ``session_replication_role``
    set to ``replica`` (for that statement only), in which PostgreSQL queues no trigger event, and each
    key is then checked as PostgreSQL's own trigger checks it, but once for all the rows: every distinct
    value referenced is looked up and locked ``FOR KEY SHARE`` until the commit, so that no other
    transaction can delete or re-key the row referenced meanwhile (``_check_references``). Only when it is
    safe: both tables locked by the rebuild (nobody else writes them; the keys between them are added again
    in one join), every trigger on them a foreign key's own (none of another kind would be skipped), no
    rule, every key on one column, and the role allowed to set the parameter (a superuser, or ``GRANT SET
    ON PARAMETER session_replication_role`` on PostgreSQL 15 and later); else the triggers stay."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger t LEFT JOIN pg_constraint k ON k.oid = t.tgconstraint "
            "WHERE t.tgrelid = ANY(%s::regclass[]) AND NOT (t.tgisinternal AND k.contype = 'f') "
            "UNION ALL SELECT count(*) FROM pg_rewrite WHERE ev_class = ANY(%s::regclass[])",
            [tables, tables],
        )
        if any(count for (count,) in cursor.fetchall()):
            return None
        cursor.execute(
            "SELECT k.conrelid::regclass::text, quote_ident(k.conname), quote_ident(a.attname), "
            "k.confrelid::regclass::text, quote_ident(f.attname), cardinality(k.conkey) "
            "FROM pg_constraint k "
            "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
            "JOIN pg_attribute f ON f.attrelid = k.confrelid AND f.attnum = k.confkey[1] "
            "WHERE k.contype = 'f' AND k.conrelid = ANY(%s::regclass[]) "
            "AND NOT k.confrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tables, tables],
        )
        keys = cursor.fetchall()
        if any(columns != 1 for *_key, columns in keys):
            return None
        try:
            with transaction.atomic():  # a savepoint: a role not allowed to set it keeps the triggers
                cursor.execute("SET LOCAL session_replication_role = replica")
        except (ProgrammingError, OperationalError):
            return None
    return [key[:5] for key in keys]


def _check_references(keys: list[tuple]) -> None:
    """After the insert run without triggers (``_references_checked_after``): the triggers back on, then
    every value each key references looked up and locked (``FOR KEY SHARE``, as PostgreSQL's own check
    does) once; a value referencing no row refuses the whole import."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = origin")
        for table, name, column, target, target_column in keys:
            cursor.execute(
                f"WITH wanted AS (SELECT DISTINCT {column} AS v FROM {table} WHERE {column} IS NOT NULL), "  # noqa: S608 - catalog names, quoted
                f"found AS (SELECT 1 FROM {target} WHERE {target_column} IN (SELECT v FROM wanted) "
                "FOR KEY SHARE) SELECT (SELECT count(*) FROM wanted) - (SELECT count(*) FROM found)"
            )
            if cursor.fetchone()[0]:
                raise ParcelError(
                    _("The import would break a rule of the register (%(rule)s). Nothing was saved.")
                    % {"rule": name.strip('"')}
                )


def _dropped_foreign_keys(tables: list[str]) -> list[str]:
    """Drop the foreign keys between ``tables`` (each already locked by its indexes' drop: nothing else
    is locked); the statements that add them again, each checked then over all its rows at once."""
    if len(tables) < 2:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid = ANY(%s::regclass[]) AND confrelid = ANY(%s::regclass[]) ORDER BY conname",
            [tables, tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    return [f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}" for table, name, definition in keys]


def needs_analyze(inserted: int, estimate: float) -> bool:
    """Whether the planner's row estimate is too stale after ``inserted`` rows (-1 or 0: never analysed)."""
    return estimate <= 0 or inserted >= ANALYZE_SHARE * estimate


def _analyze_after(inserted: int) -> None:
    """Refresh the planner's statistics once the import is committed, when it changed the table by a tenth or
    more. PostgreSQL's autovacuum would do it minutes later (meanwhile a bbox query right after an import
    scanned the table: 166 ms instead of 12.8 ms measured on 100,000 parcels); SQLite never would
    (core/db/planner_statistics)."""
    if needs_analyze(inserted, planner_statistics.estimated_rows("parcels_parcel")):
        planner_statistics.analyze(
            ["parcels_parcel", "parcels_parcelversion", "parcels_topologyfinding"], side_by_side=True
        )
