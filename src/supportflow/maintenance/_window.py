"""Maintenance windows (versioned), lead-time policies and the notice events they emit."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from supportflow import _events, _pendulum, _validators
from supportflow._events import EventSpec
from supportflow._serialization import Reader, dump_duration, dump_instant
from supportflow.calendar import BusinessCalendar
from supportflow.errors import (
    IllegalTransitionError,
    InvalidFieldError,
    ReadOnlyFieldError,
    SerializationError,
)
from supportflow.maintenance._notice import (
    HeldWithdrawal,
    MaintenanceNotice,
    NoticeKind,
    _between,
    _text,
    _utc,
)
from supportflow.notices._fill import fill, template_named
from supportflow.notices._model import NoticeTemplate
from supportflow.registry import parse_ref
from supportflow.vocabulary import Service, services_choice

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = [
    "LeadTimePolicy",
    "MaintenanceWindow",
    "Service",
    "ServiceWindow",
    "StatusUpdate",
    "WindowVersion",
]


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


def _end(value: object) -> dt.datetime:
    return _at(value, "end")


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


@attrs.frozen
class ServiceWindow:
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

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (nested in a window's dict)."""
        return {
            "service": self.service.value,
            "start": dump_instant(self.start),
            "end": None if self.end is None else dump_instant(self.end),
        }

    @classmethod
    def _load(cls, r: Reader) -> ServiceWindow:
        r.require_keys({"service", "start", "end"})
        with r.building():
            end = r.instant("end") if r.has("end") else None
            return cls(r.enum("service", Service), r.instant("start"), end)


@attrs.frozen
class WindowVersion:
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

    version: int
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

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (nested in a window's dict)."""
        return {
            "version": self.version,
            "start": dump_instant(self.start),
            "end": None if self.end is None else dump_instant(self.end),
            "services": [s.to_dict() for s in self.services],
            "announced_at": dump_instant(self.announced_at),
            "reason": self.reason,
        }

    @classmethod
    def _load(cls, r: Reader) -> WindowVersion:
        r.require_keys({"version", "start", "end", "services", "announced_at", "reason"})
        services = tuple(ServiceWindow._load(e) for e in r.items("services"))
        with r.building():
            return cls(
                r.integer("version"),
                r.instant("start"),
                r.instant("end") if r.has("end") else None,
                services,
                r.instant("announced_at"),
                r.text("reason"),
            )


def _days(value: object) -> int:
    # Ten years of business days is far beyond any notice period and keeps the lookup fast.
    return _validators.integer("business_days", value, minimum=1, maximum=2_600)


_MAX_LEAD_DAYS = 3_660  # ten years
_TOO_LATE = "leave room for the lead time before the year 9999"


@attrs.frozen
class LeadTimePolicy:
    """How far ahead a maintenance window must be announced (unless it is an emergency).

    Either a fixed `minimum` (e.g. 3 days) or `business_days` on `calendar` (e.g. the
    5 business days some jurisdictions require of payment-service providers): the window
    must then start no earlier than 00:00 (calendar zone) of the n-th business day after
    the day of the announcement.

    Attributes:
        minimum: The least elapsed time between announcement and start.
        business_days: The least number of business days, counted on `calendar`.
        calendar: The calendar for `business_days`.
        ref: The reference (`"notice_period@2"`) it is registered under in a
            `supportflow.Registry`, or `None`; set by `Registry.add`.

    Raises:
        InvalidFieldError: neither or both rules given, or a value out of range.
    """

    minimum: dt.timedelta | None = None
    business_days: int | None = None
    calendar: BusinessCalendar | None = None
    ref: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.ref is not None:
            parse_ref(self.ref)
        if (self.minimum is None) == (self.business_days is None):
            raise InvalidFieldError(
                "minimum", self.minimum, "be given, or business_days, but not both"
            )
        if self.minimum is not None and not isinstance(self.minimum, dt.timedelta):
            raise InvalidFieldError("minimum", self.minimum, "be a non-negative duration")
        if self.minimum is not None:
            _validators.duration("minimum", self.minimum)
        if self.business_days is not None:
            _days(self.business_days)
            if not isinstance(self.calendar, BusinessCalendar):
                raise InvalidFieldError(
                    "calendar", self.calendar, "be a BusinessCalendar for business_days"
                )

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key (the calendar embedded; `ref` when set)."""
        out: dict[str, object] = {
            "schema": 1,
            "minimum": None if self.minimum is None else dump_duration(self.minimum),
            "business_days": self.business_days,
            "calendar": None if self.calendar is None else self.calendar.to_dict(),
        }
        if self.ref is not None:
            out["ref"] = self.ref
        return out

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> LeadTimePolicy:
        """Rebuild a policy from `to_dict()` output.

        Raises:
            NewerSchemaError: written by a newer supportflow.
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        keys = {"minimum", "business_days", "calendar"}
        r = Reader.root(data, schema=1, keys=keys, optional={"ref"}, path=path)
        calendar = (
            r.child("calendar").as_(BusinessCalendar.from_dict) if r.has("calendar") else None
        )
        with r.building():
            return cls(
                minimum=r.duration("minimum") if r.has("minimum") else None,
                business_days=r.integer("business_days") if r.has("business_days") else None,
                calendar=calendar,
                ref=r.text("ref") if r.has("ref") else None,
            )

    @classmethod
    def days(cls, n: int) -> LeadTimePolicy:
        """At least `n` days (of 24 hours) ahead."""
        days = _validators.integer("n", n, minimum=1, maximum=_MAX_LEAD_DAYS)
        return cls(minimum=dt.timedelta(days=days))

    @classmethod
    def five_business_days(cls, calendar: BusinessCalendar) -> LeadTimePolicy:
        """The preset of 5 business days' notice on `calendar`."""
        return cls(business_days=5, calendar=calendar)

    def earliest_start(self, announced_at: dt.datetime | str) -> dt.datetime:
        """The earliest start a window announced at `announced_at` may have."""
        at = _at(announced_at, "announced_at")
        if self.minimum is not None:
            try:
                return at + self.minimum
            except OverflowError as exc:
                raise InvalidFieldError("announced_at", announced_at, _TOO_LATE) from exc
        calendar = self.calendar
        assert isinstance(calendar, BusinessCalendar)  # noqa: S101 - checked at construction
        assert self.business_days is not None  # noqa: S101 - checked at construction
        day = calendar.add_business_days(calendar.local_date(at), self.business_days)
        return calendar.end_of_day(day - dt.timedelta(days=1))

    def check(self, start: dt.datetime | str, announced_at: dt.datetime | str) -> None:
        """Refuse a start that is too soon after the announcement.

        Raises:
            InvalidFieldError: `announced_at` is too late for `start` (names `announced_at`).
        """
        earliest = self.earliest_start(announced_at)
        if _at(start, "start") < earliest:
            rule = (
                f"{dump_duration(self.minimum)}"
                if self.minimum is not None
                else f"{self.business_days} business days"
            )
            raise InvalidFieldError(
                "announced_at",
                announced_at,
                f"leave at least {rule} before the start (earliest start "
                f"{earliest.isoformat()}); flag the window emergency otherwise",
            )


def _update_at(value: object) -> dt.datetime:
    return _at(value, "at")


@attrs.frozen
class StatusUpdate:
    """A status update posted while a window runs (owed regularly when it has no end).

    Attributes:
        at: When it was posted.
        note: What it says (progress, the expected end once known).
    """

    at: dt.datetime = attrs.field(converter=_update_at)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        _text(self.note, "note")

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (nested in a window's dict)."""
        return {"at": dump_instant(self.at), "note": self.note}

    @classmethod
    def _load(cls, r: Reader) -> StatusUpdate:
        r.require_keys({"at", "note"})
        with r.building():
            return cls(r.instant("at"), r.text("note"))


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


@attrs.frozen
class MaintenanceWindow:
    """A maintenance window: versioned announcements, status updates, and the end event.

    A value: `announce`, `extend`, `update` and `complete` return a new window and the
    notice to send (also by name: `fire`); every method validates all of its arguments
    before deciding anything. Assigning a field raises `ReadOnlyFieldError`.
    Extending creates a new version (and a new notice); ending early is an event too.
    The window is *live* (holding withdrawals) from its start until `complete` is called,
    even past its announced end: nothing is released silently. A window may be announced
    with no end (`end=None`, "until further notice"): it then owes status updates.

    Attributes:
        id: The window's id.
        versions: Every announced version, oldest first.
        emergency: Announced without the policy's lead time, knowingly.
        ended_at: When the completion event came, or `None`.
        updates: The status updates posted, oldest first.

    `version` is the row's version for optimistic concurrency: 1 when announced, +1 per
    accepted event (extension, status update, completion). The announced version (what
    notices name: 1, then +1 per extension) is `announced_version`.

    Raises:
        InvalidFieldError: no versions, versions out of order, or an `ended_at` before start.
    """

    id: str
    versions: tuple[WindowVersion, ...]
    emergency: bool = False
    ended_at: dt.datetime | None = None
    updates: tuple[StatusUpdate, ...] = ()

    def __attrs_post_init__(self) -> None:
        _text(self.id, "id", empty=False)
        versions: object = self.versions
        if not isinstance(versions, tuple) or not versions:
            raise InvalidFieldError("versions", versions, "be a tuple of at least one version")
        for i, v in enumerate(versions):
            if not isinstance(v, WindowVersion):
                raise InvalidFieldError(f"versions[{i}]", v, "be a WindowVersion")
            if v.version != i + 1:
                raise InvalidFieldError(f"versions[{i}].version", v.version, f"be {i + 1}")
        if type(self.emergency) is not bool:
            raise InvalidFieldError("emergency", self.emergency, "be True or False")
        if self.ended_at is not None:
            object.__setattr__(self, "ended_at", _at(self.ended_at, "ended_at"))
        if self.ended_at is not None and self.ended_at < self.start:
            raise InvalidFieldError("ended_at", self.ended_at, "not be before the start")
        for i, u in enumerate(self.updates):
            if not isinstance(u, StatusUpdate):
                raise InvalidFieldError(f"updates[{i}]", u, "be a StatusUpdate")

    @property
    def version(self) -> int:
        """The row's version: 1 when announced, +1 per extension, status update and end.

        Every event of a window adds one entry (a version, an update, the end), so this
        counts them; a host compares it to detect a concurrent change (compare-and-swap).
        """
        return len(self.versions) + len(self.updates) + (self.ended_at is not None)

    # -- the current version ------------------------------------------------------------

    @property
    def current(self) -> WindowVersion:
        """The latest version."""
        return self.versions[-1]

    @property
    def announced_version(self) -> int:
        """The latest announced version's number (1, then +1 per extension)."""
        return self.current.version

    @property
    def start(self) -> dt.datetime:
        """When the window starts."""
        return self.current.start

    @property
    def end(self) -> dt.datetime | None:
        """When the window is (currently) announced to end; `None`: until further notice."""
        return self.current.end

    @property
    def announced_at(self) -> dt.datetime:
        """When the window was first announced."""
        return self.versions[0].announced_at

    @property
    def services(self) -> tuple[ServiceWindow, ...]:
        """The paused services of the current version."""
        return self.current.services

    @property
    def extensions(self) -> int:
        """How many times the window was extended."""
        return len(self.versions) - 1

    @property
    def last_word(self) -> dt.datetime:
        """The latest of the start, the current version's announcement and the last update.

        The status-update clock of a window with no end runs from here.
        """
        words = [self.start, self.current.announced_at, *(u.at for u in self.updates[-1:])]
        return max(words, key=_utc)

    def pauses(self, service: Service | str, at: dt.datetime) -> bool:
        """Whether `service` is paused at `at`: from its sub-window's start until the end event.

        A window past its announced end that has not ended keeps pausing (and is overdue).
        """
        sub = self.current.window_for(service)
        when = _at(at, "at")
        if sub is None or when < sub.start:
            return False
        return self.ended_at is None or when < self.ended_at

    # -- notices ------------------------------------------------------------------------

    def template_for(self, kind: NoticeKind | str) -> str | None:
        """The catalog template that tells customers of a `kind` notice about this window.

        As `NoticeKind.template`, except that the announcement of a window with no end is
        `maintenance_open_ended`. `None` for alerts and cancellations.

        Raises:
            InvalidFieldError: `kind` is not a `NoticeKind` or its value.
        """
        try:
            chosen = NoticeKind(kind)
        except ValueError:
            choices = ", ".join(k.value for k in NoticeKind)
            raise InvalidFieldError("kind", kind, f"be one of {choices}") from None
        if chosen is NoticeKind.MAINTENANCE_ANNOUNCED and self.end is None:
            return "maintenance_open_ended"
        return chosen.template

    def notice_values(self) -> dict[str, object]:
        """Everything the window can tell a notice, by the catalog's variable names.

        `start`, `services` (the catalog's word, see `supportflow.vocabulary.services_choice`,
        when one says exactly what is paused), `end` and `duration` (when it has an end),
        `ended_at` (once ended), `previous_end` and `new_end` (once extended, from the last
        two versions). Instants are UTC.
        """
        values: dict[str, object] = {"start": self.start}
        # No catalog word for this combination: the host words it (see `values_for`).
        with contextlib.suppress(InvalidFieldError):
            values["services"] = services_choice(s.service for s in self.services)
        if self.end is not None:
            values["end"] = self.end
            values["duration"] = _between(self.end, self.start)
        if self.ended_at is not None:
            values["ended_at"] = self.ended_at
        if len(self.versions) > 1:
            before, now = self.versions[-2].end, self.current.end
            if before is not None and now is not None:
                values["previous_end"], values["new_end"] = before, now
        return values

    def values_for(self, template: NoticeTemplate | str, **host: object) -> dict[str, object]:
        """Exactly the variables `template` declares: the window's values, then `host`'s.

        The window supplies `notice_values()`; the host adds the rest (`brand`, `hotline`,
        `details_url`, and `next_update` for an update). Values the template does not
        declare (`ended_at` for an announcement) are left out, so
        `template.render(window.values_for(template, ...))` never meets an undeclared key.

        Example:
            ```python
            from supportflow.maintenance import MaintenanceWindow

            window, _ = MaintenanceWindow.announce(
                "MW-1",
                start="2026-03-14T02:00:00+08:00",
                end="2026-03-14T06:00:00+08:00",
                services=["withdrawals", "deposits"],
                announced_at="2026-03-01T09:00:00+08:00",
            )
            host = {
                "brand": "AurumPay",
                "hotline": "400-820-8820",
                "details_url": "https://app.example.com/m/42",
            }
            values = window.values_for("maintenance_announced", **host)
            assert values["services"] == "deposits_and_withdrawals"
            assert "ended_at" not in values
            ```

        Args:
            template: A `NoticeTemplate`, or the name of a catalog template.
            **host: The host's values, each a variable the template declares; `services`
                only when no catalog word says what the window pauses.

        Raises:
            InvalidFieldError: an unknown template name; a host value the template does not
                declare or that replaces one of the window's; a required variable nobody
                supplies (the error names it: e.g. `ended_at` before the window ended); a
                `services` value outside the template's choices.
        """
        values = self.notice_values()
        declared = {v.name for v in template_named(template).variables}
        if "services" in declared and "services" not in values and "services" not in host:
            services_choice(s.service for s in self.services)  # raises, naming the services
        return fill(template, values, host, owner="the window")

    # -- events -------------------------------------------------------------------------

    @classmethod
    def announce(
        cls,
        id: str,  # noqa: A002 - the domain's word
        *,
        start: dt.datetime | str,
        end: dt.datetime | str | None,
        services: ServiceSpec,
        announced_at: dt.datetime | str,
        emergency: bool = False,
        policy: LeadTimePolicy | None = None,
        reason: str = "",
    ) -> tuple[MaintenanceWindow, MaintenanceNotice]:
        """Announce a window; return it and the announcement notice.

        `services` is a list of services (paused for the whole window) or a mapping of
        service to `(start, end)` (or `None` for the whole window). `end=None` announces
        maintenance "until further notice": allowed, but it owes status updates.

        Raises:
            InvalidFieldError: `end <= start`, unknown service, naive instants, or the
                announcement is too late for `policy` and the window is not `emergency`.
        """
        _text(id, "id", empty=False)
        first_start = _at(start, "start")
        first_end = None if end is None else _at(end, "end")
        when = _at(announced_at, "announced_at")
        if first_end is not None and first_end <= first_start:
            raise InvalidFieldError("end", end, "be after start")
        if when > first_start and not emergency:
            raise InvalidFieldError(
                "announced_at", announced_at, "not be after the start unless emergency"
            )
        version = WindowVersion(
            1, first_start, first_end, _services(services, first_start, first_end), when, reason
        )
        if policy is not None and not emergency:
            policy.check(first_start, when)
        window = cls(id, (version,), emergency=bool(emergency))
        return window, window._notice(NoticeKind.MAINTENANCE_ANNOUNCED, when, detail=reason)

    def extend(
        self, new_end: dt.datetime | str, *, at: dt.datetime | str, reason: str = ""
    ) -> tuple[MaintenanceWindow, MaintenanceNotice]:
        """Move the end later, or state the end of a window that had none.

        A new version, and a new notice to send. Sub-windows that ended with the old end
        (or had no end) are stretched to the new end.

        Raises:
            IllegalTransitionError: the window has already ended.
            InvalidFieldError: `new_end` is not after the current end (or, for a window with
                no end, not after its start), `at` is before the current version was
                announced, or `reason` is not a string.
        """
        when = _at(at, "at")
        later = _at(new_end, "new_end")
        _text(reason, "reason")
        if self.ended_at is not None:
            raise IllegalTransitionError(f"MaintenanceWindow {self.id}", "ended", "extend")
        floor = self.end if self.end is not None else self.start
        if later <= floor:
            raise InvalidFieldError("new_end", new_end, f"be after the current end {floor}")
        if when < self.current.announced_at:
            raise InvalidFieldError("at", at, "not be before the current version was announced")
        services = tuple(
            attrs.evolve(s, end=later) if s.end is None or s.end == self.end else s
            for s in self.services
        )
        version = WindowVersion(
            self.announced_version + 1, self.start, later, services, when, reason
        )
        window = attrs.evolve(self, versions=(*self.versions, version))
        return window, window._notice(NoticeKind.MAINTENANCE_EXTENDED, when, detail=reason)

    def update(
        self, *, at: dt.datetime, note: str = ""
    ) -> tuple[MaintenanceWindow, MaintenanceNotice]:
        """Post a status update (owed every so often while the window has no end).

        Raises:
            IllegalTransitionError: the window has already ended.
            InvalidFieldError: `at` is before the last announcement or update, or `note`
                is not a string.
        """
        when = _at(at, "at")
        _text(note, "note")
        if self.ended_at is not None:
            raise IllegalTransitionError(f"MaintenanceWindow {self.id}", "ended", "update")
        latest = max(
            [self.current.announced_at, *(u.at for u in self.updates[-1:])],
            key=_utc,
        )
        if when < latest:
            raise InvalidFieldError("at", at, "not be before the last announcement or update")
        window = attrs.evolve(self, updates=(*self.updates, StatusUpdate(when, note)))
        return window, window._notice(NoticeKind.MAINTENANCE_UPDATE, when, detail=note)

    def complete(self, *, at: dt.datetime) -> tuple[MaintenanceWindow, MaintenanceNotice]:
        """The completion event: maintenance is over (early, on time or late).

        Raises:
            IllegalTransitionError: the window has already ended.
            InvalidFieldError: `at` is before the window's start.
        """
        when = _at(at, "at")
        if self.ended_at is not None:
            raise IllegalTransitionError(f"MaintenanceWindow {self.id}", "ended", "complete")
        if when < self.start:
            raise InvalidFieldError("at", at, f"not be before the window's start {self.start}")
        if self.end is None:
            detail = "ended (no end had been announced)"
        elif when < self.end:
            detail = "ended early"
        elif when == self.end:
            detail = "ended on time"
        else:
            detail = "ended late"
        window = attrs.evolve(self, ended_at=when)
        return window, window._notice(NoticeKind.MAINTENANCE_ENDED, when, detail=detail)

    def _notice(
        self,
        kind: NoticeKind,
        at: dt.datetime,
        *,
        request_ids: tuple[str, ...] = (),
        customer_ids: Iterable[str] = (),
        audience: str = "customers",
        detail: str = "",
        holds: tuple[HeldWithdrawal, ...] = (),
    ) -> MaintenanceNotice:
        return MaintenanceNotice(
            kind,
            self.id,
            self.current.version,
            at,
            request_ids,
            tuple(sorted(set(customer_ids))),
            audience,
            detail,
            holds,
        )

    # -- serialization ------------------------------------------------------------------

    # -- events by name -----------------------------------------------------------------

    @classmethod
    def events(cls) -> tuple[EventSpec, ...]:
        """Every event `fire` takes by name, with its arguments (for an API's schema)."""
        return _events.describe(cls, _EVENTS)

    def fire(self, event: str, arguments: Mapping[str, object]) -> Any:  # noqa: ANN401 - the event's own result
        """Fire the event called `event` with `arguments`: the new window and its notice.

        Raises:
            InvalidFieldError: an unknown event, an unknown or missing argument (naming
                `arguments.<name>`), or whatever the event itself refuses.
            IllegalTransitionError: the window has ended.
        """
        return _events.fire(self, _EVENTS, event, arguments)

    # -- serialization ------------------------------------------------------------------

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key (3; schemas 1 and 2 still load).

        Args:
            embed: Accepted like every entity's `to_dict(embed=...)`; a window refers to
                no registered value, so both forms are the same.
        """
        del embed  # nothing is referenced
        return {
            "schema": 3,
            "id": self.id,
            "versions": [v.to_dict() for v in self.versions],
            "emergency": self.emergency,
            "ended_at": None if self.ended_at is None else dump_instant(self.ended_at),
            "updates": [u.to_dict() for u in self.updates],
            "version": self.version,
        }

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> MaintenanceWindow:
        """Rebuild a window from `to_dict()` output (schema 1, 2 or 3).

        Schema 1 (before status updates and open ends) loads as a window with no updates;
        the version of schema 3 is derived from the events, and checked against them.

        Args:
            data: The dict.
            path: Where it sits in a larger document, for error messages.
            registry: Accepted like every entity's `from_dict`; nothing to resolve.

        Raises:
            NewerSchemaError: written by a newer supportflow (schema above 3).
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        del registry  # nothing is referenced
        r = Reader.root(data, schema=(1, 2, 3), path=path)
        schema = r.raw("schema")
        if schema == 1:
            r.require_keys({"schema", *_WINDOW_KEYS})
        elif schema == 2:
            r.require_keys({"schema", *_WINDOW_KEYS, "updates"})
        else:
            r.require_keys({"schema", *_WINDOW_KEYS, "updates", "version"})
        versions = tuple(WindowVersion._load(e) for e in r.items("versions"))
        updates = (
            tuple(StatusUpdate._load(e) for e in r.items("updates")) if r.has("updates") else ()
        )
        with r.building():
            window = cls(
                id=r.text("id"),
                versions=versions,
                emergency=r.flag("emergency"),
                ended_at=r.instant("ended_at") if r.has("ended_at") else None,
                updates=updates,
            )
        if schema == 3 and r.integer("version") != window.version:
            raise SerializationError(
                r.child("version").path,
                r.raw("version"),
                f"be {window.version}, the count of the window's events",
            )
        return window


_WINDOW_KEYS: Final = frozenset({"id", "versions", "emergency", "ended_at"})
_EVENTS: Final = ("extend", "update", "complete")


def _read_only(self: MaintenanceWindow, name: str, value: object) -> None:
    raise ReadOnlyFieldError(type(self).__name__, name, value)


# attrs builds frozen values with object.__setattr__; every other assignment is refused
# with the entities' typed error (not attrs' FrozenInstanceError).
MaintenanceWindow.__setattr__ = _read_only  # type: ignore[assignment,method-assign]
