"""Build the one-folder bundle, pack it, and prove the packed bundle works on its own.

    ./dev.sh package              build, pack, unpack in an empty folder, self-test there
    ./dev.sh package --no-check   build and pack only

Linux: ``dist/InvoiceDesk-<version>-linux-x86_64.tar.gz`` holding ``InvoiceDesk-<version>/`` (the
program ``invoicedesk``, a desktop entry and ``install-desktop-entry.sh``). The check unpacks the
archive into an empty folder and runs ``invoicedesk --selftest --json`` there under ``env -i`` (no
virtual environment, no PATH, no display), removes the font from a copy and expects the self-test
to fail naming it, and (as root, where ``unshare`` may mount) hides the system's libGL and expects
one clear line. Figures (build time, sizes, self-test time) go to ``dist/bundle-figures.json``.
On Windows and macOS it builds with the same spec and packs a .zip; the check is Linux-only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SIZE_LIMIT = 250 * 1024 * 1024
LINUX = sys.platform.startswith("linux")
FONT = Path("_internal/invoicedesk/resources/fonts/NotoSansSC-Regular.ttf")
HELP = Path("invoicedesk/resources/help")


def version() -> str:
    text = (ROOT / "invoicedesk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    assert match, "no __version__ in invoicedesk/__init__.py"
    return match.group(1)


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, "unknown")
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("arm64", "aarch64")
    return f"{system}-{machine}"


def say(text: str) -> None:
    print(f"\033[1m==> {text}\033[0m", file=sys.stderr, flush=True)


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def build() -> tuple[Path, float]:
    """Run PyInstaller; returns the built folder and the seconds it took."""
    out = WORK / "dist"
    shutil.rmtree(WORK, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            f"--distpath={out}",
            f"--workpath={WORK / 'work'}",
            str(HERE / "invoicedesk.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    built = out / ("InvoiceDesk.app" if sys.platform == "darwin" else "InvoiceDesk")
    return built, time.perf_counter() - started


def pack(built: Path, name: str) -> Path:
    """The archive a shop downloads: one top folder named after the version."""
    DIST.mkdir(exist_ok=True)
    if not LINUX:
        archive = DIST / f"{name}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(built.rglob("*")):
                z.write(path, Path(name) / path.relative_to(built))
        return archive
    top = built.parent / name
    if top.exists():
        shutil.rmtree(top)
    built.rename(top)
    shutil.copy2(HERE / "linux" / "install-desktop-entry.sh", top / "install-desktop-entry.sh")
    shutil.copy2(HERE / "linux" / "README.txt", top / "README.txt")
    archive = DIST / f"{name}.tar.gz"
    partial = archive.with_suffix(".partial")
    # gzip level 6: level 9 takes twice as long for 1% less.
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(top, arcname=name)
    partial.replace(archive)
    return archive


def run(cmd: list[str], **kwargs: object) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    return result, time.perf_counter() - started


def check(archive: Path, name: str) -> dict[str, object]:
    """Unpack into an empty folder and test the bundle there, as a shop's computer would."""
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="invoicedesk-bundle-") as tmp:
        place = Path(tmp) / "empty"
        place.mkdir()
        started = time.perf_counter()
        with tarfile.open(archive) as tar:
            tar.extractall(place, filter="tar")
        figures["unpack_seconds"] = round(time.perf_counter() - started, 1)
        top = place / name
        size = folder_size(top)
        figures["unpacked_bytes"] = size
        figures["unpacked_mb"] = round(size / 1024 / 1024, 1)
        say(f"Unpacked: {size / 1024 / 1024:.1f} MB in {top}")
        if size > SIZE_LIMIT:
            raise SystemExit(f"the unpacked bundle is {size / 1024 / 1024:.1f} MB: over 250 MB")

        topics = sorted(p.relative_to(ROOT / HELP) for p in (ROOT / HELP).glob("*/*.md"))
        missing = [str(t) for t in topics if not (top / "_internal" / HELP / t).is_file()]
        if not topics or missing:
            raise SystemExit(f"help topics missing from the bundle: {missing or 'all'}")
        figures["help_topics"] = len(topics)

        program = str(top / "invoicedesk")
        version_run, _ = run(["env", "-i", program, "--version"], cwd=place)
        if version_run.returncode != 0 or name.split("-")[1] not in version_run.stdout:
            raise SystemExit(f"--version failed: {version_run.stdout}{version_run.stderr}")

        say("Self-test of the unpacked bundle under env -i (no PATH, no virtual environment)")
        result, seconds = run(["env", "-i", program, "--selftest", "--json"], cwd=place)
        figures["selftest_seconds"] = round(seconds, 2)
        print(result.stdout, end="")
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            raise SystemExit(f"the bundle's self-test failed (exit {result.returncode})")
        report = json.loads(result.stdout)
        assert report["ok"] and report["frozen"], report

        say("A copy without the font: the self-test must fail and name it")
        broken = Path(tmp) / "broken"
        shutil.copytree(top, broken, symlinks=True)
        (broken / FONT).unlink()
        result, _ = run(["env", "-i", str(broken / "invoicedesk"), "--selftest", "--json"])
        failed = json.loads(result.stdout)["failed"] if result.stdout.startswith("{") else []
        if result.returncode != 1 or "font" not in failed:
            raise SystemExit(f"a bundle without its font passed: {result.stdout}{result.stderr}")
        figures["without_font"] = failed
        shutil.rmtree(broken)

        figures["without_libgl"] = check_without_libgl(program)
    return figures


def check_without_libgl(program: str) -> str:
    """The system's libGL replaced by an empty file (a private mount namespace, root only):
    the app and the self-test must say so in one line, not abort."""
    libgl = next(
        (
            p
            for p in ("/usr/lib/x86_64-linux-gnu/libGL.so.1", "/lib64/libGL.so.1")
            if Path(p).exists()
        ),
        None,
    )
    if libgl is None or os.geteuid() != 0 or shutil.which("unshare") is None:
        return "not checked (needs root, unshare and a system libGL)"
    script = f'mount --bind /dev/null {libgl} && exec env -i DISPLAY=:0 "$0" "$@"'
    app, _ = run(["unshare", "-m", "sh", "-c", script, program])
    if (
        app.returncode != 2
        or len(app.stderr.strip().splitlines()) != 1
        or "libGL" not in app.stderr
    ):
        raise SystemExit(f"without libGL the app did not say so in one line: {app.stderr!r}")
    test, _ = run(["unshare", "-m", "sh", "-c", script, program, "--selftest"])
    if test.returncode != 1 or "libGL.so.1" not in test.stdout:
        raise SystemExit(f"without libGL the self-test did not name it: {test.stdout}{test.stderr}")
    say(f"Without libGL: {app.stderr.strip()}")
    return app.stderr.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-check", action="store_true", help="build and pack only")
    args = parser.parse_args()
    if LINUX and shutil.which("objdump") is None:
        raise SystemExit(
            "PyInstaller needs objdump: install binutils (./dev.sh package does, as root)"
        )
    name = f"InvoiceDesk-{version()}-{platform_tag()}"
    say(f"Building {name} with PyInstaller")
    built, build_seconds = build()
    built_size = folder_size(built)
    say(f"Built in {build_seconds:.0f} s: {built_size / 1024 / 1024:.1f} MB")
    started = time.perf_counter()
    archive = pack(built, name)
    pack_seconds = time.perf_counter() - started
    figures: dict[str, object] = {
        "name": name,
        "archive": str(archive.relative_to(ROOT)),
        "build_seconds": round(build_seconds, 1),
        "pack_seconds": round(pack_seconds, 1),
        "archive_mb": round(archive.stat().st_size / 1024 / 1024, 1),
    }
    say(f"Packed {archive} ({figures['archive_mb']} MB) in {pack_seconds:.0f} s")
    if LINUX and not args.no_check:
        figures.update(check(archive, name))
    (DIST / "bundle-figures.json").write_text(
        json.dumps(figures, indent=2) + "\n", encoding="utf-8"
    )
    say("Figures: " + json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
