"""Data migrations from the JSON snapshots (core.VersionRecord) to a model's typed history table.

Used by the migrations that create a history table (e.g. parties' 0005): every record's current version
is copied from its row in one INSERT ... SELECT; each snapshot of a past version becomes a typed row, the
actor and reason of the snapshot (who superseded version N, and why) becoming the maker of version N+1;
then the snapshots go. Backwards: the superseded versions become snapshots again and the typed rows go.
Only historical models (``apps``) are used, so later changes to the models do not change what ran.
"""


def _typed(field, text):
    """A snapshot value (Field.value_to_string: 'None' for an empty nullable field) as the field's type."""
    from django.contrib.gis.geos import GEOSGeometry

    if text is None or (field.null and text in ("None", "")):
        return None
    if hasattr(field, "geom_type"):
        geometry = GEOSGeometry(text)
        geometry.srid = geometry.srid or field.srid
        return geometry
    return field.to_python(text)


def _content_type(apps, record):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.filter(app_label=record._meta.app_label, model=record._meta.model_name).first()


def snapshots_to_versions(apps, schema_editor, *, record_label: str, history_label: str, copied: list[str]):
    Record = apps.get_model(record_label)
    History = apps.get_model(history_label)
    VersionRecord = apps.get_model("core", "VersionRecord")
    key = Record._meta.model_name  # the history's key to its record (historical models keep no RECORD)
    key_column = History._meta.get_field(key).column
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    columns = ", ".join(quote(History._meta.get_field(name).column) for name in copied)
    sources = ", ".join(quote(Record._meta.get_field(name).column) for name in copied)
    history_table = quote(History._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history_table} ({quote(key_column)}, version, begin_lifespan, "  # noqa: S608
            f"end_lifespan, changed_by_id, change_reason, end_reason, {columns}) "
            f"SELECT id, version, begin_lifespan, end_lifespan, created_by_id, '', '', {sources} "
            f"FROM {quote(Record._meta.db_table)} "
            f"WHERE id NOT IN (SELECT {quote(key_column)} FROM {history_table})"
        )
    content_type = _content_type(apps, Record)
    if content_type is None:
        return
    records = VersionRecord.objects.filter(content_type=content_type).order_by("object_id", "version")
    fields = {name: History._meta.get_field(name) for name in copied}
    by_record: dict = {}
    for snapshot in records.iterator(chunk_size=2000):
        by_record.setdefault(snapshot.object_id, []).append(snapshot)
    rows = []
    for record_id, past in by_record.items():
        current = Record.objects.get(pk=record_id)
        made_by, made_for = current.created_by_id, ""
        for snapshot in past:
            rows.append(
                History(
                    **{f"{key}_id": record_id},
                    version=snapshot.version,
                    begin_lifespan=snapshot.begin_lifespan,
                    end_lifespan=snapshot.end_lifespan,
                    changed_by_id=made_by,
                    change_reason=made_for,
                    ended_by_id=snapshot.actor_id,
                    end_reason=snapshot.reason,
                    **{name: _typed(field, snapshot.snapshot.get(name)) for name, field in fields.items()},
                )
            )
            made_by, made_for = snapshot.actor_id, snapshot.reason
        History.objects.filter(**{f"{key}_id": record_id}, version=current.version).update(
            changed_by_id=made_by, change_reason=made_for
        )
        if len(rows) >= 2000:
            History.objects.bulk_create(rows)
            rows = []
    History.objects.bulk_create(rows)
    records._raw_delete(records.db)  # VersionRecord refuses delete() one by one; the rows live on typed


def versions_to_snapshots(apps, schema_editor, *, record_label: str, history_label: str, copied: list[str]):
    Record = apps.get_model(record_label)
    History = apps.get_model(history_label)
    VersionRecord = apps.get_model("core", "VersionRecord")
    key = Record._meta.model_name  # the history's key to its record (historical models keep no RECORD)
    content_type = _content_type(apps, Record)
    current = {r.pk: r for r in Record.objects.filter(versions__isnull=False).distinct()}
    snapshots = []
    for row in History.objects.exclude(end_lifespan__isnull=True).order_by(f"{key}_id", "version"):
        record = current[getattr(row, f"{key}_id")]
        if row.version >= record.version:
            continue  # the record's own row holds its last version
        snapshot = {f.attname: f.value_to_string(record) for f in Record._meta.concrete_fields}
        for name in ("version", "begin_lifespan", "end_lifespan", *copied):
            snapshot[name] = History._meta.get_field(name).value_to_string(row)
        snapshots.append(
            VersionRecord(
                content_type=content_type,
                object_id=record.pk,
                version=row.version,
                begin_lifespan=row.begin_lifespan,
                end_lifespan=row.end_lifespan,
                snapshot=snapshot,
                actor_id=row.ended_by_id,
                reason=row.end_reason,
            )
        )
    VersionRecord.objects.bulk_create(snapshots, batch_size=2000)
    everything = History.objects.all()
    everything._raw_delete(everything.db)
