"""Translatable text without Qt.

core and services must not import PySide6, yet their messages reach the user. Source texts are
Simplified Chinese (the default interface language), marked with ``QT_TRANSLATE_NOOP`` so that
``pyside6-lupdate`` collects them, and translated when shown: the GUI installs
``QCoreApplication.translate``; the command line keeps the Chinese source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Translator = Callable[[str, str], str]


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def install_translator(translator: Translator | None) -> None:
    """Route every later ``Message`` through ``translator`` (None restores the source text)."""
    global _translator
    _translator = translator or _identity


class Marked(str):
    """A source text that remembers the context it was marked in (see ``QT_TRANSLATE_NOOP``)."""

    context: str

    def __new__(cls, text: str, context: str = "") -> Marked:
        marked = super().__new__(cls, text)
        marked.context = context
        return marked

    def __reduce__(self) -> tuple[Any, ...]:
        return (Marked, (str(self), self.context))


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for translation in ``context``; returns the same text.

    The text remembers its context, so that whoever shows it later (an error raised far from
    where the sentence was written) looks it up where lupdate filed it.
    """
    return Marked(text, context)


def context_of(text: str, default: str) -> str:
    """The context ``text`` was marked in, else ``default``."""
    return getattr(text, "context", default)


def translate(context: str, text: str) -> str:
    return _translator(context, text)


@dataclass(frozen=True)
class Message:
    """A user-facing sentence: translated source text with ``str.format`` parameters."""

    context: str
    source: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        text = translate(self.context, self.source)
        return text.format(**self.params) if self.params else text


@dataclass(frozen=True)
class Listing:
    """Items joined as the interface language lists them ("A、B" in Chinese, "A, B" in English).

    A message parameter: joined when the message is shown, so in the language of that moment.
    """

    items: tuple[str, ...]
    more: bool = False  # "…" after the items: the list was cut

    def __str__(self) -> str:
        separator = translate("Text", QT_TRANSLATE_NOOP("Text", "、"))
        return separator.join(self.items) + ("…" if self.more else "")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def listing(items: Any, limit: int | None = None) -> Listing:
    values = tuple(str(item) for item in items)
    if limit is not None and len(values) > limit:
        return Listing(values[:limit], more=True)
    return Listing(values)


def colon(label: str) -> str:
    """A field label before its value: "买方：" in Chinese, "Buyer: " in English."""
    return translate("Text", QT_TRANSLATE_NOOP("Text", "{label}：")).format(label=label)
