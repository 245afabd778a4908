"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a mod-31 check character.

Always kept as text: as a number it would lose its letters and the Excel importer would turn
it into 9.13302E+17.
"""

from __future__ import annotations

from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as stdnum_uscc

from cixi_desktop.domain.errors import ValueProblem
from cixi_desktop.domain.text import normalize_code

LENGTH = 18
# GB 32100 leaves out I, O, Z, S and V so that they cannot be mistaken for 1, 0, 2, 5 and U.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

MSG_EMPTY = "不能为空"
MSG_CHARS = "含有不允许的字符（不可使用 I、O、Z、S、V）"
MSG_HEAD = "前 8 位应为数字（登记管理部门、机构类别和行政区划代码）"
MSG_CHECK = "校验位不正确，请核对"


def _compact(raw: object) -> str:
    text = "" if raw is None else str(raw)
    # stdnum also drops hyphens; doing it here keeps the length in messages honest.
    return normalize_code(text).replace("-", "")


def clean_uscc(raw: object) -> str:
    """The 18-character code, or :class:`ValueProblem` saying what is wrong with it."""
    code = _compact(raw)
    if not code:
        raise ValueProblem(MSG_EMPTY)
    if len(code) != LENGTH:
        raise ValueProblem(f"应为 18 位，现在是 {len(code)} 位")
    if any(c not in ALPHABET for c in code):
        raise ValueProblem(MSG_CHARS)
    try:
        return str(stdnum_uscc.validate(code))
    except stdnum_errors.InvalidChecksum:
        expected = stdnum_uscc.calc_check_digit(code[:-1])
        raise ValueProblem(f"{MSG_CHECK}（按前 17 位计算应为 {expected}）") from None
    except stdnum_errors.ValidationError:
        # stdnum wants digits in the first 8 places; the only thing left to fail is that.
        raise ValueProblem(MSG_HEAD) from None


def make_uscc(body17: str) -> str:
    """``body17`` plus its check character; used to generate demo and test data."""
    body = _compact(body17)
    if len(body) != LENGTH - 1 or any(c not in ALPHABET for c in body) or not body[:8].isdigit():
        raise ValueProblem(f"生成统一社会信用代码需要 17 位本体，收到“{body17}”")
    return body + str(stdnum_uscc.calc_check_digit(body))
