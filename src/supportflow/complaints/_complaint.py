"""The `Complaint` entity: its fields, its typed events and their guards.

Its field checks are in `_complaint_checks`, how its clocks follow its events in
`_complaint_replay`. Its row is declared on its fields (`@declared`: each field names its
codec), so the full reader and the JSON Schema derive from them; the codecs, the upgrade
steps, the compact dump and the quick reader are in `_complaint_rows`. This module stays
above 600 lines, with no serialization left in it, because it is one entity's events, kept
together so every guard sits beside its event and the transition table reads in one place.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from supportflow import _events, _pendulum, _skew
from supportflow._declarative import Codec, declared, spec
from supportflow._events import EventSpec
from supportflow._machine import _Context
from supportflow._sealed import Sealed, seal
from supportflow.audit import TransitionRecord
from supportflow.complaints import _complaint_rows, _referrals, _sla
from supportflow.complaints import _complaint_rows as _rows
from supportflow.complaints._complaint_checks import (
    _at,
    _check_priority,
    _enum,
    _ids,
    _name,
    _referred_on,
    _response_rule,
    _text,
    _transactions,
    raise_priority,
)
from supportflow.complaints._complaint_replay import (
    _COMPLEXITIES,
    _PRIORITY_EVENTS,
    _amounts,
    _complexity_clocks,
    _rank,
    _replay,
)
from supportflow.complaints._complaint_rows import _DEFAULT_RULES, _quick_row
from supportflow.complaints._investigation import (
    ROOT_CAUSES,
    Evidence,
    EvidenceKind,
    RootCauseTaxonomy,
)
from supportflow.complaints._referrals import (
    ExternalReferral,
    ReferralBody,
    ReferralStatement,
    referral_rights,
)
from supportflow.complaints._selection import CaseFacts, PolicyBook
from supportflow.complaints._values import (
    Ask,
    Channel,
    ComplaintRules,
    ComplaintState,
    Complexity,
    Feedback,
    Resolution,
    ResolutionKind,
    Transaction,
)
from supportflow.complaints._workflow import WORKFLOW
from supportflow.errors import (
    InvalidFieldError,
    ReadOnlyFieldError,
)
from supportflow.sla import (
    PRIORITIES,
    DeadlineRule,
    SlaClock,
    SlaPolicy,
    SlaStatus,
    SlaTarget,
)

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = ["Complaint", "raise_priority"]

_S = ComplaintState
# The latest zone offset (UTC+14): a referral date is never after the event's date anywhere.
_LATEST_OFFSET = dt.timedelta(hours=14)


def _rows_spec(codec: Codec) -> dict[str, object]:
    """A field a compact row leaves out while it holds its default."""
    return spec(codec, omit_default=True)


@declared(
    schema=3,
    upgrades={1: _rows.from_v1, 2: _rows.from_v2},
    build=_rows.assemble,
)
@attrs.define(slots=True, eq=False)
class Complaint(Sealed):
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
        jurisdiction: Where the customer's rights come from (`"GB"`, `"US"`, `"CN"`, `"HK"`),
            or `None` until known; chooses the referral rights a rejection must state.
        language: The customer's language (`"en"`, `"zh-Hans"`, `"zh-Hant"`): a final
            response states the referral rights in it.
        product: The product concerned (for policy selection), if known.
        segment: The customer segment (for policy selection), if known.
        complexity: How complex the case was assessed (`None`: not yet); raising it takes
            the SLA extensions of the same name (the Chinese rules' 30 and 60 days).
        evidence: The evidence gathered (`add_evidence`), oldest first.
        root_cause: The root cause found (`record_root_cause`), if any.
        incident: The id of the incident it is linked to (`link_incident`), if any.
        referrals: The outside bodies the customer took it to (`external_referral`), each
            with the response clock the body imposes.
        history: The audit trail, oldest first; append-only.
        version: 1 when received, plus one per accepted event (so it always equals
            `len(history)`); a refused event leaves it unchanged. Store it in an indexed
            column and save with compare-and-swap on it (optimistic concurrency).

    Every field is read-only to the host: assigning one (`c.state = ...`) raises
    `ReadOnlyFieldError` and changes nothing; fire an event instead.
    """

    id: str = attrs.field(metadata=spec(_rows.ID))
    customer: str = attrs.field(metadata=spec(_rows.ID))
    channel: Channel = attrs.field(metadata=spec(_rows.CHANNEL))
    description: str = attrs.field(metadata=spec(_rows.DESCRIPTION))
    received_at: dt.datetime = attrs.field(metadata=spec(_rows.RECEIVED_AT))
    category: str = attrs.field(default="general", metadata=spec(_rows.ID))
    transactions: tuple[Transaction, ...] = attrs.field(
        default=(), metadata=_rows_spec(_rows.TRANSACTIONS)
    )
    ask: Ask = attrs.field(default=Ask.OTHER, metadata=spec(_rows.ASK))
    priority: str = attrs.field(default="P3", metadata=spec(_rows.PRIORITY))
    owner: str | None = attrs.field(default=None, metadata=_rows_spec(_rows.NAME))
    state: ComplaintState = attrs.field(default=ComplaintState.RECEIVED, metadata=spec(_rows.STATE))
    rules: ComplaintRules = attrs.field(default=_DEFAULT_RULES, metadata=_rows_spec(_rows.RULES))
    sla_policy: SlaPolicy | None = attrs.field(default=None, metadata=_rows_spec(_rows.POLICY))
    clocks: tuple[SlaClock, ...] = attrs.field(default=(), metadata=_rows_spec(_rows.CLOCKS))
    reopen_count: int = attrs.field(default=0, metadata=_rows_spec(_rows.COUNT))
    repeats: tuple[str, ...] = attrs.field(default=(), metadata=_rows_spec(_rows.IDS))
    merged: tuple[str, ...] = attrs.field(default=(), metadata=_rows_spec(_rows.IDS))
    resolution: Resolution | None = attrs.field(default=None, metadata=_rows_spec(_rows.RESOLUTION))
    accepted: bool = attrs.field(default=False, metadata=_rows_spec(_rows.ACCEPTED))
    feedback: Feedback | None = attrs.field(default=None, metadata=_rows_spec(_rows.FEEDBACK))
    redirect: str | None = attrs.field(default=None, metadata=_rows_spec(_rows.REDIRECT))
    jurisdiction: str | None = attrs.field(default=None, metadata=_rows_spec(_rows.JURISDICTION))
    language: str = attrs.field(default="en", metadata=spec(_rows.LANGUAGE))
    product: str | None = attrs.field(default=None, metadata=_rows_spec(_rows.NAME))
    segment: str | None = attrs.field(default=None, metadata=_rows_spec(_rows.NAME))
    complexity: Complexity | None = attrs.field(default=None, metadata=_rows_spec(_rows.COMPLEXITY))
    evidence: tuple[Evidence, ...] = attrs.field(default=(), metadata=_rows_spec(_rows.EVIDENCE))
    root_cause: str | None = attrs.field(default=None, metadata=_rows_spec(_rows.NAME))
    incident: str | None = attrs.field(default=None, metadata=_rows_spec(_rows.NAME))
    referrals: tuple[ExternalReferral, ...] = attrs.field(
        default=(), metadata=_rows_spec(_rows.REFERRALS)
    )
    history: tuple[TransitionRecord, ...] = attrs.field(default=(), metadata=spec(_rows.HISTORY))
    version: int = attrs.field(default=1, metadata=spec(_rows.VERSION))
    _sealed: bool = attrs.field(init=False, default=False, repr=False)

    # `eq=False` keeps attrs from generating these; equality is by value on purpose.
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    def __attrs_post_init__(self) -> None:
        # Public fields change only while the engine fires an event (it opens the
        # complaint, `supportflow._sealed`), never from the host.
        seal(self)

    def __delattr__(self, name: str) -> None:
        raise ReadOnlyFieldError("Complaint", name, None)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Complaint):
            return NotImplemented
        return all(
            getattr(self, a.name) == getattr(other, a.name)
            for a in attrs.fields(Complaint)
            if a.name != "_sealed"
        )

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
        sla_policy: SlaPolicy | PolicyBook | None = None,
        rules: ComplaintRules = _DEFAULT_RULES,
        repeats: Iterable[str] = (),
        jurisdiction: str | None = None,
        language: str = "en",
        product: str | None = None,
        segment: str | None = None,
        note: str = "",
    ) -> Complaint:
        """Take in a new complaint: state RECEIVED, every SLA clock started at `received_at`.

        The first history record is the intake (`event="receive"`), made by `actor`.
        `sla_policy` may be a `PolicyBook`: its rules choose the policy from the intake's
        facts (category, channel, product, segment, jurisdiction, amounts), and the intake
        record names it (`data["policy"]`).

        Raises:
            InvalidFieldError: a field is blank, naive, unknown or of the wrong type.
        """
        at = _pendulum.instant(received_at, field="received_at")
        if sla_policy is not None and not isinstance(sla_policy, SlaPolicy | PolicyBook):
            raise InvalidFieldError(
                "sla_policy", sla_policy, "be an SlaPolicy, a PolicyBook or None"
            )
        if not isinstance(rules, ComplaintRules):
            raise InvalidFieldError("rules", rules, "be a ComplaintRules")
        came_by: Channel = _enum(Channel, channel, "channel")
        priority = _check_priority(priority)
        where = None if jurisdiction is None else _referrals.jurisdiction(jurisdiction)
        product = None if product is None else _name(product, "product")
        segment = None if segment is None else _name(segment, "segment")
        category = _name(category, "category")
        transactions = _transactions(tuple(transactions))
        intake: dict[str, Any] = {"channel": came_by.value}
        if isinstance(sla_policy, PolicyBook):
            facts = CaseFacts(
                category,
                came_by.value,
                product,
                segment,
                None,
                where,
                _amounts(transactions),
            )
            sla_policy = sla_policy.select(facts)
            intake["policy"] = sla_policy.name
        record = TransitionRecord(
            "receive",
            _S.RECEIVED.value,
            _S.RECEIVED.value,
            at,
            _name(actor, "actor"),
            _text(note, "note"),
            intake,
        )
        return cls(
            id=_name(id, "id"),
            customer=_name(customer, "customer"),
            channel=came_by,
            description=_text(description, "description"),
            received_at=at,
            category=category,
            transactions=transactions,
            ask=_enum(Ask, ask, "ask"),
            priority=priority,
            rules=rules,
            sla_policy=sla_policy,
            clocks=_sla.opened(sla_policy, at, priority),
            repeats=_ids(tuple(repeats), "repeats"),
            jurisdiction=where,
            language=_referrals.language(language),
            product=product,
            segment=segment,
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
            jurisdiction=previous.jurisdiction,
            language=previous.language,
            product=previous.product,
            segment=previous.segment,
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
        """Every SLA clock's status at `at`, by target name.

        The policy's targets, then one `referral:<reference>` per external referral.
        """
        return _sla.status(self._all_clocks(), _pendulum.instant(at, field="at"))

    def next_alarm(self, at: dt.datetime | str) -> dt.datetime | None:
        """The next instant after `at` at which any clock (referrals too) warns or breaches."""
        return _sla.next_alarm(self._all_clocks(), _pendulum.instant(at, field="at"))

    def _all_clocks(self) -> tuple[SlaClock, ...]:
        if not self.referrals:
            return self.clocks
        return (*self.clocks, *(r.clock for r in self.referrals))

    def facts(self) -> CaseFacts:
        """What policy conditions look at (`PolicyBook.select`).

        Category, channel, product, segment, complexity, jurisdiction, and the amounts of
        its transactions per currency.
        """
        return CaseFacts(
            self.category,
            self.channel.value,
            self.product,
            self.segment,
            None if self.complexity is None else self.complexity.value,
            self.jurisdiction,
            _amounts(self.transactions),
        )

    def reselect_policy(
        self, at: dt.datetime | str, actor: str, *, book: PolicyBook, note: str = ""
    ) -> TransitionRecord:
        """Re-triage: choose the SLA policy again from the complaint's facts now.

        Run it after triage changed the category or the complexity was assessed. When the
        book chooses the policy the complaint already follows, only the record is made.
        Otherwise the clocks move to the new policy:

        - a target both policies have keeps its clock: its events are replayed under the
          new target (elapsed time kept, the due instant recomputed from the cycle's start,
          so a stricter goal can reveal a breach that already happened);
        - a target only the new policy has is attached late, counting from intake
          (`received_at`; pauses before `at` are not reconstructed), under the current
          priority; a new `first_response` of an acknowledged complaint is started and
          stopped at the acknowledgement;
        - a target only the old policy had is dropped (the record lists it);
        - a kept or new clock whose target declares a goal named like the assessed
          complexity counts under that goal (a kept one moves to it at `at`).

        Raises:
            IllegalTransitionError: not ACKNOWLEDGED or a working state, or a kept clock's
                events are not allowed under the new target (e.g. a pause it does not allow).
            InvalidFieldError: `book` is not a `PolicyBook`, or a kept clock counts under a
                goal label (e.g. `"complex"`) the new target does not declare.
        """
        if not isinstance(book, PolicyBook):
            raise InvalidFieldError("book", book, "be a PolicyBook")
        when, stamped = self._when(at)
        chosen = book.select(self.facts())
        same = chosen == self.sla_policy
        old = {c.target.name: c for c in self.clocks}
        dropped = [name for name in old if name not in chosen.names]
        priority = self.priority
        received = self.received_at
        acknowledged = self.first_at("acknowledge")
        level = None if self.complexity is None else self.complexity.value

        def label(target: SlaTarget) -> str:
            return _sla.goal_label(target, priority, level)

        def attach(target: SlaTarget) -> SlaClock:
            if target.name in old:
                return _sla.follow_label(old[target.name].with_target(target), label(target), when)
            if target.name == "first_response" and acknowledged is not None:
                clock = target.clock().start(
                    acknowledged, priority=label(target), counts_from=received
                )
                return clock.stop(acknowledged, "acknowledged")
            return target.clock().start(when, priority=label(target), counts_from=received)

        def change(obj: Complaint) -> None:
            if same:
                return
            obj.sla_policy = chosen
            obj.clocks = tuple(attach(t) for t in chosen.targets)

        data: dict[str, Any] = {"policy": chosen.name, "changed": not same}
        if dropped and not same:
            data["dropped"] = dropped
        return self._fire(
            "reselect_policy", when, actor, note, data=data, change=change, stamped=stamped
        )

    def with_policy(self, policy: SlaPolicy) -> Complaint:
        """The complaint under another version of its SLA policy, its clocks recomputed.

        For a corrected policy or calendar (new holiday data, a corrected goal) registered
        as a new version: `c.with_policy(registry.latest("industry_default", SlaPolicy))`.
        A pure fold: the returned complaint's clocks are computed from this complaint's
        events; this complaint is not changed, and neither are its history and version
        (it is a recomputation, not an event: doing it twice gives the same row).

        Which targets may change mid-case:

        - a target both versions have keeps its clock's events (starts, pauses, stops,
          resets, goal changes, extensions: what happened), replayed under the new
          target: a corrected rule applies to every cycle from its start, completed ones
          included, so a stricter goal can reveal a breach that already happened;
        - a target only the new version has gets the clock it would have had if it had
          been in the policy from intake: started at `received_at` under the intake
          priority, then every recorded lifecycle event applied to it as it happened;
        - a target only the old version had is dropped (the new version no longer owes
          it; the stored rows of earlier versions keep it).

        To move a case to a *different* policy (another name), re-triage it with
        `reselect_policy`, which is an audited event.

        Raises:
            InvalidFieldError: `policy` is not an `SlaPolicy`, the complaint has no policy,
                or the new version has another name.
            IllegalTransitionError: a kept clock's events are not allowed under the new
                target (e.g. a pause reason or an extension it no longer has).
        """
        if not isinstance(policy, SlaPolicy):
            raise InvalidFieldError("policy", policy, "be an SlaPolicy")
        current = self.sla_policy
        if current is None:
            raise InvalidFieldError(
                "policy", policy.name, "replace a policy: the complaint has none (reselect_policy)"
            )
        if policy.name != current.name:
            raise InvalidFieldError(
                "policy",
                policy.name,
                f"be a version of the complaint's policy {current.name!r} "
                "(move to another policy with reselect_policy)",
            )
        old = {c.target.name: c for c in self.clocks}
        clocks = tuple(
            old[t.name].with_target(t) if t.name in old else self._folded(t) for t in policy.targets
        )
        copy = attrs.evolve(self)
        object.__setattr__(copy, "sla_policy", policy)
        object.__setattr__(copy, "clocks", clocks)
        return copy

    def _folded(self, target: SlaTarget) -> SlaClock:
        """The clock `target` would have if it had been in the policy from intake."""
        priority = self._intake_priority()
        clocks: tuple[SlaClock, ...] = _sla.opened(
            SlaPolicy("fold", (target,)), self.received_at, priority
        )
        for record in self.history[1:]:
            clocks, priority = _replay(clocks, record, priority)
        return clocks[0]

    def _intake_priority(self) -> str:
        for clock in self.clocks:
            first = clock.events[0] if clock.events else None
            if first is not None and first.at == self.received_at and first.priority in PRIORITIES:
                return first.priority
        if not any(r.event in _PRIORITY_EVENTS for r in self.history):
            return self.priority
        raise InvalidFieldError(  # pragma: no cover - every intake starts its clocks
            "clocks", None, "show the intake priority (a clock started at intake)"
        )

    def referral_statement(self) -> ReferralStatement:
        """The packaged referral rights of its jurisdiction, in the customer's language.

        Raises:
            InvalidFieldError: no jurisdiction is known, or none is packaged for it.
        """
        if self.jurisdiction is None:
            raise InvalidFieldError(
                "jurisdiction", None, "be known to choose the customer's referral rights"
            )
        return referral_rights(self.jurisdiction).statement(self.language)

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
        stamped: dt.datetime | None = None,
        **guard_kwargs: object,
    ) -> TransitionRecord:
        when, late = self._when(at)
        stamped = stamped if stamped is not None else late
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
            obj.version += 1

        record = WORKFLOW.fire(
            self,
            event,
            at=when,
            actor=_name(actor, "actor"),
            note=_text(note, "note"),
            data=data,
            apply=apply,
            **guard_kwargs,
        )
        if stamped is not None:
            # Accepted within the skew tolerance: recorded at the last event's time, the
            # event's own stamp kept beside it (nothing below can fail).
            record = attrs.evolve(record, stamped_at=stamped)
            object.__setattr__(self, "history", (*self.history[:-1], record))
        return record

    def _when(self, at: object) -> tuple[dt.datetime, dt.datetime | None]:
        """Where an event stamped `at` is recorded, and its stamp when that differs.

        The skew rule of `supportflow._skew` with `rules.skew_tolerance`: at or after the
        last event, its own stamp; before it by at most the tolerance, the last event's
        time (and the stamp is kept); earlier still, refused.

        Raises:
            InvalidFieldError: `at` is not an instant, or is too far before the last event.
        """
        when = _at(at)
        last = self.history[-1].at if self.history else None
        return _skew.admit(when, last, self.rules.skew_tolerance)

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
        complexity: Complexity | str | None = None,
        approved_by: str = "",
        note: str = "",
    ) -> TransitionRecord:
        """Decide scope, category, priority and owner (and, optionally, complexity).

        In scope: INVESTIGATING. Out of scope (a bank's, a card network's or a court's
        matter): REDIRECTED, with `redirect_to` telling the customer the right channel; the
        SLA clocks are cancelled. Either way an owner is required (given here or assigned
        before). A `complexity` is assessed as `assess_complexity` does (with `approved_by`
        for a particularly complex case under the Chinese rules).

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
        level = None if complexity is None else self._check_complexity(complexity)
        if level is not None and not in_scope:
            raise InvalidFieldError("complexity", level.value, "be None when out of scope")
        approved_by = _text(approved_by, "approved_by")
        changed = priority if priority != self.priority else None
        when, stamped = self._when(at)

        def change(obj: Complaint) -> None:
            obj.category = category
            obj.priority = priority
            if owner is not None:
                obj.owner = owner
            obj.redirect = redirect_to
            if level is not None:
                obj.clocks = _complexity_clocks(
                    obj.clocks, level, when, "assessed at triage", approved_by
                )
                obj.complexity = level

        data: dict[str, Any] = {"in_scope": in_scope, "category": category, "priority": priority}
        if owner is not None:
            data["owner"] = owner
        if redirect_to is not None:
            data["redirect_to"] = redirect_to
        if level is not None:
            data["complexity"] = level.value
            if approved_by:
                data["approved_by"] = approved_by
        return self._fire(
            "triage",
            when,
            actor,
            note,
            data=data,
            change=change,
            priority=changed,
            in_scope=in_scope,
            owner=owner,
            stamped=stamped,
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
        when, stamped = self._when(at)

        def change(obj: Complaint) -> None:
            obj.clocks = _sla.suspend(obj.clocks, when, reason)

        return self._fire(
            "suspend_clocks",
            when,
            actor,
            note,
            data={"reason": reason},
            change=change,
            stamped=stamped,
        )

    def resume_clocks(
        self, at: dt.datetime | str, actor: str, *, reason: str, note: str = ""
    ) -> TransitionRecord:
        """Resume the clocks paused for `reason` by `suspend_clocks`; no state change.

        Raises:
            InvalidFieldError: no clock is paused for `reason`.
        """
        reason = _name(reason, "reason")
        when, stamped = self._when(at)

        def change(obj: Complaint) -> None:
            obj.clocks = _sla.resume(obj.clocks, when, reason)

        return self._fire(
            "resume_clocks",
            when,
            actor,
            note,
            data={"reason": reason},
            change=change,
            stamped=stamped,
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
        when, stamped = self._when(at)
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
            # An extension named like a complexity is that assessment (the CN preset's).
            level = _COMPLEXITIES.get(extension)
            if level is not None and _rank(obj.complexity) < level.rank:
                obj.complexity = level

        return self._fire(
            "extend_deadline", when, actor, note, data=data, change=change, stamped=stamped
        )

    def assess_complexity(
        self,
        at: dt.datetime | str,
        actor: str,
        *,
        complexity: Complexity | str,
        reason: str,
        approved_by: str = "",
        note: str = "",
    ) -> TransitionRecord:
        """Assess how complex the case is; a higher level takes the SLA extensions it names.

        Under the Chinese 2020 rules (`cn_banking_insurance`) the 15-day decision period is
        for clear facts and simple disputes: `"complex"` moves the decision clock to its
        `complex` extension (30 days), `"particularly_complex"` to `particularly_complex`
        (60 days, `approved_by` required), taking `complex` first when it was not taken.
        Targets without such extensions are left alone; the assessment is recorded anyway.
        Assessments only go up: an extension taken is not undone.

        Raises:
            IllegalTransitionError: not a working state (INVESTIGATING, ESCALATED,
                AWAITING_CUSTOMER, RESOLUTION_PROPOSED), or an extension cannot be taken.
            InvalidFieldError: an unknown or unchanged/lower complexity, a blank reason, a
                missing approval.
        """
        level = self._check_complexity(complexity)
        reason = _name(reason, "reason")
        approved_by = _text(approved_by, "approved_by")
        when, stamped = self._when(at)

        def change(obj: Complaint) -> None:
            obj.clocks = _complexity_clocks(obj.clocks, level, when, reason, approved_by)
            obj.complexity = level

        data = {"complexity": level.value, "reason": reason}
        if approved_by:
            data["approved_by"] = approved_by
        return self._fire(
            "assess_complexity", when, actor, note, data=data, change=change, stamped=stamped
        )

    def add_evidence(
        self,
        at: dt.datetime | str,
        actor: str,
        *,
        kind: EvidenceKind | str,
        reference: str,
        description: str = "",
        note: str = "",
    ) -> TransitionRecord:
        """Add a piece of evidence (trade record, log, recording, screenshot, ...).

        `actor` is recorded as who added it and `at` as when; the content stays where
        `reference` points.

        Raises:
            IllegalTransitionError: not ACKNOWLEDGED or a working state.
            InvalidFieldError: an unknown kind, a blank or repeated reference.
        """
        when, stamped = self._when(at)
        item = Evidence(
            _enum(EvidenceKind, kind, "kind"),
            _name(reference, "reference"),
            _name(actor, "actor"),
            when,
            _text(description, "description"),
        )
        if any(e.reference == item.reference for e in self.evidence):
            raise InvalidFieldError("reference", reference, "be new to this complaint's evidence")

        def change(obj: Complaint) -> None:
            obj.evidence = (*obj.evidence, item)

        data = {"kind": item.kind.value, "reference": item.reference}
        if item.description:
            data["description"] = item.description
        return self._fire(
            "add_evidence", when, actor, note, data=data, change=change, stamped=stamped
        )

    def record_root_cause(
        self,
        at: dt.datetime | str,
        actor: str,
        *,
        cause: str,
        taxonomy: RootCauseTaxonomy = ROOT_CAUSES,
        note: str = "",
    ) -> TransitionRecord:
        """Record the root cause found, one of `taxonomy` (by default `ROOT_CAUSES`).

        It may be recorded again as the investigation learns more; each is audited.

        Raises:
            IllegalTransitionError: not a working state.
            InvalidFieldError: a cause outside the taxonomy, or a taxonomy of the wrong type.
        """
        if not isinstance(taxonomy, RootCauseTaxonomy):
            raise InvalidFieldError("taxonomy", taxonomy, "be a RootCauseTaxonomy")
        found = taxonomy.check(cause)
        before = self.root_cause

        def change(obj: Complaint) -> None:
            obj.root_cause = found

        data: dict[str, Any] = {"cause": found}
        if before is not None:
            data["previous"] = before
        return self._fire("record_root_cause", at, actor, note, data=data, change=change)

    def link_incident(
        self, at: dt.datetime | str, actor: str, *, incident: str, note: str = ""
    ) -> TransitionRecord:
        """Link it to `incident` (one outage behind many complaints); at most one incident.

        Prefer `Incident.link`, which also lists it on the incident.

        Raises:
            IllegalTransitionError: CLOSED, REDIRECTED or WITHDRAWN.
            InvalidFieldError: a blank id, or it already belongs to an incident.
        """
        incident = _name(incident, "incident")
        if self.incident is not None:
            raise InvalidFieldError(
                "incident", incident, f"be unlinked first: it belongs to {self.incident}"
            )

        def change(obj: Complaint) -> None:
            obj.incident = incident

        return self._fire(
            "link_incident", at, actor, note, data={"incident": incident}, change=change
        )

    def unlink_incident(
        self, at: dt.datetime | str, actor: str, note: str = ""
    ) -> TransitionRecord:
        """Unlink it from its incident (it was linked by mistake, or has its own cause).

        Raises:
            IllegalTransitionError: CLOSED, REDIRECTED or WITHDRAWN.
            InvalidFieldError: it is not linked to an incident.
        """
        if self.incident is None:
            raise InvalidFieldError("incident", None, "be set: the complaint is not linked")
        was = self.incident

        def change(obj: Complaint) -> None:
            obj.incident = None

        return self._fire("unlink_incident", at, actor, note, data={"incident": was}, change=change)

    def _check_complexity(self, value: object) -> Complexity:
        level: Complexity = _enum(Complexity, value, "complexity")
        if self.complexity is not None and level.rank <= self.complexity.rank:
            raise InvalidFieldError(
                "complexity",
                level.value,
                f"be higher than the assessed {self.complexity.value!r} "
                "(an extension taken is not undone)",
            )
        return level

    def propose_resolution(
        self,
        at: dt.datetime | str,
        actor: str,
        *,
        kind: ResolutionKind | str,
        text: str,
        amount: decimal.Decimal | None = None,
        currency: str | None = None,
        referral: ReferralStatement | None = None,
        note: str = "",
    ) -> TransitionRecord:
        """Propose how to put things right: RESOLUTION_PROPOSED.

        A rejection is the firm's final response: it must carry `referral`, the customer's
        referral rights (`referral_statement()`, or a `ReferralStatement` with your own
        wording). The check is on its structure, in any language: its jurisdiction is the
        complaint's (a complaint without one takes the statement's) and its language the
        customer's. Any other kind may carry one too (a partly upheld complaint).

        Raises:
            IllegalTransitionError: not INVESTIGATING or ESCALATED.
            InvalidFieldError: see `Resolution` (negative amounts, unknown currencies, ...);
                a rejection without `referral` (field `referral`), or a statement for
                another jurisdiction or language (`referral.jurisdiction`,
                `referral.language`).
        """
        if referral is not None and not isinstance(referral, ReferralStatement):
            raise InvalidFieldError("referral", referral, "be a ReferralStatement or None")
        resolution = Resolution(
            _enum(ResolutionKind, kind, "kind"), text, amount, currency, referral
        )
        where = self._check_referral(resolution)

        def change(obj: Complaint) -> None:
            obj.resolution = resolution
            obj.accepted = False
            obj.jurisdiction = where

        data: dict[str, Any] = {
            k: v for k, v in resolution.to_dict().items() if k not in {"schema", "referral"}
        }
        if referral is not None:
            data["referral"] = {
                "jurisdiction": referral.jurisdiction,
                "language": referral.language,
                "bodies": list(referral.body_ids),
            }
        return self._fire("propose_resolution", at, actor, note, data=data, change=change)

    def _check_referral(self, resolution: Resolution) -> str | None:
        """The jurisdiction after `resolution` is proposed; raises if its referral is wrong."""
        referral = resolution.referral
        if referral is None:
            if resolution.kind is ResolutionKind.REJECTION:
                raise InvalidFieldError(
                    "referral",
                    None,
                    "state the customer's referral rights on a rejection "
                    "(Complaint.referral_statement() or a ReferralStatement)",
                )
            return self.jurisdiction
        if self.jurisdiction is not None and referral.jurisdiction != self.jurisdiction:
            raise InvalidFieldError(
                "referral.jurisdiction",
                referral.jurisdiction,
                f"be the complaint's jurisdiction {self.jurisdiction!r}",
            )
        if referral.language != self.language:
            raise InvalidFieldError(
                "referral.language",
                referral.language,
                f"be the customer's language {self.language!r}",
            )
        return referral.jurisdiction

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

    def external_referral(
        self,
        at: dt.datetime | str,
        actor: str,
        *,
        body: ReferralBody | str,
        reference: str,
        referred_on: dt.date | str,
        respond_within: DeadlineRule | dt.timedelta | None = None,
        owner: str | None = None,
        note: str = "",
    ) -> TransitionRecord:
        """The customer took the complaint to an outside body (ombudsman, regulator, mediator).

        Records the referral, raises the priority one level (`raise_priority`) and starts
        the response clock the body imposes (target `referral:<reference>`, from `at`):
        `respond_within` (a deadline rule or a duration), else the body's
        `respond_within`. An open complaint stays where it is; a RESOLVED, REDIRECTED,
        WITHDRAWN or even CLOSED one is reopened to ESCALATED (it needs an owner: the one
        it has, or `owner`). It cannot close again until `answer_referral`.

        Args:
            at: When the firm learned of the referral.
            actor: Who recorded it.
            body: A `ReferralBody`, or the id of one of the packaged bodies of the
                complaint's jurisdiction (`"uk-fos"`, `"cn-nfra"`, ...).
            reference: The body's case reference.
            referred_on: The date the customer referred it (not after `at`'s date).
            respond_within: The response target, overriding the body's default.
            owner: A new owner (required to reopen a complaint that has none).
            note: Why.

        Raises:
            InvalidFieldError: an unknown body (or a body id without a known jurisdiction),
                a body of another jurisdiction, a blank or repeated reference, a date after
                `at`, a bad rule or owner.
            IllegalTransitionError: reopening without an owner.
        """
        when, stamped = self._when(at)
        found = self._referral_body(body)
        reference = _name(reference, "reference")
        if any(r.reference == reference for r in self.referrals):
            raise InvalidFieldError("reference", reference, "be a new referral reference")
        day = _referred_on(referred_on)
        if day > (when.astimezone(dt.UTC) + _LATEST_OFFSET).date():
            raise InvalidFieldError("referred_on", day, f"not be after the event ({when})")
        rule = _response_rule(respond_within, found)
        if owner is not None:
            owner = _name(owner, "owner")
        clock = SlaTarget(f"referral:{reference}", rule).clock().start(when)
        referral = ExternalReferral(found, reference, day, clock)
        priority = raise_priority(self.priority)
        changed = priority if priority != self.priority else None
        where = found.jurisdiction

        def change(obj: Complaint) -> None:
            obj.referrals = (*obj.referrals, referral)
            obj.priority = priority
            obj.jurisdiction = where
            if owner is not None:
                obj.owner = owner

        data: dict[str, Any] = {
            "body": found.id,
            "reference": reference,
            "referred_on": day.isoformat(),
            "priority": priority,
            "due_at": rule.due(when).isoformat(),
        }
        if owner is not None:
            data["owner"] = owner
        return self._fire(
            "external_referral",
            when,
            actor,
            note,
            data=data,
            change=change,
            priority=changed,
            owner=owner,
            stamped=stamped,
        )

    def _referral_body(self, body: object) -> ReferralBody:
        if isinstance(body, ReferralBody):
            if self.jurisdiction is not None and body.jurisdiction != self.jurisdiction:
                raise InvalidFieldError(
                    "body.jurisdiction",
                    body.jurisdiction,
                    f"be the complaint's jurisdiction {self.jurisdiction!r}",
                )
            return body
        if not isinstance(body, str):
            raise InvalidFieldError("body", body, "be a ReferralBody or a packaged body id")
        if self.jurisdiction is None:
            raise InvalidFieldError(
                "body", body, "be a ReferralBody: the complaint's jurisdiction is not known"
            )
        return referral_rights(self.jurisdiction).body(body)

    def answer_referral(
        self, at: dt.datetime | str, actor: str, *, reference: str, note: str = ""
    ) -> TransitionRecord:
        """The firm answered the outside body: stops that referral's response clock.

        Raises:
            InvalidFieldError: no unanswered referral has `reference`.
            IllegalTransitionError: the complaint is CLOSED.
        """
        when, stamped = self._when(at)
        reference = _name(reference, "reference")
        index = next(
            (
                i
                for i, r in enumerate(self.referrals)
                if r.reference == reference and not r.answered
            ),
            None,
        )
        if index is None:
            raise InvalidFieldError("reference", reference, "be an unanswered referral")

        def change(obj: Complaint) -> None:
            items = list(obj.referrals)
            item = items[index]
            items[index] = attrs.evolve(item, clock=item.clock.stop(when, "answered"))
            obj.referrals = tuple(items)

        return self._fire(
            "answer_referral",
            when,
            actor,
            note,
            data={"reference": reference},
            change=change,
            stamped=stamped,
        )

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

    def _guard_referrals_answered(self, _ctx: _Context) -> str | None:
        waiting = [r.reference for r in self.referrals if not r.answered]
        if waiting:
            return f"an outside body is owed an answer ({', '.join(waiting)})"
        return None

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

    @classmethod
    def _build(cls, **fields: Any) -> Complaint:  # noqa: ANN401 - every field, checked by the caller
        """A complaint from every field's value, already checked (`from_dict`).

        A loaded row's fields are already checked, so it is assembled directly (no
        converters or validators run again), then sealed like a constructed one.
        """
        obj = object.__new__(cls)
        for name in _FIELDS:
            object.__setattr__(obj, name, fields[name])
        seal(obj)
        return obj

    # -- events by name ---------------------------------------------------------------

    @classmethod
    def events(cls) -> tuple[EventSpec, ...]:
        """Every event `fire` accepts, with its arguments (names, types, required), by name.

        A web layer turns this into its request schemas (`attrs.asdict(spec)` is JSON-safe).
        """
        return _EVENT_SPECS

    def fire(self, event: str, arguments: Mapping[str, object]) -> TransitionRecord:
        """Fire the event called `event` with keyword `arguments` (e.g. parsed JSON).

        `complaint.fire("acknowledge", {"at": "...", "actor": "agent-li"})` is
        `complaint.acknowledge(at="...", actor="agent-li")`; instants may be ISO strings.

        Returns:
            The event's audit record, as the event method returns it.

        Raises:
            InvalidFieldError: an unknown event (`field="event"`), arguments that are not an
                object, an unknown or missing argument (`field="arguments.<name>"`), or a
                bad value (the event method's own error).
            IllegalTransitionError: the event is not allowed now.
        """
        record: TransitionRecord = _events.fire(self, _EVENT_NAMES, event, arguments)
        return record

    # -- persistence ------------------------------------------------------------------

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A compact JSON-safe dict with a `"schema"` key (3) and the `version`.

        A registered SLA policy (one with a `ref`, from `Registry.add`) is written as its
        reference (`"sla_policy": "industry_default@3"`), registered rules likewise, and the
        clocks as bare event logs (their targets are the policy's). Fields at their
        defaults (no owner, no resolution, empty lists, ...) are left out.

        Args:
            embed: Write full copies of the policy, its calendars and the rules instead of
                references (an audit export that loads without a registry).
        """
        return _complaint_rows.dump(self, embed=embed)

    @classmethod
    def from_dict(cls, data: object, registry: Registry | None = None) -> Complaint:
        """Rebuild a complaint from `to_dict()` output; it keeps working where it left off.

        Every earlier schema loads forever, through explicit upgrade steps: schema 1
        (before referral rights) -> 2 (`_upgrade_1_to_2`) -> 3 (`_upgrade_2_to_3`: the
        version, which is the number of history records). A well-formed schema-3 row is
        read by a quick path; anything else by the reader derived from the fields'
        declaration, which names the JSON path of what is wrong. References (`"sla_policy":
        "industry_default@3"`, rules, calendars) are resolved in `registry`.

        Args:
            data: The dict (e.g. `json.loads` of the stored row).
            registry: Where the references of the row are registered.

        Raises:
            SerializationError: a corrupted dict, or a reference with no registry or not
                registered in it; the error names the JSON path (e.g. `history[2].at`,
                `sla_policy`).
            NewerSchemaError: written by a newer supportflow (schema 4 or later); it names
                both versions.
        """
        quick = _quick_row(cls, data, registry)
        if quick is not None:
            return quick
        return cls._read(data, registry)

    @classmethod
    def _read(cls, data: object, registry: Registry | None) -> Complaint:
        """`from_dict` through the declared reader: every schema, every check, paths in errors."""
        return _complaint_rows.read(cls, data, registry)


_FIELDS = tuple(a.name for a in attrs.fields(Complaint) if a.name != "_sealed")
_EVENT_NAMES = frozenset(WORKFLOW.events)
_EVENT_SPECS = _events.describe(Complaint, sorted(_EVENT_NAMES))


Complaint._read_only = frozenset(
    a.name for a in attrs.fields(Complaint) if not a.name.startswith("_")
)
