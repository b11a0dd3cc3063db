"""Shared fixtures: a real database per test, on SQLite and on PostgreSQL; one clock for all.

Every test starts on the same instant: the system time when the session began (so the suite run
by ``./dev.sh test-at`` at an awkward date is really run at that date). The clock then runs on at real
speed; a test that needs another date or time sets ``frozen_clock`` itself. Expected dates and
periods are computed from ``clock.today()``, never written as literals that age.

PostgreSQL tests use the server on 127.0.0.1:5432 (override with INVOICEDESK_TEST_PG); each test
creates its own database and drops it. A test that needs what a machine may lack (that server,
root to mount a small disk, poppler-utils) goes through ``tests.environment.unavailable``:
skipped with the reason on a developer's machine, a failure under CI=true.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from invoicedesk.core import clock
from tests.environment import unavailable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the tests' own logs and data out of the user's folders.
os.environ.setdefault("INVOICEDESK_USER", "tester")
# No test may reach the person's own keyring: those that need one install a file-backed one.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

# The mail server and keyring fixtures of the customer-case tests.
pytest_plugins = ("tests.mail_server",)

# Fault and load probes: processes killed at random, racing writers, hostile files, the start-up
# splash's timing, the window's fit, a change follower in another process. They test what does not depend on the date, so CI runs them
# once, with the README's test command, and not again at its two faked instants (-m "not faults").
FAULT_PROBES = frozenset(
    {
        "tests/integration/test_hostile_input.py",
        "tests/integration/test_backup_leftovers.py",
        "tests/integration/test_concurrent_writers.py",
        "tests/gui/test_start_splash.py",
        "tests/gui/test_fit_and_english.py",
        "tests/integration/test_change_feed.py",  # a follower and a writer in two processes
    }
)


# Checks of the source code itself (layers, imports, translatable text, clock calls): no date in
# them either.
SOURCE_CHECKS = frozenset(
    {
        "tests/test_layers.py",
        "tests/test_no_importlib.py",
        "tests/test_translatable_strings.py",
        "tests/test_clock_calls.py",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(str(config.rootpath))
    for item in items:
        where = Path(str(item.path)).relative_to(root).as_posix()
        if where in FAULT_PROBES:
            item.add_marker(pytest.mark.faults)
        elif where in SOURCE_CHECKS:
            item.add_marker(pytest.mark.static)


# Read once, before any test can install another clock.
SESSION_START = clock.SystemClock().now()


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[clock.ManualClock]:
    """The application's clock for one test, starting at the session's first instant."""
    test_clock = clock.ManualClock(SESSION_START)
    previous = clock.use(test_clock)
    try:
        yield test_clock
    finally:
        clock.use(previous)


# The cost each new password or PIN hash is made with (accounts.py explains it). Tests make
# hundreds of accounts; as Django advises for its tests, they hash at a lower cost: 2**10, about
# 2.5 ms instead of 40 ms each, which took a tenth of the suite's time. A stored hash names its
# own cost and is checked with it, so the code checked is the code shipped;
# tests/integration/test_accounts.py checks a hash at the shipped cost.
SHIPPED_SCRYPT_N = 2**14
TEST_SCRYPT_N = 2**10


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    from invoicedesk.services import accounts

    assert accounts.SCRYPT_N == SHIPPED_SCRYPT_N, "the shipped cost changed: say so here"
    monkeypatch.setattr(accounts, "SCRYPT_N", TEST_SCRYPT_N)


@pytest.fixture(autouse=True)
def signed_out() -> Iterator[None]:
    """Nobody signed in before and after each test (the session is process-wide)."""
    from invoicedesk.services import session

    session.sign_out()
    yield
    session.sign_out()


PG_SERVER = os.environ.get("INVOICEDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


def _pg_admin():  # type: ignore[no-untyped-def]
    import psycopg2

    conn = psycopg2.connect(f"{PG_SERVER}/postgres", connect_timeout=3)
    conn.autocommit = True
    return conn


def _pg_unavailable() -> str | None:
    try:
        _pg_admin().close()
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_SERVER}: {str(exc).strip().splitlines()[0]}"
    return None


@pytest.fixture(scope="session")
def pg_reason() -> str | None:
    return _pg_unavailable()


@contextmanager
def _pg_database(template: str) -> Iterator[str]:
    """A new PostgreSQL database copied from ``template``, dropped afterwards."""
    name = f"invoicedesk_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        from invoicedesk.store.database import close_database

        close_database()
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def pg_url(pg_reason: str | None) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    if pg_reason:
        unavailable(pg_reason)
    with _pg_database("template0") as url:
        yield url


@pytest.fixture(scope="session")
def pg_migrated_template(pg_reason: str | None) -> Iterator[str]:
    """A database at the latest schema, made once per session, that ``db`` copies.

    Creating the 36 tables and their indexes took about 0.2 s of every PostgreSQL test's set-up
    (more with three suites sharing CI's two cores); ``CREATE DATABASE … TEMPLATE`` copies them
    in a few milliseconds. What the schema's creation writes (its version, one audit entry by
    "tester" at the session's first instant) is what ``open_database`` would have written.
    """
    if pg_reason:
        unavailable(pg_reason)
    from invoicedesk.store.database import close_database, open_database

    with _pg_database("template0") as url:
        test_clock = clock.ManualClock(SESSION_START)
        previous = clock.use(test_clock)
        try:
            open_database(url, actor="tester")
        finally:
            close_database()
            clock.use(previous)
        yield url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where the test's database lives: a SQLite file, or a fresh PostgreSQL database.

    Through ``db`` the PostgreSQL one is already at the latest schema (copied from
    ``pg_migrated_template``); asked for alone, it is empty, as ``pg_url``.
    """
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.sqlite")
    elif "db" in request.fixturenames:
        with _pg_database(request.getfixturevalue("pg_migrated_template")) as url:
            yield url
    else:
        yield str(request.getfixturevalue("pg_url"))


@pytest.fixture
def db(db_target: str) -> Iterator[str]:
    """The database opened, migrated and bound to the models; yields its target."""
    from invoicedesk.store.database import close_database, open_database

    open_database(db_target, actor="tester")
    try:
        yield db_target
    finally:
        close_database()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[str]:
    from invoicedesk.store.database import close_database, open_database

    target = str(tmp_path / "ledger.sqlite")
    open_database(target, actor="tester")
    try:
        yield target
    finally:
        close_database()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """A really full disk: a size-limited tmpfs mounted for one test (needs root).

    Mounting needs root: elsewhere the test is ``unavailable``.
    """
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        path = tmp_path / f"small-disk-{len(mounted)}"
        path.mkdir()
        try:
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                check=True,
                capture_output=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            unavailable(f"cannot mount a {size} tmpfs here (needs root): {exc}")
        mounted.append(path)
        return path

    yield mount
    for path in mounted:
        subprocess.run(["umount", str(path)], check=False)
