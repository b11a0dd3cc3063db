"""Command line of the month_end feature: ``register(subparsers)`` adds its subcommands."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add this feature's subcommands; each parser sets ``handler=fn(args, actor) -> int``."""
