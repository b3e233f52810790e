"""`WithdrawalRequest`: the lifecycle of one withdrawal, holds included."""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import enum
import functools
import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, Self, TypeVar

import attrs

from supportflow import _declarative, _events, _pendulum, _validators
from supportflow import _json_schema as _js
from supportflow._compact import COMPACT_RECORD, dump_history, load_history
from supportflow._declarative import Codec, Document, declared, spec
from supportflow._events import EventSpec
from supportflow._machine import Edge, Workflow
from supportflow._sealed import Sealed, check_version, opening, seal
from supportflow._serialization import Reader
from supportflow.audit import TransitionRecord
from supportflow.errors import InvalidFieldError, SerializationError

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = ["WITHDRAWAL_WORKFLOW", "WithdrawalRequest", "WithdrawalState"]

_R = TypeVar("_R", bound="WithdrawalRequest")

#: The original stamp of the queue call now running, when its skew tolerance recorded it
#: at the queue's last instant: every request record the call writes keeps it.
STAMPED: Final[contextvars.ContextVar[dt.datetime | None]] = contextvars.ContextVar(
    "supportflow_withdrawal_stamped", default=None
)


class WithdrawalState(enum.Enum):
    """Where a withdrawal request is."""

    REQUESTED = "requested"
    VALIDATED = "validated"
    HELD_MAINTENANCE = "held_maintenance"
    QUEUED = "queued"
    HELD_REVIEW = "held_review"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED_BY_USER = "cancelled_by_user"
    REJECTED = "rejected"

    # Members are singletons compared by identity; the C-level identity hash keeps the
    # engine's table lookups cheap when 10^5 requests are released (Enum's hash is Python).
    # Annotated for type checkers; typeshed spells Enum.__hash__ as a bound method.
    __hash__: Callable[[object], int] = object.__hash__  # type: ignore[assignment]


W = WithdrawalState
_CANCELLABLE: Final = (W.REQUESTED, W.VALIDATED, W.HELD_MAINTENANCE, W.QUEUED, W.HELD_REVIEW)

EDGES: Final = (
    Edge("validate", (W.REQUESTED,), W.VALIDATED),
    Edge("hold_for_review", (W.REQUESTED, W.VALIDATED, W.QUEUED), W.HELD_REVIEW),
    Edge("clear_review", (W.HELD_REVIEW,), W.VALIDATED),
    Edge("reject", (W.REQUESTED, W.VALIDATED, W.HELD_REVIEW), W.REJECTED),
    Edge("hold_for_maintenance", (W.VALIDATED, W.QUEUED), W.HELD_MAINTENANCE),
    Edge("queue", (W.VALIDATED,), W.QUEUED),
    Edge("release", (W.HELD_MAINTENANCE,), W.QUEUED),
    Edge("start_processing", (W.QUEUED,), W.PROCESSING),
    Edge("complete", (W.PROCESSING,), W.COMPLETED),
    Edge("fail", (W.PROCESSING,), W.FAILED),
    Edge("retry", (W.FAILED,), W.QUEUED, ("_retryable",)),
    Edge("cancel", _CANCELLABLE, W.CANCELLED_BY_USER),
)

#: The one shared machine of the withdrawal workflow.
WITHDRAWAL_WORKFLOW: Final = Workflow(
    "withdrawal",
    WithdrawalState,
    W.REQUESTED,
    EDGES,
    final=(W.COMPLETED, W.CANCELLED_BY_USER, W.REJECTED),
)


def _money(value: object, currency: str | None = None) -> decimal.Decimal:
    """A positive amount in the documented range (`_validators.amount`); float never."""
    return _validators.amount("amount", value, currency=currency, positive=True)


def _currency(value: object) -> str:
    if not isinstance(value, str) or len(value) != 3 or not value.isascii() or not value.isupper():
        raise InvalidFieldError("currency", value, "be an ISO 4217 code such as 'CNY'")
    return value


def _non_empty(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(field, value, "be a non-empty string")
    return value


_INITIAL: Final = W.REQUESTED.value
_ACTOR: Final = "system"  # who most records of a request name


def _dump_history(history: tuple[TransitionRecord, ...]) -> object:
    return dump_history(history, initial=_INITIAL, actor=_ACTOR)


def _load_history(value: object, path: str) -> tuple[TransitionRecord, ...]:
    return load_history(value, path, initial=_INITIAL, actor=_ACTOR)


def _history_schema() -> _js.Schema:
    return _js.array(COMPACT_RECORD)


#: The audit history in the compact form of `supportflow._compact`.
_HISTORY: Final = Codec(_dump_history, _load_history, _history_schema)


#: The keys of a schema-1 request (every field but `version`, each written).
_KEYS_1: Final = frozenset(
    {
        "schema",
        "id",
        "client_key",
        "customer_id",
        "amount",
        "currency",
        "requested_at",
        "state",
        "window_id",
        "attempts",
        "failure",
        "retryable",
        "history",
    }
)


def _from_v1(reader: Reader) -> dict[str, object]:
    """Request schema 1 -> 2: the compact history, and the version it would have counted.

    Schema 1 wrote every key and each audit record in full; `version` is 1 plus the
    history's records.
    """
    reader.require_keys(_KEYS_1)
    history = tuple(
        TransitionRecord.from_dict(e.value, path=e.path) for e in reader.items("history")
    )
    return {
        **reader.mapping_value(),
        "history": _dump_history(history),
        "version": 1 + len(history),
    }


@declared(schema=2, upgrades={1: _from_v1})
@attrs.define(slots=True, eq=False, on_setattr=attrs.setters.NO_OP)
class WithdrawalRequest(Sealed, Document):
    """A customer's request to withdraw money, and where it is.

    Its state changes only through its methods (or `fire` by name), each recorded in
    `history`; its fields are read-only (`ReadOnlyFieldError`). Usually driven by a
    `WithdrawalQueue`, which decides holds and releases.

    Attributes:
        id: The request's id.
        client_key: The client's idempotency key (a resubmission returns this request).
        customer_id: Who asks.
        amount: How much (a positive `Decimal`).
        currency: ISO 4217 code.
        requested_at: When it was asked for.
        state: Where it is.
        window_id: The maintenance window holding (or last holding) it.
        attempts: Processing attempts so far.
        failure: Why the last attempt failed, or `""`.
        retryable: Whether that failure may be retried.
        history: The audit trail.
        version: 1 when created, +1 per accepted event (each one a `history` record).

    Raises:
        InvalidFieldError: a field is empty, naive, negative, a float or of the wrong type.
    """

    id: str
    client_key: str
    customer_id: str
    amount: decimal.Decimal
    currency: str
    requested_at: dt.datetime
    state: WithdrawalState = W.REQUESTED
    window_id: str | None = attrs.field(default=None, metadata=spec(omit_default=True))
    attempts: int = attrs.field(default=0, metadata=spec(omit_default=True))
    failure: str = attrs.field(default="", metadata=spec(omit_default=True))
    retryable: bool = attrs.field(default=False, metadata=spec(omit_default=True))
    history: tuple[TransitionRecord, ...] = attrs.field(
        default=(), metadata=spec(_HISTORY, omit_default=True)
    )
    version: int = attrs.field(default=1, kw_only=True)
    #: Whether it is built (its public fields read-only outside its events).
    _sealed: bool = attrs.field(init=False, default=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _non_empty(self.id, "id")
        _non_empty(self.client_key, "client_key")
        _non_empty(self.customer_id, "customer_id")
        self.currency = _currency(self.currency)
        self.amount = _money(self.amount, self.currency)
        self.requested_at = _pendulum.instant(self.requested_at, field="requested_at")
        if not isinstance(self.state, WithdrawalState):
            raise InvalidFieldError("state", self.state, "be a WithdrawalState")
        if type(self.attempts) is not int or self.attempts < 0:
            raise InvalidFieldError("attempts", self.attempts, "be an integer >= 0")
        check_version(self.version)
        seal(self)

    def __eq__(self, other: object) -> bool:
        """Equal when every field is equal (a restored copy equals the original)."""
        if not isinstance(other, WithdrawalRequest):
            return NotImplemented
        return _fields(self) == _fields(other)

    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # mutable: compared by value, never hashed

    def _fingerprint(self) -> object:
        return len(self.history)  # every accepted event appends one record

    @classmethod
    def events(cls) -> tuple[EventSpec, ...]:
        """Every event `fire` takes by name, with its arguments (for an API's schema)."""
        return _events.describe(cls, _EVENTS)

    def fire(self, event: str, arguments: Mapping[str, object]) -> Any:  # noqa: ANN401 - the event's own result
        """Fire the event called `event` with `arguments`; returns its `TransitionRecord`.

        Raises:
            InvalidFieldError: an unknown event, an unknown or missing argument (naming
                `arguments.<name>`), or whatever the event itself refuses.
            IllegalTransitionError: the state does not allow the event.
        """
        return _events.fire(self, _EVENTS, event, arguments)

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        """The release order: `(requested_at, id)`."""
        return (self.requested_at, self.id)

    # -- events -------------------------------------------------------------------------

    @opening
    def _fire(
        self,
        event: str,
        at: dt.datetime | str,
        actor: str,
        note: str = "",
        *,
        data: Mapping[str, object] | None = None,
        apply: Callable[[WithdrawalRequest], None] | None = None,
        note_field: str = "note",
    ) -> TransitionRecord:
        # Every argument is checked before the engine runs: a refused call changes nothing
        # and names the caller's own field (never an internal one such as the record's text).
        when = _pendulum.instant(at, field="at")
        _non_empty(actor, "actor")
        if not isinstance(note, str):
            raise InvalidFieldError(note_field, note, "be a string")
        stamped = STAMPED.get()
        if stamped is not None:
            data = {**(data or {}), "stamped_at": _pendulum.format_instant(stamped)}
        return WITHDRAWAL_WORKFLOW.fire(
            self,
            event,
            at=when,
            actor=actor,
            note=note,
            data=data,
            apply=apply,
        )

    def validate(self, *, at: dt.datetime | str, actor: str = "system") -> TransitionRecord:
        """Identity and limits were checked: REQUESTED -> VALIDATED."""
        return self._fire("validate", at, actor)

    def hold_for_review(
        self, *, at: dt.datetime | str, reason: str, actor: str = "system"
    ) -> TransitionRecord:
        """An abnormal-transaction or blacklist hit: -> HELD_REVIEW with the reason."""
        why = _non_empty(reason, "reason")
        return self._fire("hold_for_review", at, actor, why, note_field="reason")

    def clear_review(
        self, *, at: dt.datetime | str, actor: str, note: str = ""
    ) -> TransitionRecord:
        """A reviewer cleared it: HELD_REVIEW -> VALIDATED."""
        return self._fire("clear_review", at, actor, note)

    def reject(
        self, *, at: dt.datetime | str, reason: str, actor: str = "system"
    ) -> TransitionRecord:
        """Refused (limits, identity, review): -> REJECTED with the reason."""
        why = _non_empty(reason, "reason")
        return self._fire("reject", at, actor, why, note_field="reason")

    def hold_for_maintenance(
        self, window_id: str, *, at: dt.datetime | str, actor: str = "system"
    ) -> TransitionRecord:
        """Paused by a maintenance window: -> HELD_MAINTENANCE with the window's id.

        Raises:
            IllegalTransitionError: the state does not allow it; nothing changed.
            InvalidFieldError: a bad instant, window id or actor; nothing changed.
        """
        wid = _non_empty(window_id, "window_id")

        def apply(obj: WithdrawalRequest) -> None:
            obj.window_id = wid

        return self._fire("hold_for_maintenance", at, actor, data={"window_id": wid}, apply=apply)

    def queue(self, *, at: dt.datetime | str, actor: str = "system") -> TransitionRecord:
        """Ready to be paid out: VALIDATED -> QUEUED."""
        return self._fire("queue", at, actor)

    def release(self, *, at: dt.datetime | str, actor: str = "system") -> TransitionRecord:
        """The window ended: HELD_MAINTENANCE -> QUEUED."""
        return self._fire("release", at, actor, data={"window_id": self.window_id})

    def start_processing(self, *, at: dt.datetime | str, actor: str = "system") -> TransitionRecord:
        """Sent for payout: QUEUED -> PROCESSING (attempts + 1)."""

        def apply(obj: WithdrawalRequest) -> None:
            obj.attempts += 1

        return self._fire("start_processing", at, actor, apply=apply)

    def complete(self, *, at: dt.datetime | str, actor: str = "system") -> TransitionRecord:
        """Paid out: PROCESSING -> COMPLETED."""
        return self._fire("complete", at, actor)

    def fail(
        self, *, at: dt.datetime | str, reason: str, retryable: bool, actor: str = "system"
    ) -> TransitionRecord:
        """The payout failed: PROCESSING -> FAILED (retry it with `retry` if retryable)."""
        why = _non_empty(reason, "reason")
        if not isinstance(retryable, bool):
            raise InvalidFieldError("retryable", retryable, "be True or False")

        def apply(obj: WithdrawalRequest) -> None:
            obj.failure = why
            obj.retryable = retryable

        return self._fire(
            "fail", at, actor, why, data={"retryable": retryable}, apply=apply, note_field="reason"
        )

    def retry(self, *, at: dt.datetime | str, actor: str = "system") -> TransitionRecord:
        """A retryable failure goes back: FAILED -> QUEUED."""
        return self._fire("retry", at, actor)

    def cancel(self, *, at: dt.datetime | str, actor: str = "customer") -> TransitionRecord:
        """The customer cancels (allowed until PROCESSING): -> CANCELLED_BY_USER."""
        return self._fire("cancel", at, actor)

    def _retryable(self, _ctx: object) -> str | None:
        return None if self.retryable else f"the failure is not retryable: {self.failure}"

    # -- serialization ------------------------------------------------------------------

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key (2; schema 1 dicts still load).

        Schema 2 is a compact row (`supportflow._compact`): `window_id`, `attempts`,
        `failure` and `retryable` are left out at their defaults, and the history is in the
        compact audit form.

        Args:
            embed: Accepted like every entity's `to_dict(embed=...)`; a request refers to
                no registered value, so both forms are the same.
        """
        del embed  # nothing is referenced
        return _declarative.dump(self)

    @classmethod
    def from_dict(cls, data: object, *, path: str = "", registry: Registry | None = None) -> Self:
        """Rebuild a request from `to_dict()` output (schema 1 or 2).

        Schema 1 (before versions) is upgraded: `version` is one plus its history records,
        exactly what it would have counted.

        Args:
            data: The dict.
            path: Where it sits in a larger document, for error messages.
            registry: Accepted like every entity's `from_dict`; nothing to resolve.

        Raises:
            NewerSchemaError: written by a newer supportflow (schema above 2).
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        del registry  # nothing is referenced
        return _read_row(cls, data, path)


_NAMES: Final = tuple(a.name for a in attrs.fields(WithdrawalRequest) if a.name != "_sealed")
WithdrawalRequest._read_only = frozenset(_NAMES)
_EVENTS: Final = tuple(e.event for e in EDGES)

_GET_FIELDS: Final = operator.attrgetter(*_NAMES)


def _fields(obj: WithdrawalRequest) -> tuple[object, ...]:
    values: tuple[object, ...] = _GET_FIELDS(obj)
    return values


# -- the row reader -----------------------------------------------------------------------
#
# A queue page loads its request rows on every call, so the common case (a well-formed
# schema-2 row) is read here, each value checked once: the declared reader's generic loop
# (paths built for every key, keys checked twice) costs about 15 % more per row. Its keys
# come from the declaration (`_required`, and a test checks `_FAST` names every declared
# key). Each check is at least as strict as the field's codec; anything else (another
# schema, an unknown key, a bad value) goes to the declared reader, which reads the older
# schema or names the problem by its JSON path. So both readers accept the same rows and
# refuse them with the same errors.


class _UnexpectedError(Exception):
    """Not the common case: the declared reader takes over."""


def _text(value: object) -> str:
    if type(value) is not str:
        raise _UnexpectedError
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _integer(value: object) -> int:
    if type(value) is not int:
        raise _UnexpectedError
    return value


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise _UnexpectedError
    return value


def _decimal(value: object) -> decimal.Decimal:
    try:
        number = decimal.Decimal(_text(value))
    except decimal.InvalidOperation:
        raise _UnexpectedError from None
    if not number.is_finite():
        raise _UnexpectedError
    return number


def _instant(value: object) -> dt.datetime:
    try:
        return _pendulum.parse_instant(_text(value), field="")
    except InvalidFieldError:
        raise _UnexpectedError from None


_STATES: Final = {m.value: m for m in WithdrawalState}


def _state(value: object) -> WithdrawalState:
    member = _STATES.get(value) if type(value) is str else None
    if member is None:
        raise _UnexpectedError
    return member


def _history(value: object) -> tuple[TransitionRecord, ...]:
    try:
        return _load_history(value, "")
    except SerializationError:
        raise _UnexpectedError from None


#: How each key of a schema-2 row is read (the keys are the `__init__` arguments).
_FAST: Final[dict[str, Callable[[object], object]]] = {
    "id": _text,
    "client_key": _text,
    "customer_id": _text,
    "amount": _decimal,
    "currency": _text,
    "requested_at": _instant,
    "state": _state,
    "window_id": _optional_text,
    "attempts": _integer,
    "failure": _text,
    "retryable": _flag,
    "history": _history,
    "version": _integer,
}


@functools.cache
def _required() -> frozenset[str]:
    """The keys a schema-2 row always holds, from the declaration."""
    return frozenset(_declarative.schema_of(WithdrawalRequest)["required"])


def _read_row(cls: type[_R], data: object, path: str) -> _R:
    if (
        type(data) is dict
        and type(data.get("schema")) is int
        and data["schema"] == 2
        and _required() <= data.keys()
    ):
        try:
            arguments: dict[str, Any] = {
                key: _FAST[key](value) for key, value in data.items() if key != "schema"
            }
            return cls(**arguments)
        except (_UnexpectedError, KeyError, InvalidFieldError):
            pass  # the declared reader names the problem
    return _declarative.load(cls, data, path=path)
