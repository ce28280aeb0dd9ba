"""Median and longest of durations per group, computed by the database: a commune's 400,000 claim moves are
never read into Python to take a median. PostgreSQL takes the median with its ordered-set aggregate
(``percentile_cont``: one sort per group); SQLite, which has none, with two window functions over the rows
ranked per group. Both give the mean of the two middle values for an even count."""

from django.db import connection

DAY = 86_400.0


def epoch_seconds(column: str) -> str:
    """SQL for a timestamp column as seconds since the epoch (Django stores SQLite times as UTC text)."""
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM {column})"
    return f"(julianday({column}) * 86400.0)"


def datetime_param(value):
    return connection.ops.adapt_datetimefield_value(value)


def summarise(durations_sql: str, params: list) -> dict[str, tuple[int, float, float]]:
    """``durations_sql`` selects ``grp`` and ``seconds``; the answer maps each group to (how many, median
    days, longest days).
    The median of an even count is the mean of the two middle values."""
    if connection.vendor == "postgresql":
        sql = f"""
            SELECT grp, COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds), MAX(seconds)
            FROM ({durations_sql}) durations GROUP BY grp
        """  # noqa: S608 - durations_sql is made by the figures (ORM and fixed text), values as parameters
    else:
        sql = f"""
            WITH durations AS ({durations_sql}),
            ranked AS (
                SELECT grp, seconds,
                       ROW_NUMBER() OVER (PARTITION BY grp ORDER BY seconds) AS position,
                       COUNT(*) OVER (PARTITION BY grp) AS total
                FROM durations
            )
            SELECT grp, MAX(total),
                   AVG(CASE WHEN position IN ((total + 1) / 2, (total + 2) / 2) THEN seconds END),
                   MAX(seconds)
            FROM ranked GROUP BY grp
        """  # noqa: S608 - durations_sql is made by the figures (ORM and fixed text), values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {grp: (int(n), float(med) / DAY, float(top) / DAY) for grp, n, med, top in cursor.fetchall()}
