"""A `Complaint`'s persistence: its row (`to_dict`), the quick and full readers, upgrade steps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from supportflow import _pendulum
from supportflow._serialization import Reader, dump_instant
from supportflow.audit import TransitionRecord
from supportflow.complaints import _referrals
from supportflow.complaints._complaint_checks import _check_priority, _count, _ids, _name
from supportflow.complaints._complaint_replay import _COMPLEXITIES
from supportflow.complaints._investigation import (
    Evidence,
)
from supportflow.complaints._referrals import (
    ExternalReferral,
)
from supportflow.complaints._values import (
    Ask,
    Channel,
    ComplaintRules,
    ComplaintState,
    Complexity,
    Feedback,
    Resolution,
    Transaction,
)
from supportflow.errors import (
    SerializationError,
    SupportflowError,
)
from supportflow.sla import (
    SlaClock,
    SlaPolicy,
)
from supportflow.sla._rules import load_ref

if TYPE_CHECKING:
    from supportflow.complaints._complaint import Complaint
    from supportflow.registry import Registry

__all__: list[str] = []

_SCHEMA = 3
_DEFAULT_RULES = ComplaintRules()
# Values a schema-3 row leaves out (a field at its default).
_EMPTY: tuple[object, ...] = (None, [], 0, False)

_KEYS_1 = frozenset(
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
_KEYS_2 = _KEYS_1 | {
    "jurisdiction",
    "language",
    "product",
    "segment",
    "complexity",
    "evidence",
    "root_cause",
    "incident",
    "referrals",
}
_REQUIRED_3 = frozenset(
    {
        "schema",
        "version",
        "id",
        "customer",
        "channel",
        "description",
        "received_at",
        "category",
        "ask",
        "priority",
        "state",
        "language",
        "history",
    }
)
_OPTIONAL_3 = _KEYS_2 - _REQUIRED_3


_ALL_3 = _REQUIRED_3 | _OPTIONAL_3
_CHANNELS = {c.value: c for c in Channel}
_ASKS = {a.value: a for a in Ask}
_STATES = {s.value: s for s in ComplaintState}


def _quick_row(  # noqa: PLR0911 - each refusal hands the row to the full reader
    cls: type[Complaint], data: object, registry: Registry | None
) -> Complaint | None:
    """A well-formed schema-3 row, read straight from the dict (a service loads thousands).

    The same checks as `Complaint._read`, without a `Reader` per value; anything unusual
    or wrong gives `None`, and `_read` then reads the row again and names the JSON path of
    what is wrong. Nested values go through their own `from_dict` (with quick paths of
    their own for the usual clock events and audit records).
    """
    if type(data) is not dict:
        return None
    keys = data.keys()
    schema = data.get("schema")
    if type(schema) is not int or schema != _SCHEMA or not _REQUIRED_3 <= keys <= _ALL_3:
        return None
    get = data.get
    try:
        raw_policy = get("sla_policy")
        policy: SlaPolicy | None = None
        if isinstance(raw_policy, str):
            if registry is None:
                return None
            policy = registry.get(raw_policy, SlaPolicy)
        elif raw_policy is not None:
            policy = SlaPolicy.from_dict(raw_policy, path="sla_policy", registry=registry)
        raw_clocks = get("clocks") or []
        targets = () if policy is None else policy.targets
        if type(raw_clocks) is not list or len(raw_clocks) != len(targets):
            return None
        clocks = tuple(
            SlaClock.from_dict(item, target=target, registry=registry)
            for item, target in zip(raw_clocks, targets, strict=True)
        )
        raw_rules = get("rules")
        rules = _DEFAULT_RULES
        if isinstance(raw_rules, str):
            if registry is None:
                return None
            rules = registry.get(raw_rules, ComplaintRules)
        elif raw_rules is not None:
            rules = ComplaintRules.from_dict(raw_rules, path="rules")
        raw_history = data["history"]
        if type(raw_history) is not list or not raw_history:
            return None
        history = tuple(TransitionRecord.from_dict(item) for item in raw_history)
        state = _STATES.get(data["state"])
        version = data["version"]
        received = data["received_at"]
        reopen_count = get("reopen_count", 0)
        accepted = get("accepted", False)
        description, redirect = data["description"], get("redirect")
        if (
            state is None
            or history[-1].to_state != state.value
            or type(version) is not int
            or version != len(history)
            or type(received) is not str
            or type(reopen_count) is not int
            or type(accepted) is not bool
            or type(description) is not str
            or (redirect is not None and type(redirect) is not str)
        ):
            return None
        channel = _CHANNELS[data["channel"]]
        ask = _ASKS[data["ask"]]
        complexity = get("complexity")
        owner, product, segment = get("owner"), get("product"), get("segment")
        root_cause, incident, where = get("root_cause"), get("incident"), get("jurisdiction")
        resolution, feedback = get("resolution"), get("feedback")
        return cls._build(
            id=_name(data["id"], "id"),
            customer=_name(data["customer"], "customer"),
            channel=channel,
            description=description,
            received_at=_pendulum.parse_instant(received, field="received_at"),
            category=_name(data["category"], "category"),
            transactions=tuple(Transaction.from_dict(t) for t in get("transactions") or ()),
            ask=ask,
            priority=_check_priority(data["priority"]),
            owner=None if owner is None else _name(owner, "owner"),
            state=state,
            rules=rules,
            sla_policy=policy,
            clocks=clocks,
            reopen_count=_count(reopen_count),
            repeats=_ids(get("repeats", []), "repeats"),
            merged=_ids(get("merged", []), "merged"),
            resolution=None if resolution is None else Resolution.from_dict(resolution),
            accepted=accepted,
            feedback=None if feedback is None else Feedback.from_dict(feedback),
            redirect=redirect,
            jurisdiction=None if where is None else _referrals.jurisdiction(where),
            language=_referrals.language(data["language"]),
            product=None if product is None else _name(product, "product"),
            segment=None if segment is None else _name(segment, "segment"),
            complexity=None if complexity is None else _COMPLEXITIES[complexity],
            evidence=tuple(Evidence.from_dict(x) for x in get("evidence") or ()),
            root_cause=None if root_cause is None else _name(root_cause, "root_cause"),
            incident=None if incident is None else _name(incident, "incident"),
            referrals=tuple(
                ExternalReferral.from_dict(x, registry=registry) for x in get("referrals") or ()
            ),
            history=history,
            version=version,
        )
    except (SupportflowError, KeyError, TypeError, ValueError):
        return None


def _items(r: Reader, key: str) -> list[Reader]:
    """The list at `key`, empty when the key is left out (or null)."""
    return r.items(key) if r.has(key) else []


def _upgrade_1_to_2(data: Mapping[str, object]) -> dict[str, object]:
    """Schema 1 -> 2: no jurisdiction, English, nothing assessed, no evidence or referrals.

    Nothing is guessed: a schema-1 complaint never recorded a jurisdiction, so it has none
    (a later rejection's referral statement supplies it); its language was not recorded
    either, and English is what every schema-1 rejection was checked in.
    """
    return {
        **data,
        "schema": 2,
        "jurisdiction": None,
        "language": "en",
        "product": None,
        "segment": None,
        "complexity": None,
        "evidence": [],
        "root_cause": None,
        "incident": None,
        "referrals": [],
    }


def _upgrade_2_to_3(data: Mapping[str, object]) -> dict[str, object]:
    """Schema 2 -> 3: the version, which is the number of history records.

    Every accepted event appended exactly one record and a refused one none, so the count
    is exactly the version the complaint would have had. Schema 3 also allows references
    and leaves default fields out; a schema-2 row has neither, and both still read.
    """
    history = data.get("history")
    return {
        **data,
        "schema": 3,
        "version": len(history) if isinstance(history, list) else 0,
    }


def _load_clocks(
    r: Reader, policy: SlaPolicy | None, registry: Registry | None
) -> tuple[SlaClock, ...]:
    items = _items(r, "clocks")
    targets = () if policy is None else policy.targets
    if len(items) != len(targets):
        raise r.fail(f"hold one clock per target of the policy ({len(targets)})", "clocks")
    clocks = []
    for item, target in zip(items, targets, strict=True):
        try:
            clocks.append(SlaClock.from_dict(item.value, target=target, registry=registry))
        except SerializationError as exc:
            # SlaClock names paths from its own root; put them under ours.
            inner = f".{exc.path}" if exc.path else ""
            raise SerializationError(f"{item.path}{inner}", exc.value, exc.reason) from exc
    return tuple(clocks)


def dump(complaint: Complaint, *, embed: bool) -> dict[str, object]:
    """`Complaint.to_dict`: the compact JSON-safe row (see there)."""
    policy = complaint.sla_policy
    rules = complaint.rules
    out: dict[str, object] = {
        "schema": _SCHEMA,
        "version": complaint.version,
        "id": complaint.id,
        "customer": complaint.customer,
        "channel": complaint.channel.value,
        "description": complaint.description,
        "received_at": dump_instant(complaint.received_at),
        "category": complaint.category,
        "ask": complaint.ask.value,
        "priority": complaint.priority,
        "state": complaint.state.value,
        "language": complaint.language,
    }
    if complaint.transactions:
        out["transactions"] = [t.to_dict() for t in complaint.transactions]
    if complaint.owner is not None:
        out["owner"] = complaint.owner
    if rules.ref is not None and not embed:
        out["rules"] = rules.ref
    elif rules != _DEFAULT_RULES or embed:
        out["rules"] = rules.to_dict()
    if policy is not None:
        out["sla_policy"] = (
            policy.ref if policy.ref is not None and not embed else policy.to_dict(embed=embed)
        )
        out["clocks"] = [c.to_dict(include_target=False, embed=embed) for c in complaint.clocks]
    optional: dict[str, object] = {
        "reopen_count": complaint.reopen_count,
        "repeats": list(complaint.repeats),
        "merged": list(complaint.merged),
        "resolution": None if complaint.resolution is None else complaint.resolution.to_dict(),
        "accepted": complaint.accepted,
        "feedback": None if complaint.feedback is None else complaint.feedback.to_dict(),
        "redirect": complaint.redirect,
        "jurisdiction": complaint.jurisdiction,
        "product": complaint.product,
        "segment": complaint.segment,
        "complexity": None if complaint.complexity is None else complaint.complexity.value,
        "evidence": [e.to_dict() for e in complaint.evidence],
        "root_cause": complaint.root_cause,
        "incident": complaint.incident,
        "referrals": [r.to_dict(embed=embed) for r in complaint.referrals],
    }
    out.update((k, v) for k, v in optional.items() if v not in _EMPTY)
    out["history"] = [r.to_dict() for r in complaint.history]
    return out


def read(cls: type[Complaint], data: object, registry: Registry | None) -> Complaint:
    """`Complaint._read`: through the `Reader`, every schema, every check, paths in errors."""
    r = Reader.root(data, schema=(1, 2, _SCHEMA))
    schema = r.raw("schema")
    if schema == 1:
        r.require_keys({"schema", *_KEYS_1})
        r = Reader(_upgrade_2_to_3(_upgrade_1_to_2(r.mapping_value())))
    elif schema == 2:
        r.require_keys({"schema", *_KEYS_2})
        r = Reader(_upgrade_2_to_3(r.mapping_value()))
    r.require_keys(_REQUIRED_3, optional=_OPTIONAL_3)
    m = r.mapping_value()
    policy = None
    raw_policy = m.get("sla_policy")
    if isinstance(raw_policy, str):
        policy = load_ref(raw_policy, "sla_policy", SlaPolicy, registry)
    elif raw_policy is not None:
        policy = SlaPolicy.from_dict(raw_policy, path="sla_policy", registry=registry)
    clocks = _load_clocks(r, policy, registry)
    rules = _DEFAULT_RULES
    raw_rules = m.get("rules")
    if isinstance(raw_rules, str):
        rules = load_ref(raw_rules, "rules", ComplaintRules, registry)
    elif raw_rules is not None:
        rules = ComplaintRules.from_dict(raw_rules, path="rules")
    history = tuple(
        TransitionRecord.from_dict(item.value, path=item.path) for item in r.items("history")
    )
    if not history:
        raise r.fail("hold at least the intake record", "history")
    state = r.enum("state", ComplaintState)
    if history[-1].to_state != state.value:
        raise r.fail(f"end in the complaint's state {state.value!r}", "history")
    version = r.integer("version")
    if version != len(history):
        raise r.fail(
            f"be the number of history records ({len(history)}): one per accepted event",
            "version",
        )
    with r.building():
        return cls._build(
            id=_name(r.text("id"), "id"),
            customer=_name(r.text("customer"), "customer"),
            channel=r.enum("channel", Channel),
            description=r.text("description"),
            received_at=r.instant("received_at"),
            category=_name(r.text("category"), "category"),
            transactions=tuple(
                Transaction.from_dict(t.value, path=t.path) for t in _items(r, "transactions")
            ),
            ask=r.enum("ask", Ask),
            priority=_check_priority(r.text("priority")),
            owner=_name(r.raw("owner"), "owner") if r.has("owner") else None,
            state=state,
            rules=rules,
            sla_policy=policy,
            clocks=clocks,
            reopen_count=_count(r.integer("reopen_count", 0)),
            repeats=_ids(r.raw("repeats", []), "repeats"),
            merged=_ids(r.raw("merged", []), "merged"),
            resolution=(
                Resolution.from_dict(r.raw("resolution"), path="resolution")
                if r.has("resolution")
                else None
            ),
            accepted=r.flag("accepted", False),  # noqa: FBT003 - the default
            feedback=(
                Feedback.from_dict(r.raw("feedback"), path="feedback")
                if r.has("feedback")
                else None
            ),
            redirect=r.text("redirect") if r.has("redirect") else None,
            jurisdiction=(
                _referrals.jurisdiction(r.raw("jurisdiction")) if r.has("jurisdiction") else None
            ),
            language=_referrals.language(r.raw("language")),
            product=_name(r.raw("product"), "product") if r.has("product") else None,
            segment=_name(r.raw("segment"), "segment") if r.has("segment") else None,
            complexity=(r.enum("complexity", Complexity) if r.has("complexity") else None),
            evidence=tuple(Evidence.from_dict(x.value, path=x.path) for x in _items(r, "evidence")),
            root_cause=(_name(r.raw("root_cause"), "root_cause") if r.has("root_cause") else None),
            incident=_name(r.raw("incident"), "incident") if r.has("incident") else None,
            referrals=tuple(
                ExternalReferral.from_dict(x.value, path=x.path, registry=registry)
                for x in _items(r, "referrals")
            ),
            history=history,
            version=version,
        )
