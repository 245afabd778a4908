"""The bundled CJK font, registered once with reportlab.

WenQuanYi Micro Hei is used because reportlab embeds only TrueType outlines: the usual
Noto Sans CJK / Source Han Sans (CFF outlines) cannot be embedded by it. The font ships
inside the package (resources/fonts), so a PDF looks the same on every machine.
"""

from __future__ import annotations

import threading
from importlib.resources import as_file, files

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "WQYMicroHei"
FONT_FILE = "wqy-microhei.ttc"

_lock = threading.Lock()
_font: TTFont | None = None


def register_fonts() -> str:
    """Register the font with reportlab (idempotent, thread-safe); return its name."""
    global _font
    with _lock:
        if _font is None:
            resource = files("cixi_desktop.resources") / "fonts" / FONT_FILE
            # as_file: the package may live in a zip; TTFont reads the whole file at once.
            with as_file(resource) as path:
                font = TTFont(FONT_NAME, str(path), subfontIndex=0)
            pdfmetrics.registerFont(font)
            # Bold and italic map to the same face: there is no bold cut, and <b> in user
            # text is escaped anyway, but our own markup must never fall back to Helvetica.
            pdfmetrics.registerFontFamily(
                FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME, boldItalic=FONT_NAME
            )
            _font = font
        return FONT_NAME


def has_glyph(char: str) -> bool:
    """Whether the font's cmap maps this character to a glyph."""
    register_fonts()
    assert _font is not None
    return ord(char) in _font.face.charToGlyph
