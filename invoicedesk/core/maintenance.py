"""When preventive maintenance is due (the guide's 预防性维护: 在非高峰时段安排定期维护窗口).

The owner sets a nightly window (default 02:00–05:00 Beijing time; it may run past midnight,
e.g. 23:00–01:00) and whether the app may also tidy up when it is closed, for shops whose
computer is off at night: then it runs at exit once ``every_days`` have passed since the last run.
Pure: the caller passes the moment and the last run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.problems import Problem, problem

SETTING_KEY = "maintenance"


@dataclass(frozen=True)
class MaintenanceWindow:
    start: time = time(2, 0)
    end: time = time(5, 0)
    at_exit: bool = True
    every_days: int = 7

    def contains(self, moment: datetime) -> bool:
        now = moment.time()
        if self.start <= self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end  # past midnight

    def opened_at(self, moment: datetime) -> datetime:
        """When the window containing ``moment`` opened (the day before, past midnight)."""
        opened = datetime.combine(moment.date(), self.start, tzinfo=moment.tzinfo)
        return opened if opened <= moment else opened - timedelta(days=1)

    def due_in_window(self, moment: datetime, last_run: datetime | None) -> bool:
        """Inside the window and not yet run in this opening of it."""
        if not self.contains(moment):
            return False
        return last_run is None or last_run < self.opened_at(moment)

    def due_at_exit(self, moment: datetime, last_run: datetime | None) -> bool:
        return self.at_exit and (
            last_run is None or moment - last_run >= timedelta(days=self.every_days)
        )

    def to_setting(self) -> dict[str, Any]:
        return {
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
            "at_exit": self.at_exit,
            "every_days": self.every_days,
        }


def window_from_setting(data: Any) -> MaintenanceWindow:
    """The stored setting, or the default for anything missing or unreadable."""
    if not isinstance(data, dict):
        return MaintenanceWindow()
    default = MaintenanceWindow()
    try:
        return MaintenanceWindow(
            start=time.fromisoformat(str(data.get("start", "02:00"))),
            end=time.fromisoformat(str(data.get("end", "05:00"))),
            at_exit=bool(data.get("at_exit", True)),
            every_days=max(1, int(data.get("every_days", 7))),
        )
    except (TypeError, ValueError):
        return default


def _clock_time(text: str) -> time | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def parse_window(text: str) -> tuple[MaintenanceWindow | None, list[Problem]]:
    """'02:00-05:00' (also with '–' or '~') as typed by the owner or given to the CLI."""
    cleaned = text.strip().replace("–", "-").replace("~", "-").replace("：", ":")
    parts = [p.strip() for p in cleaned.split("-")]
    bad = problem(
        "window",
        QT_TRANSLATE_NOOP("Problem", "维护时段应写成“开始-结束”，例如 02:00-05:00"),
    )
    if len(parts) != 2:
        return None, [bad]
    start, end = _clock_time(parts[0]), _clock_time(parts[1])
    if start is None or end is None:
        return None, [bad]
    if start == end:
        return None, [
            problem("window", QT_TRANSLATE_NOOP("Problem", "维护时段的开始和结束不能相同"))
        ]
    return MaintenanceWindow(start=start, end=end), []
