"""The command line run in-process, as each CLI test module's ``run`` fixture does it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from invoicedesk.cli import main
from invoicedesk.store.database import close_database

Run = Callable[..., tuple[int, str, str]]


def cli_runner(
    target: str | Path,
    user: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Run:
    """``invoke(*args, stdin=None, user=None, db=None) -> (exit code, stdout, stderr)``: one
    command against ``target`` (or ``db``) as ``user``; the database is closed after each."""

    def invoke(
        *args: str, stdin: str | None = None, user: str = user, db: str | Path | None = None
    ) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = main(["--db", str(db or target), "--user", user, *args])
        finally:
            close_database()
        out, err = capsys.readouterr()
        return code, out, err

    return invoke
