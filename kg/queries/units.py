"""Units of the figures: a value as stated (1.55 万亿元) → the base unit (1.55e12 元).

A unit is a magnitude prefix (十 百 千 万 十万 百万 千万 亿 十亿 百亿 千亿 万亿) and a base (元, 辆,
家, 吨, …); ``%``, ``个百分点`` and ``倍`` have no prefix; a bare prefix (``亿``) is a plain number.
"""

from __future__ import annotations

PREFIXES = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6,
            "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2, "十": 1e1}
NO_PREFIX = ("%", "％", "个百分点", "百分点", "倍", "‰")


def base_unit(unit: str) -> tuple[float, str]:
    """(factor, base unit) of ``unit``: ``亿元`` → (1e8, ``元``); ``%`` → (1, ``%``)."""
    unit = (unit or "").strip()
    if not unit or unit in NO_PREFIX or unit.endswith("百分点"):
        return 1.0, "%" if unit == "％" else unit
    for prefix in sorted(PREFIXES, key=len, reverse=True):
        if unit.startswith(prefix):
            return PREFIXES[prefix], unit[len(prefix):]
    return 1.0, unit


def normalize(value: float, unit: str) -> tuple[float, str]:
    """``value`` in ``unit`` as (value, base unit): (1.55, ``万亿元``) → (1.55e12, ``元``)."""
    factor, base = base_unit(unit)
    return float(value) * factor, base


def display(value: float, base: str) -> str:
    """A base value for people: 1.55e12 元 → ``1.55万亿元``, 35000 辆 → ``3.5万辆``."""
    if base in NO_PREFIX or base.endswith("百分点"):
        return f"{value:g}{base}"
    for prefix, factor in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if abs(value) >= factor:
            return f"{value / factor:.4g}{prefix}{base}"
    return f"{value:g}{base}"
