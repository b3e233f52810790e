"""`WithdrawalQueue`: withdrawals held during maintenance, never lost, released in order.

Above 600 lines because every public event is defined here with its docstring, so the API
reference (which lists no inherited members) shows it; the mechanics are elsewhere: time
and releases in `_release`, alerts in `_alerting` and `_clocks`, the row in `_queue_io`.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, Self

import attrs

from supportflow import _declarative, _events, _pendulum, _skew, _validators
from supportflow._declarative import Document, declared, spec
from supportflow._events import EventSpec
from supportflow._sealed import Sealed, check_version, seal
from supportflow.errors import IdempotencyConflictError, InvalidFieldError
from supportflow.maintenance import _clocks, _queue_io
from supportflow.maintenance._alerting import Escalation
from supportflow.maintenance._ledger import (
    SubmitResult,
    WindowLedger,
    _count_limit,
    _duration,
    _limit,
    _positive_int,
)
from supportflow.maintenance._notice import MaintenanceNotice, NoticeKind, _text
from supportflow.maintenance._release import _event, _Releasing
from supportflow.maintenance._window import MaintenanceWindow
from supportflow.maintenance._withdrawal import (
    WithdrawalRequest,
    WithdrawalState,
    _money,
)

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = ["SubmitResult", "WindowLedger", "WithdrawalQueue"]

W = WithdrawalState
Notices = tuple[MaintenanceNotice, ...]

_HOUR: Final = dt.timedelta(hours=1)


@declared(schema=3, upgrades={1: _queue_io.from_v1, 2: _queue_io.from_v2})
@attrs.define(slots=True, eq=False, on_setattr=attrs.setters.NO_OP)
class WithdrawalQueue(_Releasing, Sealed, Document):
    """Withdrawal requests and maintenance windows: holds, releases, their notices and alerts.

    Pure and in memory: every method takes the instant (`at`, never earlier than the last
    one, but see `skew_tolerance`) and returns the notices the host must send and the
    alerts operations must see. Its fields are read-only (`ReadOnlyFieldError`); its
    events can be fired by name (`fire`); `version` counts the calls that changed it.
    Every method is all-or-nothing: it checks all of its arguments and decides its outcome
    before changing anything, so a refused call (a typed error) leaves the queue exactly as
    it was - clock, requests, alerts and ledgers - and an accepted call returns every notice
    and alert it produced, including those of the time that passed up to `at`.

    A request is in exactly one state and never disappears. A window holds withdrawals
    from its withdrawals pause's start until its completion event; then its holds are
    released in `(requested_at, id)` order, at most `batch_size` per `batch_interval`.
    Alerts (audience `"operations"`), each raised once and never again (not by a restored
    copy either):

    - `hold_overdue`: holds still there `grace` after the announced end of the window's
      withdrawals pause (one per window version);
    - `hold_too_long`: a request held for maintenance longer than `max_hold` in total,
      over every window and extension (one per request);
    - `extensions_exceeded`: a window extended more than `max_extensions` times (once);
    - `maintenance_update_due`: a window with no announced end went `update_every`
      without a status update (once per missed update);
    - `processing_stuck` / `review_stuck`: a request in PROCESSING longer than
      `max_processing`, or held for review longer than `max_review` (once per episode).

    Attributes:
        batch_size: Most releases per batch.
        batch_interval: Least time between two release batches.
        grace: How long past the announced end of a withdrawals pause a hold may last
            before the `hold_overdue` alert.
        max_amount: Per-request limit checked at validation (`None`: no limit).
        now: The last instant seen.
        windows: Maintenance windows by id.
        requests: Withdrawal requests by id, in submission order.
        ledgers: Hold bookkeeping by window id.
        releasing: Ids waiting for release, in release order.
        last_batch_at: When the last release batch went out.
        alerts: `(window_id, version)` pairs already alerted as `hold_overdue`.
        max_hold: The longest total maintenance hold of one request (`None`: no limit).
        max_extensions: How many extensions of a window before escalation (`None`: any).
        max_processing: The longest time in PROCESSING (`None`: no limit).
        max_review: The longest hold for review (`None`: no limit).
        update_every: How often a window with no end owes a status update.
        escalations: `(kind, subject, episode)` keys of the other alerts already raised.
        skew_tolerance: How far before `now` a call's `at` may be and still be accepted:
            it is then recorded at `now`, and every request record it writes keeps the
            original as `stamped_at`. Zero (the default) refuses any.
        version: 1 when created, +1 per accepted call that changed the queue (moving its
            time included); a resubmitted key or an `advance` to the same instant that
            changes nothing leaves it.

    Raises:
        InvalidFieldError: a setting is out of range.
    """

    batch_size: int = 500
    batch_interval: dt.timedelta = dt.timedelta(minutes=1)
    grace: dt.timedelta = _HOUR
    max_amount: decimal.Decimal | None = None
    now: dt.datetime | None = None
    windows: dict[str, MaintenanceWindow] = attrs.field(
        factory=dict, metadata=spec(_queue_io.WINDOWS)
    )
    requests: dict[str, WithdrawalRequest] = attrs.field(
        factory=dict, metadata=spec(_queue_io.REQUESTS)
    )
    ledgers: dict[str, WindowLedger] = attrs.field(factory=dict, metadata=spec(_queue_io.LEDGERS))
    releasing: list[str] = attrs.field(factory=list, metadata=spec(_queue_io.RELEASING))
    last_batch_at: dt.datetime | None = None
    alerts: list[tuple[str, int]] = attrs.field(factory=list, metadata=spec(_queue_io.ALERTS))
    max_hold: dt.timedelta | None = 24 * _HOUR
    max_extensions: int | None = 3
    max_processing: dt.timedelta | None = 24 * _HOUR
    max_review: dt.timedelta | None = 72 * _HOUR
    update_every: dt.timedelta = 4 * _HOUR
    escalations: list[Escalation] = attrs.field(factory=list, metadata=spec(_queue_io.ESCALATIONS))
    skew_tolerance: dt.timedelta = attrs.field(default=dt.timedelta(0), kw_only=True)
    version: int = attrs.field(default=1, kw_only=True)
    # Derived from the fields above (rebuilt by a restored copy), never serialized.
    _keys: dict[str, str] = attrs.field(init=False, factory=dict)
    _held: dict[str, dict[str, None]] = attrs.field(init=False, factory=dict)
    _clocks: list[_clocks.Entry] = attrs.field(init=False, factory=list)
    _escalated: set[Escalation] = attrs.field(init=False, factory=set)
    #: Whether it is built (its public fields read-only outside its events).
    _sealed: bool = attrs.field(init=False, default=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._check_fields()
        for wid in self.windows:
            self._held.setdefault(wid, {})
            self.ledgers.setdefault(wid, WindowLedger(wid))
        if list(self.ledgers)[: len(self.windows)] != list(self.windows):
            # The row writes the ledgers in the windows' order (then any other).
            ordered = {wid: self.ledgers.pop(wid) for wid in self.windows}
            ordered.update(self.ledgers)
            self.ledgers.clear()
            self.ledgers.update(ordered)
        self._escalated.update(self.escalations)
        for req in self.requests.values():
            self._keys[req.client_key] = req.id
            if req.state is W.HELD_MAINTENANCE and req.window_id is not None:
                self._held.setdefault(req.window_id, {})[req.id] = None
            self._watch(req)
        seal(self)

    def _check_fields(self) -> None:
        """Refuse a collection of the wrong type or a setting out of range."""
        for name in ("windows", "requests", "ledgers"):
            if not isinstance(getattr(self, name), dict):
                raise InvalidFieldError(name, getattr(self, name), "be a dict")
        for name in ("releasing", "alerts"):
            if not isinstance(getattr(self, name), list):
                raise InvalidFieldError(name, getattr(self, name), "be a list")
        for name, kind in (("windows", MaintenanceWindow), ("requests", WithdrawalRequest)):
            for key, item in getattr(self, name).items():
                if not isinstance(key, str) or not isinstance(item, kind):
                    raise InvalidFieldError(f"{name}[{key!r}]", item, f"be a {kind.__name__}")
        _positive_int(self.batch_size, "batch_size")
        _duration(self.batch_interval, "batch_interval")
        _duration(self.grace, "grace")
        if self.max_amount is not None:
            _money(self.max_amount)
        _limit(self.max_hold, "max_hold")
        _count_limit(self.max_extensions, "max_extensions")
        _limit(self.max_processing, "max_processing")
        _limit(self.max_review, "max_review")
        if _limit(self.update_every, "update_every") is None:
            raise InvalidFieldError("update_every", None, "be a positive duration")
        self.now = None if self.now is None else _pendulum.instant(self.now, field="now")
        _skew.check_tolerance(self.skew_tolerance)
        check_version(self.version)

    def __eq__(self, other: object) -> bool:
        """Equal when every public field is equal (the indexes are derived from them)."""
        if not isinstance(other, WithdrawalQueue):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _NAMES)

    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # mutable: compared by value, never hashed

    def _fingerprint(self) -> object:
        return (self.now, self.last_batch_at, len(self.releasing), len(self.requests))

    def _changed(self, event: str, before: object, result: object) -> bool:
        # Only these can be no-ops: every other accepted call records something.
        if event not in _MAYBE_IDLE:
            return True
        if isinstance(result, SubmitResult):
            if result.created:
                return True
            result = result.notices
        return bool(result) or self._fingerprint() != before

    # -- events by name -----------------------------------------------------------------

    @classmethod
    def events(cls) -> tuple[EventSpec, ...]:
        """Every event `fire` takes by name, with its arguments (for an API's schema)."""
        return _events.describe(cls, _EVENTS)

    def fire(self, event: str, arguments: Mapping[str, object]) -> Any:  # noqa: ANN401 - the event's own result
        """Fire the event called `event` with `arguments`; returns what the event returns.

        Raises:
            InvalidFieldError: an unknown event, an unknown or missing argument (naming
                `arguments.<name>`), or whatever the event itself refuses.
            IllegalTransitionError: the event is not allowed now.
            IdempotencyConflictError: a client key resubmitted with other content.
        """
        return _events.fire(self, _EVENTS, event, arguments)

    # -- reading ------------------------------------------------------------------------

    def ledger(self, window_id: str) -> WindowLedger:
        """The hold bookkeeping of `window_id`."""
        _validators.text("window_id", window_id, empty=True)  # an id: a string
        return self.ledgers[self._window(window_id).id]

    def held(self, window_id: str) -> tuple[WithdrawalRequest, ...]:
        """The requests `window_id` holds now, in release order."""
        _validators.text("window_id", window_id, empty=True)  # an id: a string
        ids = self._held.get(self._window(window_id).id, {})
        return tuple(sorted((self.requests[i] for i in ids), key=lambda r: r.sort_key))

    def still_held(self, window_id: str) -> int:
        """How many requests `window_id` holds now."""
        _validators.text("window_id", window_id, empty=True)  # an id: a string
        return len(self._held.get(self._window(window_id).id, {}))

    def by_client_key(self, client_key: str) -> WithdrawalRequest | None:
        """The request submitted with `client_key`, if any."""
        _validators.text("client_key", client_key, empty=True)  # an id: a string
        rid = self._keys.get(client_key)
        return None if rid is None else self.requests[rid]

    def active_window(self) -> MaintenanceWindow | None:
        """The window pausing withdrawals now (earliest start first), if any."""
        live = [
            w for w in self.windows.values() if self.ledgers[w.id].started and w.ended_at is None
        ]
        return min(live, key=lambda w: (w.start, w.id)) if live else None

    def held_for(self, request_id: str, *, at: dt.datetime | str | None = None) -> dt.timedelta:
        """Real time `request_id` spent in maintenance holds, over every window.

        Measured up to `at` (default: the queue's last instant).

        Raises:
            InvalidFieldError: unknown request or a bad instant.
        """
        req = self._request(request_id)
        when = self.now if at is None else _pendulum.instant(at, field="at")
        if when is None:
            return dt.timedelta(0)
        return _clocks.held_total(req, when)

    @property
    def pending_release(self) -> int:
        """How many ids wait in the release line (cancelled ones are skipped when reached)."""
        return len(self.releasing)

    # -- deciding (no change) -------------------------------------------------------------

    def _window(self, window_id: object) -> MaintenanceWindow:
        window = self.windows.get(window_id) if isinstance(window_id, str) else None
        if window is None:
            raise InvalidFieldError("window_id", window_id, "name a tracked window")
        return window

    def _request(self, request_id: object) -> WithdrawalRequest:
        req = self.requests.get(request_id) if isinstance(request_id, str) else None
        if req is None:
            raise InvalidFieldError("request_id", request_id, "name a known request")
        return req

    # -- time (applying) ----------------------------------------------------------------

    @_event
    def advance(self, at: dt.datetime | str) -> Notices:
        """Move the queue's time to `at`: start due windows and raise due alerts.

        Every other method does this first (after checking its own arguments). Returns the
        notices to send and the alerts raised.

        Raises:
            InvalidFieldError: `at` is naive or earlier than the last instant.
        """
        return tuple(self._advance(self._tick(at)))

    # -- windows ------------------------------------------------------------------------

    @_event
    def add_window(self, window: MaintenanceWindow, *, at: dt.datetime | str) -> Notices:
        """Track an announced window (its announcement notice came from `announce`).

        Raises:
            InvalidFieldError: a window with this id is already tracked, it has ended, or
                `at` is a bad instant; nothing changed.
        """
        if not isinstance(window, MaintenanceWindow):
            raise InvalidFieldError("window", window, "be a MaintenanceWindow")
        if window.id in self.windows:
            raise InvalidFieldError("window.id", window.id, "be new to the queue")
        if window.ended_at is not None:
            raise InvalidFieldError("window.ended_at", window.ended_at, "be None (not ended)")
        when = self._tick(at)
        self.windows[window.id] = window
        self.ledgers[window.id] = WindowLedger(window.id)
        self._held[window.id] = {}
        return tuple(self._advance(when))

    @_event
    def extend_window(
        self, window_id: str, new_end: dt.datetime | str, *, at: dt.datetime | str, reason: str = ""
    ) -> Notices:
        """Extend a window (or state the end of one that had none): a new version.

        Returns the alerts due up to `at` (under the version in force until then), the
        extension notice to every held customer, and `extensions_exceeded` when this
        extension is one too many.

        Raises:
            InvalidFieldError: unknown window, `new_end` not later, or a bad instant.
            IllegalTransitionError: the window has ended.
        """
        _validators.text("window_id", window_id, empty=True)  # an id: a string
        window = self._window(window_id)
        when = self._tick(at)
        extended, notice = window.extend(new_end, at=when, reason=reason)
        key = (_clocks.EXTENSIONS, window.id, "")
        too_many = (
            self.max_extensions is not None
            and extended.extensions > self.max_extensions
            and key not in self._escalated
        )
        # Applying: nothing below can fail.
        notices = self._advance(when)
        self.windows[window.id] = extended
        notices.append(self._to_held(window.id, notice))
        if too_many:
            self._escalate(key)
            detail = (
                f"extended {extended.extensions} times (escalation after {self.max_extensions})"
            )
            notices.append(self._held_alert(extended, NoticeKind.EXTENSIONS_EXCEEDED, when, detail))
        notices.extend(self._alerts(when))
        return tuple(notices)

    @_event
    def update_window(self, window_id: str, *, at: dt.datetime | str, note: str = "") -> Notices:
        """Post a status update on a running window; returns it for every held customer.

        A window with no announced end owes one every `update_every`.

        Raises:
            InvalidFieldError: unknown window, a bad instant or note.
            IllegalTransitionError: the window has ended.
        """
        window = self._window(window_id)
        when = self._tick(at)
        updated, notice = window.update(at=when, note=note)
        notices = self._advance(when)
        self.windows[window.id] = updated
        notices.append(self._to_held(window.id, notice))
        return tuple(notices)

    @_event
    def end_window(self, window_id: str, *, at: dt.datetime | str) -> Notices:
        """The window's completion event (early or late): schedule its holds for release.

        Returns the alerts due up to `at`, the end notice (to every held customer) and the
        first release batch.

        Raises:
            InvalidFieldError: unknown window or a bad instant.
            IllegalTransitionError: the window has already ended.
        """
        _validators.text("window_id", window_id, empty=True)  # an id: a string
        window = self._window(window_id)
        when = self._tick(at)
        ended, notice = window.complete(at=when)
        notices = self._advance(when)
        self.windows[window.id] = ended
        ledger = self.ledgers[window.id]
        if not ledger.started:
            self.ledgers[window.id] = attrs.evolve(ledger, started=True)
        held = self.held(window.id)
        self.releasing.extend(r.id for r in held)
        notices.append(self._to_held(window.id, notice))
        notices.extend(self._release(when))
        return tuple(notices)

    @_event
    def release_batch(self, *, at: dt.datetime | str) -> Notices:
        """Release the next batch of ended windows' holds, if `batch_interval` has passed.

        Returns the alerts due up to `at` and the `withdrawal_released` notices (one per
        window, ids in release order).

        Raises:
            InvalidFieldError: a bad instant.
        """
        when = self._tick(at)
        notices = self._advance(when)
        notices.extend(self._release(when))
        return tuple(notices)

    # -- requests -----------------------------------------------------------------------

    @_event
    def submit(
        self,
        client_key: str,
        *,
        customer_id: str,
        amount: decimal.Decimal | int | str,
        currency: str,
        at: dt.datetime | str,
        request_id: str | None = None,
        review_reason: str = "",
    ) -> SubmitResult:
        """Submit a withdrawal, idempotently by `client_key`.

        A resubmitted key returns the existing request (held, queued, or wherever it is)
        with `created=False`. A new request is validated (the `max_amount` limit; else
        REJECTED), held for review when `review_reason` is given (an abnormal-transaction
        or blacklist hit), then held if a window pauses withdrawals, else queued.

        Raises:
            IdempotencyConflictError: the key was used with another customer, amount or
                currency.
            InvalidFieldError: bad amount (negative, NaN, float), currency, ids, review
                reason or instant; nothing changed.
        """
        if request_id is not None:
            _validators.text("request_id", request_id)  # an id: a string
        key: object = client_key
        if not isinstance(key, str) or not key.strip():
            raise InvalidFieldError("client_key", client_key, "be a non-empty string")
        _text(review_reason, "review_reason")
        existing = self.by_client_key(client_key)
        if existing is not None:
            value = _money(amount)
            for field, first, second in (
                ("customer_id", existing.customer_id, customer_id),
                ("amount", existing.amount, value),
                ("currency", existing.currency, currency),
            ):
                if first != second:
                    raise IdempotencyConflictError(client_key, field, first, second)
            when = self._tick(at)
            return SubmitResult(existing, created=False, notices=tuple(self._advance(when)))
        rid = self._new_id(request_id)
        when = self._tick(at)
        req = WithdrawalRequest(rid, client_key, customer_id, _money(amount), currency, when)
        # Applying: nothing below can fail.
        notices = self._advance(when)
        if self.max_amount is not None and req.amount > self.max_amount:
            req.reject(at=when, reason=f"over the per-request limit {self.max_amount}")
        elif review_reason:
            req.hold_for_review(at=when, reason=review_reason)
        else:
            req.validate(at=when)
            notices.extend(self._place(req, when, "held: maintenance in progress"))
        self.requests[rid] = req
        self._keys[client_key] = rid
        if req.state is W.HELD_REVIEW:
            self._watch(req)
        elif req.state is W.HELD_MAINTENANCE:
            # A new hold in a window already past its end + grace is overdue at once.
            notices.extend(self._alerts(when))
        return SubmitResult(req, created=True, notices=tuple(notices))

    def _new_id(self, request_id: object) -> str:
        """The given id (new to the queue), or the next free `W00000001`-style one."""
        if request_id is None:
            n = len(self.requests) + 1
            while f"W{n:08d}" in self.requests:
                n += 1
            return f"W{n:08d}"
        rid = _text(request_id, "request_id", empty=False)
        if rid in self.requests:
            raise InvalidFieldError("request_id", rid, "be new to the queue")
        return rid

    @_event
    def cancel(self, request_id: str, *, at: dt.datetime | str) -> Notices:
        """The customer cancels (until PROCESSING); a held one tells the customer.

        A request queued when a window starts at `at` is held first, then cancelled: the
        customer is told both, and the window's ledger counts the hold and the cancel.

        Raises:
            IllegalTransitionError: the request is processing or finished.
            InvalidFieldError: unknown request or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        when = self._tick(at)
        self._require(req, "cancel", when)
        notices = self._advance(when)
        was_held = req.state is W.HELD_MAINTENANCE  # after the advance: it may hold it
        req.cancel(at=when)
        if was_held:
            wid = req.window_id
            assert wid is not None  # noqa: S101 - a held request names its window
            del self._held[wid][req.id]
            ledger = self.ledgers[wid]
            self.ledgers[wid] = attrs.evolve(ledger, cancelled=ledger.cancelled + 1)
            notices.append(
                self.windows[wid]._notice(
                    NoticeKind.WITHDRAWAL_CANCELLED,
                    when,
                    request_ids=(req.id,),
                    customer_ids=(req.customer_id,),
                )
            )
        return tuple(notices)

    @_event
    def clear_review(self, request_id: str, *, at: dt.datetime | str, actor: str) -> Notices:
        """A reviewer clears a HELD_REVIEW request: it is held or queued like a new one.

        Raises:
            IllegalTransitionError: the request is not held for review.
            InvalidFieldError: unknown request, empty actor or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        when = self._tick(at)
        _text(actor, "actor", empty=False)
        self._require(req, "clear_review", when)
        notices = self._advance(when)
        req.clear_review(at=when, actor=actor)
        notices.extend(self._place(req, when, "held: maintenance in progress"))
        notices.extend(self._alerts(when))
        return tuple(notices)

    @_event
    def reject(self, request_id: str, *, at: dt.datetime | str, reason: str, actor: str) -> Notices:
        """Reject a request still under validation or review.

        Raises:
            IllegalTransitionError: the request is past review.
            InvalidFieldError: unknown request, empty reason or actor, or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        when = self._tick(at)
        _text(reason, "reason", empty=False)
        _text(actor, "actor", empty=False)
        self._require(req, "reject", when)
        notices = self._advance(when)
        req.reject(at=when, reason=reason, actor=actor)
        return tuple(notices)

    @_event
    def start_processing(self, request_id: str, *, at: dt.datetime | str) -> Notices:
        """Send a QUEUED request for payout (its PROCESSING clock starts).

        Raises:
            IllegalTransitionError: the request is not queued at `at` (held ones wait).
            InvalidFieldError: unknown request or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        when = self._tick(at)
        self._require(req, "start_processing", when)
        notices = self._advance(when)
        req.start_processing(at=when)
        self._watch(req)
        return tuple(notices)

    @_event
    def complete(self, request_id: str, *, at: dt.datetime | str) -> Notices:
        """The payout succeeded.

        Raises:
            IllegalTransitionError: the request is not processing.
            InvalidFieldError: unknown request or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        when = self._tick(at)
        self._require(req, "complete", when)
        notices = self._advance(when)
        req.complete(at=when)
        return tuple(notices)

    @_event
    def fail(
        self, request_id: str, *, at: dt.datetime | str, reason: str, retryable: bool
    ) -> Notices:
        """The payout failed; a retryable failure goes back to the queue (or a hold).

        Raises:
            IllegalTransitionError: the request is not processing.
            InvalidFieldError: unknown request, empty reason, non-bool `retryable` or a
                bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        when = self._tick(at)
        _text(reason, "reason", empty=False)
        if not isinstance(retryable, bool):
            raise InvalidFieldError("retryable", retryable, "be True or False")
        self._require(req, "fail", when)
        notices = self._advance(when)
        req.fail(at=when, reason=reason, retryable=retryable)
        if retryable:
            notices.extend(self._place(req, when, "held: maintenance in progress"))
            notices.extend(self._alerts(when))
        return tuple(notices)

    # -- serialization ------------------------------------------------------------------

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key (3; schemas 1 and 2 still load).

        Args:
            embed: Accepted like every entity's `to_dict(embed=...)`; a queue's windows
                and requests refer to no registered value, so both forms are the same.
        """
        del embed  # nothing is referenced
        return _declarative.dump(self)

    @classmethod
    def from_dict(cls, data: object, *, path: str = "", registry: Registry | None = None) -> Self:
        """Rebuild a queue from `to_dict()` output (schema 1, 2 or 3).

        Schema 1 (before the hold clocks) is upgraded to 2: it gets the default limits and
        no escalations yet. Schema 2 is upgraded to 3: no skew tolerance, and version 1
        (the calls before were not counted; compare-and-swap needs only that it grows).

        Args:
            data: The dict.
            path: Where it sits in a larger document, for error messages.
            registry: Accepted like every entity's `from_dict`; nothing to resolve.

        Raises:
            NewerSchemaError: written by a newer supportflow (schema above 3).
            SerializationError: the dict is malformed (a window, request or ledger id
                written twice included); the error names the JSON path.
        """
        del registry  # nothing is referenced
        return _declarative.load(cls, data, path=path)


_NAMES: Final = tuple(a.name for a in attrs.fields(WithdrawalQueue) if a.init)
WithdrawalQueue._read_only = frozenset(_NAMES)
_MAYBE_IDLE: Final = frozenset(("advance", "release_batch", "submit"))
_EVENTS: Final = (
    "advance",
    "add_window",
    "extend_window",
    "update_window",
    "end_window",
    "release_batch",
    "submit",
    "cancel",
    "clear_review",
    "reject",
    "start_processing",
    "complete",
    "fail",
)
