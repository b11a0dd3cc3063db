"""Practice ledger, lessons and the training register through the services and the CLI."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from invoicedesk.cli import main
from invoicedesk.core import clock
from invoicedesk.core.dates import add_months
from invoicedesk.services import company, demo, invoices, lessons, practice, requests, training
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.errors import ServiceError
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import AuditEntry, InvoiceLine
from tests.factories import draft, line, number


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


@pytest.fixture
def real(tmp_path: Path) -> Iterator[Path]:
    """A real ledger (a shop that issues only 数电 at 6% and 13%), open; practice left after."""
    path = tmp_path / "real.sqlite"
    open_database(path, actor="owner")
    company.set_company("北京练习测试餐厅", "91110108551385082Q", "owner")
    demo.generate(60, "owner", seed=3, kinds={"82"}, rates={"0.06", "0.13"})
    try:
        yield path
    finally:
        practice.leave()
        close_database()


def head() -> tuple[int, str]:
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    return entry.id, entry.hash


def test_practice_ledger_copies_the_shops_kinds_and_rates(real: Path) -> None:
    status = practice.enter("counter")
    assert status.active and status.built and status.rebuilt_reason == "missing"
    assert practice.is_practice_ledger() and practice.is_active()
    assert company.get_company().name == "【练习】北京练习测试餐厅"
    rates = {r for (r,) in InvoiceLine.select(InvoiceLine.tax_rate).distinct().tuples()}
    assert rates <= {"0.06", "0.13"}
    kinds = {v.kind for v in invoices.list_invoices(limit=1000).rows}
    assert kinds == {"82"}
    assert verify_audit().ok  # the practice ledger has its own chain
    practice.leave()
    assert not practice.is_practice_ledger()
    assert company.get_company().name == "北京练习测试餐厅"


def test_a_whole_practice_session_leaves_the_real_file_and_chain_alone(real: Path) -> None:
    before = head()
    practice.enter("counter")
    frozen = real.read_bytes()
    wal = Path(f"{real}-wal")
    frozen_wal = wal.read_bytes() if wal.exists() else b""
    lessons.start("counter-outage", "counter")
    record(1, "counter")
    practice.reset("counter")
    record(2, "counter", lines=1)
    practice.leave()
    assert real.read_bytes() == frozen
    assert (wal.read_bytes() if wal.exists() else b"") == frozen_wal
    assert head() == before and verify_audit().ok


def test_lesson_steps_count_only_in_order(real: Path, frozen_clock: clock.ManualClock) -> None:
    with pytest.raises(ServiceError, match="练习模式"):
        lessons.start("counter-outage", "counter")
    practice.enter("counter")
    run = lessons.start("counter-outage", "counter")
    assert [s.done for s in run.progress.steps] == [False, False, False]
    # The request and its invoice before the two-line 数电票: nothing ticks.
    issue(request("counter", "13800000001"), 3, "counter")
    run = lessons.current()
    assert run is not None and [s.done for s in run.progress.steps] == [False, False, False]
    with pytest.raises(ServiceError, match="第 1 步"):
        lessons.complete("counter")
    # Another person's work does not count for this one.
    record(4, "someone-else")
    assert [s.done for s in lessons.current().progress.steps] == [False, False, False]  # type: ignore[union-attr]
    record(5, "counter")
    second = request("counter", "13800000002")
    assert [s.done for s in lessons.current().progress.steps] == [True, True, False]  # type: ignore[union-attr]
    with pytest.raises(ServiceError, match="第 3 步"):
        lessons.complete("counter")
    frozen_clock.advance(timedelta(minutes=4, seconds=30))
    issue(second, 6, "counter")
    recorded = lessons.complete("counter")
    assert recorded.seconds == 270 and recorded.person == "counter"
    assert lessons.current() is None
    practice.leave()
    [row] = training.register()
    assert (row.person, row.lesson, row.seconds, row.where) == (
        "counter",
        "counter-outage",
        270,
        "practice",
    )
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "training.complete" and verify_audit().ok


def record(seq: int, actor: str, lines: int = 2) -> int:
    """A 数电票 with ``lines`` lines, dated today."""
    items = [line(), line("*餐饮服务*饮料", amount="30.00", quantity="1", unit_price="30.00")]
    made = draft(seq, issue_date=clock.today(), lines=items[:lines])
    return invoices.record_invoice(made, actor).id


def request(actor: str, phone: str) -> int:
    return requests.create_request("王女士", [line()], actor, phone=phone).id


def issue(request_id: int, seq: int, actor: str) -> None:
    requests.convert_request(request_id, number(seq), "", clock.today(), actor)


def test_register_and_due_list_on_a_frozen_clock(
    real: Path, frozen_clock: clock.ManualClock
) -> None:
    start = clock.stamp()
    training.record_completion("张三", "counter-outage", start, "owner")
    training.record_completion("李四", "bookkeeper-red", start, "owner")
    assert training.refresher_months() == 6
    rows = training.register()
    assert {r.person for r in rows} == {"张三", "李四"} and not any(r.due for r in rows)
    due_on = add_months(clock.today(), 6)
    assert {r.due_on for r in rows} == {due_on}
    # The day before: nobody; on the day: both.
    frozen_clock.advance(timedelta(days=(due_on - clock.today()).days - 1))
    assert training.register(due_only=True) == []
    frozen_clock.advance(timedelta(days=1))
    assert {r.person for r in training.register(due_only=True)} == {"张三", "李四"}
    # 张三 retrains: only 李四 stays due; the owner shortens the period to 3 months.
    training.record_completion("张三", "counter-outage", clock.stamp(), "owner")
    assert [r.person for r in training.register(due_only=True)] == ["李四"]
    assert [r.times for r in training.register(person="张三")] == [2]
    training.set_refresher_months(3, "owner")
    frozen_clock.advance(timedelta(days=95))
    assert {r.person for r in training.register(due_only=True)} == {"张三", "李四"}
    with pytest.raises(ServiceError, match="1 到 60"):
        training.set_refresher_months("zero", "owner")
    assert training.refresher_months() == 3
    assert verify_audit().ok


def test_the_register_is_written_to_the_real_ledger_from_practice(real: Path) -> None:
    practice.enter("counter")
    training.record_completion("王五", "drill-restore", clock.stamp(), "王五")
    assert [r.person for r in training.register()] == ["王五"]  # read from the real ledger
    practice.leave()
    assert [r.person for r in training.register()] == ["王五"]
    conn = sqlite3.connect(practice.practice_path())
    assert conn.execute("SELECT count(*) FROM training_record").fetchone()[0] == 0
    conn.close()


def test_a_missing_or_damaged_practice_ledger_is_rebuilt(real: Path) -> None:
    practice.enter("counter")
    practice.leave()
    path = practice.practice_path()
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    path.write_bytes(b"\0" * 4096)
    status = practice.enter("counter")
    assert status.built and status.rebuilt_reason == "damaged" and status.invoices == 400
    practice.leave()
    for item in path.parent.iterdir():
        item.unlink()
    assert practice.enter("counter").rebuilt_reason == "missing"
    practice.leave()
    assert practice.enter("counter").rebuilt_reason == ""  # a sound one is reused


def test_cli_training_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(tmp_path / "cli.sqlite")
    assert main(["--db", target, "init", "--company", "店"]) == 0
    open_database(target, actor="owner")
    try:
        long_ago = clock.stamp(clock.now() - timedelta(days=400))
        training.record_completion("张三", "counter-outage", long_ago, "owner")
        training.record_completion("李四", "counter-verify", clock.stamp(), "owner")
        # 张三's completion is backdated: rewrite its date as if done 400 days ago.
        from invoicedesk.store.training_models import TrainingRecord

        TrainingRecord.update(completed_at=long_ago).where(
            TrainingRecord.person == "张三"
        ).execute()
    finally:
        close_database()
    capsys.readouterr()
    assert main(["--db", target, "training", "list", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["refresher_months"] == 6
    assert [(r["person"], r["due"]) for r in payload["rows"]] == [("张三", True), ("李四", False)]
    assert main(["--db", target, "training", "list", "--due", "--json"]) == 1
    assert [r["person"] for r in json.loads(capsys.readouterr().out)["rows"]] == ["张三"]
    assert main(["--db", target, "training", "list"]) == 0
    text = capsys.readouterr().out
    assert "张三" in text and "该复训" in text and "李四" in text
    assert main(["--db", target, "training", "period", "--months", "99"]) == 2
    assert "1 到 60" in capsys.readouterr().err
    assert main(["--db", target, "training", "period", "--months", "12"]) == 0
    assert "12 个月" in capsys.readouterr().out
    assert main(["--db", target, "training", "list", "--due"]) == 1  # 400 days > 12 months


def test_register_of_a_database_saved_at_version_6_and_upgraded_from_5(tmp_path: Path) -> None:
    import shutil

    data = Path(__file__).resolve().parent.parent / "data"
    for version, people in ((6, ["张三", "李四"]), (5, [])):
        target = tmp_path / f"v{version}.sqlite"
        shutil.copy(data / f"schema_v{version}.sqlite", target)
        open_database(target, actor="tester")
        try:
            assert sorted(r.person for r in training.register()) == sorted(people)
            training.record_completion("王五", "drill-incident", clock.stamp(), "tester")
            assert "王五" in {r.person for r in training.register()}
            assert verify_audit().ok
        finally:
            close_database()


def test_reconcile_lesson_with_the_practice_platform_export(real: Path) -> None:
    from invoicedesk.services import reconcile, reconcile_differences

    status = practice.enter("bookkeeper")
    export = practice.platform_export_path()
    assert export.exists() and export.parent == Path(status.path).parent
    lessons.start("bookkeeper-reconcile", "bookkeeper")
    _file, session = reconcile.reconcile_file(export, "bookkeeper")
    differences = reconcile_differences.list_differences(session.id)
    assert len(differences) == 3  # one missing on each side, one amount that differs
    for diff in differences[:2]:
        reconcile_differences.resolve(diff.id, "accepted", "练习", "bookkeeper")
    reconcile_differences.resolve(differences[2].id, "postponed", "练习", "bookkeeper")
    run = lessons.current()
    assert run is not None and not run.complete and run.progress.steps[1].count == 2
    reconcile_differences.resolve(differences[2].id, "tax_office", "练习", "bookkeeper")
    assert lessons.complete("bookkeeper").lesson == "bookkeeper-reconcile"
    practice.reset("bookkeeper")  # a reset writes a fresh export for the new practice ledger
    assert export.exists()


@pytest.mark.postgres
def test_practice_beside_a_postgresql_ledger(pg_url: str) -> None:
    """Several counters share a PostgreSQL ledger; practice is still a local SQLite file."""
    open_database(pg_url, actor="owner")
    try:
        company.set_company("北京多柜台餐厅", "91110108551385082Q", "owner")
        record(1, "owner")
        before = head()
        assert practice.enter("counter").built
        record(2, "counter")
        training.record_completion("counter", "counter-outage", clock.stamp(), "counter")
        practice.leave()
        assert company.get_company().name == "北京多柜台餐厅"
        assert invoices.ledger_totals().count == 1
        assert head()[0] == before[0] + 1  # only the register's entry was added
        assert [r.person for r in training.register()] == ["counter"] and verify_audit().ok
    finally:
        practice.leave()
        close_database()


def test_the_month_pack_carries_the_register_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv
    import io
    import zipfile

    target = str(tmp_path / "pack.sqlite")
    assert main(["--db", target, "init", "--company", "店", "--tax-id", "91110108551385082Q"]) == 0
    open_database(target, actor="owner")
    try:
        demo.generate(30, "owner", seed=4, months=1)
        period = clock.period_of(clock.today())
        training.record_completion("张三", "counter-outage", clock.stamp(), "owner")
    finally:
        close_database()
    with_it, without = tmp_path / "with.zip", tmp_path / "without.zip"
    assert main(["--db", target, "export", "pack", "--period", period, "--out", str(without)]) == 0
    assert not any(n.startswith("培训登记") for n in zipfile.ZipFile(without).namelist())
    args = ["export", "pack", "--period", period, "--out", str(with_it), "--with-training"]
    assert main(["--db", target, *args]) == 0
    with zipfile.ZipFile(with_it) as pack:
        name = f"培训登记-{period}.csv"
        assert name in pack.namelist()
        rows = list(csv.DictReader(io.StringIO(pack.read(name).decode("utf-8-sig"))))
        manifest = json.loads(pack.read("manifest.json"))
    assert [(r["姓名"], r["是否到期"]) for r in rows] == [("张三", "")]
    assert name in [f["name"] for f in manifest["files"]]
    capsys.readouterr()
    bad = ["export", "ledger", "--period", period, "--out", str(tmp_path / "x.xlsx")]
    assert main(["--db", target, *bad, "--with-training"]) == 2
    assert "--with-training" in capsys.readouterr().err
