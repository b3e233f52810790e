"""The channel table of a `PriorityModel`: points per intake channel, and its converter."""

from __future__ import annotations

from typing import Final

from supportflow.errors import InvalidFieldError
from supportflow.priority._weights import MAX_SCORE, pairs
from supportflow.vocabulary import Channel

__all__ = ["DEFAULT_CHANNELS", "channel_points"]

#: Points per intake channel: every shared `Channel` (so a complaint's own channel ranks),
#: more for the channels elderly or less digital customers use and for public complaints.
#: A regulator referral earns nothing here: `regulator_points` already counts it.
_DEFAULT_CHANNEL_POINTS: Final[dict[Channel, int]] = {
    Channel.PHONE: 3,
    Channel.HOTLINE: 3,
    Channel.IN_APP_CHAT: 0,
    Channel.IN_APP: 0,
    Channel.EMAIL: 0,
    Channel.SMS: 0,
    Channel.WECHAT: 0,
    Channel.WEB_FORM: 0,
    Channel.SOCIAL_MEDIA: 2,
    Channel.LETTER: 2,
    Channel.IN_PERSON: 3,
    Channel.REGULATOR_REFERRAL: 0,
}
DEFAULT_CHANNELS: Final = tuple(sorted((c.value, p) for c, p in _DEFAULT_CHANNEL_POINTS.items()))


def channel_points(value: object) -> tuple[tuple[str, int], ...]:
    out = {}
    for key, points in pairs(value, "channel_points"):
        name = key.value if isinstance(key, Channel) else key
        if not isinstance(name, str) or not name.strip():
            raise InvalidFieldError("channel_points", name, "have non-empty names as keys")
        if type(points) is not int or not 0 <= points <= MAX_SCORE:
            raise InvalidFieldError(
                f"channel_points[{name!r}]", points, f"be an int from 0 to {MAX_SCORE}"
            )
        out[name] = points
    return tuple(sorted(out.items()))
