"""Where the app keeps its files by default (platformdirs: the OS's per-user folders)."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from platformdirs import user_data_path, user_log_path

from invoicedesk import APP_NAME


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def default_database() -> str:
    """``INVOICEDESK_DB`` if set, else invoicedesk.sqlite in the user's data folder."""
    return os.environ.get("INVOICEDESK_DB") or str(data_dir() / "invoicedesk.sqlite")


def log_file() -> Path:
    return user_log_path(APP_NAME, appauthor=False, ensure_exists=True) / "invoicedesk.log"


def current_user() -> str:
    """The acting user until the users issue brings sign-in: ``INVOICEDESK_USER`` or the login."""
    name = os.environ.get("INVOICEDESK_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:
        return "admin"


def resources_dir() -> Path:
    """``invoicedesk/resources``: inside the package, so a checkout, an installed wheel and a
    PyInstaller bundle (which keeps the package's data files beside its modules) all find it."""
    return Path(__file__).resolve().parent / "resources"


FONT_FILE = "fonts/NotoSansSC-Regular.ttf"


def font_path() -> Path:
    """The bundled Chinese font (TrueType outlines): Qt and reportlab both use this file."""
    return resources_dir() / FONT_FILE


def attachments_dir(db_target: str) -> Path:
    """Where the files kept with invoices live (content-addressed): beside a SQLite database,
    in the data folder for PostgreSQL. Backups carry this folder with the database."""
    if db_target.startswith(("postgresql://", "postgres://")):
        return data_dir() / "attachments"
    db = Path(db_target).expanduser()
    return db.with_name(db.name + "-files")


def short_location(target: str) -> str:
    """A ledger's place as the status bar shows it: a file's name, or a server's database."""
    if "://" in target:
        return target.rsplit("/", 1)[-1] or target
    return Path(target).name or target
