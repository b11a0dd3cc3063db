"""Bulk rows into PostgreSQL through ``COPY … FROM STDIN``: one round trip per batch.

``executemany`` sends one INSERT per row (about 1,100 demo invoices/s); COPY streams the batch
as text and checks the same constraints, so a bad row still fails the statement, and with it the
caller's transaction: nothing of the batch stays.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import peewee
from peewee import Database, PostgresqlDatabase

# psycopg2's errors as peewee's (IntegrityError …), as execute_sql raises them.
_as_peewee_errors: Any = peewee.__exception_wrapper__  # type: ignore[attr-defined]

# COPY's text format: these four characters would end a field or a row.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def usable(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)


def _field(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    return str(value)  # int, Decimal, date: their text is what PostgreSQL reads


def _line(row: Sequence[Any]) -> str:
    """One row of COPY text. Fast path: join as is, and escape field by field only when the
    joined line shows a character that needs it (rare: names and numbers hold none)."""
    out = [
        v
        if type(v) is str
        else "\\N"
        if v is None
        else "t"
        if v is True
        else "f"
        if v is False
        else str(v)
        for v in row
    ]
    line = "\t".join(out)
    if (
        line.count("\\") != row.count(None)
        or line.count("\t") != len(out) - 1
        or "\n" in line
        or "\r" in line
    ):
        line = "\t".join(map(_field, row))
    return line


def copy_rows(
    db: Database, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Write ``rows`` (values in ``columns`` order) into ``table``; returns how many.

    Must run inside the caller's transaction; a failing row raises peewee's error
    (IntegrityError for a taken number) as an INSERT would."""
    if not db.in_transaction():
        raise RuntimeError("copy_rows must run inside the write's transaction")
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write(_line(row))
        buffer.write("\n")
        count += 1
    if not count:
        return 0
    buffer.seek(0)
    names = ", ".join(f'"{c}"' for c in columns)
    with _as_peewee_errors:
        db.cursor().copy_expert(f'COPY "{table}" ({names}) FROM STDIN', buffer)
    return count


def execute_values(db: Database, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """One statement for many rows: ``sql`` holds ``VALUES %s`` (an upsert, where COPY cannot)."""
    from psycopg2.extras import execute_values as run

    with _as_peewee_errors:
        run(db.cursor(), sql, rows, page_size=max(1, len(rows)))
