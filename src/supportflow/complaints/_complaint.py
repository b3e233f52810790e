"""The `Complaint` entity: its fields, its typed events, its persistence."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

import attrs

from supportflow import _pendulum
from supportflow._machine import _Context
from supportflow._serialization import Reader, dump_instant
from supportflow.audit import TransitionRecord
from supportflow.complaints import _sla
from supportflow.complaints._values import (
    Ask,
    Channel,
    ComplaintRules,
    ComplaintState,
    Feedback,
    Resolution,
    ResolutionKind,
    Transaction,
)
from supportflow.complaints._workflow import WORKFLOW
from supportflow.errors import InvalidFieldError, SerializationError
from supportflow.sla import PRIORITIES, SlaClock, SlaPolicy, SlaStatus

__all__ = ["Complaint", "raise_priority"]

_S = ComplaintState
_DEFAULT_RULES = ComplaintRules()
_SCHEMA = 1


def raise_priority(priority: str) -> str:
    """The repeat rule: one level more urgent (`"P3"` -> `"P2"`), never above `"P1"`.

    Raises:
        InvalidFieldError: `priority` is not one of `"P1"` .. `"P5"`.
    """
    _check_priority(priority)
    return PRIORITIES[max(0, PRIORITIES.index(priority) - 1)]


def _check_priority(value: object, field: str = "priority") -> str:
    if value not in PRIORITIES:
        raise InvalidFieldError(field, value, f"be one of {', '.join(PRIORITIES)}")
    return str(value)


def _name(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(field, value, "be a non-empty string")
    return value


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError(field, value, "be a string")
    return value


def _enum(kind: type[Any], value: object, field: str) -> Any:  # noqa: ANN401 - returns `kind`
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(m.value) for m in kind)
        raise InvalidFieldError(field, value, f"be one of {choices}") from None


def _transactions(value: object) -> tuple[Transaction, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(t, Transaction) for t in value):
        raise InvalidFieldError("transactions", value, "be a sequence of Transaction")
    return tuple(value)


def _ids(value: object, field: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise InvalidFieldError(field, value, "be a sequence of ids")
    return tuple(_name(v, f"{field}[{i}]") for i, v in enumerate(value))


def _at(value: object) -> dt.datetime:
    return _pendulum.instant(value, field="at")


@attrs.define(slots=True, eq=False)
class Complaint:
    """One customer complaint, from intake to closure, with its audit trail and SLA clocks.

    Create one with `Complaint.receive(...)` (or `Complaint.follow_up(previous, ...)` for a
    repeat of a closed complaint). Its state changes only through its event methods
    (`acknowledge`, `triage`, ..., `close`); each takes `at` (aware, never earlier than the
    last event) and `actor`, appends one `TransitionRecord` to `history`, and updates the SLA
    clocks. A refused event raises `IllegalTransitionError` (or `InvalidFieldError` for bad
    input) and leaves the complaint exactly as it was, history included.

    Two complaints are equal when every field is equal (a restored copy equals the original);
    complaints are mutable, so they are not hashable.

    Attributes:
        id: The complaint's reference (given to the customer).
        customer: The customer's reference.
        channel: How it came in.
        description: What the customer says happened.
        received_at: When it was received (the SLA clocks count from here).
        category: What it is about (set again by `triage`).
        transactions: The transactions concerned.
        ask: What the customer asks for.
        priority: `"P1"` (most urgent) .. `"P5"`.
        owner: Who owns it (required from triage on).
        state: Where it is in its life.
        rules: The reopen window and the auto-close period.
        sla_policy: The policy its clocks follow (`None`: no SLA tracking).
        clocks: One `SlaClock` per target of `sla_policy`, in the policy's order.
        reopen_count: How many times it was reopened.
        repeats: Ids of earlier complaints this one repeats (oldest first).
        merged: References of re-submissions merged into it.
        resolution: The resolution proposed (or accepted), if any.
        accepted: Whether the customer accepted `resolution`.
        feedback: The customer's satisfaction, once given.
        redirect: For a complaint out of scope: the guidance given on the right channel.
        history: The audit trail, oldest first; append-only.
    """

    id: str
    customer: str
    channel: Channel
    description: str
    received_at: dt.datetime
    category: str = "general"
    transactions: tuple[Transaction, ...] = ()
    ask: Ask = Ask.OTHER
    priority: str = "P3"
    owner: str | None = None
    state: ComplaintState = ComplaintState.RECEIVED
    rules: ComplaintRules = _DEFAULT_RULES
    sla_policy: SlaPolicy | None = None
    clocks: tuple[SlaClock, ...] = ()
    reopen_count: int = 0
    repeats: tuple[str, ...] = ()
    merged: tuple[str, ...] = ()
    resolution: Resolution | None = None
    accepted: bool = False
    feedback: Feedback | None = None
    redirect: str | None = None
    history: tuple[TransitionRecord, ...] = ()

    # `eq=False` keeps attrs from generating these; equality is by value on purpose.
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Complaint):
            return NotImplemented
        return all(getattr(self, a.name) == getattr(other, a.name) for a in attrs.fields(Complaint))

    # -- creation ---------------------------------------------------------------------

    @classmethod
    def receive(
        cls,
        *,
        id: str,  # noqa: A002 - the domain's word
        customer: str,
        channel: Channel | str,
        description: str,
        received_at: dt.datetime | str,
        actor: str,
        category: str = "general",
        transactions: Iterable[Transaction] = (),
        ask: Ask | str = Ask.OTHER,
        priority: str = "P3",
        sla_policy: SlaPolicy | None = None,
        rules: ComplaintRules = _DEFAULT_RULES,
        repeats: Iterable[str] = (),
        note: str = "",
    ) -> Complaint:
        """Take in a new complaint: state RECEIVED, every SLA clock started at `received_at`.

        The first history record is the intake (`event="receive"`), made by `actor`.

        Raises:
            InvalidFieldError: a field is blank, naive, unknown or of the wrong type.
        """
        at = _pendulum.instant(received_at, field="received_at")
        if sla_policy is not None and not isinstance(sla_policy, SlaPolicy):
            raise InvalidFieldError("sla_policy", sla_policy, "be an SlaPolicy or None")
        if not isinstance(rules, ComplaintRules):
            raise InvalidFieldError("rules", rules, "be a ComplaintRules")
        came_by: Channel = _enum(Channel, channel, "channel")
        record = TransitionRecord(
            "receive",
            _S.RECEIVED.value,
            _S.RECEIVED.value,
            at,
            _name(actor, "actor"),
            _text(note, "note"),
            {"channel": came_by.value},
        )
        priority = _check_priority(priority)
        return cls(
            id=_name(id, "id"),
            customer=_name(customer, "customer"),
            channel=came_by,
            description=_text(description, "description"),
            received_at=at,
            category=_name(category, "category"),
            transactions=_transactions(tuple(transactions)),
            ask=_enum(Ask, ask, "ask"),
            priority=priority,
            rules=rules,
            sla_policy=sla_policy,
            clocks=_sla.opened(sla_policy, at, priority),
            repeats=_ids(tuple(repeats), "repeats"),
            history=(record,),
        )

    @classmethod
    def follow_up(
        cls,
        previous: Complaint,
        *,
        id: str,  # noqa: A002 - the domain's word
        description: str,
        received_at: dt.datetime | str,
        actor: str,
        channel: Channel | str | None = None,
        transactions: Iterable[Transaction] | None = None,
        ask: Ask | str | None = None,
        note: str = "",
    ) -> Complaint:
        """A new complaint about the same matter as a CLOSED one: linked, and more urgent.

        A closed complaint never changes; a customer who comes back about the same matter
        files a repeat complaint. It inherits the customer, category, policy and rules (and,
        unless given, the channel, transactions and ask), links to `previous` and to what
        `previous` repeated, and gets `previous.priority` raised by one level
        (`raise_priority`). While a complaint is still open, merge a re-submission into it
        instead (`merge`).

        Raises:
            IllegalTransitionError: `previous` is not CLOSED.
            InvalidFieldError: bad input, or `received_at` is before `previous` closed.
        """
        if not isinstance(previous, Complaint):
            raise InvalidFieldError("previous", previous, "be a Complaint")
        if previous.state is not _S.CLOSED:
            from supportflow.errors import IllegalTransitionError  # noqa: PLC0415

            raise IllegalTransitionError(
                f"Complaint {previous.id}",
                previous.state.value,
                "follow_up",
                "only a closed complaint is followed up; merge a re-submission into an open one",
            )
        at = _pendulum.instant(received_at, field="received_at")
        closed_at = previous.history[-1].at
        if at < closed_at:
            raise InvalidFieldError(
                "received_at", at, f"not be earlier than the closure ({closed_at.isoformat()})"
            )
        return cls.receive(
            id=id,
            customer=previous.customer,
            channel=previous.channel if channel is None else channel,
            description=description,
            received_at=at,
            actor=actor,
            category=previous.category,
            transactions=previous.transactions if transactions is None else transactions,
            ask=previous.ask if ask is None else ask,
            priority=raise_priority(previous.priority),
            sla_policy=previous.sla_policy,
            rules=previous.rules,
            repeats=(*previous.repeats, previous.id),
            note=note,
        )

    # -- derived ----------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Whether work is still owed (not resolved, redirected, withdrawn or closed)."""
        return self.state.is_open

    @property
    def is_repeat(self) -> bool:
        """Whether it repeats an earlier complaint."""
        return bool(self.repeats)

    def first_at(self, event: str) -> dt.datetime | None:
        """When `event` first happened (e.g. `"acknowledge"`), or `None`."""
        for record in self.history:
            if record.event == event:
                return record.at
        return None

    def last_at(self, event: str) -> dt.datetime | None:
        """When `event` last happened (e.g. `"resolve"`), or `None`."""
        for record in reversed(self.history):
            if record.event == event:
                return record.at
        return None

    def sla_status(self, at: dt.datetime | str) -> dict[str, SlaStatus]:
        """Every SLA clock's status at `at`, by target name (empty without a policy)."""
        return _sla.status(self.clocks, _pendulum.instant(at, field="at"))

    def next_alarm(self, at: dt.datetime | str) -> dt.datetime | None:
        """The next instant after `at` at which any clock warns or breaches, or `None`."""
        return _sla.next_alarm(self.clocks, _pendulum.instant(at, field="at"))

    def auto_close_at(self) -> dt.datetime | None:
        """When a RESOLVED complaint becomes due for auto-closure, else `None`."""
        if self.state is not _S.RESOLVED:
            return None
        resolved = self.last_at("resolve")
        assert resolved is not None  # RESOLVED is only entered by resolve  # noqa: S101
        return resolved + self.rules.auto_close_after

    # -- events -----------------------------------------------------------------------

    def _fire(
        self,
        event: str,
        at: dt.datetime | str,
        actor: str,
        note: str,
        *,
        data: Mapping[str, Any] | None = None,
        change: Callable[[Complaint], None] | None = None,
        priority: str | None = None,
        new_facts: bool = False,
        **guard_kwargs: object,
    ) -> TransitionRecord:
        when = _at(at)
        source = self.state

        def apply(obj: Complaint) -> None:
            if change is not None:
                change(obj)
            if obj.clocks:
                obj.clocks = _sla.advance(
                    obj.clocks,
                    event,
                    when,
                    source,
                    obj.state,
                    priority=priority,
                    new_facts=new_facts,
                )

        return WORKFLOW.fire(
            self,
            event,
            at=when,
            actor=_name(actor, "actor"),
            note=_text(note, "note"),
            data=data,
            apply=apply,
            **guard_kwargs,
        )

    def acknowledge(self, at: dt.datetime | str, actor: str, note: str = "") -> TransitionRecord:
        """Tell the customer it was received (with its reference); stops `first_response`."""
        return self._fire("acknowledge", at, actor, note)

    def triage(
        self,
        at: dt.datetime | str,
        actor: str,
        *,
        in_scope: bool,
        category: str,
        priority: str,
        owner: str | None = None,
        redirect_to: str | None = None,
        note: str = "",
    ) -> TransitionRecord:
        """Decide scope, category, priority and owner.

        In scope: INVESTIGATING. Out of scope (a bank's, a card network's or a court's
        matter): REDIRECTED, with `redirect_to` telling the customer the right channel; the
        SLA clocks are cancelled. Either way an owner is required (given here or assigned
        before).

        Raises:
            IllegalTransitionError: not ACKNOWLEDGED, or no owner.
            InvalidFieldError: a bad category, priority or owner, or an out-of-scope triage
                without `redirect_to`.
        """
        if not isinstance(in_scope, bool):
            raise InvalidFieldError("in_scope", in_scope, "be True or False")
        category = _name(category, "category")
        priority = _check_priority(priority)
        if owner is not None:
            owner = _name(owner, "owner")
        if in_scope:
            if redirect_to is not None:
                raise InvalidFieldError("redirect_to", redirect_to, "be None when in scope")
        else:
            redirect_to = _name(redirect_to, "redirect_to")
        changed = priority if priority != self.priority else None

        def change(obj: Complaint) -> None:
            obj.category = category
            obj.priority = priority
            if owner is not None:
                obj.owner = owner
            obj.redirect = redirect_to

        data: dict[str, Any] = {"in_scope": in_scope, "category": category, "priority": priority}
        if owner is not None:
            data["owner"] = owner
        if redirect_to is not None:
            data["redirect_to"] = redirect_to
        return self._fire(
            "triage",
            at,
            actor,
            note,
            data=data,
            change=change,
            priority=changed,
            in_scope=in_scope,
            owner=owner,
        )

    def assign(
        self, at: dt.datetime | str, actor: str, *, owner: str, note: str = ""
    ) -> TransitionRecord:
        """Give it to `owner` (any open or resolved state); recorded, no state change."""
        owner = _name(owner, "owner")

        def change(obj: Complaint) -> None:
            obj.owner = owner

        return self._fire("assign", at, actor, note, data={"owner": owner}, change=change)

    def request_info(self, at: dt.datetime | str, actor: str, note: str = "") -> TransitionRecord:
        """Ask the customer for information: AWAITING_CUSTOMER (pausable clocks pause)."""
        return self._fire("request_info", at, actor, note)

    def customer_replied(
        self, at: dt.datetime | str, actor: str = "customer", note: str = ""
    ) -> TransitionRecord:
        """The customer answered: back to INVESTIGATING or ESCALATED, wherever it was."""
        return self._fire("customer_replied", at, actor, note)

    def escalate(self, at: dt.datetime | str, actor: str, note: str = "") -> TransitionRecord:
        """Hand it to a specialist team or management: ESCALATED."""
        return self._fire("escalate", at, actor, note)

    def de_escalate(self, at: dt.datetime | str, actor: str, note: str = "") -> TransitionRecord:
        """Back from the specialists to the owner's team: INVESTIGATING."""
        return self._fire("de_escalate", at, actor, note)

    def post_update(
        self, at: dt.datetime | str, actor: str, note: str = "", *, eta: str | None = None
    ) -> TransitionRecord:
        """A progress update was sent to the customer; starts a new `next_update` cycle."""
        data = {} if eta is None else {"eta": _text(eta, "eta")}
        return self._fire("post_update", at, actor, note, data=data)

    def merge(
        self,
        at: dt.datetime | str,
        actor: str,
        *,
        reference: str,
        channel: Channel | str,
        new_facts: bool = False,
        note: str = "",
    ) -> TransitionRecord:
        """Merge a re-submission of this (open) complaint into it instead of duplicating it.

        With `new_facts=True` the resolution-like clocks start a new cycle from the new
        material (as the Chinese rules require); without, the clocks run on.

        Raises:
            IllegalTransitionError: the complaint is not open.
            InvalidFieldError: a blank reference or an unknown channel.
        """
        reference = _name(reference, "reference")
        came_by: Channel = _enum(Channel, channel, "channel")
        if not isinstance(new_facts, bool):
            raise InvalidFieldError("new_facts", new_facts, "be True or False")

        def change(obj: Complaint) -> None:
            obj.merged = (*obj.merged, reference)

        data = {"reference": reference, "channel": came_by.value, "new_facts": new_facts}
        return self._fire("merge", at, actor, note, data=data, change=change, new_facts=new_facts)

    def suspend_clocks(
        self, at: dt.datetime | str, actor: str, *, reason: str, note: str = ""
    ) -> TransitionRecord:
        """Pause the clocks whose target pauses for `reason`; no state change.

        For what a rule itself excludes, such as external appraisal under the Chinese rules
        (`supportflow.sla.EXTERNAL_APPRAISAL`). Waiting on the customer is not such a reason:
        use `request_info`.

        Raises:
            InvalidFieldError: no running clock pauses for `reason`.
        """
        reason = _name(reason, "reason")
        when = _at(at)

        def change(obj: Complaint) -> None:
            obj.clocks = _sla.suspend(obj.clocks, when, reason)

        return self._fire(
            "suspend_clocks", when, actor, note, data={"reason": reason}, change=change
        )

    def resume_clocks(
        self, at: dt.datetime | str, actor: str, *, reason: str, note: str = ""
    ) -> TransitionRecord:
        """Resume the clocks paused for `reason` by `suspend_clocks`; no state change.

        Raises:
            InvalidFieldError: no clock is paused for `reason`.
        """
        reason = _name(reason, "reason")
        when = _at(at)

        def change(obj: Complaint) -> None:
            obj.clocks = _sla.resume(obj.clocks, when, reason)

        return self._fire(
            "resume_clocks", when, actor, note, data={"reason": reason}, change=change
        )

    def extend_deadline(
        self,
        at: dt.datetime | str,
        actor: str,
        *,
        target: str,
        extension: str,
        reason: str,
        approved_by: str = "",
        note: str = "",
    ) -> TransitionRecord:
        """Take the next extension of an SLA target, as its policy permits; no state change.

        E.g. the Chinese rules' `"complex"` (to 30 days), then `"particularly_complex"` (a
        further 30 days, with approval).

        Raises:
            InvalidFieldError: no such target or extension, or a required approval is missing.
            IllegalTransitionError: the extension is not the next one, or the clock is not open.
        """
        when = _at(at)
        data = {"target": target, "extension": extension, "reason": reason}
        if approved_by:
            data["approved_by"] = approved_by

        def change(obj: Complaint) -> None:
            obj.clocks = _sla.extend(
                obj.clocks,
                when,
                target=target,
                extension=extension,
                reason=reason,
                approved_by=approved_by,
            )

        return self._fire("extend_deadline", when, actor, note, data=data, change=change)

    def propose_resolution(
        self,
        at: dt.datetime | str,
        actor: str,
        *,
        kind: ResolutionKind | str,
        text: str,
        amount: decimal.Decimal | None = None,
        currency: str | None = None,
        note: str = "",
    ) -> TransitionRecord:
        """Propose how to put things right: RESOLUTION_PROPOSED.

        Raises:
            IllegalTransitionError: not INVESTIGATING or ESCALATED.
            InvalidFieldError: see `Resolution` (negative amounts, unknown currencies, a
                rejection that does not mention the regulator or ombudsman, ...).
        """
        resolution = Resolution(_enum(ResolutionKind, kind, "kind"), text, amount, currency)

        def change(obj: Complaint) -> None:
            obj.resolution = resolution
            obj.accepted = False

        data = {k: v for k, v in resolution.to_dict().items() if k != "schema"}
        return self._fire("propose_resolution", at, actor, note, data=data, change=change)

    def accept(
        self, at: dt.datetime | str, actor: str = "customer", note: str = ""
    ) -> TransitionRecord:
        """The customer accepts the proposed resolution (it can now be resolved)."""

        def change(obj: Complaint) -> None:
            obj.accepted = True

        return self._fire("accept", at, actor, note, change=change)

    def dispute(
        self,
        at: dt.datetime | str,
        actor: str = "customer",
        note: str = "",
        *,
        escalate: bool = False,
    ) -> TransitionRecord:
        """The customer disputes the proposal: back to INVESTIGATING, or ESCALATED.

        It goes to ESCALATED when `escalate=True` or when the proposal came from ESCALATED.
        """
        if not isinstance(escalate, bool):
            raise InvalidFieldError("escalate", escalate, "be True or False")

        def change(obj: Complaint) -> None:
            obj.resolution = None
            obj.accepted = False

        return self._fire(
            "dispute",
            at,
            actor,
            note,
            data={"escalate": escalate},
            change=change,
            escalate=escalate,
        )

    def resolve(self, at: dt.datetime | str, actor: str, note: str = "") -> TransitionRecord:
        """Carry out the accepted resolution (or issue a final rejection): RESOLVED.

        Stops `resolution`, `next_update` and every regulatory clock.

        Raises:
            IllegalTransitionError: not RESOLUTION_PROPOSED, or the proposal was not accepted
                (a rejection needs no acceptance: it is the firm's final response).
        """
        return self._fire("resolve", at, actor, note)

    def record_feedback(
        self,
        at: dt.datetime | str,
        actor: str = "customer",
        *,
        score: int,
        comment: str = "",
        note: str = "",
    ) -> TransitionRecord:
        """Record the customer's satisfaction (1-5) once, while RESOLVED.

        Raises:
            IllegalTransitionError: not RESOLVED, or feedback was already recorded.
            InvalidFieldError: a score outside 1..5.
        """
        feedback = Feedback(score, comment)

        def change(obj: Complaint) -> None:
            obj.feedback = feedback

        data = {"score": feedback.score, "comment": feedback.comment}
        return self._fire("record_feedback", at, actor, note, data=data, change=change)

    def reopen(
        self, at: dt.datetime | str, actor: str = "customer", note: str = ""
    ) -> TransitionRecord:
        """The customer came back within the reopen window: INVESTIGATING again.

        The reopen count goes up by one, the priority is raised by one level (the repeat
        rule), the resolution and feedback are cleared, and the resolution-like clocks and
        `next_update` start a new cycle.

        Raises:
            IllegalTransitionError: not RESOLVED, or the reopen window has passed (file a
                follow-up once it is closed).
        """
        priority = raise_priority(self.priority)
        changed = priority if priority != self.priority else None

        def change(obj: Complaint) -> None:
            obj.reopen_count += 1
            obj.priority = priority
            obj.resolution = None
            obj.accepted = False
            obj.feedback = None

        data = {"reopen_count": self.reopen_count + 1, "priority": priority}
        return self._fire("reopen", at, actor, note, data=data, change=change, priority=changed)

    def withdraw(
        self, at: dt.datetime | str, actor: str = "customer", note: str = ""
    ) -> TransitionRecord:
        """The customer withdraws it: WITHDRAWN; the SLA clocks stop that day."""
        return self._fire("withdraw", at, actor, note)

    def close(self, at: dt.datetime | str, actor: str, note: str = "") -> TransitionRecord:
        """Close it (after a resolution, a redirect or a withdrawal): CLOSED, for good."""
        return self._fire("close", at, actor, note)

    def close_if_due(self, at: dt.datetime | str) -> TransitionRecord | None:
        """Auto-close a RESOLVED complaint once `rules.auto_close_after` has passed.

        Returns the `close` record (actor `"system"`), or `None` when nothing was due.
        """
        when = _at(at)
        due = self.auto_close_at()
        if due is None or when < due:
            return None
        return self.close(when, "system", "auto-closed: no reply within the closing period")

    # -- guards (named in the transition table) ---------------------------------------

    def _guard_owner(self, ctx: _Context) -> str | None:
        if self.owner is None and ctx.kwargs.get("owner") is None:
            return "nothing goes past triage without an owner"
        return None

    def _guard_in_scope(self, ctx: _Context) -> str | None:
        return None if ctx.kwargs.get("in_scope") else "out of scope"

    def _guard_out_of_scope(self, ctx: _Context) -> str | None:
        return "in scope" if ctx.kwargs.get("in_scope") else None

    def _guard_was_escalated(self, _ctx: _Context) -> str | None:
        return None if self._state_before_waiting() is _S.ESCALATED else "was not escalated"

    def _state_before_waiting(self) -> ComplaintState:
        for record in reversed(self.history):
            if record.to_state == _S.AWAITING_CUSTOMER.value != record.from_state:
                return _S(record.from_state)
        return _S.INVESTIGATING  # pragma: no cover - AWAITING_CUSTOMER is only entered by event

    def _guard_not_accepted(self, _ctx: _Context) -> str | None:
        return "the proposal was already accepted" if self.accepted else None

    def _guard_dispute_escalates(self, ctx: _Context) -> str | None:
        if ctx.kwargs.get("escalate"):
            return None
        for record in reversed(self.history):
            if record.event == "propose_resolution":
                return None if record.from_state == _S.ESCALATED.value else "not escalated"
        return "not escalated"  # pragma: no cover - RESOLUTION_PROPOSED follows a proposal

    def _guard_accepted(self, _ctx: _Context) -> str | None:
        resolution = self.resolution
        if self.accepted or (
            resolution is not None and resolution.kind is ResolutionKind.REJECTION
        ):
            return None
        return "the customer has not accepted the proposed resolution"

    def _guard_no_feedback(self, _ctx: _Context) -> str | None:
        return "feedback was already recorded" if self.feedback is not None else None

    def _guard_within_reopen_window(self, ctx: _Context) -> str | None:
        resolved = self.last_at("resolve")
        assert resolved is not None  # RESOLVED is only entered by resolve  # noqa: S101
        if ctx.at - resolved > self.rules.reopen_window:
            return (
                f"the reopen window ({_pendulum.format_duration(self.rules.reopen_window)}) "
                "has passed"
            )
        return None

    # -- persistence ------------------------------------------------------------------

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key: every field, history and SLA clocks."""
        policy = self.sla_policy
        return {
            "schema": _SCHEMA,
            "id": self.id,
            "customer": self.customer,
            "channel": self.channel.value,
            "description": self.description,
            "received_at": dump_instant(self.received_at),
            "category": self.category,
            "transactions": [t.to_dict() for t in self.transactions],
            "ask": self.ask.value,
            "priority": self.priority,
            "owner": self.owner,
            "state": self.state.value,
            "rules": self.rules.to_dict(),
            "sla_policy": None if policy is None else policy.to_dict(),
            "clocks": [c.to_dict(include_target=False) for c in self.clocks],
            "reopen_count": self.reopen_count,
            "repeats": list(self.repeats),
            "merged": list(self.merged),
            "resolution": None if self.resolution is None else self.resolution.to_dict(),
            "accepted": self.accepted,
            "feedback": None if self.feedback is None else self.feedback.to_dict(),
            "redirect": self.redirect,
            "history": [r.to_dict() for r in self.history],
        }

    @classmethod
    def from_dict(cls, data: object) -> Complaint:
        """Rebuild a complaint from `to_dict()` output; it keeps working where it left off.

        Raises:
            SerializationError: unknown schema version or a corrupted dict; the error names
                the JSON path (e.g. `history[2].at`).
        """
        r = Reader.root(data, schema=_SCHEMA, keys=_KEYS)
        policy = None
        if r.has("sla_policy"):
            policy = SlaPolicy.from_dict(r.raw("sla_policy"), path="sla_policy")
        clocks = _load_clocks(r, policy)
        history = tuple(
            TransitionRecord.from_dict(item.value, path=item.path) for item in r.items("history")
        )
        if not history:
            raise r.fail("hold at least the intake record", "history")
        state = r.enum("state", ComplaintState)
        if history[-1].to_state != state.value:
            raise r.fail(f"end in the complaint's state {state.value!r}", "history")
        with r.building():
            return cls(
                id=_name(r.text("id"), "id"),
                customer=_name(r.text("customer"), "customer"),
                channel=r.enum("channel", Channel),
                description=r.text("description"),
                received_at=r.instant("received_at"),
                category=_name(r.text("category"), "category"),
                transactions=tuple(
                    Transaction.from_dict(t.value, path=t.path) for t in r.items("transactions")
                ),
                ask=r.enum("ask", Ask),
                priority=_check_priority(r.text("priority")),
                owner=_name(r.raw("owner"), "owner") if r.has("owner") else None,
                state=state,
                rules=ComplaintRules.from_dict(r.raw("rules"), path="rules"),
                sla_policy=policy,
                clocks=clocks,
                reopen_count=_count(r.integer("reopen_count")),
                repeats=_ids(r.raw("repeats"), "repeats"),
                merged=_ids(r.raw("merged"), "merged"),
                resolution=(
                    Resolution.from_dict(r.raw("resolution"), path="resolution")
                    if r.has("resolution")
                    else None
                ),
                accepted=r.flag("accepted"),
                feedback=(
                    Feedback.from_dict(r.raw("feedback"), path="feedback")
                    if r.has("feedback")
                    else None
                ),
                redirect=r.text("redirect") if r.has("redirect") else None,
                history=history,
            )


_KEYS = frozenset(
    {
        "id",
        "customer",
        "channel",
        "description",
        "received_at",
        "category",
        "transactions",
        "ask",
        "priority",
        "owner",
        "state",
        "rules",
        "sla_policy",
        "clocks",
        "reopen_count",
        "repeats",
        "merged",
        "resolution",
        "accepted",
        "feedback",
        "redirect",
        "history",
    }
)


def _count(value: int) -> int:
    if value < 0:
        raise InvalidFieldError("reopen_count", value, "not be negative")
    return value


def _load_clocks(r: Reader, policy: SlaPolicy | None) -> tuple[SlaClock, ...]:
    items = r.items("clocks")
    targets = () if policy is None else policy.targets
    if len(items) != len(targets):
        raise r.fail(f"hold one clock per target of the policy ({len(targets)})", "clocks")
    clocks = []
    for item, target in zip(items, targets, strict=True):
        try:
            clocks.append(SlaClock.from_dict(item.value, target=target))
        except SerializationError as exc:
            # SlaClock names paths from its own root; put them under ours.
            inner = f".{exc.path}" if exc.path else ""
            raise SerializationError(f"{item.path}{inner}", exc.value, exc.reason) from exc
    return tuple(clocks)
