"""A `Complaint`'s row: the codecs its fields declare, the compact dump, a quick reader.

`Complaint` declares its row with `@declared` (`supportflow._declarative`): each field names
one of the codecs below, so the full reader (every schema, its upgrade steps, JSON paths in
errors), the row's key set and its JSON Schema all come from that one declaration. Two
parts stay written by hand, each for a measured reason:

- `_quick_row` reads a well-formed schema-3 row straight from the dict. On the benchmark's
  typical row (`benchmarks/bench_persistence.py`) the declared reader takes about 175 µs
  CPU and the quick reader about 137 µs, against a goal of at most 150 µs; anything
  unusual falls back to the declared reader, which names the path of what is wrong.
- `dump` puts `version` first and `history` last, and writes default rules when embedding,
  as rows always have been (stored rows stay byte-for-byte what they were); the values
  themselves are written by the declared codecs.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from supportflow import _declarative, _pendulum
from supportflow import _json_schema as _js
from supportflow._declarative import (
    BOOL,
    INSTANT,
    INTEGER,
    TEXT,
    Codec,
    enum_codec,
    nested,
    optional,
    sequence,
)
from supportflow._serialization import Reader
from supportflow.audit import TransitionRecord
from supportflow.complaints import _codecs, _referrals
from supportflow.complaints._complaint_checks import _check_priority, _count, _ids, _name
from supportflow.complaints._complaint_replay import _COMPLEXITIES
from supportflow.complaints._investigation import Evidence
from supportflow.complaints._referrals import ExternalReferral
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
from supportflow.errors import SerializationError, SupportflowError
from supportflow.sla import SlaClock, SlaEvent, SlaPolicy, SlaTarget
from supportflow.sla._rules import load_ref

if TYPE_CHECKING:
    from supportflow.complaints._complaint import Complaint
    from supportflow.registry import Registry

__all__: list[str] = []

_SCHEMA = 3
_DEFAULT_RULES = ComplaintRules()

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

# -- the codecs `Complaint`'s fields declare -------------------------------------------------

_ID_SCHEMA: _js.Schema = {"type": "string", "minLength": 1}


def _listed(inner: Codec) -> Codec:
    """A tuple of `inner` values; a row leaves an empty one out (older rows wrote null)."""
    items = sequence(inner)

    def load(value: object, path: str) -> object:
        return () if value is None else items.load(value, path)

    return Codec(items.dump, load, lambda: _js.nullable(items.schema()))


def _load_rules(value: object, path: str) -> ComplaintRules:
    if value is None:
        return _DEFAULT_RULES
    if isinstance(value, ComplaintRules):  # the field's default: the key was left out
        return value
    if isinstance(value, str):
        return load_ref(value, path, ComplaintRules, _codecs.registry())
    return ComplaintRules.from_dict(value, path=path)


def _dump_rules(rules: ComplaintRules) -> object:
    return rules.ref if rules.ref is not None and not _codecs.embedding() else rules.to_dict()


def _load_policy(value: object, path: str) -> SlaPolicy | None:
    if value is None:
        return None
    if isinstance(value, str):
        return load_ref(value, path, SlaPolicy, _codecs.registry())
    return SlaPolicy.from_dict(value, path=path, registry=_codecs.registry())


def _dump_policy(policy: SlaPolicy | None) -> object:
    if policy is None:
        return None
    if policy.ref is not None and not _codecs.embedding():
        return policy.ref
    return policy.to_dict(embed=_codecs.embedding())


def _as_read(value: object, _path: str) -> object:
    return value


def _dump_clock(clock: SlaClock) -> object:
    return clock.to_dict(include_target=False, embed=_codecs.embedding())


def _dump_referral(referral: ExternalReferral) -> object:
    return referral.to_dict(embed=_codecs.embedding())


def _load_referral(value: object, path: str) -> ExternalReferral:
    return ExternalReferral.from_dict(value, path=path, registry=_codecs.registry())


#: An id the complaint's own check reads (`_name` names the field).
ID = _codecs.described(TEXT, _ID_SCHEMA)
#: An optional name, checked by `_name` when given.
NAME = _codecs.raw(_js.nullable(_ID_SCHEMA))
CHANNEL = enum_codec(Channel)
ASK = enum_codec(Ask)
STATE = enum_codec(ComplaintState)
COMPLEXITY = optional(enum_codec(Complexity))
DESCRIPTION = TEXT
PRIORITY = TEXT
REDIRECT = optional(TEXT)
ACCEPTED = BOOL
RECEIVED_AT = INSTANT
JURISDICTION = _codecs.raw(_js.nullable(_js.TEXT))
LANGUAGE = _codecs.raw(_js.TEXT)
IDS = Codec(list, _codecs.raw(_js.array(_ID_SCHEMA)).load, lambda: _js.array(_ID_SCHEMA))
COUNT = _codecs.described(INTEGER, {**_js.INTEGER, "minimum": 0})
VERSION = _codecs.described(INTEGER, {**_js.INTEGER, "minimum": 1})
TRANSACTIONS = _listed(nested(Transaction))
EVIDENCE = _listed(nested(Evidence))
REFERRALS = _listed(Codec(_dump_referral, _load_referral, lambda: _js.ref(ExternalReferral)))
RESOLUTION = optional(nested(Resolution))
FEEDBACK = optional(nested(Feedback))
#: Read once the policy and its clocks are (`assemble`), as rows always were: a row with
#: both references and no registry names the policy first.
RULES = Codec(
    _dump_rules,
    _as_read,
    lambda: _js.nullable(_js.one_of(_js.REFERENCE, _js.ref(ComplaintRules))),
)
POLICY = Codec(
    _dump_policy,
    _load_policy,
    lambda: _js.nullable(_js.one_of(_js.REFERENCE, _js.ref(SlaPolicy))),
)
#: Each clock's event log, read once the policy is known (its target is the policy's
#: target of the same index).
CLOCKS = _listed(
    Codec(
        _dump_clock,
        _as_read,
        lambda: _js.document(1, {"events": _js.array(_js.ref(SlaEvent))}),
    )
)
HISTORY = _codecs.described(
    sequence(nested(TransitionRecord)), _js.array(_js.ref(TransitionRecord), min_items=1)
)


# -- upgrade steps ---------------------------------------------------------------------------


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


def from_v1(reader: Reader) -> dict[str, object]:
    """A schema-1 row (exactly its keys) as a schema-2 one."""
    reader.require_keys({"schema", *_KEYS_1})
    return _upgrade_1_to_2(reader.mapping_value())


def from_v2(reader: Reader) -> dict[str, object]:
    """A schema-2 row (exactly its keys) as a schema-3 one."""
    reader.require_keys({"schema", *_KEYS_2})
    return _upgrade_2_to_3(reader.mapping_value())


# -- reading -----------------------------------------------------------------------------------


_CHANNELS = {c.value: c for c in Channel}
_ASKS = {a.value: a for a in Ask}
_STATES = {s.value: s for s in ComplaintState}


@functools.cache
def _row_keys() -> tuple[frozenset[str], frozenset[str]]:
    """The keys a schema-3 row must have, and every key it may have (from the declaration)."""
    from supportflow.complaints._complaint import Complaint  # noqa: PLC0415 - defined there

    schema = _declarative.schema_of(Complaint)
    return frozenset(schema["required"]), frozenset(schema["properties"])


@functools.cache
def _defaults() -> Mapping[str, object]:
    from supportflow.complaints._complaint import Complaint  # noqa: PLC0415 - defined there

    return {a.name: a.default for a in attrs.fields(Complaint) if a.default is not attrs.NOTHING}


def _clock(value: object, target: SlaTarget, path: str) -> SlaClock:
    try:
        return SlaClock.from_dict(value, target=target, registry=_codecs.registry())
    except SerializationError as exc:
        # SlaClock names paths from its own root; put them under ours.
        inner = f".{exc.path}" if exc.path else ""
        raise SerializationError(f"{path}{inner}", exc.value, exc.reason) from exc


def assemble(**arguments: Any) -> Complaint:  # noqa: ANN401 - the declared fields' values
    """The complaint a row's fields make, after the checks across fields (the declared build)."""
    from supportflow.complaints._complaint import Complaint  # noqa: PLC0415 - defined there

    fields = {**_defaults(), **arguments}
    policy: SlaPolicy | None = fields["sla_policy"]
    raw_clocks: tuple[object, ...] = fields["clocks"]
    targets = () if policy is None else policy.targets
    if len(raw_clocks) != len(targets):
        raise SerializationError(
            "clocks",
            arguments.get("clocks"),
            f"hold one clock per target of the policy ({len(targets)})",
        )
    clocks = tuple(
        _clock(item, target, f"clocks[{i}]")
        for i, (item, target) in enumerate(zip(raw_clocks, targets, strict=True))
    )
    rules = _load_rules(fields["rules"], "rules")
    history: tuple[TransitionRecord, ...] = fields["history"]
    if not history:
        raise SerializationError("history", [], "hold at least the intake record")
    state: ComplaintState = fields["state"]
    if history[-1].to_state != state.value:
        raise SerializationError(
            "history",
            [r.to_dict() for r in history],
            f"end in the complaint's state {state.value!r}",
        )
    version = fields["version"]
    if version != len(history):
        raise SerializationError(
            "version",
            version,
            f"be the number of history records ({len(history)}): one per accepted event",
        )
    optional_names = {
        name: None if fields[name] is None else _name(fields[name], name)
        for name in ("owner", "product", "segment", "root_cause", "incident")
    }
    where = fields["jurisdiction"]
    return Complaint._build(
        id=_name(fields["id"], "id"),
        customer=_name(fields["customer"], "customer"),
        channel=fields["channel"],
        description=fields["description"],
        received_at=fields["received_at"],
        category=_name(fields["category"], "category"),
        transactions=fields["transactions"],
        ask=fields["ask"],
        priority=_check_priority(fields["priority"]),
        state=state,
        rules=rules,
        sla_policy=policy,
        clocks=clocks,
        reopen_count=_count(fields["reopen_count"]),
        repeats=_ids(fields["repeats"], "repeats"),
        merged=_ids(fields["merged"], "merged"),
        resolution=fields["resolution"],
        accepted=fields["accepted"],
        feedback=fields["feedback"],
        redirect=fields["redirect"],
        jurisdiction=None if where is None else _referrals.jurisdiction(where),
        language=_referrals.language(fields["language"]),
        complexity=fields["complexity"],
        evidence=fields["evidence"],
        referrals=fields["referrals"],
        history=history,
        version=version,
        **optional_names,
    )


def read(cls: type[Complaint], data: object, registry: Registry | None) -> Complaint:
    """`Complaint._read`: the declared reader (every schema, every check, paths in errors)."""
    with _codecs.reading_with(registry=registry):
        return _declarative.load(cls, data)


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
    required, every = _row_keys()
    if type(schema) is not int or schema != _SCHEMA or not required <= keys <= every:
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


# -- writing ---------------------------------------------------------------------------------


def dump(complaint: Complaint, *, embed: bool) -> dict[str, object]:
    """`Complaint.to_dict`: the compact JSON-safe row (see there).

    The declared codecs write each value and leave defaults out; the row then takes the
    order rows have always had: schema and version, the required keys, the others, and
    the history last.
    """
    with _codecs.reading_with(embed=embed):
        written = _declarative.dump(complaint)
    if embed and "rules" not in written:
        written["rules"] = complaint.rules.to_dict()
    return {key: written[key] for key in _row_order() if key in written}


@functools.cache
def _row_order() -> tuple[str, ...]:
    """Schema and version, the other required keys, the optional ones, the history last.

    Each group in the order of `Complaint`'s fields (whose names are the row's keys).
    """
    from supportflow.complaints._complaint import Complaint  # noqa: PLC0415 - defined there

    required, _ = _row_keys()
    names = [a.name for a in attrs.fields(Complaint)]
    first = ("schema", "version")
    return (
        *first,
        *(k for k in names if k in required and k not in {*first, "history"}),
        *(k for k in names if k not in required),
        "history",
    )
