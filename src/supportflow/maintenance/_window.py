"""`MaintenanceWindow`: a versioned announcement, its status updates and its end event.

The window's parts (versions, paused services, updates) are in `_versions`, the lead time
an announcement must leave in `_lead_time`, and the notices its events return in `_notice`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Self

import attrs

from supportflow import _declarative, _events
from supportflow._declarative import Document, declared, nested, sequence, spec
from supportflow._events import EventSpec
from supportflow._serialization import Reader
from supportflow.errors import IllegalTransitionError, InvalidFieldError, ReadOnlyFieldError
from supportflow.maintenance._codecs import ID, POSITIVE
from supportflow.maintenance._lead_time import LeadTimePolicy
from supportflow.maintenance._notice import (
    HeldWithdrawal,
    MaintenanceNotice,
    NoticeKind,
    _between,
    _text,
    _utc,
)
from supportflow.maintenance._versions import (
    ServiceSpec,
    ServiceWindow,
    StatusUpdate,
    WindowVersion,
    _at,
    _services,
)
from supportflow.notices._fill import fill, template_named
from supportflow.notices._model import NoticeTemplate
from supportflow.vocabulary import Service, services_choice

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = ["MaintenanceWindow"]

#: The keys of a schema-1 window (before status updates and open ends).
_V1_KEYS: Final = frozenset({"schema", "id", "versions", "emergency", "ended_at"})
#: The keys of a schema-2 window (before its `version`).
_V2_KEYS: Final = _V1_KEYS | {"updates"}


def _from_v1(reader: Reader) -> dict[str, object]:
    """Window schema 1 -> 2: no status updates yet."""
    reader.require_keys(_V1_KEYS)
    return {**reader.mapping_value(), "updates": []}


def _from_v2(reader: Reader) -> dict[str, object]:
    """Window schema 2 -> 3: the row's `version`, the count of the events it records.

    A malformed list counts nothing here; reading it then names it.
    """
    reader.require_keys(_V2_KEYS)
    document = dict(reader.mapping_value())
    versions, updates = document["versions"], document["updates"]
    count = len(versions) if isinstance(versions, list) else 0
    count += len(updates) if isinstance(updates, list) else 0
    document["version"] = count + (document["ended_at"] is not None)
    return document


@declared(schema=3, upgrades={1: _from_v1, 2: _from_v2})
@attrs.frozen
class MaintenanceWindow(Document):
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
    notices name: 1, then +1 per extension) is `announced_version`. A window rebuilt from
    a stored row may be given the row's `version=` (keyword): it must equal that count.

    Raises:
        InvalidFieldError: no versions, versions out of order, an `ended_at` before start,
            or a `version` other than the count of the window's events.
    """

    id: str = attrs.field(metadata=spec(ID))
    versions: tuple[WindowVersion, ...] = attrs.field(
        metadata=spec(sequence(nested(WindowVersion), min_items=1))
    )
    emergency: bool = False
    ended_at: dt.datetime | None = None
    updates: tuple[StatusUpdate, ...] = ()
    #: The `version` a stored row states, checked against the events (then forgotten).
    _expected: int | None = attrs.field(
        default=None,
        kw_only=True,
        alias="version",
        eq=False,
        repr=False,
        metadata=spec(POSITIVE, key="version"),
    )

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
        if self._expected is not None:
            if type(self._expected) is not int or self._expected != self.version:
                raise InvalidFieldError(
                    "version",
                    self._expected,
                    f"be {self.version}, the count of the window's events",
                )
            object.__setattr__(self, "_expected", None)

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

    def pauses(self, service: Service | str, at: dt.datetime | str) -> bool:
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
        self, *, at: dt.datetime | str, note: str = ""
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

    def complete(self, *, at: dt.datetime | str) -> tuple[MaintenanceWindow, MaintenanceNotice]:
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
        document = _declarative.dump(self)
        document["version"] = self.version  # derived from the events, not stored
        return document

    @classmethod
    def from_dict(cls, data: object, *, path: str = "", registry: Registry | None = None) -> Self:
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
        return _declarative.load(cls, data, path=path)


_EVENTS: Final = ("extend", "update", "complete")


def _read_only(self: MaintenanceWindow, name: str, value: object) -> None:
    raise ReadOnlyFieldError(type(self).__name__, name, value)


# attrs builds frozen values with object.__setattr__; every other assignment is refused
# with the entities' typed error (not attrs' FrozenInstanceError).
MaintenanceWindow.__setattr__ = _read_only  # type: ignore[assignment,method-assign]
