"""The human-readable reasons of a priority breakdown, in English and Simplified Chinese.

Rendering is lazy: a `PriorityContribution` keeps only its factor, points and a small
JSON-safe `detail`; the sentences are built here when someone reads them. Nothing here
depends on the notices module: money and durations get their own small formatters.
"""

# ruff: noqa: RUF001 - the Chinese reasons use full-width punctuation, and x is a multiplication sign

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from typing import Final

from supportflow.errors import InvalidFieldError
from supportflow.vocabulary import Channel

__all__ = ["LOCALES", "render", "renders"]

#: The locales a reason can be rendered in.
LOCALES: Final = ("en", "zh-Hans")

_SYMBOLS: Final = {"CNY": "¥", "USD": "US$", "HKD": "HK$", "EUR": "€", "GBP": "£"}

_VULNERABILITY: Final = {
    "elderly": ("elderly", "老年人"),
    "disability": ("disability", "残障人士"),
    "financial_hardship": ("financial hardship", "经济困难"),
}

#: Chinese names of the shared channels; a host's own channel is shown by its name.
_CHANNELS_ZH: Final = {c.value: c.label("zh-Hans") for c in Channel}

Detail = tuple[str | int, ...]


def money(amount: str, currency: str) -> str:
    """`"58000"`, `"CNY"` -> `"¥58,000"`; `"8000.5"`, `"USD"` -> `"US$8,000.50"`."""
    value = decimal.Decimal(amount)
    if value == value.to_integral_value():
        number = f"{value.quantize(decimal.Decimal(1)):,}"
    elif value.as_tuple().exponent in (-1, -2):
        number = f"{value:,.2f}"
    else:
        number = f"{value:,f}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def duration(seconds: int, locale: str) -> str:
    """`93_780`, `"en"` -> `"1d 2h"`; `18_720`, `"zh-Hans"` -> `"5小时12分钟"`.

    The two largest units at most, a zero second unit left out (`"2h"`, not `"2h 0m"`).
    """
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    en = locale == "en"
    units = ("d", "h", "m") if en else ("天", "小时", "分钟")
    amounts = (days, hours, minutes)
    first = next((k for k, n in enumerate(amounts) if n), 2)
    shown = [f"{amounts[first]}{units[first]}"]
    if first < 2 and amounts[first + 1]:
        shown.append(f"{amounts[first + 1]}{units[first + 1]}")
    return (" " if en else "").join(shown)


def _instant(iso: str) -> str:
    value = dt.datetime.fromisoformat(iso)
    offset = value.strftime("%z")
    return f"{value:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"


def _base(d: Detail, zh: bool) -> str:
    impact, urgency, label = d
    if zh:
        return f"ITIL 影响度 {impact} × 紧急度 {urgency} = {label}"
    return f"ITIL impact {impact} × urgency {urgency} = {label}"


def _amount(d: Detail, zh: bool) -> str:
    if not d:
        return "不涉及金额" if zh else "no amount at stake"
    amount, currency, base_amount, base_currency = (str(x) for x in d)
    shown = money(amount, currency)
    if currency != base_currency:
        rounded = str(decimal.Decimal(base_amount).quantize(decimal.Decimal(1)))
        converted = money(rounded, base_currency)
        shown += f"（约 {converted}）" if zh else f" (≈ {converted})"
    return f"涉及金额 {shown}" if zh else f"amount at stake {shown}"


def _vulnerability(d: Detail, zh: bool) -> str:
    if not d:
        return "未标记弱势客户" if zh else "no vulnerability flagged"
    names = [_VULNERABILITY[str(flag)][1 if zh else 0] for flag in d]
    return f"弱势客户（{'、'.join(names)}）" if zh else f"vulnerable customer ({', '.join(names)})"


def _flag(yes_en: str, no_en: str, yes_zh: str, no_zh: str) -> Callable[[Detail, bool], str]:
    def render(d: Detail, zh: bool) -> str:
        if zh:
            return yes_zh if d[0] else no_zh
        return yes_en if d[0] else no_en

    return render


def _repeat(d: Detail, zh: bool) -> str:
    (count,) = d
    if not count:
        return "首次投诉此问题" if zh else "first complaint about this problem"
    if zh:
        return f"此前已就同一问题投诉 {count} 次"
    noun = "complaint" if count == 1 else "complaints"
    return f"{count} earlier {noun} about the same problem"


def _funds(d: Detail, zh: bool) -> str:
    state = d[0]
    if state == "none":
        return "无资金冻结" if zh else "no funds frozen or withheld"
    if state == "past_end":
        end = _instant(str(d[1]))
        return (
            f"提现冻结已超过公告的结束时间 {end}"
            if zh
            else f"withdrawal held past its announced end {end}"
        )
    if len(d) > 1:
        end = _instant(str(d[1]))
        return (
            f"资金被冻结或暂扣，公告结束时间 {end}"
            if zh
            else f"funds frozen or withheld, announced end {end}"
        )
    return (
        "资金被冻结或暂扣，无公告结束时间" if zh else "funds frozen or withheld, no announced end"
    )


def _channel(d: Detail, zh: bool) -> str:
    if not d:
        return "未记录渠道" if zh else "channel not recorded"
    name = str(d[0])
    return f"渠道：{_CHANNELS_ZH.get(name, name)}" if zh else f"channel: {name}"


def _sla(d: Detail, zh: bool) -> str:
    state = d[0]
    if state == "none":
        return "无 SLA 时限" if zh else "no SLA deadline"
    seconds = int(d[1])
    locale = "zh-Hans" if zh else "en"
    if state == "breached":
        span = duration(seconds, locale)
        return f"已超出 SLA 时限 {span}" if zh else f"SLA breached {span} ago"
    span = duration(seconds, locale)
    return f"距 SLA 超时还有 {span}" if zh else f"SLA breach in {span}"


def _aging(d: Detail, zh: bool) -> str:
    seconds = int(d[0])
    if zh:
        return f"已等待 {duration(seconds, 'zh-Hans')}"
    return f"waiting {duration(seconds, 'en')}"


def _cap(d: Detail, zh: bool) -> str:
    return f"封顶 {d[0]} 分" if zh else f"capped at {d[0]}"


_RENDERERS: Final[dict[str, Callable[[Detail, bool], str]]] = {
    "base": _base,
    "amount": _amount,
    "vulnerability": _vulnerability,
    "regulator": _flag(
        "regulator involved", "no regulator involvement", "监管机构介入", "无监管机构介入"
    ),
    "media": _flag("media involved", "no media involvement", "媒体介入", "无媒体介入"),
    "repeat": _repeat,
    "funds": _funds,
    "fraud": _flag(
        "fraud or abnormal-transaction signal",
        "no fraud or abnormal-transaction signal",
        "存在欺诈或异常交易信号",
        "无欺诈或异常交易信号",
    ),
    "channel": _channel,
    "sla": _sla,
    "aging": _aging,
    "cap": _cap,
}


def renders(factor: str, detail: Detail) -> bool:
    """Whether `detail` has the shape `factor`'s reason needs (checked on construction)."""
    try:
        for zh in (False, True):
            _RENDERERS[factor](detail, zh)
    except (ValueError, TypeError, KeyError, IndexError, ArithmeticError):
        return False
    return True


def render(factor: str, points: int, detail: Detail, locale: str) -> str:
    """The sentence for one contribution, e.g. `"amount at stake ¥58,000 -> +12"`.

    Raises:
        InvalidFieldError: `locale` is not one of `LOCALES`.
    """
    if locale not in LOCALES:
        raise InvalidFieldError("locale", locale, f"be one of {', '.join(LOCALES)}")
    zh = locale == "zh-Hans"
    text = _RENDERERS[factor](detail, zh)
    if not zh:
        return f"{text} -> {points:+d}"
    # A full-width bracket already carries its own spacing.
    return f"{text}{'' if text.endswith('）') else ' '}→ {points:+d}"
