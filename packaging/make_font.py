"""Convert Noto Sans SC (CFF outlines) to TrueType outlines for invoicedesk/resources/fonts.

reportlab embeds only TrueType-outline fonts, and Qt uses the same file, so the
app ships one converted file. Run once when updating the font:

    pip install fonttools pylopdf-fonts-zh-cn
    python packaging/make_font.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.fontBuilder import FontBuilder  # noqa: F401  (ensures fontTools is present)
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERR = 1.0  # font units; visually lossless at text sizes


def convert(src: Path, dst: Path) -> None:
    font = TTFont(str(src))
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
        "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
        "maxComponentElements", "maxPoints", "maxContours",
        "maxCompositePoints", "maxCompositeContours", "maxComponentDepth",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(dst))


def main() -> int:
    import pylopdf_fonts_zh_cn

    src = Path(pylopdf_fonts_zh_cn.__file__).with_name("NotoSansSC-Regular.otf")
    dst = Path(__file__).resolve().parent.parent / "invoicedesk" / "resources" / "fonts" / "NotoSansSC-Regular.ttf"
    convert(src, dst)
    print(dst, dst.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
