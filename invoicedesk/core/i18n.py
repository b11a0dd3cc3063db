"""Translatable text without Qt.

core and services must not import PySide6, yet their messages reach the user. Source texts are
Simplified Chinese (the default interface language), marked with ``QT_TRANSLATE_NOOP`` so that
``pyside6-lupdate`` collects them, and translated when shown: the GUI installs
``QCoreApplication.translate``; the command line reads the same compiled translation without Qt
(``read_qm``) when ``INVOICEDESK_LANG`` asks for English.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Translator = Callable[[str, str], str]


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def install_translator(translator: Translator | None) -> Translator:
    """Route every later ``Message`` through ``translator`` (None restores the source text).

    Returns the translator it replaces, for whoever installs one only for a while.
    """
    global _translator
    previous = _translator
    _translator = translator or _identity
    return previous


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
        if not self.params:
            return text
        return text.format(**{key: _quoted(value) for key, value in self.params.items()})


# Input quoted back in a message (a 1 MB "number", a name) is cut to this many characters.
MAX_QUOTED = 200


def _quoted(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_QUOTED:
        return f"{value[:MAX_QUOTED]}…({len(value)})"
    return value


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


def read_qm(path: str | Path) -> dict[tuple[str, str], str]:
    """The messages of a compiled Qt translation (.qm), read without Qt.

    The command line must not load Qt, yet its reports and messages follow the language too.
    lrelease keeps each message's context and source text, so a plain walk over the messages
    section finds them: records of (tag, big-endian length, bytes), a message ending with tag 1.
    """
    data = Path(path).read_bytes()
    if data[:16] != _QM_MAGIC:
        raise ValueError(f"{path} is not a Qt translation file")
    messages = b""
    at = 16
    while at + 5 <= len(data):
        tag, length = data[at], struct.unpack(">I", data[at + 1 : at + 5])[0]
        if tag == 0x69:  # the messages section
            messages = data[at + 5 : at + 5 + length]
        at += 5 + length
    found: dict[tuple[str, str], str] = {}
    context = source = ""
    translation: str | None = None
    at = 0
    while at < len(messages):
        tag = messages[at]
        if tag == 1:  # end of one message
            if translation is not None and source:
                found[(context, source)] = translation
            context = source = ""
            translation = None
            at += 1
            continue
        length = struct.unpack(">I", messages[at + 1 : at + 5])[0]
        body = messages[at + 5 : at + 5 + length] if length != 0xFFFFFFFF else b""
        if tag == 3:
            translation = body.decode("utf-16-be")
        elif tag == 6:
            source = body.decode("utf-8")
        elif tag == 7:
            context = body.decode("utf-8")
        at += 5 + (0 if length == 0xFFFFFFFF else length)
    return found


def qm_translator(path: str | Path) -> Translator:
    table = read_qm(path)
    return lambda context, text: table.get((context, text)) or text


_QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")


def language() -> str:
    """The language messages are shown in now: "zh_CN" (the source) or what translates it."""
    return translate("Text", QT_TRANSLATE_NOOP("Text", "zh_CN"))


def pdf_word_wrap() -> str | None:
    """ReportLab's line breaking: anywhere for Chinese, between words otherwise ("reques/t")."""
    return "CJK" if language() == "zh_CN" else None


def sentences(parts: Any) -> str:
    """Sentences one after another: run together in Chinese, a space between them in English."""
    pattern = translate("Text", QT_TRANSLATE_NOOP("Text", "{sentence}{next}"))
    text = ""
    for part in parts:
        text = pattern.format(sentence=text, next=part) if text else str(part)
    return text


def aside(text: object, note: object) -> str:
    """A remark after a text: "名称（备注）" in Chinese, "name (note)" in English."""
    return translate("Text", QT_TRANSLATE_NOOP("Text", "{text}（{note}）")).format(
        text=text, note=note
    )
