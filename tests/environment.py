"""What a test needs from the machine, and what happens when it is not there.

On a developer's machine a test that cannot run here is skipped with the reason; under CI=true
(PostgreSQL, root and every tool are set up) it fails instead, so that no test passes there unrun.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

ON_CI = os.environ.get("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parents[1]


def child_pythonpath() -> str:
    """PYTHONPATH for a Python child process: the project first, then what this run was given
    (under ``./dev.sh test-at`` that holds the sitecustomize every process needs there)."""
    given = os.environ.get("PYTHONPATH")
    return os.pathsep.join([str(ROOT), given] if given else [str(ROOT)])


def unavailable(reason: str) -> NoReturn:
    if ON_CI:
        pytest.fail(f"{reason} (CI=true: this test must run)")
    pytest.skip(reason)


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool (pdftotext, pdfinfo, pdffonts) and return what it printed."""
    if shutil.which(tool) is None:
        unavailable(f"{tool} is missing: install poppler-utils (./dev.sh does, as root)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def pdf_text(path: Path, *, layout: bool = False) -> str:
    return poppler("pdftotext", *(["-layout"] if layout else []), str(path), "-")
