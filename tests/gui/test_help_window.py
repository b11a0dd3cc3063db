"""Help on F1: every page of the main window and every dialog reachable from it opens the help at
its own topic, in Chinese and in English; the topic files exist in both languages; links between
topics work; search finds topics by Chinese and English words; a missing file is a clear message."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from invoicedesk.gui.help_window import HelpWindow
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.paths import resources_dir
from invoicedesk.services import cases, help_topics
from invoicedesk.services.help_topics import LANGUAGES, TOPICS, HelpIndex, topic_path
from tests.gui.helpers import run_on_worker, screenshot, type_text

# The pages of the main window and the topic F1 must open on each: written out here (not read
# from the code's table), so a page that loses its help, or a new page without one, fails.
PAGE_TOPICS = {
    "ledgerPage": "ledger",
    "counterPage": "counter",
    "searchPage": "search",
    "verificationPage": "verification",
    "incidentRegister": "incidents",
    "backupPage": "backups",
    "healthPage": "health",
    "monthPage": "month",
    "trendsPage": "trends",
    "casePage": "cases",
    "auditPage": "audit",
}
KNOWLEDGE = {
    "not-in-system",
    "outage-steps",
    "month-end-checklist",
    "verification-rules",
    "red-flush",
    "amount-in-words",
    "restore-drill",
}
LINK = re.compile(r"\]\(([^)]+)\)")


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("INVOICEDESK_LANG", request.param)
    return str(request.param)


@pytest.fixture
def window(qtbot: QtBot, small_db: Path) -> Iterator[MainWindow]:
    main = MainWindow(str(small_db), "tester")
    qtbot.addWidget(main)
    main.resize(1366, 768)
    with qtbot.waitSignal(main.ledger.model.reloaded, timeout=20_000):
        main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=5_000)
    yield main
    main.close()


def focus_inside(qtbot: QtBot, widget: QWidget) -> QWidget:
    """Put the keyboard focus where a person would have it: the first widget of ``widget`` that
    takes Tab focus (else ``widget`` itself)."""
    widget.activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow, timeout=5_000)
    target = widget
    for child in widget.findChildren(QWidget):
        if (
            child.isVisible()
            and child.isEnabled()
            and child.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            target = child
            break
    target.setFocus()

    def inside() -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is widget or widget.isAncestorOf(focus))

    qtbot.waitUntil(inside, timeout=5_000)
    return QApplication.focusWidget()


def press_f1(qtbot: QtBot, window: MainWindow, widget: QWidget) -> HelpWindow:
    target = focus_inside(qtbot, widget)
    qtbot.keyClick(target, Qt.Key.Key_F1)
    help_window = window.help.window
    assert help_window is not None, f"F1 on {widget.objectName()} opened no help"
    qtbot.waitUntil(help_window.isVisible, timeout=5_000)
    return help_window


def assert_shows(help_window: HelpWindow, topic: str, language: str) -> None:
    assert help_window.current_topic == topic
    for lang in LANGUAGES:
        assert topic_path(topic, lang).is_file(), f"{topic} has no {lang} file"
    title = help_topics.read_topic(topic, language).title
    assert help_window.browser.toPlainText().startswith(title)
    assert help_window.list.currentItem() is not None
    assert help_window.list.currentItem().text() == title
    other = "en" if language == "zh_CN" else "zh_CN"
    assert title != help_topics.read_topic(topic, other).title, "the help follows the UI language"


def test_f1_on_every_page_opens_its_topic(qtbot: QtBot, window: MainWindow, language: str) -> None:
    names = [window.pages.widget(i).objectName() for i in range(window.pages.count())]
    assert sorted(names) == sorted(PAGE_TOPICS), "every page needs its help topic"
    for index, name in enumerate(names):
        window.pages.setCurrentIndex(index)
        page = window.pages.widget(index)
        help_window = press_f1(qtbot, window, page)
        assert_shows(help_window, PAGE_TOPICS[name], language)
        window.activateWindow()
    # The menu's 使用帮助 opens the same window at the page shown.
    window.pages.setCurrentIndex(names.index("monthPage"))
    focus_inside(qtbot, window.pages.currentWidget())
    window.findChild(type(window.record_action), "helpAction").trigger()
    assert window.help.window is not None
    assert window.help.window.current_topic == "month"


def _detail(window: MainWindow, invoice_id: int) -> None:
    from invoicedesk.gui.invoice_detail import InvoiceDetailDialog

    dialog = InvoiceDetailDialog(invoice_id, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def dialogs(qtbot: QtBot, window: MainWindow) -> list[tuple[str, Callable[[], object], str]]:
    """Each dialog or window reachable from the main window: its object name, how it is opened
    (as its menu action or button does) and the topic F1 must open there."""
    feature: Any = window
    invoice_id = window.ledger.model.invoice_id(0)
    assert invoice_id is not None
    case_id = run_on_worker(
        qtbot,
        lambda: cases.open_case("王女士", "查不到", "phone", "tester", phone="13800000002").id,
    )
    corrections = feature.ledger_corrections
    return [
        ("planSettings", feature.incidents.open_plan, "plan-settings"),
        ("incidentWizard", lambda: feature.incidents.start_wizard(True), "incident-wizard"),
        ("setupWizard", feature.first_start.open, "setup-wizard"),
        ("restoreDialog", lambda: feature.backups_feature.open_restore("", ""), "restore"),
        ("newCaseDialog", feature.cases.new_case, "case-new"),
        ("caseWindow", lambda: feature.cases.open_case(case_id), "case-window"),
        ("caseReview", feature.cases.open_review, "case-review"),
        ("mailSettings", feature.cases.open_mail_settings, "mail-settings"),
        ("invoiceDetail", lambda: _detail(window, invoice_id), "invoice-detail"),
        ("correctDialog", lambda: corrections.correct(invoice_id), "corrections"),
        ("redFlushDialog", lambda: corrections.red_flush(invoice_id), "red-flush"),
        ("trainingDialog", feature.practice.show_register, "training-register"),
    ]


def shown(name: str) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()),
        None,
    )


def test_f1_in_every_dialog_opens_its_topic(
    qtbot: QtBot, window: MainWindow, language: str
) -> None:
    for name, open_it, topic in dialogs(qtbot, window):
        open_it()
        qtbot.waitUntil(lambda n=name: shown(n) is not None, timeout=20_000)
        dialog = shown(name)
        assert dialog is not None
        help_window = press_f1(qtbot, window, dialog)
        assert_shows(help_window, topic, language)
        # The help is not blocked by the (window-)modal dialog: it takes the keyboard.
        help_window.activateWindow()
        qtbot.waitUntil(help_window.isActiveWindow, timeout=5_000)
        qtbot.keyClicks(help_window.search, "F9")
        assert help_window.search.text() == "F9"
        help_window.search.clear()
        dialog.close()
        qtbot.waitUntil(lambda n=name: shown(n) is None, timeout=5_000)


def test_every_topic_exists_in_both_languages_and_links_resolve() -> None:
    assert set(TOPICS) >= KNOWLEDGE
    assert set(PAGE_TOPICS.values()) <= set(TOPICS)
    assert set(help_topics.TOPIC_OF_WIDGET.values()) <= set(TOPICS)
    for language in LANGUAGES:
        folder = resources_dir() / "help" / language
        on_disk = {p.stem for p in folder.glob("*.md")}
        assert on_disk == set(TOPICS), f"{language}: {on_disk ^ set(TOPICS)}"
        for topic in TOPICS:
            text = topic_path(topic, language).read_text(encoding="utf-8")
            assert text.startswith("# "), f"{language}/{topic} starts with its title"
            for target in LINK.findall(text):
                linked = help_topics.topic_from_link(target)
                assert linked is not None and linked[0] in TOPICS, f"{language}/{topic}: {target}"


def test_links_between_topics_open_in_the_window(qtbot: QtBot, language: str) -> None:
    help_window = HelpWindow(language)
    qtbot.addWidget(help_window)
    help_window.show()
    help_window.show_topic("start")
    help_window.follow(QUrl("red-flush.md"))
    assert help_window.current_topic == "red-flush"
    assert "01" in help_window.browser.toPlainText()
    help_window.back()
    assert help_window.current_topic == "start"
    assert not help_window.back_button.isEnabled()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("红冲", "red-flush"),
        ("red-flush", "red-flush"),
        ("大写", "amount-in-words"),
        ("AMOUNTS IN WORDS", "amount-in-words"),
        ("restore drill", "restore-drill"),
        ("恢复演练", "restore-drill"),
        ("查验 次数", "verification-rules"),
        ("month-end checklist", "month-end-checklist"),
        ("查不到", "not-in-system"),
        ("outage", "outage-steps"),
    ],
)
def test_search_finds_topics_in_chinese_and_english(
    qtbot: QtBot, language: str, query: str, expected: str
) -> None:
    help_window = HelpWindow(language)
    qtbot.addWidget(help_window)
    help_window.show()
    help_window.activateWindow()
    qtbot.waitUntil(help_window.isActiveWindow, timeout=5_000)
    help_window.search.setFocus()
    type_text(qtbot, query)
    assert help_window.search.text() == query
    found = help_window.shown_topics()
    assert expected in found[:3], found
    assert len(found) < len(TOPICS)
    qtbot.keyClick(help_window.search, Qt.Key.Key_Return)
    assert help_window.current_topic == found[0]


def test_search_with_no_match_says_so(qtbot: QtBot) -> None:
    help_window = HelpWindow("zh_CN")
    qtbot.addWidget(help_window)
    help_window.show()
    help_window.search.setText("zzzqqq 不存在的词")
    assert help_window.shown_topics() == []
    assert help_window.empty.isVisible()
    help_window.search.clear()
    assert help_window.shown_topics() == list(TOPICS)
    assert not help_window.empty.isVisible()


def test_missing_topic_file_gives_a_clear_message(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "help"
    shutil.copytree(resources_dir() / "help", root)
    (root / "zh_CN" / "month.md").unlink()
    (root / "zh_CN" / "trends.md").write_bytes(b"\xff\xfe\x00broken")
    help_window = HelpWindow("zh_CN", root)
    qtbot.addWidget(help_window)
    help_window.show()
    for topic in ("month", "trends"):
        help_window.show_topic(topic)
        text = help_window.browser.toPlainText()
        assert f"找不到帮助主题“{topic}”的文件" in text
        assert str(root / "zh_CN" / f"{topic}.md") in text
        assert "重新安装" in text
    assert topic in help_window.shown_topics()  # still listed, by its id
    help_window.show_topic("ledger")  # the others still work
    assert help_window.browser.toPlainText().startswith("台账")
    assert HelpIndex("zh_CN", root).search("月结") != []


def test_help_window_screenshots(
    qtbot: QtBot, window: MainWindow, language: str, tmp_path: Path
) -> None:
    window.pages.setCurrentIndex(
        [window.pages.widget(i).objectName() for i in range(window.pages.count())].index(
            "counterPage"
        )
    )
    help_window = press_f1(qtbot, window, window.pages.currentWidget())
    help_window.resize(1366, 768)
    qtbot.waitUntil(lambda: help_window.size().width() == 1366, timeout=5_000)
    screenshot(help_window, tmp_path, f"help-counter-{language}")
    help_window.search.setText("红冲" if language == "zh_CN" else "red-flush")
    help_window._open_first()
    screenshot(help_window, tmp_path, f"help-search-{language}")
