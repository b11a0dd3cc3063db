#!/usr/bin/env bash
# Set up InvoiceDesk from a clean clone, then start it on a demo database or run every check.
#   ./dev.sh app          virtual environment + package, demo database, the app
#   ./dev.sh test [ARGS]  virtual environment + package, ruff, mypy, the whole test suite headless
#   ./dev.sh test-at "YYYY-MM-DD HH:MM" [ARGS]
#                         the test suite as if it were that moment in Beijing
#   ./dev.sh package      the one-folder bundle dist/InvoiceDesk-<version>-linux-x86_64.tar.gz,
#                         unpacked in an empty folder and self-tested there with a clean environment
# As root on Debian/Ubuntu it installs the few system libraries Qt needs when they are missing.
set -euo pipefail
cd "$(dirname "$0")"

VENV=${INVOICEDESK_VENV:-.venv}
QT_LIBS=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3)
# Qt's xcb platform plugin (a window on an X11 desktop); --selftest names any that is missing.
XCB_LIBS=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)
TEST_LIBS=(poppler-utils)
# PyInstaller reads the libraries' dependencies with objdump.
PACKAGE_TOOLS=(binutils)

# pytest keeps its temporary folders under $TMPDIR/pytest-of-$USER and prunes old ones: give each
# checkout its own, so that two checkouts tested at once never delete each other's folders.
test_tmp() {
  TMPDIR="${TMPDIR:-/tmp}/invoicedesk-tests-$(printf '%s %s' "$(pwd)" "${1:-}" | sha256sum | cut -c1-8)"
  mkdir -p "$TMPDIR"
  export TMPDIR
}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

system_libs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian: the wheels bring the rest
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing system libraries: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "Qt needs these system libraries: ${missing[*]}"
    say "Install them with: sudo apt-get install ${missing[*]}"
  fi
}

python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

make_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    local py=${PYTHON:-python3}
    python_ok "$py" || { say "Python 3.11 or newer is needed (found: $($py --version 2>&1))"; exit 2; }
    say "Creating the virtual environment in $VENV"
    if ! "$py" -m venv "$VENV" 2>/dev/null; then
      if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$VENV"; "$py" -m venv "$VENV"
      else
        say "python3 -m venv failed: install python3-venv"; exit 2
      fi
    fi
  fi
  # Reinstall only when the dependencies changed. The development environment has the
  # build-only extra too (PyInstaller): one environment for test and package.
  local stamp
  stamp=$(cat pyproject.toml | sha256sum | cut -c1-16)
  if [ "$(cat "$VENV/.install-stamp" 2>/dev/null)" != "$stamp" ]; then
    say "Installing InvoiceDesk and its dependencies"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[test,package]"
    echo "$stamp" > "$VENV/.install-stamp"
  fi
}

cmd=${1:-}
shift || true
case "$cmd" in
  app)
    system_libs "${QT_LIBS[@]}" "${XCB_LIBS[@]}"
    make_venv
    demo=${INVOICEDESK_DEMO_DB:-demo-data/demo.sqlite}
    if [ ! -f "$demo" ]; then
      say "Creating the demo database $demo"
      "$VENV/bin/invoicedesk" --db "$demo" init --company "北京演示餐饮有限公司" --tax-id 91110000802100433B
      "$VENV/bin/invoicedesk" --db "$demo" demo --invoices 5000 --months 12
    fi
    say "Starting InvoiceDesk on $demo"
    exec "$VENV/bin/invoicedesk" --db "$demo" "$@"
    ;;
  test)
    system_libs "${QT_LIBS[@]}" "${XCB_LIBS[@]}" "${TEST_LIBS[@]}"
    make_venv
    say "ruff"
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    say "mypy"
    "$VENV/bin/mypy"
    say "pytest"
    export QT_QPA_PLATFORM=offscreen
    test_tmp
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  test-at)
    # The clock is moved, not stopped: every test starts at this instant (tests/conftest.py).
    when=${1:?usage: ./dev.sh test-at "YYYY-MM-DD HH:MM" [pytest arguments]}
    shift
    system_libs "${QT_LIBS[@]}" "${XCB_LIBS[@]}" "${TEST_LIBS[@]}"
    make_venv
    target=$(TZ=Asia/Shanghai date -d "$when" +%s) || { say "Not a date: $when"; exit 2; }
    offset=$((target - $(date +%s)))
    say "pytest at $when Beijing time (calendar moved by ${offset}s)"
    # Every Python process started from here moves its calendar (time-machine, in
    # tests/time_travel/sitecustomize.py); monotonic time and timed waits stay real.
    export QT_QPA_PLATFORM=offscreen INVOICEDESK_TEST_AT="$when" INVOICEDESK_TEST_OFFSET="$offset"
    export PYTHONPATH="$PWD/tests/time_travel${PYTHONPATH:+:$PYTHONPATH}"
    test_tmp "$when"  # apart from a run at another date going on at the same time
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  package)
    # The xcb libraries are installed so that PyInstaller copies them into the bundle.
    system_libs "${QT_LIBS[@]}" "${XCB_LIBS[@]}" "${PACKAGE_TOOLS[@]}"
    make_venv
    exec "$VENV/bin/python" packaging/build_bundle.py "$@"
    ;;
  *)
    echo "usage: ./dev.sh app | test [pytest arguments] | test-at \"YYYY-MM-DD HH:MM\" [pytest arguments] | package [--no-check]" >&2
    exit 2
    ;;
esac
