"""SLA targets and policies: which clocks a case has and what each one allows."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from supportflow._serialization import Reader
from supportflow.errors import InvalidFieldError
from supportflow.registry import parse_ref
from supportflow.sla._rules import DeadlineRule, is_rule, rule_from_dict

if TYPE_CHECKING:
    from supportflow.registry import Registry
    from supportflow.sla._clock import SlaClock

__all__ = ["PRIORITIES", "Extension", "SlaPolicy", "SlaTarget"]

PRIORITIES: tuple[str, ...] = ("P1", "P2", "P3", "P4", "P5")
"""The priorities a target may give its own goal for, most urgent first."""

DEFAULT_THRESHOLDS: tuple[int, ...] = (50, 75, 90)


@functools.lru_cache(maxsize=256)
def _points(thresholds: tuple[float, ...]) -> tuple[Fraction, ...]:
    return tuple(Fraction(t) / 100 for t in thresholds)


def _name(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise InvalidFieldError(attribute.name, value, "be a non-empty name without edge spaces")


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "be a string")


def _rule(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not is_rule(value):
        raise InvalidFieldError(attribute.name, value, "be a deadline rule")


def _ref(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        parse_ref(value, field=attribute.name)


def _flag(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidFieldError(attribute.name, value, "be True or False")


@attrs.frozen
class Extension:
    """A longer deadline that a target allows a cycle to move to, as its rule permits.

    Attributes:
        name: How the extension is asked for, e.g. `"complex_case"`.
        rule: The deadline rule that replaces the cycle's rule (counted from the cycle's
            start, like the original).
        requires_approval: Whether `extend(...)` must name who approved it.
        condition: When the rule allows it, in the rule's words (for the audit trail).

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    name: str = attrs.field(validator=_name)
    rule: DeadlineRule = attrs.field(validator=_rule)
    requires_approval: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    condition: str = attrs.field(default="", validator=_text, kw_only=True)

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict (registered calendars by reference unless `embed`)."""
        return {
            "schema": 1,
            "name": self.name,
            "rule": self.rule.to_dict(embed=embed),
            "requires_approval": self.requires_approval,
            "condition": self.condition,
        }

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> Extension:
        """Rebuild an extension from `to_dict()` output.

        Raises:
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        keys = {"name", "rule", "requires_approval", "condition"}
        r = Reader.root(data, schema=1, keys=keys, path=path)
        rule = rule_from_dict(r.raw("rule"), path=r.child("rule").path, registry=registry)
        with r.building():
            return cls(
                r.text("name"),
                rule,
                requires_approval=r.flag("requires_approval"),
                condition=r.text("condition"),
            )


def _to_goals(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple(sorted(value.items(), key=lambda item: str(item[0])))
    if isinstance(value, list | tuple):
        return tuple(tuple(item) if isinstance(item, list) else item for item in value)
    return value


_PRIORITY_LIKE = re.compile(r"P[0-9]+")


def _check_label(field: str, label: object) -> str:
    """A goal label: a priority (`P1`..`P5`) or any other declared name (`simple`, `vip`)."""
    if not isinstance(label, str) or not label.strip() or label != label.strip():
        raise InvalidFieldError(field, label, "be a non-empty label without surrounding spaces")
    if label not in PRIORITIES and _PRIORITY_LIKE.fullmatch(label):
        raise InvalidFieldError(
            field, label, f"be one of {', '.join(PRIORITIES)} when it names a priority"
        )
    return label


def _check_goals(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidFieldError("goals", value, "be a mapping of label to deadline rule")
    seen: set[str] = set()
    for item in value:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise InvalidFieldError("goals", value, "be a mapping of label to deadline rule")
        label, rule = item
        _check_label(f"goals[{label!r}]", label)
        if label in seen:
            raise InvalidFieldError(f"goals[{label!r}]", label, "be declared once")
        seen.add(label)
        if not is_rule(rule):
            raise InvalidFieldError(f"goals[{label!r}]", rule, "be a deadline rule")
    if [p for p, _ in value] != sorted(seen):
        raise InvalidFieldError("goals", value, "be sorted by label")


def _to_tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def _check_thresholds(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidFieldError("thresholds", value, "be a sequence of percentages")
    for i, t in enumerate(value):
        if (
            isinstance(t, bool)
            or not isinstance(t, int | float)
            or not math.isfinite(t)
            or not 0 < t < 100
        ):
            raise InvalidFieldError(f"thresholds[{i}]", t, "be a number with 0 < t < 100")
        if i and t <= value[i - 1]:
            raise InvalidFieldError("thresholds", value, "be sorted and unique")


def _to_frozenset(value: object) -> object:
    if isinstance(value, str):
        return value  # refused by the validator: a string is not a set of states
    if isinstance(value, Iterable):
        return frozenset(value)
    return value


def _check_pause_in(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, frozenset) or not all(
        isinstance(s, str) and s.strip() and s == s.strip() for s in value
    ):
        raise InvalidFieldError("pause_in", value, "be a set of non-empty state names")


def _check_extensions(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(e, Extension) for e in value):
        raise InvalidFieldError("extensions", value, "be a sequence of Extension")
    names = [e.name for e in value]
    if len(set(names)) != len(names):
        raise InvalidFieldError("extensions", names, "have unique names")


@attrs.frozen
class SlaTarget:
    """One named SLA target of a policy (`first_response`, `resolution`, ...): one clock each.

    Attributes:
        name: The target's name; `"first_response"`, `"next_update"` and `"resolution"` are
            the customary ones, any other name is fine.
        rule: The default deadline rule.
        goals: A rule per goal label that overrides `rule`. A label is a priority
            (`"P1"` .. `"P5"`) or any other name the target declares here (`"simple"`,
            `"complex"`, `"vip"`); a priority without its own goal falls back to `rule`, a
            label must be declared. Given as a mapping, stored sorted by label.
        thresholds: Warning thresholds in percent of the goal, each `0 < t < 100`, sorted
            and unique (default 50, 75, 90).
        pause_in: The lifecycle states (or pause reasons) in which this clock pauses, as
            plain strings such as `"awaiting_customer"`. A clock refuses a pause whose
            reason is not listed. Regulatory targets never list waiting on the customer.
        extensions: The longer deadlines a cycle may move to, in the order they may be
            taken (each `extend` takes the next one).

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    name: str = attrs.field(validator=_name)
    rule: DeadlineRule = attrs.field(validator=_rule)
    goals: tuple[tuple[str, DeadlineRule], ...] = attrs.field(
        default=(), converter=_to_goals, validator=_check_goals, kw_only=True
    )
    thresholds: tuple[float, ...] = attrs.field(
        default=DEFAULT_THRESHOLDS, converter=_to_tuple, validator=_check_thresholds, kw_only=True
    )
    pause_in: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_frozenset, validator=_check_pause_in, kw_only=True
    )
    extensions: tuple[Extension, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_check_extensions, kw_only=True
    )

    def rule_for(self, priority: str | None) -> DeadlineRule:
        """The rule for goal label `priority` (or the default rule when it has none).

        `priority` is one of `PRIORITIES` (a priority without its own goal uses `rule`) or a
        label this target declares in `goals`.

        Raises:
            InvalidFieldError: `priority` is neither a priority nor a declared label.
        """
        if priority is None:
            return self.rule
        for key, rule in self.goals:
            if key == priority:
                return rule
        if priority in PRIORITIES:
            return self.rule
        labels = [key for key, _ in self.goals if key not in PRIORITIES]
        declared = ", ".join(labels) if labels else "none"
        raise InvalidFieldError(
            "priority",
            priority,
            f"be one of {', '.join(PRIORITIES)} or a goal label of target {self.name!r} "
            f"(declared: {declared})",
        )

    def labels(self) -> tuple[str, ...]:
        """Every goal label this target accepts: the priorities, then its other labels."""
        return (*PRIORITIES, *(key for key, _ in self.goals if key not in PRIORITIES))

    def pauses_in(self, state: str) -> bool:
        """Whether this target's clock pauses while a case is in `state`."""
        given: object = state  # called from untyped code too: an unhashable state is no state
        return isinstance(given, str) and given in self.pause_in

    def extension(self, name: str) -> Extension:
        """The extension called `name`.

        Raises:
            InvalidFieldError: the target has no such extension.
        """
        for ext in self.extensions:
            if ext.name == name:
                return ext
        known = ", ".join(e.name for e in self.extensions) or "none"
        raise InvalidFieldError("extension", name, f"be an extension of this target ({known})")

    def warning_points(self) -> tuple[Fraction, ...]:
        """The thresholds as exact fractions of the goal (50 -> 1/2)."""
        return _points(self.thresholds)

    def clock(self) -> SlaClock:
        """A new, not yet started clock for this target."""
        from supportflow.sla._clock import SlaClock  # noqa: PLC0415 - _clock imports this module

        return SlaClock(self)

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict (registered calendars by reference unless `embed`)."""
        return {
            "schema": 1,
            "name": self.name,
            "rule": self.rule.to_dict(embed=embed),
            "goals": {priority: rule.to_dict(embed=embed) for priority, rule in self.goals},
            "thresholds": list(self.thresholds),
            "pause_in": sorted(self.pause_in),
            "extensions": [e.to_dict(embed=embed) for e in self.extensions],
        }

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> SlaTarget:
        """Rebuild a target from `to_dict()` output.

        Raises:
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        keys = {"name", "rule", "goals", "thresholds", "pause_in", "extensions"}
        r = Reader.root(data, schema=1, keys=keys, path=path)
        rule = rule_from_dict(r.raw("rule"), path=r.child("rule").path, registry=registry)
        goals = {
            priority: rule_from_dict(child.value, path=child.path, registry=registry)
            for priority, child in r.entries("goals")
        }
        thresholds = []
        for item in r.items("thresholds"):
            if isinstance(item.value, bool) or not isinstance(item.value, int | float):
                raise item.fail("be a number")
            thresholds.append(item.value)
        pause_in = []
        for item in r.items("pause_in"):
            if not isinstance(item.value, str):
                raise item.fail("be a string")
            pause_in.append(item.value)
        extensions = [
            Extension.from_dict(e.value, path=e.path, registry=registry)
            for e in r.items("extensions")
        ]
        with r.building():
            return cls(
                r.text("name"),
                rule,
                goals=goals,
                thresholds=tuple(thresholds),
                pause_in=frozenset(pause_in),
                extensions=tuple(extensions),
            )


def _check_targets(_instance: object, _attribute: object, value: object) -> None:
    if (
        not isinstance(value, tuple)
        or not value
        or not all(isinstance(t, SlaTarget) for t in value)
    ):
        raise InvalidFieldError("targets", value, "be a non-empty sequence of SlaTarget")
    names = [t.name for t in value]
    if len(set(names)) != len(names):
        raise InvalidFieldError("targets", names, "have unique names")


@attrs.frozen
class SlaPolicy:
    """A named set of SLA targets: what a case owes and by when.

    Regulatory presets (`fca_disp`, `fca_disp_payments`, `cfpb_portal`,
    `cn_banking_insurance`) and `industry_default` return ready policies.

    Attributes:
        name: The policy's name.
        targets: Its targets, with unique names.
        source: The regulation or contract it implements, for audits.
        verified: Whether the figures were checked against the regulator's own text
            (not a secondary source). Presets say `False` unless they were.
        ref: The reference (`"industry_default@3"`) this policy is registered under in a
            `supportflow.Registry`, or `None`; set by `Registry.add`, and what stored rows
            write instead of the whole policy.

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    name: str = attrs.field(validator=_name)
    targets: tuple[SlaTarget, ...] = attrs.field(converter=_to_tuple, validator=_check_targets)
    source: str = attrs.field(default="", validator=_text, kw_only=True)
    verified: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    ref: str | None = attrs.field(default=None, validator=_ref, kw_only=True)

    def target(self, name: str) -> SlaTarget:
        """The target called `name`.

        Raises:
            InvalidFieldError: the policy has no such target.
        """
        for target in self.targets:
            if target.name == name:
                return target
        known = ", ".join(t.name for t in self.targets)
        raise InvalidFieldError("target", name, f"be a target of policy {self.name!r} ({known})")

    @property
    def names(self) -> tuple[str, ...]:
        """The targets' names, in order."""
        return tuple(t.name for t in self.targets)

    def clocks(self) -> dict[str, SlaClock]:
        """A new, not yet started clock for every target, by target name."""
        return {t.name: t.clock() for t in self.targets}

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict: the whole policy, its registered calendars by reference.

        Args:
            embed: Embed registered calendars too (an audit export that needs no registry).
        """
        return {
            "schema": 1,
            "name": self.name,
            "targets": [t.to_dict(embed=embed) for t in self.targets],
            "source": self.source,
            "verified": self.verified,
            **({} if self.ref is None else {"ref": self.ref}),
        }

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> SlaPolicy:
        """Rebuild a policy from `to_dict()` output.

        Args:
            data: The dict.
            path: Its JSON path inside a larger document (for errors).
            registry: Resolves calendars written as references (`"cn_mainland@1"`).

        Raises:
            SerializationError: the dict is malformed, or a calendar reference cannot be
                resolved; the error names the JSON path.
        """
        keys = {"name", "targets", "source", "verified"}
        r = Reader.root(data, schema=1, keys=keys, optional={"ref"}, path=path)
        targets = [
            SlaTarget.from_dict(t.value, path=t.path, registry=registry) for t in r.items("targets")
        ]
        with r.building():
            return cls(
                r.text("name"),
                tuple(targets),
                source=r.text("source"),
                verified=r.flag("verified"),
                ref=r.text("ref") if r.has("ref") else None,
            )
