"""The wheel carries everything: built from a copy of the sources, installed into a fresh virtual
environment with no checkout beside it, where ``--version`` and ``--selftest`` must pass; a copy of
that installation without its font (or its translations) must fail the self-test naming it.

pip takes the dependencies from its cache or the configured wheel folders: no compiling, about
half a minute on the 2-core machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import invoicedesk
from tests.environment import unavailable

ROOT = Path(__file__).resolve().parents[2]
FONT = "resources/fonts/NotoSansSC-Regular.ttf"
QM = "resources/translations/invoicedesk_en.qm"

pytestmark = [pytest.mark.slow, pytest.mark.wheel]


def _run(cmd: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [str(c) for c in cmd], capture_output=True, text=True, check=False, **kwargs
    )


def _clean_env(home: Path, **extra: str) -> dict[str, str]:
    """No virtual environment, no checkout on the path, no display: a shop's plain session."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "invoicedesk", src / "invoicedesk", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", tmp / "wheels", src]
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next((tmp / "wheels").glob("invoicedesk-*.whl"))
    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", venv])
    assert made.returncode == 0, made.stderr
    pip = _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel])
    assert pip.returncode == 0, pip.stdout + pip.stderr
    site = next((venv / "lib").glob("python3.*/site-packages"))
    home = tmp / "home"
    home.mkdir()
    return {"wheel": wheel, "venv": venv, "package": site / "invoicedesk", "home": home}


def test_wheel_holds_the_resources_and_the_version(installed: dict[str, Path]) -> None:
    assert installed["wheel"].name.startswith(f"invoicedesk-{invoicedesk.__version__}-")
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for needed in (FONT, "resources/fonts/OFL.txt", QM, "resources/icons/invoicedesk.svg",
                   "resources/icons/invoicedesk-256.png", "resources/linux/invoicedesk.desktop",
                   "resources/help/zh_CN/start.md", "resources/help/en/start.md"):  # fmt: skip
        assert f"invoicedesk/{needed}" in names, needed
    assert not [n for n in names if n.endswith(".ts")], "translation sources stay out"


def test_installed_wheel_runs_its_selftest_without_the_checkout(
    installed: dict[str, Path], tmp_path: Path
) -> None:
    program = installed["venv"] / "bin" / "invoicedesk"
    env = _clean_env(installed["home"])
    version = _run([program, "--version"], cwd=tmp_path, env=env)
    assert version.returncode == 0
    assert version.stdout.strip() == f"invoicedesk {invoicedesk.__version__}"

    result = _run([program, "--selftest", "--json"], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] and report["failed"] == []
    assert Path(report["location"]) == installed["package"].resolve()
    assert ROOT not in Path(report["location"]).parents
    names = [c["name"] for c in report["checks"]]
    assert names == ["qt_libraries", "qt_platform", "font", "translations", "ledger", "xlsx",
                     "pdf", "snapshot", "cleanup"]  # fmt: skip
    assert list(tmp_path.iterdir()) == [], "the self-test leaves nothing behind"

    text = _run([program, "--selftest"], cwd=tmp_path, env=env)
    assert text.returncode == 0
    assert text.stdout.strip().endswith("全部通过")


@pytest.mark.parametrize(("removed", "check"), [(FONT, "font"), (QM, "translations")])
def test_selftest_fails_naming_what_a_damaged_copy_lacks(
    installed: dict[str, Path], tmp_path: Path, removed: str, check: str
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(installed["package"], copy / "invoicedesk")
    (copy / "invoicedesk" / removed).unlink()
    env = _clean_env(installed["home"], PYTHONPATH=str(copy))
    python = installed["venv"] / "bin" / "python"
    result = _run([python, "-m", "invoicedesk", "--selftest", "--json"], cwd=tmp_path, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert Path(report["location"]) == (copy / "invoicedesk").resolve()
    assert check in report["failed"]
    detail = next(c["detail"] for c in report["checks"] if c["name"] == check)
    assert Path(removed).name in detail and "重新安装" in detail
    for other in ("qt_platform", "ledger", "xlsx", "snapshot", "cleanup"):
        assert other not in report["failed"]

    text = _run([python, "-m", "invoicedesk", "--selftest"], cwd=tmp_path, env=env)
    assert text.returncode == 1
    assert text.stdout.strip().splitlines()[-1].startswith("未通过：")
    assert check in text.stdout.strip().splitlines()[-1]

    # The app itself falls back (system font, Chinese source texts) and opens its ledger.
    probe = tmp_path / "probe.json"
    env.update(QT_QPA_PLATFORM="offscreen", INVOICEDESK_START_PROBE=str(probe),
               INVOICEDESK_LANG="en")  # fmt: skip
    started = _run([python, "-m", "invoicedesk", "--db", tmp_path / "ledger.sqlite"], env=env)
    assert started.returncode == 0, started.stderr
    assert json.loads(probe.read_text())["rows"] == 0
    assert "Traceback" not in started.stderr


def test_without_a_display_the_app_says_so_in_one_line(
    installed: dict[str, Path], tmp_path: Path
) -> None:
    program = installed["venv"] / "bin" / "invoicedesk"
    result = _run([program, "--db", tmp_path / "x.sqlite"], env=_clean_env(installed["home"]))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "没有图形显示" in result.stderr and "DISPLAY" in result.stderr
    assert not (tmp_path / "x.sqlite").exists()


def _libgl() -> Path:
    for candidate in ("/usr/lib/x86_64-linux-gnu/libGL.so.1", "/lib64/libGL.so.1"):
        if Path(candidate).exists():
            return Path(candidate)
    unavailable("no system libGL.so.1 to hide")


def test_without_the_systems_opengl_library(installed: dict[str, Path], tmp_path: Path) -> None:
    """libGL replaced by an empty file in a private mount namespace (root only): one line from
    the app, and a self-test that names the library and still runs the checks without Qt."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        unavailable("hiding libGL needs root and unshare")
    hide = f'mount --bind /dev/null {_libgl()} && exec "$0" "$@"'
    program = str(installed["venv"] / "bin" / "invoicedesk")
    env = _clean_env(installed["home"], DISPLAY=":0")
    app = _run(["unshare", "-m", "sh", "-c", hide, program], env=env, cwd=tmp_path)
    if "mount" in app.stderr and "libGL" not in app.stderr:
        unavailable(f"cannot mount here: {app.stderr.strip()}")
    assert app.returncode == 2, app.stderr
    assert app.stderr.strip().count("\n") == 0
    assert "libGL.so.1" in app.stderr and "libgl1" in app.stderr

    test = _run(["unshare", "-m", "sh", "-c", hide, program, "--selftest", "--json"], env=env)
    assert test.returncode == 1, test.stderr
    report = json.loads(test.stdout)
    assert report["failed"] == ["qt_libraries", "qt_platform", "font", "translations"]
    assert "libGL.so.1" in report["checks"][0]["detail"]
    assert {"ledger", "xlsx", "pdf", "snapshot", "cleanup"}.isdisjoint(report["failed"])
