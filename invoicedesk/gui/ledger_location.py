"""Where the ledger lives after a PostgreSQL restore switched it to a NEW database.

A SQLite switch puts the restored file in place of the old one (the same path opens it); a
PostgreSQL one leaves the old database as it was and opens the restored one, so the app keeps
each switch here, for the next start: ledger URL -> the database switched to. Both without
their password (QSettings is a plain file): the password, if any, is the one the app was started
with (the same server and user), or libpq's own (PGPASSWORD, .pgpass).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from invoicedesk.services.ledger_switch import moved_to, without_password

MOVES_KEY = "ledger/switched_to"


def _moves() -> dict[str, str]:
    value = QSettings().value(MOVES_KEY, {})
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def remember_switch(previous: str, now: str) -> None:
    moves = _moves()
    moves[without_password(previous)] = without_password(now)
    moves.pop(without_password(now), None)  # back to an earlier database: its move is over
    QSettings().setValue(MOVES_KEY, moves)


def current_location(started: str) -> str:
    """``started`` (``--db`` or the default), followed through the switches remembered."""
    return moved_to(started, _moves())
