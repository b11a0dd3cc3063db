"""A snapshot's page map (every page's fingerprint, the runs' fingerprints, the SHA-256 of
pages its incrementals store), read back from a chain for the next incremental or a restore."""

from __future__ import annotations

import hashlib
import sys
from array import array
from dataclasses import dataclass, field

from invoicedesk.exchange.snapshot_manifest import (
    BLOCK_FP,
    BLOCK_PAGES,
    DIFF_ENTRY,
    Manifest,
    Piece,
    SnapshotError,
    os_error,
)
from invoicedesk.exchange.snapshot_repository import Repository


@dataclass(frozen=True)
class PageMap:
    """A snapshot's pages: every page's fingerprint, and the SHA-256 of those its incrementals
    store (pages absent from ``shas`` come from the full snapshot at the same position).

    ``fingerprints`` are xxh3_64 values for format 2, CRC-32 values for format 1 (which only
    restore reads: incrementals are taken from format 2 chains only).
    """

    fingerprints: array[int]
    shas: dict[int, bytes]
    format: int
    # Format 2: the xxh3_128 of every run of BLOCK_PAGES pages (16 bytes each), so that an
    # incremental hashes 64 KB at a time and looks at single pages only where a run changed.
    blocks: bytearray = field(default_factory=bytearray)

    @property
    def page_count(self) -> int:
        return len(self.fingerprints)


def _le_array(code: str, data: bytes) -> array[int]:
    values = array(code)
    values.frombytes(data)
    if sys.byteorder != "little":
        values.byteswap()
    return values


def le_bytes(values: array[int]) -> bytes:
    if sys.byteorder == "little":
        return values.tobytes()
    swapped = array(values.typecode, values)
    swapped.byteswap()
    return swapped.tobytes()


def load_map(repo: Repository, chain: list[Manifest]) -> PageMap:
    """The page map of ``chain[0]``: the full snapshot's map with each incremental's diff."""
    full = chain[-1]
    data = verified_piece(repo, full.id, manifest_piece(full, "map.bin"))
    blocks = bytearray()
    if full.format == 1:
        fps = array("Q", (int.from_bytes(data[i : i + 4], "big") for i in range(0, len(data), 4)))
    else:
        fps = _le_array("Q", data[: 8 * full.page_count])
        blocks = bytearray(data[8 * full.page_count :])
        if len(blocks) != BLOCK_FP * block_count(full.page_count):
            raise SnapshotError("damaged", "map.bin size", full.id)
    shas: dict[int, bytes] = {}
    for m in reversed(chain[:-1]):
        if m.format != full.format:
            raise SnapshotError("damaged", "formats differ in the chain", m.id)
        data = verified_piece(repo, m.id, manifest_piece(m, "map.bin"))
        count = int.from_bytes(data[:8], "big")
        known = len(fps)
        if count < known:
            del fps[count:]
        else:
            fps.extend([0] * (count - known))
        shas = {n: sha for n, sha in shas.items() if n < count}
        step = DIFF_ENTRY[m.format]
        width = step - 36
        end = len(data)
        if m.format >= 2:  # page entries, then the runs that changed (number + xxh3_128)
            entries = int.from_bytes(data[8:16], "big")
            start, end = 16, 16 + entries * step
            size = BLOCK_FP * block_count(count)
            del blocks[size:]
            blocks.extend(bytes(size - len(blocks)))
            for i in range(end, len(data), 4 + BLOCK_FP):
                b = int.from_bytes(data[i : i + 4], "big")
                blocks[b * BLOCK_FP : (b + 1) * BLOCK_FP] = data[i + 4 : i + 4 + BLOCK_FP]
        else:
            start = 8
        for i in range(start, end, step):
            n = int.from_bytes(data[i : i + 4], "big")
            shas[n] = data[i + 4 : i + 36]
            tail = data[i + 36 : i + step]
            fps[n] = int.from_bytes(tail, "big" if width == 4 else "little")
        if any(n not in shas for n in range(known, count)):
            raise SnapshotError("damaged", "page map has holes", m.id)
    return PageMap(fps, shas, full.format, blocks)


def block_count(pages: int) -> int:
    return (pages + BLOCK_PAGES - 1) // BLOCK_PAGES


def verified_piece(repo: Repository, sid: str, piece: Piece) -> bytes:
    path = repo.root / "data" / sid / piece.path
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_error(exc, path) from exc
    if len(data) != piece.bytes or hashlib.sha256(data).hexdigest() != piece.sha256:
        raise SnapshotError("damaged", piece.path, str(path))
    return data


def manifest_piece(manifest: Manifest, name: str) -> Piece:
    for piece in manifest.pieces:
        if piece.path == name:
            return piece
    raise SnapshotError("damaged", f"{name} missing from manifest", manifest.id)
