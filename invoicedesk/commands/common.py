"""What the command line and its feature commands (``invoicedesk.commands.*``) share: exit codes,
bad input, the printed lines' translation and the argument readers.

Here rather than in ``invoicedesk.cli``, which imports the feature commands to register them: the
commands importing cli back would close an import loop.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_BUSY = 75  # sysexits.h EX_TEMPFAIL: a scheduler may simply run the command again
EXIT_READER_GONE = 141  # what a shell reports for a Unix tool that SIGPIPE ended


def _t(source: str, /, **params: Any) -> str:
    """A line the command prints, in the language INVOICEDESK_LANG chose (``source`` positional
    only: a message may have a ``{source}`` of its own)."""
    return str(Message("Cli", source, params))


POSITIVE = QT_TRANSLATE_NOOP("Cli", "应为正整数，收到“{text}”")


class BadInput(Exception):
    """Raised for bad arguments: one line on stderr, exit 2."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_t(POSITIVE, text=text)) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(_t(POSITIVE, text=text))
    return value


def _period(text: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(
            _t(QT_TRANSLATE_NOOP("Cli", "期间格式应为 YYYY-MM，收到“{text}”"), text=text)
        )
    return text


def second_person(args: argparse.Namespace) -> tuple[str, str]:
    """Four eyes on the command line: ``--second NAME`` and that person's PIN
    (``INVOICEDESK_SECOND_PIN`` or a prompt on a terminal). Without ``--second``: ("", "")."""
    import getpass

    name = getattr(args, "second", None) or ""
    if not name:
        return "", ""
    pin = os.environ.get("INVOICEDESK_SECOND_PIN")
    if not pin:
        if not sys.stdin.isatty():
            raise BadInput(
                _t(
                    QT_TRANSLATE_NOOP(
                        "Cli",
                        "{name} 的 PIN：请设置环境变量 INVOICEDESK_SECOND_PIN，或在终端中运行",
                    ),
                    name=name,
                )
            )
        pin = getpass.getpass(_t(QT_TRANSLATE_NOOP("Cli", "{name} 的 PIN："), name=name))
    return name, pin


def _read_json(source: str) -> Any:
    """The parsed JSON; numbers with a fraction or exponent read exactly (Decimal, never float:
    a float would turn 2.0000000000000000000001 into 2 before anything could check it)."""
    from decimal import Decimal

    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(
            _t(QT_TRANSLATE_NOOP("Cli", "文件 {source} 不是 UTF-8 编码的 JSON"), source=source)
        ) from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise BadInput(
            _t(
                QT_TRANSLATE_NOOP("Cli", "JSON 格式错误（第{line}行第{column}列）：{reason}"),
                line=exc.lineno,
                column=exc.colno,
                reason=exc.msg,
            )
        ) from None
    except RecursionError:
        raise BadInput(_t(QT_TRANSLATE_NOOP("Cli", "JSON 格式错误：对象或列表嵌套太深"))) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise BadInput(
            _t(QT_TRANSLATE_NOOP("Cli", "JSON 中有无法读取的数值：{reason}"), reason=str(exc)[:80])
        ) from None
