"""The help's topics: Markdown files in ``resources/help/<language>/<topic>.md``, one per page or
dialog and one per knowledge-base article, in Simplified Chinese and English.

Plain data and files only (no Qt): the help window renders what this module reads. A topic's title
is its first ``# `` heading; topics link to each other with ``[text](other-topic.md)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from invoicedesk.paths import resources_dir

LANGUAGES = ("zh_CN", "en")

# Every topic, in the order the help window lists them: the start, the pages, their dialogs,
# then the knowledge base the merchant guide asks for.
PAGE_TOPICS: tuple[str, ...] = (
    "start",
    "ledger",
    "counter",
    "invoice-detail",
    "corrections",
    "search",
    "verification",
    "incidents",
    "incident-wizard",
    "plan-settings",
    "backups",
    "restore",
    "health",
    "month",
    "trends",
    "cases",
    "case-new",
    "case-window",
    "case-review",
    "mail-settings",
    "setup-wizard",
    "practice",
    "training-register",
    "audit",
)
KNOWLEDGE_TOPICS: tuple[str, ...] = (
    "not-in-system",
    "outage-steps",
    "month-end-checklist",
    "verification-rules",
    "red-flush",
    "amount-in-words",
    "restore-drill",
)
TOPICS: tuple[str, ...] = PAGE_TOPICS + KNOWLEDGE_TOPICS
START = "start"

# Which topic F1 opens, by the object name of the page, dialog or window that has the focus.
TOPIC_OF_WIDGET: dict[str, str] = {
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
    "incidentWizard": "incident-wizard",
    "planSettings": "plan-settings",
    "setupWizard": "setup-wizard",
    "restoreDialog": "restore",
    "invoiceDetail": "invoice-detail",
    "correctDialog": "corrections",
    "voidDialog": "corrections",
    "redFlushDialog": "red-flush",
    "newCaseDialog": "case-new",
    "caseWindow": "case-window",
    "caseReview": "case-review",
    "mailSettings": "mail-settings",
    "caseForDifference": "case-new",
    "textDialog": "month",
    "invoiceForm": "counter",
    "lessonPanel": "practice",
    "lessonDock": "practice",
    "trainingDialog": "training-register",
    "auditPage": "audit",
}


def help_folder(language: str, root: Path | None = None) -> Path:
    """``resources/help/<language>`` (Chinese for a language the help does not have)."""
    base = root if root is not None else resources_dir() / "help"
    return base / (language if language in LANGUAGES else "zh_CN")


def topic_path(topic: str, language: str, root: Path | None = None) -> Path:
    return help_folder(language, root) / f"{topic}.md"


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    text: str  # the Markdown; empty when the file is missing
    path: Path
    found: bool


def title_of(text: str, fallback: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


def read_topic(topic: str, language: str, root: Path | None = None) -> Topic:
    """One topic's file; ``found`` is False (and the text empty) when it is missing or unreadable."""
    path = topic_path(topic, language, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Topic(topic, topic, "", path, False)
    return Topic(topic, title_of(text, topic), text, path, True)


def topic_from_link(link: str) -> tuple[str, str] | None:
    """``other-topic.md#part`` → ``("other-topic", "part")``; None for anything else (web links)."""
    if "://" in link or link.startswith("mailto:"):
        return None
    name, _, fragment = link.partition("#")
    name = name.rsplit("/", 1)[-1]
    if not name.endswith(".md"):
        return None
    return name[: -len(".md")], fragment


class HelpIndex:
    """All topics of both languages, read once, searchable by words of either language."""

    def __init__(self, language: str, root: Path | None = None) -> None:
        self.language = language if language in LANGUAGES else "zh_CN"
        self.root = root
        self.topics = {t: read_topic(t, self.language, root) for t in TOPICS}
        other = "en" if self.language == "zh_CN" else "zh_CN"
        self.others = {t: read_topic(t, other, root) for t in TOPICS}

    def topic(self, topic: str) -> Topic:
        if topic not in self.topics:  # a link to a topic we do not list: read it on demand
            return read_topic(topic, self.language, self.root)
        return self.topics[topic]

    def search(self, query: str) -> list[str]:
        """Topics holding every word of ``query`` (Chinese or English, any case) in either
        language, best first: the whole query in a title counts most, then words in titles,
        then how often the words occur. Chinese needs no spaces: each word is looked for as a
        run of characters."""
        words = [w.casefold() for w in query.split() if w.strip()]
        if not words:
            return list(TOPICS)
        scored: list[tuple[int, int, str]] = []
        for order, topic in enumerate(TOPICS):
            texts = [self.topics[topic], self.others[topic]]
            titles = " ".join(t.title.casefold() for t in texts if t.found)
            bodies = " ".join(t.text.casefold() for t in texts if t.found)
            if not all(w in bodies or w in titles for w in words):
                continue
            phrase = " ".join(words)
            score = 1000 * (phrase in titles) + 50 * (len(words) > 1 and phrase in bodies)
            score += sum(20 * (w in titles) + min(bodies.count(w), 5) for w in words)
            scored.append((-score, order, topic))
        return [topic for _score, _order, topic in sorted(scored)]
