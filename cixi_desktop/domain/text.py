"""Text clean-up shared by every field parser.

Data arrives pasted from web pages, WeChat and old Excel sheets, so it carries zero-width
characters, full-width spaces and stray control characters that look like nothing on screen
but make two equal names compare unequal.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible in every font; copy-paste from web pages and WeChat leaves them behind.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")

# Whitespace that people type or paste between words of a name; NBSP comes from web pages.
_NAME_SPACE_RE = re.compile("[ \t\n\r\v\f\u00a0\u3000]+")

# C0 (other than the whitespace above), DEL and C1: never meant to be part of a name.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Codes also lose control characters: invisible, never part of a code, and PostgreSQL
# refuses NUL in text outright.
_CODE_DROP_RE = re.compile(rf"[\s{ZERO_WIDTH}\x00-\x1f\x7f-\x9f]+")


def strip_invisible(s: str) -> str:
    """Remove zero-width characters anywhere and trim outer whitespace (incl. U+3000, NBSP).

    No NFKC here: names keep their full-width characters exactly as registered.
    """
    return _ZERO_WIDTH_RE.sub("", s).strip()


def normalize_code(s: str) -> str:
    """Canonical form of a code typed by a person: NFKC, no whitespace, zero-width or control
    characters at all, upper case.

    NFKC turns full-width digits and letters (common with Chinese input methods) into ASCII.
    """
    # Dropping a space or upper-casing can leave text that NFKC changes again ("U¨" becomes
    # "U" + combining diaeresis), so repeat until stable: codes must compare equal once cleaned.
    for _ in range(4):
        cleaned = _CODE_DROP_RE.sub("", unicodedata.normalize("NFKC", s)).upper()
        if cleaned == s:
            break
        s = cleaned
    return s


def clean_name(value: object) -> str:
    """Name as stored: invisible and control characters gone, one space between words."""
    if value is None:
        return ""
    text = _ZERO_WIDTH_RE.sub("", str(value))
    # Controls go before spaces collapse, so "a \x01 b" ends up as "a b", not "a  b".
    text = _CONTROL_RE.sub("", text)
    return strip_invisible(_NAME_SPACE_RE.sub(" ", text))
