"""Reading an electronic invoice file (XML, OFD, PDF) dropped on the counter: what it says.

The parsing lives in exchange/einvoice_files.py; screens call this (the GUI never imports
exchange/, tests/test_layers.py).
"""

from __future__ import annotations

import errno
from pathlib import Path

from invoicedesk.exchange.einvoice_files import EInvoiceFile, EInvoiceFileError, read_einvoice

__all__ = ["EInvoiceFile", "EInvoiceFileError", "read_einvoice_file"]


def read_einvoice_file(path: Path, max_bytes: int) -> tuple[str, bytes, EInvoiceFile]:
    """On the worker: the file's name, bytes and what they say. A file over ``max_bytes`` is
    refused as too large (EFBIG, an error the screens already explain) before it is read."""
    if path.stat().st_size > max_bytes:
        raise OSError(errno.EFBIG, "too large", str(path))
    data = path.read_bytes()
    return path.name, data, read_einvoice(path.name, data)
