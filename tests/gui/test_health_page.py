"""The health dashboard with real widgets: every check shown and logged."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from invoicedesk.gui.health_page import HealthPage
from invoicedesk.services import backup_restore, backup_runs, backup_settings
from invoicedesk.services.system_checks import recent_checks
from tests.gui.helpers import run_on_worker, screenshot


def test_the_dashboard_runs_and_logs_every_check(
    qtbot: QtBot, small_db: Path, tmp_path: Path, qtmodeltester: object
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    run_on_worker(qtbot, lambda: backup_settings.add_destination(str(usb), "U盘", "店长"))
    run_on_worker(qtbot, lambda: backup_runs.run_backup("店长"))
    page = HealthPage("店长")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.run()
    qtbot.waitUntil(lambda: page.result is not None, timeout=30_000)
    titles = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert titles[:4] == ["数据库完整性", "审计链", "磁盘空间", "电子发票服务平台连通性"]
    assert "备份与恢复验证" in titles and "待处理的申请和事件" in titles
    results = {
        page.model.index(r, 0).data(): page.model.index(r, 1).data() for r in range(len(titles))
    }
    assert results["数据库完整性"] == "正常" and results["审计链"] == "正常"
    # Backed up, but never restored: the backup row asks for a drill.
    assert results["备份与恢复验证"] == "需处理"
    assert "需要处理" in page.summary.text()
    assert str(usb) in page.destinations.text() and "上次备份" in page.destinations.text()
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    screenshot(page, tmp_path, "health_page")
    logged = run_on_worker(qtbot, lambda: [(c.name, c.source) for c in recent_checks(20)])
    for name in ("database", "audit_chain", "disk_space", "platform", "backups", "open_items"):
        assert (name, "dashboard") in logged

    run_on_worker(qtbot, lambda: backup_restore.restore_drill("店长"))
    page.run()
    qtbot.waitUntil(
        lambda: (
            page.result is not None and any(r.name == "backups" and r.ok for r in page.result.rows)
        ),
        timeout=30_000,
    )


def test_a_shown_dashboard_redraws_when_another_counter_adds_a_request(
    qtbot: QtBot, small_db: Path
) -> None:
    """A request made on the worker (not through the page) reaches the open-items row by the
    change notice; the dashboard's own check log never sets it running again."""
    from invoicedesk.services import requests
    from tests.factories import line

    page = HealthPage("店长")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.run()
    qtbot.waitUntil(lambda: page.result is not None and not page.running, timeout=30_000)

    def open_requests() -> int | None:
        return None if page.result is None else page.result.open_requests

    before = open_requests()
    assert before is not None
    first = page.result
    run_on_worker(
        qtbot,
        lambda: requests.create_request("北京某某公司", [line()], "另一台", phone="13800000002"),
    )
    qtbot.waitUntil(lambda: open_requests() == before + 1 and not page.running, timeout=30_000)
    assert page.result is not first
    details = [page.model.index(r, 2).data() for r in range(page.model.rowCount())]
    assert any(f"开票申请 {before + 1} 条" in str(d) for d in details)
    again = page.result
    run_on_worker(qtbot, lambda: None)
    qtbot.wait(200)
    assert page.result is again and not page.running  # it settled: no run after its own log
