r"""What an SMS costs: encoding (GSM-7 or UCS-2), length in units, and segments.

The rules carriers bill by (3GPP TS 23.038 and TS 23.040):

- GSM-7: 160 septets in one segment, 153 per segment when split (the other 7 carry the
  concatenation header). Characters of the extension table (`^ { } \\ [ ~ ] | €` and form
  feed) are sent as ESC + character and cost two septets; the pair is never split across
  segments.
- UCS-2 (UTF-16 in practice) as soon as one character is outside GSM-7 (any Chinese
  character): 70 code units in one segment, 67 per segment when split. A character outside
  the Basic Multilingual Plane (most emoji) takes two code units, a surrogate pair, which
  is never split across segments.
"""

from __future__ import annotations

import enum
import re
from typing import Final

import attrs

from supportflow.errors import InvalidFieldError

__all__ = ["GSM7_BASIC", "GSM7_EXTENSION", "SmsCost", "SmsEncoding", "sms_cost"]

#: The GSM 03.38 default alphabet (ESC itself excluded: it only introduces an extension).
GSM7_BASIC: Final = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: The GSM 03.38 extension table: each costs two septets (ESC + the character).
GSM7_EXTENSION: Final = "\f^{}\\[~]|€"

# One scan finds both what costs two septets and what forces UCS-2.
_NOT_BASIC = re.compile("[^" + re.escape(GSM7_BASIC) + "]")
_EXTENSION = re.compile("[" + re.escape(GSM7_EXTENSION) + "]")
_EXTENSION_SET: Final = frozenset(GSM7_EXTENSION)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class SmsEncoding(enum.Enum):
    """How an SMS is encoded on the air."""

    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@attrs.frozen
class SmsCost:
    """The encoding, size and segment count of one SMS text.

    Attributes:
        encoding: GSM-7, or UCS-2 when any character is outside GSM-7.
        characters: Code points in the text.
        units: Septets (GSM-7, extension characters count two) or UTF-16 code units (UCS-2).
        segments: Messages the carrier sends (and bills); 0 for an empty text.
        forced_by: The first character that forced UCS-2, or `None` for GSM-7.
        forced_at: Its index in the text, or `None`.
    """

    encoding: SmsEncoding
    characters: int
    units: int
    segments: int
    forced_by: str | None = None
    forced_at: int | None = None

    @property
    def per_segment(self) -> int:
        """Units one segment carries at this length: 160/153 (GSM-7) or 70/67 (UCS-2)."""
        single, split = (160, 153) if self.encoding is SmsEncoding.GSM7 else (70, 67)
        return single if self.segments <= 1 else split


def _packed(text: str, size: int, wide: re.Pattern[str]) -> int:
    """Segments of `size` units, filled greedily; a two-unit character is never split."""
    segments, used = 1, 0
    for char in text:
        width = 2 if wide.match(char) else 1
        if used + width > size:
            segments += 1
            used = 0
        used += width
    return segments


def sms_cost(text: str) -> SmsCost:
    """The encoding, units and segments of `text` sent as one (possibly split) SMS.

    Example:
        ```python
        from supportflow.notices import sms_cost

        cost = sms_cost("Withdrawals resume at 06:00 (Beijing time)")
        assert (cost.encoding.value, cost.units, cost.segments) == ("GSM-7", 42, 1)
        cost = sms_cost("提现将于06:00恢复")
        assert (cost.encoding.value, cost.segments, cost.forced_by) == ("UCS-2", 1, "提")
        ```

    Raises:
        InvalidFieldError: `text` is not a string.
    """
    if not isinstance(text, str):
        raise InvalidFieldError("text", text, "be a string")
    characters = len(text)
    forcing = None
    extension = 0
    for match in _NOT_BASIC.finditer(text):
        if match.group() in _EXTENSION_SET:
            extension += 1
        else:
            forcing = match
            break
    if forcing is None:
        units = characters + extension
        if units <= 160:
            segments = 1 if units else 0
        elif extension:
            segments = _packed(text, 153, _EXTENSION)
        else:
            segments = -(-units // 153)
        return SmsCost(SmsEncoding.GSM7, characters, units, segments)
    astral = len(_ASTRAL.findall(text))
    units = characters + astral
    if units <= 70:
        segments = 1
    elif astral:
        segments = _packed(text, 67, _ASTRAL)
    else:
        segments = -(-units // 67)
    return SmsCost(SmsEncoding.UCS2, characters, units, segments, forcing.group(), forcing.start())
