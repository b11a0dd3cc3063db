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
