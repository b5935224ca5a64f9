"""Amounts of money in Chinese capitals (大写金额), as cheques and certificates write them.

The rules are those of the 《支付结算办法》 annex: 壹贰叁…玖 with 拾佰仟 inside a group of
four digits and 万/亿 between groups; one 零 for any run of zeros between two non-zero
digits (also across a group: 壹亿零壹万); 元 after the integer part, then 角 and 分;
整 when the amount ends at 元. 壹拾 keeps its 壹, as money is written.
"""

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("仟", "佰", "拾", "")
# Groups of four digits, lowest first: 元 group, 万, 亿, 万亿.
GROUPS = ("", "万", "亿", "万亿")
LIMIT = 10 ** (4 * len(GROUPS))


def _group(number: int) -> str:
    """1..9999 in capitals, without a leading 零 (the caller adds it across groups)."""
    text, zero_pending = "", False
    for place, digit in zip(PLACES, f"{number:04d}", strict=True):
        digit = int(digit)
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += DIGITS[digit] + place
    return text


def _integer(number: int) -> str:
    groups = []
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    text, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(text)
            continue
        if text and (zero_pending or group < 1000):
            text += "零"
        text += _group(group) + GROUPS[index]
        zero_pending = False
    return text


def yuan_in_capitals(amount) -> str:
    """`Decimal("1200000.00")` → 壹佰贰拾万元整; rounded half-up to the 分."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0 or value >= LIMIT:
        raise ValueError(f"amount out of range: {amount}")
    integer, cents = divmod(int(value * 100), 100)
    jiao, fen = divmod(cents, 10)
    if not integer and not cents:
        return "零元整"
    text = _integer(integer) + "元" if integer else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen and integer:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    if not cents:
        text += "整"
    return text
