"""Reading zip files from outside (workbooks, OFD) with bounded memory.

A zip's size fields can lie and a small file can hold gigabytes: every member is read in small
chunks while counting what comes out, so a limit (core/limits.py) stops a bomb after at most the
limit, whatever the headers say. ``check_workbook`` does this for every member of an .xlsx before
openpyxl sees it, and also refuses a run of text without markup longer than ``MAX_XML_TEXT_RUN``
(one 1 GB shared string would otherwise be read into memory whole, even in read-only mode).
"""

from __future__ import annotations

import zipfile
from typing import IO

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.limits import (
    MAX_XLSX_MEMBER_BYTES,
    MAX_XLSX_SHARED_STRINGS_BYTES,
    MAX_XLSX_TOTAL_BYTES,
    MAX_XML_TEXT_RUN,
    MAX_ZIP_MEMBERS,
)

CONTEXT = "Exchange"
CHUNK = 64 * 1024
_MB = 1024 * 1024


class ZipLimitError(ValueError):
    """The archive is over a limit or damaged; ``message`` names the file and says which."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def _error(source: str, **params: object) -> ZipLimitError:
    return ZipLimitError(Message(CONTEXT, source, dict(params)))


def _too_big(name: str, member: str, limit: int) -> ZipLimitError:
    return _error(
        QT_TRANSLATE_NOOP(
            "Exchange", "“{name}”解压后过大（其中的 {member} 超过 {limit} MB），未读取"
        ),
        name=name,
        member=member[:80],
        limit=limit // _MB,
    )


def _damaged(name: str, member: str) -> ZipLimitError:
    return _error(
        QT_TRANSLATE_NOOP("Exchange", "“{name}”已损坏（{member} 无法解压），未读取"),
        name=name,
        member=member[:80],
    )


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> IO[bytes]:
    try:
        return archive.open(info)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise
        raise _damaged(name, info.filename) from None


def read_member(archive: zipfile.ZipFile, member: str, name: str, limit: int) -> bytes:
    """One member's bytes, refused as soon as more than ``limit`` come out."""
    info = archive.getinfo(member)
    if info.file_size > limit:
        raise _too_big(name, member, limit)
    parts: list[bytes] = []
    size = 0
    try:
        with _chunks(archive, info, name) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _too_big(name, member, limit)
                parts.append(chunk)
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:  # CRC, truncated stream, zlib
        if isinstance(exc, ZipLimitError):
            raise
        raise _damaged(name, member) from None
    except Exception as exc:  # zlib.error and kin: the data does not decompress
        if type(exc).__module__ in ("zlib", "_lzma", "_bz2", "lzma", "bz2"):
            raise _damaged(name, member) from None
        raise
    return b"".join(parts)


def _is_shared_strings(member: str) -> bool:
    return member.lower().lstrip("/").endswith("sharedstrings.xml")


def check_workbook(handle: IO[bytes], name: str) -> None:
    """Every member of a workbook read once, chunk by chunk, against the limits; then rewound.

    Raises ZipLimitError naming ``name`` and the member; zipfile.BadZipFile for no zip at all.
    """
    with zipfile.ZipFile(handle) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise _error(
                QT_TRANSLATE_NOOP(
                    "Exchange", "“{name}”含有 {count} 个文件，超过 {limit} 个，未读取"
                ),
                name=name,
                count=len(infos),
                limit=MAX_ZIP_MEMBERS,
            )
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            limit = (
                MAX_XLSX_SHARED_STRINGS_BYTES
                if _is_shared_strings(info.filename)
                else MAX_XLSX_MEMBER_BYTES
            )
            if info.file_size > limit:
                raise _too_big(name, info.filename, limit)
            total += _scan(archive, info, name, limit, total)
    handle.seek(0)


def _scan(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limit: int, before: int
) -> int:
    """Bytes out of one member, checked against ``limit``, the total and the text-run limit."""
    is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    size = 0
    run = 0  # bytes since the last "<"
    try:
        with _chunks(archive, info, name) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _too_big(name, info.filename, limit)
                if before + size > MAX_XLSX_TOTAL_BYTES:
                    raise _too_big(name, info.filename, MAX_XLSX_TOTAL_BYTES)
                if not is_xml:
                    continue
                first = chunk.find(b"<")
                if first < 0:
                    run += len(chunk)
                else:  # runs inside one chunk are shorter than CHUNK: only the ends count
                    run, longest = len(chunk) - chunk.rfind(b"<") - 1, run + first
                    run = max(run, longest) if longest > MAX_XML_TEXT_RUN else run
                if run > MAX_XML_TEXT_RUN:
                    raise _error(
                        QT_TRANSLATE_NOOP(
                            "Exchange",
                            "“{name}”中有超过 {limit} MB 的单个文本（{member}），不像发票数据，未读取",
                        ),
                        name=name,
                        member=info.filename[:80],
                        limit=MAX_XML_TEXT_RUN // _MB,
                    )
    except ZipLimitError:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise _damaged(name, info.filename) from None
    except Exception as exc:
        if type(exc).__module__ in ("zlib", "_lzma", "_bz2", "lzma", "bz2"):
            raise _damaged(name, info.filename) from None
        raise
    return size
