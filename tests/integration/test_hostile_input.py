"""A hostile-input corpus (issue 12, items 4, 5 and 9), each case in its own process.

Every case goes in through a real entry point: ``invoicedesk add --json``, ``invoicedesk
reconcile`` (the platform import) and the e-invoice reader. Each must end with exit 2 and one
line naming the field, row or file (never a traceback or an internal error, never a control
character echoed to the terminal), store nothing, and stay under ``MEMORY_LIMIT_MB`` of peak
memory, measured with ``resource.getrusage`` inside the process that did the work.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from invoicedesk.core.limits import MAX_XLSX_SHARED_STRINGS_BYTES
from invoicedesk.exchange.einvoice_files import OFD_INVOICE_PATH
from tests.factories import as_json
from tests.integration.platform_files import row, write_csv, write_xlsx
from tests.integration.test_einvoice_files import DIGITAL_XML, LEGACY_XML, make_ofd

# The issue's bound for any file of 20 MB or less, whatever is inside. An idle CLI process that
# has imported what these commands need takes about 60-70 MB here.
MEMORY_LIMIT_MB = 200
SHOP_ARGS = ("--company", "北京演示餐饮有限公司", "--tax-id", "91110000802100433B")

# The work runs in a child of a small launcher, which reports the child's peak with
# getrusage(RUSAGE_CHILDREN). Measured in the worker itself, ru_maxrss would start at the RSS of the
# process that forked it (Linux keeps the high-water mark across exec): pytest's, hundreds of MB.
_LAUNCHER = """
import os, resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", *sys.argv[1:]])
with open(os.environ["HOSTILE_MAXRSS"], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(done.returncode)
"""
_CLI = """
import sys
from invoicedesk.cli import main
sys.exit(main(sys.argv[1:]))
"""
_READER = """
import sys
from pathlib import Path
from invoicedesk.exchange.einvoice_files import EInvoiceFileError, read_einvoice
path = Path(sys.argv[1])
try:
    read_einvoice(path.name, path.read_bytes())
    code = 0
except EInvoiceFileError as exc:
    print(exc.message, file=sys.stderr)
    code = 2
sys.exit(code)
"""


class Outcome:
    def __init__(self, code: int, out: str, err: str, peak_mb: float) -> None:
        self.code, self.out, self.err, self.peak_mb = code, out, err, peak_mb

    def refused(self, *words: str) -> None:
        """Exit 2, one clean line naming what was wrong, memory within the bound."""
        assert self.code == 2, (self.code, self.err[-2000:])
        assert self.out == ""
        lines = self.err.strip().splitlines()
        assert len(lines) == 1, self.err[-2000:]
        assert "Traceback" not in self.err and "内部错误" not in self.err
        assert not any(c in self.err for c in "\x00\x07\x1b\u202e"), repr(self.err[:300])
        for word in words:
            assert word in self.err, (word, self.err[:500])
        assert len(self.err) < 2000  # one line a person reads, not the input echoed back
        assert self.peak_mb < MEMORY_LIMIT_MB, f"peak {self.peak_mb:.0f} MB"
        print(f"peak {self.peak_mb:.0f} MB")  # shown with -s: the figures in the README


def _run(script: str, args: list[str], tmp: Path, stdin: bytes | None = None) -> Outcome:
    rss_file = tmp / "maxrss"
    rss_file.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, script, *args],
        input=stdin,
        capture_output=True,
        timeout=240,
        env={**os.environ, "HOSTILE_MAXRSS": str(rss_file)},
    )
    peak_kb = int(rss_file.read_text()) if rss_file.exists() else 10**9
    return Outcome(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        peak_kb / 1024,
    )


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "ledger.sqlite"
    init = subprocess.run(
        [sys.executable, "-m", "invoicedesk", "--db", str(path), "init", *SHOP_ARGS],
        capture_output=True,
        timeout=120,
    )
    assert init.returncode == 0, init.stderr
    return path


def _stored(ledger: Path) -> tuple[int, int, int]:
    """(invoices, platform files, audit entries): what a refused input must leave unchanged."""
    with sqlite3.connect(ledger) as db:
        return (
            db.execute("select count(*) from invoice").fetchone()[0],
            db.execute("select count(*) from imported_file").fetchone()[0],
            db.execute("select count(*) from audit_entry").fetchone()[0],
        )


def _with_line(**fields: Any) -> dict[str, Any]:
    line = {"name": "*餐饮服务*餐费", "amount": "100.00", "tax_rate": "0.06"} | fields
    return as_json(1, lines=[line])


MEGA = 1_048_576
# (id, JSON text, words the one line must hold). Texts, not objects: some are not valid Python.
ADD_CASES: list[tuple[str, str, tuple[str, ...]]] = [
    ("amount-30-digits", json.dumps(_with_line(amount="1" * 30)), ("lines[1].amount", "30位")),
    ("amount-30-digit-number", json.dumps(_with_line(amount=int("9" * 30))), ("lines[1].amount",)),
    (
        "unit-price-30-digits",
        json.dumps(_with_line(unit_price="1" * 30, quantity="1")),
        ("lines[1].unit_price",),
    ),
    ("tax-30-digits", json.dumps(_with_line(tax="1" * 30)), ("lines[1].tax",)),
    ("amount-25-digits-fraction", json.dumps(_with_line(amount="1" * 25 + ".5")), ("amount",)),
    ("amount-1e308", json.dumps(_with_line(amount=1e308)), ("lines[1].amount",)),
    ("amount-5000-digit-int", '{"lines": [{"amount": ' + "7" * 5000 + "}]}", ("JSON",)),
    ("amount-infinity", json.dumps(_with_line(amount=float("inf"))), ("lines[1].amount",)),
    ("quantity-over-precision", json.dumps(_with_line(quantity=2, unit_price=50)).replace(
        '"quantity": 2', '"quantity": 2.0000000000000000000001'
    ), ("lines[1].quantity", "22")),
    ("rate-1e-29", json.dumps(_with_line(tax_rate="0.00000000000000000000000000006")),
     ("lines[1].tax_rate",)),
    ("nested-100000", "[" * 100_000 + "]" * 100_000, ("JSON", "嵌套")),
    ("name-lone-surrogate", json.dumps(as_json(1, buyer_name="\ud800")), ("buyer_name", "U+D800")),
    ("name-nul", json.dumps(as_json(1, buyer_name="小米\x00科技")), ("buyer_name", "U+0000")),
    ("name-bel", json.dumps(as_json(1, buyer_name="小米\x07")), ("buyer_name", "U+0007")),
    ("name-esc", json.dumps(as_json(1, buyer_name="\x1b[31m小米")), ("buyer_name", "U+001B")),
    ("name-newline", json.dumps(as_json(1, buyer_name="小米\n科技")), ("buyer_name", "U+000A")),
    ("name-rlo", json.dumps(as_json(1, buyer_name="小米\u202e技科")), ("buyer_name", "U+202E")),
    ("name-zero-width", json.dumps(as_json(1, buyer_name="\u200b\u200b\ufeff")), ("buyer_name",)),
    ("issuer-esc", json.dumps(as_json(1, issuer="\x1b]0;x\x07")), ("issuer",)),
    ("line-name-esc", json.dumps(_with_line(name="*餐饮服务*\x1b[2J")), ("lines[1].name",)),
    ("remarks-1M", json.dumps(as_json(1, remarks="备" * MEGA)), ("remarks", "1048576")),
    ("address-1M", json.dumps(as_json(1, buyer_address_phone="址" * MEGA)),
     ("buyer_address_phone",)),
    ("email-1M", json.dumps(as_json(1, buyer_email="a" * MEGA + "@b.cn")), ("buyer_email",)),
    ("line-name-1M", json.dumps(_with_line(name="*餐饮服务*" + "餐" * MEGA)), ("lines[1].name",)),
    ("spec-1M", json.dumps(_with_line(spec="规" * MEGA)), ("lines[1].spec",)),
    ("date-0001", json.dumps(as_json(1, issue_date="0001-01-01")), ("issue_date",)),
    ("date-1900", json.dumps(as_json(1, issue_date="1900-01-01")), ("issue_date", "2000-01-01")),
    ("status-red-full", json.dumps(as_json(1, status="red_full")), ("status",)),
    *[
        (f"{key}-1M-echo", json.dumps(as_json(1, **{key: "\x1b" + "8" * MEGA})), (key,))
        for key in ("number", "code", "kind", "issue_date", "status", "buyer_tax_id")
    ],
]  # fmt: skip


@pytest.mark.parametrize(
    ("payload", "words"), [c[1:] for c in ADD_CASES], ids=[c[0] for c in ADD_CASES]
)
def test_add_json_refuses(ledger: Path, tmp_path: Path, payload: str, words: tuple[str]) -> None:
    before = _stored(ledger)
    source = tmp_path / "hostile.json"
    source.write_text(payload, encoding="utf-8", errors="surrogatepass")
    outcome = _run(_CLI, ["--db", str(ledger), "add", "--json", str(source)], tmp_path)
    outcome.refused(*words)
    assert _stored(ledger) == before


def test_a_good_invoice_still_goes_in(ledger: Path, tmp_path: Path) -> None:
    """The corpus's baseline: the same invoice without the hostile part is recorded (exit 0)."""
    source = tmp_path / "good.json"
    source.write_text(json.dumps(as_json(9, buyer_name="\u200b小米科技有限责任公司 ")), "utf-8")
    outcome = _run(_CLI, ["--db", str(ledger), "add", "--json", str(source)], tmp_path)
    assert outcome.code == 0, outcome.err
    with sqlite3.connect(ledger) as db:
        names = [r[0] for r in db.execute("select buyer_name from invoice")]
    assert names == ["小米科技有限责任公司"]  # the zero-width space removed, the name kept
    with sqlite3.connect(ledger) as db:
        db.execute("delete from invoice_line")
        db.execute("delete from invoice")


# ---------------------------------------------------------------- zips


def _stream_member(
    archive: zipfile.ZipFile, name: str, parts: list[bytes | tuple[bytes, int]]
) -> None:
    """Write a member from pieces; (chunk, n) repeats ``chunk`` n times (gigabytes, no memory)."""
    with archive.open(_deflated(zipfile.ZipInfo(name)), "w", force_zip64=True) as member:
        for part in parts:
            if isinstance(part, tuple):
                for _ in range(part[1]):
                    member.write(part[0])
            else:
                member.write(part)


def _lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """The central directory says ``member`` holds ``declared`` bytes (what a bomb claims)."""
    raw = bytearray(data)
    entry = raw.rfind(b"PK\x01\x02", 0, raw.rfind(member.encode()))
    struct.pack_into("<I", raw, entry + 24, declared)
    return bytes(raw)


def _deflated(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _rewrite_xlsx(
    source: Path, target: Path, replace: dict[str, Callable[[zipfile.ZipFile], None]]
) -> Path:
    """Copy a workbook, writing the members in ``replace`` with the given writers instead."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in replace:
                replace.pop(info.filename)(new)
            else:
                new.writestr(_deflated(info), old.read(info))
        for writer in replace.values():
            writer(new)
    return target


@pytest.fixture(scope="module")
def good_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xlsx")
    return write_xlsx(folder / "good.xlsx", [row("26112000000000000001")])


def _shared_strings(body: list[bytes | tuple[bytes, int]]) -> Callable[[zipfile.ZipFile], None]:
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    return lambda archive: _stream_member(
        archive, "xl/sharedStrings.xml", [head, *body, b"</t></si></sst>"]
    )


def _reconcile(ledger: Path, tmp_path: Path, path: Path, *words: str, named: bool = True) -> None:
    before = _stored(ledger)
    assert path.stat().st_size <= 20 * 1024 * 1024  # small files, as the issue's
    outcome = _run(_CLI, ["--db", str(ledger), "reconcile", str(path)], tmp_path)
    outcome.refused(*words, *([path.name] if named else []))
    assert _stored(ledger) == before


@pytest.mark.slow
def test_xlsx_with_a_1gb_shared_string(ledger: Path, tmp_path: Path, good_xlsx: Path) -> None:
    """1 MB on disk, one 1 GB string inside (openpyxl loads shared strings whole)."""
    path = _rewrite_xlsx(
        good_xlsx,
        tmp_path / "big-string.xlsx",
        {"xl/sharedStrings.xml": _shared_strings([(b"A" * MEGA, 1024)])},
    )
    _reconcile(ledger, tmp_path, path, "sharedStrings.xml")


def test_xlsx_whose_zip_understates_a_member(ledger: Path, tmp_path: Path, good_xlsx: Path) -> None:
    """The directory says 200 bytes; the stream holds 300 MB: counted while decompressing."""
    path = _rewrite_xlsx(
        good_xlsx,
        tmp_path / "lying.xlsx",
        {"xl/sharedStrings.xml": _shared_strings([(b"<t>B</t>" * 8192, 300 * 16)])},
    )
    path.write_bytes(_lie_about_size(path.read_bytes(), "xl/sharedStrings.xml", 200))
    _reconcile(ledger, tmp_path, path, "sharedStrings.xml")


def test_xlsx_with_a_long_text_run_under_the_size_caps(
    ledger: Path, tmp_path: Path, good_xlsx: Path
) -> None:
    """Under every size cap, but one cell's text is 8 MB: not an export, refused before openpyxl."""
    assert 8 * MEGA < MAX_XLSX_SHARED_STRINGS_BYTES
    path = _rewrite_xlsx(
        good_xlsx,
        tmp_path / "long-text.xlsx",
        {"xl/sharedStrings.xml": _shared_strings([(b"C" * MEGA, 8)])},
    )
    _reconcile(ledger, tmp_path, path, "MB")


def test_xlsx_with_entity_expansion(ledger: Path, tmp_path: Path, good_xlsx: Path) -> None:
    """Billion laughs in a worksheet: defusedxml (which openpyxl uses) refuses the entities."""
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(good_xlsx) as archive:
        xml = archive.read(sheet)
    entities = b'<!DOCTYPE worksheet [<!ENTITY a "' + b"x" * 1000 + b'">'
    entities += b'<!ENTITY b "' + b"&a;" * 1000 + b'"><!ENTITY c "' + b"&b;" * 1000 + b'">]>'
    xml = xml.replace(b"<worksheet", entities + b"<worksheet", 1)
    xml = xml.replace("小米科技有限责任公司".encode(), b"&c;")
    path = _rewrite_xlsx(
        good_xlsx,
        tmp_path / "laughs.xlsx",
        {sheet: lambda archive: archive.writestr(sheet, xml)},
    )
    _reconcile(ledger, tmp_path, path, "DTD")


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("价税合计", "1" * 30, ("第2行", "价税合计", "30位")),
        ("金额", "1" * 25 + ".67", ("第2行", "金额")),
        ("税额", "1e308", ("第2行", "税额")),
        ("购买方名称", "小米\x1b[31m", ("第2行", "购买方名称", "U+001B")),
        ("销方名称", "演示\u202e餐饮", ("第2行", "销方名称", "U+202E")),
        ("备注", "备" * 5000, ("第2行", "备注", "5000")),
    ],
    ids=[
        "total-30-digits",
        "amount-25-digits",
        "tax-1e308",
        "buyer-esc",
        "seller-rlo",
        "remarks-5000",
    ],
)
def test_platform_csv_refuses(
    ledger: Path, tmp_path: Path, column: str, value: str, words: tuple[str, ...]
) -> None:
    data = row("26112000000000000001") | {column: value}
    path = write_csv(tmp_path / "export.csv", [data])
    _reconcile(ledger, tmp_path, path, *words, named=False)  # the row is named instead


# ---------------------------------------------------------------- e-invoice files


def _read(tmp_path: Path, name: str, data: bytes) -> Outcome:
    path = tmp_path / name
    path.write_bytes(data)
    return _run(_READER, [str(path)], tmp_path)


@pytest.mark.slow
def test_ofd_declaring_100_bytes_holding_1_gib(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        _stream_member(archive, OFD_INVOICE_PATH, [LEGACY_XML[:-20], (b" " * MEGA, 1024)])
    data = _lie_about_size(buffer.getvalue(), OFD_INVOICE_PATH, 100)
    assert len(data) < 20 * 1024 * 1024
    outcome = _read(tmp_path, "bomb.ofd", data)
    outcome.refused("bomb.ofd")


def test_ofd_whose_invoice_xml_is_over_the_cap(tmp_path: Path) -> None:
    xml = LEGACY_XML.replace(b"<fp:Note>", b"<fp:Note>" + b"x" * (6 * MEGA))
    outcome = _read(tmp_path, "big.ofd", make_ofd(xml))
    outcome.refused("big.ofd", "5 MB")


def test_entities_after_a_long_comment_are_refused(tmp_path: Path) -> None:
    """The old check read only the first 4,096 bytes: entities after a 5,000-byte comment
    expanded a 2 MB file into a 180,000,000-character buyer name."""
    head, rest = DIGITAL_XML.split(b"\n", 1)
    entities = (
        b'<!DOCTYPE EInvoice [<!ENTITY a "'
        + b"x" * 1000
        + b'"><!ENTITY b "'
        + b"&a;" * 1000
        + b'">]>'
    )
    data = (
        head
        + b"\n<!--"
        + b"c" * 5000
        + b"-->\n"
        + entities
        + rest.replace("小米科技有限责任公司".encode(), b"&b;&b;&b;")
    )
    outcome = _read(tmp_path, "laughs.xml", data)
    outcome.refused("DTD")


def test_30_digit_amount_in_an_einvoice(tmp_path: Path) -> None:
    data = DIGITAL_XML.replace(b"<Amount>100.00</Amount>", b"<Amount>" + b"1" * 30 + b"</Amount>")
    outcome = _read(tmp_path, "digits.xml", data)
    outcome.refused("金额")


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("customer", "王女士\x1b[31m", ("customer", "U+001B")),
        ("complaint", "查不到\u202e发票", ("complaint", "U+202E")),
        ("other_contact", "微信\x00", ("other_contact", "U+0000")),
    ],
)
def test_case_add_refuses_control_characters(
    ledger: Path, tmp_path: Path, field: str, value: str, words: tuple[str, ...]
) -> None:
    case = {"customer": "王女士", "phone": "13800000002", "complaint": "说发票在系统里查不到"}
    case |= {"channel": "phone", field: value}
    source = tmp_path / "case.json"
    source.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    with sqlite3.connect(ledger) as db:
        before = db.execute("select count(*) from customer_case").fetchone()[0]
    outcome = _run(_CLI, ["--db", str(ledger), "case", "add", "--json", str(source)], tmp_path)
    outcome.refused(*words)
    with sqlite3.connect(ledger) as db:
        assert db.execute("select count(*) from customer_case").fetchone()[0] == before
