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


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    return text


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
        if not self.params:
            return text
        return text.format(**{key: _quoted(value) for key, value in self.params.items()})


# Input quoted back in a message (a 1 MB "number", a name) is cut to this many characters.
MAX_QUOTED = 200


def _quoted(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_QUOTED:
        return f"{value[:MAX_QUOTED]}…({len(value)})"
    return value
