"""The parts of a maintenance window: each announced version, its paused services, updates.

A `WindowVersion` is one announcement (an extension is a new one) pausing some services,
each over its own `ServiceWindow`; a `StatusUpdate` is posted while a window runs. All
three are records nested in a window's document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from supportflow import _pendulum
from supportflow._declarative import Document, declared, spec
from supportflow.errors import InvalidFieldError
from supportflow.maintenance._codecs import POSITIVE
from supportflow.maintenance._notice import _text
from supportflow.vocabulary import Service

__all__ = ["ServiceSpec", "ServiceWindow", "StatusUpdate", "WindowVersion"]


def _service(value: object, field: str = "service") -> Service:
    if isinstance(value, Service):
        return value
    try:
        return Service(value)
    except ValueError as exc:
        choices = ", ".join(s.value for s in Service)
        raise InvalidFieldError(field, value, f"be a known service ({choices})") from exc


def _at(value: object, field: str) -> dt.datetime:
    return _pendulum.instant(value, field=field)


def _start(value: object) -> dt.datetime:
    return _at(value, "start")


def _open_end(value: object) -> dt.datetime | None:
    return None if value is None else _at(value, "end")


def _announced_at(value: object) -> dt.datetime:
    return _at(value, "announced_at")


def _sorted_services(value: object) -> tuple[ServiceWindow, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, tuple | list):
        raise InvalidFieldError("services", value, "be a list of ServiceWindow")
    for i, sub in enumerate(value):
        if not isinstance(sub, ServiceWindow):
            raise InvalidFieldError(f"services[{i}]", sub, "be a ServiceWindow")
    return tuple(sorted(value, key=lambda s: s.service.value))


@declared(schema=None)
@attrs.frozen
class ServiceWindow(Document):
    """The part of a maintenance window during which one service is paused.

    Attributes:
        service: The paused service.
        start: When it pauses.
        end: When it is announced to resume (after `start`), or `None`: until further
            notice.

    Raises:
        InvalidFieldError: unknown service, naive instants, or `end <= start`.
    """

    service: Service = attrs.field(converter=_service)
    start: dt.datetime = attrs.field(converter=_start)
    end: dt.datetime | None = attrs.field(converter=_open_end)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end <= self.start:
            raise InvalidFieldError("end", self.end, "be after start")


@declared(schema=None)
@attrs.frozen
class WindowVersion(Document):
    """One announced version of a maintenance window (an extension is a new version).

    Attributes:
        version: 1 for the first announcement, then 2, 3, ...
        start: When the window starts.
        end: When it is announced to end, or `None`: until further notice (status updates
            are then owed, see `WithdrawalQueue.update_every`).
        services: The paused services with their sub-windows, by service name.
        announced_at: When this version was announced.
        reason: Why (for an extension: why it was extended).

    Raises:
        InvalidFieldError: `end <= start`, no services, a service twice, or a sub-window
            outside `[start, end]`.
    """

    version: int = attrs.field(metadata=spec(POSITIVE))
    start: dt.datetime = attrs.field(converter=_start)
    end: dt.datetime | None = attrs.field(converter=_open_end)
    services: tuple[ServiceWindow, ...] = attrs.field(converter=_sorted_services)
    announced_at: dt.datetime = attrs.field(converter=_announced_at)
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        if type(self.version) is not int or self.version < 1:
            raise InvalidFieldError("version", self.version, "be an integer >= 1")
        if self.end is not None and self.end <= self.start:
            raise InvalidFieldError("end", self.end, "be after start")
        if not self.services:
            raise InvalidFieldError("services", self.services, "name at least one service")
        seen: set[Service] = set()
        for i, sub in enumerate(self.services):
            if sub.service in seen:
                raise InvalidFieldError(f"services[{i}]", sub.service.value, "not repeat")
            seen.add(sub.service)
            if sub.start < self.start or (
                self.end is not None and (sub.end is None or sub.end > self.end)
            ):
                raise InvalidFieldError(
                    f"services[{i}]", sub.service.value, "lie within the window's start and end"
                )
        _text(self.reason, "reason")

    def window_for(self, service: Service | str) -> ServiceWindow | None:
        """The sub-window of `service`, or `None` if this version does not pause it."""
        wanted = _service(service)
        for sub in self.services:
            if sub.service is wanted:
                return sub
        return None


def _update_at(value: object) -> dt.datetime:
    return _at(value, "at")


@declared(schema=None)
@attrs.frozen
class StatusUpdate(Document):
    """A status update posted while a window runs (owed regularly when it has no end).

    Attributes:
        at: When it was posted.
        note: What it says (progress, the expected end once known).
    """

    at: dt.datetime = attrs.field(converter=_update_at)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        _text(self.note, "note")


ServiceSpec = (
    Mapping[Service | str, tuple[dt.datetime, dt.datetime | None] | None] | Iterable[Service | str]
)


def _services(
    spec: ServiceSpec, start: dt.datetime, end: dt.datetime | None
) -> tuple[ServiceWindow, ...]:
    if isinstance(spec, str | bytes) or not isinstance(spec, Iterable):
        raise InvalidFieldError("services", spec, "be a list of services or a mapping")
    out: list[ServiceWindow] = []
    if isinstance(spec, Mapping):
        for i, (name, span) in enumerate(spec.items()):
            service = _service(name, f"services[{i}]")
            if span is None:
                out.append(ServiceWindow(service, start, end))
            elif not isinstance(span, list | tuple) or len(span) != 2:
                raise InvalidFieldError(
                    f"services[{service.value!r}]", span, "be (start, end) or None"
                )
            else:
                out.append(ServiceWindow(service, span[0], span[1]))
    else:
        out.extend(
            ServiceWindow(_service(name, f"services[{i}]"), start, end)
            for i, name in enumerate(spec)
        )
    return tuple(out)
