"""Bulk rows into PostgreSQL through ``COPY … FROM STDIN``: one round trip per batch.

``executemany`` sends one INSERT per row (about 1,100 demo invoices/s); COPY streams the batch
as text and checks the same constraints, so a bad row still fails the statement, and with it the
caller's transaction: nothing of the batch stays.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
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
    text, count = _text(rows)
    if count:
        with _as_peewee_errors:
            _copy(db.cursor(), table, columns, text)
    return count


def _text(rows: Iterable[Sequence[Any]]) -> tuple[str, int]:
    lines = [_line(row) for row in rows]
    lines.append("")  # the last row's newline
    return "\n".join(lines), len(lines) - 1


# One read of up to this many characters per round trip (psycopg2 reads 8 KB by default): fewer
# hand-overs of the interpreter lock when the copy runs on BackgroundCopy's thread.
_READ_SIZE = 1 << 20


def _copy(cursor: Any, table: str, columns: Sequence[str], text: str) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    cursor.copy_expert(f'COPY "{table}" ({names}) FROM STDIN', io.StringIO(text), _READ_SIZE)


class BackgroundCopy:
    """COPY batches from a second thread while the caller builds the next one: the server
    stores a batch as Python makes the next (the two overlap on two cores).

    Use as a context manager inside the write's transaction. At most one batch is in flight;
    ``wait`` before using the connection for anything else (psycopg2 does not share a
    connection between a COPY and another statement). A failed batch raises peewee's error from
    the next ``send``, ``wait`` or the exit, so the caller's transaction rolls back, as with
    ``copy_rows``; the exit waits for the batch in flight before the transaction ends."""

    def __init__(self, db: Database) -> None:
        if not db.in_transaction():
            raise RuntimeError("BackgroundCopy must run inside the write's transaction")
        # The cursor is taken here: peewee's connection is per thread, the COPY's must be ours.
        self._cursor = db.cursor()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-copy")
        self._pending: list[Future[None]] = []

    def send(
        self,
        batches: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
        while_idle: Callable[[], None] | None = None,
    ) -> None:
        """Copy (table, columns, rows) batches in order: their text is built here, while the
        batch in flight copies; then ``while_idle`` runs with the connection free (nothing
        copying), and the copies start."""
        texts = [(table, columns, _text(rows)) for table, columns, rows in batches]
        self.wait()
        if while_idle:
            while_idle()
        for table, columns, (text, count) in texts:
            if count:
                job = self._pool.submit(_copy, self._cursor, table, columns, text)
                self._pending.append(job)

    def wait(self) -> None:
        pending, self._pending = self._pending, []
        with _as_peewee_errors:
            for future in pending:
                future.result()

    def __enter__(self) -> BackgroundCopy:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self.wait()
            else:  # the caller's error wins; still no COPY may outlive the transaction
                for future in self._pending:
                    future.exception()
        finally:
            self._pool.shutdown(wait=True)


def execute_values(db: Database, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """One statement for many rows: ``sql`` holds ``VALUES %s`` (an upsert, where COPY cannot)."""
    from psycopg2.extras import execute_values as run

    with _as_peewee_errors:
        run(db.cursor(), sql, rows, page_size=max(1, len(rows)))
