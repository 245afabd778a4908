"""Contact phone numbers, stored in one canonical spelling so they can be searched and deduped.

Mobile ``13805741234``; landline ``0574-63123456``; with extension ``0574-63123456-801``;
several numbers in one cell joined with ``、``. 慈溪 is in 宁波's area 0574, so a bare
8-digit number is taken to be local.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, PhoneNumberType

from cixi_desktop.domain.errors import ValueProblem
from cixi_desktop.domain.text import ZERO_WIDTH

LOCAL_AREA_CODE = "0574"
JOIN = "、"
MSG_INVALID = "不是有效的电话号码"
_MAX_SHOWN = 40

# After NFKC, so full-width "，；／" arrive here as ASCII.
_SPLIT_RE = re.compile(r"[/、,;\n\r]+")
_EMPTY_MARKS = frozenset({"-", "--", "—", "——", "/", "无"})
# Written extensions; a bare "-801" after a complete number is handled in _parse_main.
_EXT_RE = re.compile(r"(?:转|分机|ext\.?|x|#)\s*([0-9]{1,6})", re.IGNORECASE)
# Only what people put in a phone number; phonenumbers alone would read "FLOWERS" as digits.
_MAIN_RE = re.compile(r"\+?[0-9 ().\-]*[0-9][0-9 ().\-]*")
_TRAILING_EXT_RE = re.compile(r"(.*[0-9])\s*-\s*([0-9]{1,6})")
_LOCAL_RE = re.compile(r"[2-9][0-9]{7}")
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")


def _canonical(number: PhoneNumber) -> str:
    if number.country_code != 86:
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    nsn = phonenumbers.national_significant_number(number)
    if phonenumbers.number_type(number) == PhoneNumberType.MOBILE:
        return nsn
    area = phonenumbers.length_of_geographical_area_code(number)
    if area:
        return f"0{nsn[:area]}-{nsn[area:]}"
    # 400/800 service numbers: phonenumbers groups them "400 123 4567".
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL).replace(" ", "-")


def _parse_number(main: str) -> str | None:
    digits = re.sub(r"[^0-9]", "", main)
    if not main.startswith("+") and _LOCAL_RE.fullmatch(digits):
        main = LOCAL_AREA_CODE + digits
    try:
        number = phonenumbers.parse(main, "CN")
    except NumberParseException:
        return None
    if number.extension or not phonenumbers.is_valid_number(number):
        return None
    return _canonical(number)


def _parse_main(main: str, ext: str) -> str:
    if not _MAIN_RE.fullmatch(main):
        raise ValueProblem(MSG_INVALID)
    canonical = _parse_number(main)
    if canonical is None and not ext:
        # "0574-63123456-801": the tail is an extension only if the head is a whole number.
        tail = _TRAILING_EXT_RE.fullmatch(main)
        if tail is not None:
            main, ext = tail.group(1), tail.group(2)
            canonical = _parse_number(main)
    if canonical is None:
        raise ValueProblem(MSG_INVALID)
    return f"{canonical}-{ext}" if ext else canonical


def _clean_one(piece: str) -> str:
    ext = ""
    found = _EXT_RE.search(piece)
    if found is not None:
        if piece[found.end() :].strip():
            raise ValueProblem(MSG_INVALID)  # an extension is always last
        piece, ext = piece[: found.start()], found.group(1)
    return _parse_main(piece.strip(" -"), ext)


def _clean_piece(piece: str) -> list[str]:
    try:
        return [_clean_one(piece)]
    except ValueProblem:
        # "13805741234 13905741234": spaces also separate numbers when each part is whole.
        tokens = piece.split()
        if len(tokens) < 2:
            raise
        try:
            return [_clean_one(token) for token in tokens]
        except ValueProblem:
            raise ValueProblem(MSG_INVALID) from None


def clean_phone(raw: object) -> str:
    """Canonical text of one or more phone numbers; "" for an empty cell."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a number cell in Excel: 13805741234.0
    text = _ZERO_WIDTH_RE.sub("", unicodedata.normalize("NFKC", str(raw))).strip()
    if text in _EMPTY_MARKS:
        return ""
    pieces = [p.strip() for p in _SPLIT_RE.split(text) if p.strip()]
    cleaned: list[str] = []
    for piece in pieces:
        try:
            numbers = _clean_piece(piece)
        except ValueProblem:
            if len(pieces) == 1:
                raise
            # In a cell with several numbers, say which one is wrong.
            shown = piece if len(piece) <= _MAX_SHOWN else piece[:_MAX_SHOWN] + "…"
            raise ValueProblem(f"“{shown}”{MSG_INVALID}") from None
        for number in numbers:
            if number not in cleaned:
                cleaned.append(number)
    return JOIN.join(cleaned)
