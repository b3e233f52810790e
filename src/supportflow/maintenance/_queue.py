"""`WithdrawalQueue`: withdrawals held during maintenance, never lost, released in order."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Final

import attrs

from supportflow import _pendulum, _validators
from supportflow._serialization import Reader, dump_decimal, dump_duration, dump_instant
from supportflow.errors import IdempotencyConflictError, InvalidFieldError
from supportflow.maintenance._window import (
    MaintenanceNotice,
    MaintenanceWindow,
    NoticeKind,
    Service,
)
from supportflow.maintenance._withdrawal import WithdrawalRequest, WithdrawalState, _money

__all__ = ["SubmitResult", "WindowLedger", "WithdrawalQueue"]

W = WithdrawalState
Notices = tuple[MaintenanceNotice, ...]


@attrs.frozen
class WindowLedger:
    """The hold bookkeeping of one window.

    The invariant, at every moment:
    `held_at_start + new_holds == released + cancelled + still held`.

    Attributes:
        window_id: The window.
        started: Whether its withdrawals pause has begun.
        held_at_start: Requests queued when it began, and held then.
        new_holds: Requests held after it began (submitted, retried or cleared meanwhile).
        released: Holds released after it ended.
        cancelled: Holds the customer cancelled.
    """

    window_id: str
    started: bool = False
    held_at_start: int = 0
    new_holds: int = 0
    released: int = 0
    cancelled: int = 0

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (nested in a queue's dict)."""
        return attrs.asdict(self)


@attrs.frozen
class SubmitResult:
    """What `WithdrawalQueue.submit` did.

    Attributes:
        request: The request (the existing one for a resubmitted client key).
        created: `False` when the client key was seen before (nothing changed).
        notices: Notices to send (e.g. `withdrawal_held`).
    """

    request: WithdrawalRequest
    created: bool
    notices: Notices = ()


def _positive_int(value: object, field: str) -> int:
    if type(value) is not int or value < 1:
        raise InvalidFieldError(field, value, "be an integer >= 1")
    return value


def _duration(value: object, field: str) -> dt.timedelta:
    if not isinstance(value, dt.timedelta) or value < dt.timedelta(0):
        raise InvalidFieldError(field, value, "be a non-negative duration")
    return value


@attrs.define(slots=True, eq=False, on_setattr=attrs.setters.NO_OP)
class WithdrawalQueue:
    """Withdrawal requests and maintenance windows: holds, releases and their notices.

    Pure and in memory: every method takes the instant (`at`, never earlier than the last
    one) and returns the notice events the host must send. A request is in exactly one
    state and never disappears. A window holds withdrawals from its start until its
    completion event; then its holds are released in `(requested_at, id)` order, at most
    `batch_size` per `batch_interval`. A hold still there `grace` after the window's
    announced end raises one `hold_overdue` alert per window version; it is never released
    silently.

    Attributes:
        batch_size: Most releases per batch.
        batch_interval: Least time between two release batches.
        grace: How long past a window's announced end a hold may last before the alert.
        max_amount: Per-request limit checked at validation (`None`: no limit).
        now: The last instant seen.
        windows: Maintenance windows by id.
        requests: Withdrawal requests by id, in submission order.
        ledgers: Hold bookkeeping by window id.
        releasing: Ids waiting for release, in release order.
        last_batch_at: When the last release batch went out.
        alerts: `(window_id, version)` pairs already alerted as overdue.

    Raises:
        InvalidFieldError: a setting is out of range.
    """

    batch_size: int = 500
    batch_interval: dt.timedelta = dt.timedelta(minutes=1)
    grace: dt.timedelta = dt.timedelta(hours=1)
    max_amount: decimal.Decimal | None = None
    now: dt.datetime | None = None
    windows: dict[str, MaintenanceWindow] = attrs.field(factory=dict)
    requests: dict[str, WithdrawalRequest] = attrs.field(factory=dict)
    ledgers: dict[str, WindowLedger] = attrs.field(factory=dict)
    releasing: list[str] = attrs.field(factory=list)
    last_batch_at: dt.datetime | None = None
    alerts: list[tuple[str, int]] = attrs.field(factory=list)
    _keys: dict[str, str] = attrs.field(init=False, factory=dict)
    _held: dict[str, dict[str, None]] = attrs.field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
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
        for wid in self.windows:
            self._held.setdefault(wid, {})
            self.ledgers.setdefault(wid, WindowLedger(wid))
        for req in self.requests.values():
            self._keys[req.client_key] = req.id
            if req.state is W.HELD_MAINTENANCE and req.window_id is not None:
                self._held.setdefault(req.window_id, {})[req.id] = None

    def __eq__(self, other: object) -> bool:
        """Equal when every public field is equal."""
        if not isinstance(other, WithdrawalQueue):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _NAMES)

    __hash__ = None  # type: ignore[assignment]  # mutable: compared by value, never hashed

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

    # -- time ---------------------------------------------------------------------------

    def _tick(self, at: object) -> dt.datetime:
        when = _pendulum.instant(at, field="at")
        if self.now is not None and when < self.now:
            raise InvalidFieldError(
                "at", at, f"not be earlier than the queue's last instant ({self.now})"
            )
        return when

    def advance(self, at: dt.datetime) -> Notices:
        """Move the queue's time to `at`: start due windows and raise overdue alerts.

        Every other method calls it first. Returns the notices to send.

        Raises:
            InvalidFieldError: `at` is naive or earlier than the last instant.
        """
        when = self._tick(at)
        self.now = when
        notices: list[MaintenanceNotice] = []
        for window in sorted(self.windows.values(), key=lambda w: (w.start, w.id)):
            ledger = self.ledgers[window.id]
            sub = window.current.window_for(Service.WITHDRAWALS)
            due = sub is not None and sub.start <= when
            if due and not ledger.started and window.ended_at is None:
                notices.extend(self._start(window, when))
        notices.extend(self._overdue(when))
        return tuple(notices)

    def _overdue(self, when: dt.datetime) -> list[MaintenanceNotice]:
        """One `hold_overdue` alert per window version whose holds outlive end + grace."""
        notices: list[MaintenanceNotice] = []
        for window in sorted(self.windows.values(), key=lambda w: (w.start, w.id)):
            held = self._held.get(window.id)
            key = (window.id, window.version)
            if held and when > window.end + self.grace and key not in self.alerts:
                self.alerts.append(key)
                ids = tuple(r.id for r in self.held(window.id))
                notices.append(
                    window._notice(
                        NoticeKind.HOLD_OVERDUE,
                        when,
                        request_ids=ids,
                        customer_ids=(self.requests[i].customer_id for i in ids),
                        audience="operations",
                        detail=(
                            f"{len(ids)} withdrawals still held "
                            f"{dump_duration(when - window.end)} after the announced end "
                            f"(grace {dump_duration(self.grace)})"
                        ),
                    )
                )
        return notices

    def _start(self, window: MaintenanceWindow, at: dt.datetime) -> Notices:
        queued = sorted(
            (r for r in self.requests.values() if r.state is W.QUEUED), key=lambda r: r.sort_key
        )
        for req in queued:
            req.hold_for_maintenance(window.id, at=at)
            self._held.setdefault(window.id, {})[req.id] = None
        ledger = self.ledgers[window.id]
        self.ledgers[window.id] = attrs.evolve(
            ledger, started=True, held_at_start=ledger.held_at_start + len(queued)
        )
        if not queued:
            return ()
        return (self._held_notice(window, at, queued, "held at the start of maintenance"),)

    def _held_notice(
        self,
        window: MaintenanceWindow,
        at: dt.datetime,
        reqs: list[WithdrawalRequest],
        detail: str,
    ) -> MaintenanceNotice:
        return window._notice(
            NoticeKind.WITHDRAWAL_HELD,
            at,
            request_ids=tuple(r.id for r in reqs),
            customer_ids=(r.customer_id for r in reqs),
            detail=detail,
        )

    # -- windows ------------------------------------------------------------------------

    def add_window(self, window: MaintenanceWindow, *, at: dt.datetime) -> Notices:
        """Track an announced window (its announcement notice came from `announce`).

        Raises:
            InvalidFieldError: a window with this id is already tracked, or it has ended.
        """
        if not isinstance(window, MaintenanceWindow):
            raise InvalidFieldError("window", window, "be a MaintenanceWindow")
        if window.id in self.windows:
            raise InvalidFieldError("window.id", window.id, "be new to the queue")
        if window.ended_at is not None:
            raise InvalidFieldError("window.ended_at", window.ended_at, "be None (not ended)")
        self._tick(at)
        self.windows[window.id] = window
        self.ledgers[window.id] = WindowLedger(window.id)
        self._held[window.id] = {}
        return self.advance(at)

    def _window(self, window_id: str) -> MaintenanceWindow:
        try:
            return self.windows[window_id]
        except KeyError:
            raise InvalidFieldError("window_id", window_id, "name a tracked window") from None

    def extend_window(
        self, window_id: str, new_end: dt.datetime, *, at: dt.datetime, reason: str = ""
    ) -> Notices:
        """Extend a window: a new version, and the extension notice to every held customer.

        Raises:
            InvalidFieldError: unknown window, `new_end` not later, or a bad instant.
            IllegalTransitionError: the window has ended.
        """
        _validators.text("window_id", window_id, empty=True)  # an id: a string
        window = self._window(window_id)
        self._tick(at)
        extended, notice = window.extend(new_end, at=at, reason=reason)
        self.windows[window_id] = extended
        notices = list(self.advance(at))
        held = self.held(window_id)
        notices.append(
            attrs.evolve(
                notice,
                request_ids=tuple(r.id for r in held),
                customer_ids=tuple(sorted({r.customer_id for r in held})),
            )
        )
        return tuple(notices)

    def end_window(self, window_id: str, *, at: dt.datetime) -> Notices:
        """The window's completion event (early or late): schedule its holds for release.

        Returns the end notice (to every held customer) and the first release batch.

        Raises:
            InvalidFieldError: unknown window or a bad instant.
            IllegalTransitionError: the window has already ended.
        """
        _validators.text("window_id", window_id, empty=True)  # an id: a string
        window = self._window(window_id)
        self._tick(at)
        ended, notice = window.complete(at=at)
        notices = list(self.advance(at))
        self.windows[window_id] = ended
        ledger = self.ledgers[window_id]
        if not ledger.started:
            self.ledgers[window_id] = attrs.evolve(ledger, started=True)
        held = self.held(window_id)
        self.releasing.extend(r.id for r in held)
        notices.append(
            attrs.evolve(
                notice,
                request_ids=tuple(r.id for r in held),
                customer_ids=tuple(sorted({r.customer_id for r in held})),
            )
        )
        notices.extend(self._release(ended.ended_at or self._now()))
        return tuple(notices)

    def _now(self) -> dt.datetime:
        assert self.now is not None  # noqa: S101 - set by advance()
        return self.now

    def release_batch(self, *, at: dt.datetime) -> Notices:
        """Release the next batch of ended windows' holds, if `batch_interval` has passed.

        Returns the `withdrawal_released` notices (one per window, ids in release order).

        Raises:
            InvalidFieldError: a bad instant.
        """
        notices = list(self.advance(at))
        notices.extend(self._release(self._now()))
        return tuple(notices)

    @property
    def pending_release(self) -> int:
        """How many ids wait in the release line (cancelled ones are skipped when reached)."""
        return len(self.releasing)

    def _release(self, at: dt.datetime) -> Notices:
        if not self.releasing:
            return ()
        if self.last_batch_at is not None and at < self.last_batch_at + self.batch_interval:
            return ()
        released: dict[str, list[WithdrawalRequest]] = {}
        rehold: list[WithdrawalRequest] = []
        active = self.active_window()
        taken = count = 0
        requests = self.requests
        for rid in self.releasing:
            taken += 1
            req = requests[rid]
            if req.state is not W.HELD_MAINTENANCE:
                continue  # cancelled while waiting: already counted as cancelled
            wid = req.window_id
            assert wid is not None  # noqa: S101 - a held request names its window
            req.release(at=at)
            del self._held[wid][rid]
            released.setdefault(wid, []).append(req)
            count += 1
            if active is not None:
                rehold.append(req)
            if count >= self.batch_size:
                break
        del self.releasing[:taken]
        if count:
            self.last_batch_at = at
        notices: list[MaintenanceNotice] = []
        for wid, reqs in released.items():
            ledger = self.ledgers[wid]
            self.ledgers[wid] = attrs.evolve(ledger, released=ledger.released + len(reqs))
            notices.append(
                self.windows[wid]._notice(
                    NoticeKind.WITHDRAWAL_RELEASED,
                    at,
                    request_ids=tuple(r.id for r in reqs),
                    customer_ids=(r.customer_id for r in reqs),
                )
            )
        if active is not None and rehold:
            notices.append(self._hold_new(active, rehold, at, "held again: another maintenance"))
            notices.extend(self._overdue(at))
        return tuple(notices)

    def _hold_new(
        self,
        window: MaintenanceWindow,
        reqs: list[WithdrawalRequest],
        at: dt.datetime,
        detail: str,
    ) -> MaintenanceNotice:
        for req in reqs:
            req.hold_for_maintenance(window.id, at=at)
            self._held.setdefault(window.id, {})[req.id] = None
        ledger = self.ledgers[window.id]
        self.ledgers[window.id] = attrs.evolve(ledger, new_holds=ledger.new_holds + len(reqs))
        return self._held_notice(window, at, reqs, detail)

    # -- requests -----------------------------------------------------------------------

    def submit(
        self,
        client_key: str,
        *,
        customer_id: str,
        amount: decimal.Decimal | int | str,
        currency: str,
        at: dt.datetime,
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
            InvalidFieldError: bad amount (negative, NaN, float), currency, ids or instant.
        """
        if request_id is not None:
            _validators.text("request_id", request_id)  # an id: a string
        key: object = client_key
        if not isinstance(key, str) or not key.strip():
            raise InvalidFieldError("client_key", client_key, "be a non-empty string")
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
            return SubmitResult(existing, created=False, notices=self.advance(at))
        rid = request_id if request_id is not None else f"W{len(self.requests) + 1:08d}"
        if rid in self.requests:
            raise InvalidFieldError("request_id", rid, "be new to the queue")
        when = self._tick(at)
        req = WithdrawalRequest(rid, client_key, customer_id, _money(amount), currency, when)
        notices = list(self.advance(when))
        if self.max_amount is not None and req.amount > self.max_amount:
            req.reject(at=when, reason=f"over the per-request limit {self.max_amount}")
        elif review_reason:
            req.hold_for_review(at=when, reason=review_reason)
        else:
            req.validate(at=when)
            notices.extend(self._place(req, when, "held: maintenance in progress"))
        self.requests[rid] = req
        self._keys[client_key] = rid
        notices.extend(self._overdue(when))
        return SubmitResult(req, created=True, notices=tuple(notices))

    def _place(self, req: WithdrawalRequest, at: dt.datetime, detail: str) -> Notices:
        """Hold a validated or failed request if a window is active, else queue it."""
        active = self.active_window()
        if req.state is W.FAILED:
            req.retry(at=at)
            if active is None:
                return ()
            return (self._hold_new(active, [req], at, detail),)
        if active is None:
            req.queue(at=at)
            return ()
        return (self._hold_new(active, [req], at, detail),)

    def _request(self, request_id: str) -> WithdrawalRequest:
        try:
            return self.requests[request_id]
        except KeyError:
            raise InvalidFieldError("request_id", request_id, "name a known request") from None

    def cancel(self, request_id: str, *, at: dt.datetime) -> Notices:
        """The customer cancels (until PROCESSING); a held one tells the customer.

        Raises:
            IllegalTransitionError: the request is processing or finished.
            InvalidFieldError: unknown request or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        self._tick(at)
        was_held = req.state is W.HELD_MAINTENANCE
        notices = list(self.advance(at))
        req.cancel(at=self._now())
        if was_held:
            wid = req.window_id
            assert wid is not None  # noqa: S101 - a held request names its window
            del self._held[wid][req.id]
            ledger = self.ledgers[wid]
            self.ledgers[wid] = attrs.evolve(ledger, cancelled=ledger.cancelled + 1)
            notices.append(
                self.windows[wid]._notice(
                    NoticeKind.WITHDRAWAL_CANCELLED,
                    self._now(),
                    request_ids=(req.id,),
                    customer_ids=(req.customer_id,),
                )
            )
        return tuple(notices)

    def clear_review(self, request_id: str, *, at: dt.datetime, actor: str) -> Notices:
        """A reviewer clears a HELD_REVIEW request: it is held or queued like a new one.

        Raises:
            IllegalTransitionError: the request is not held for review.
            InvalidFieldError: unknown request or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        self._tick(at)
        notices = list(self.advance(at))
        req.clear_review(at=self._now(), actor=actor)
        notices.extend(self._place(req, self._now(), "held: maintenance in progress"))
        notices.extend(self._overdue(self._now()))
        return tuple(notices)

    def reject(self, request_id: str, *, at: dt.datetime, reason: str, actor: str) -> Notices:
        """Reject a request still under validation or review.

        Raises:
            IllegalTransitionError: the request is past review.
            InvalidFieldError: unknown request or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        self._tick(at)
        notices = self.advance(at)
        req.reject(at=self._now(), reason=reason, actor=actor)
        return notices

    def start_processing(self, request_id: str, *, at: dt.datetime) -> Notices:
        """Send a QUEUED request for payout.

        Raises:
            IllegalTransitionError: the request is not queued (held ones wait).
            InvalidFieldError: unknown request or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        self._tick(at)
        notices = self.advance(at)
        req.start_processing(at=self._now())
        return notices

    def complete(self, request_id: str, *, at: dt.datetime) -> Notices:
        """The payout succeeded.

        Raises:
            IllegalTransitionError: the request is not processing.
            InvalidFieldError: unknown request or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        self._tick(at)
        notices = self.advance(at)
        req.complete(at=self._now())
        return notices

    def fail(self, request_id: str, *, at: dt.datetime, reason: str, retryable: bool) -> Notices:
        """The payout failed; a retryable failure goes back to the queue (or a hold).

        Raises:
            IllegalTransitionError: the request is not processing.
            InvalidFieldError: unknown request, empty reason or a bad instant.
        """
        _validators.text("request_id", request_id, empty=True)  # an id: a string
        req = self._request(request_id)
        self._tick(at)
        notices = list(self.advance(at))
        req.fail(at=self._now(), reason=reason, retryable=retryable)
        if retryable:
            notices.extend(self._place(req, self._now(), "held: maintenance in progress"))
            notices.extend(self._overdue(self._now()))
        return tuple(notices)

    # -- serialization ------------------------------------------------------------------

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key."""
        return {
            "schema": 1,
            "batch_size": self.batch_size,
            "batch_interval": dump_duration(self.batch_interval),
            "grace": dump_duration(self.grace),
            "max_amount": None if self.max_amount is None else dump_decimal(self.max_amount),
            "now": None if self.now is None else dump_instant(self.now),
            "windows": [w.to_dict() for w in self.windows.values()],
            "requests": [r.to_dict() for r in self.requests.values()],
            "ledgers": [self.ledgers[w].to_dict() for w in self.windows],
            "releasing": list(self.releasing),
            "last_batch_at": None
            if self.last_batch_at is None
            else dump_instant(self.last_batch_at),
            "alerts": [[w, v] for w, v in self.alerts],
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> WithdrawalQueue:
        """Rebuild a queue from `to_dict()` output.

        Raises:
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        r = Reader.root(data, schema=1, keys=_KEYS, path=path)
        windows = [MaintenanceWindow.from_dict(e.value, path=e.path) for e in r.items("windows")]
        requests = [WithdrawalRequest.from_dict(e.value, path=e.path) for e in r.items("requests")]
        ledgers = [_load_ledger(e) for e in r.items("ledgers")]
        alerts = [_load_alert(e) for e in r.items("alerts")]
        releasing = [e.as_(_string) for e in r.items("releasing")]
        with r.building():
            return cls(
                batch_size=r.integer("batch_size"),
                batch_interval=r.duration("batch_interval"),
                grace=r.duration("grace"),
                max_amount=r.decimal("max_amount") if r.has("max_amount") else None,
                now=r.instant("now") if r.has("now") else None,
                windows={w.id: w for w in windows},
                requests={q.id: q for q in requests},
                ledgers={led.window_id: led for led in ledgers},
                releasing=releasing,
                last_batch_at=r.instant("last_batch_at") if r.has("last_batch_at") else None,
                alerts=alerts,
            )


_NAMES: Final = tuple(a.name for a in attrs.fields(WithdrawalQueue) if a.init)
_KEYS: Final = frozenset(_NAMES)


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a string")
    return value


def _load_ledger(r: Reader) -> WindowLedger:
    keys = {"window_id", "started", "held_at_start", "new_holds", "released", "cancelled"}
    r.require_keys(keys)
    return WindowLedger(
        r.text("window_id"),
        r.flag("started"),
        r.integer("held_at_start"),
        r.integer("new_holds"),
        r.integer("released"),
        r.integer("cancelled"),
    )


def _load_alert(r: Reader) -> tuple[str, int]:
    items = r.elements()
    if len(items) != 2:
        raise r.fail("be a [window_id, version] pair")
    return (items[0].as_(_string), items[1].as_(_version))


def _version(value: object) -> int:
    if type(value) is not int or value < 1:
        raise InvalidFieldError("", value, "be a version number >= 1")
    return value
