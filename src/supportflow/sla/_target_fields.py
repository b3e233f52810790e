"""What an SLA target is made of: goal labels, warning thresholds, pause states, extensions.

The checks and codecs of `SlaTarget`'s fields (the target itself is in `_clock`, beside
the clock it makes), and `Extension`, a longer deadline a target allows.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from supportflow._declarative import (
    TEXT,
    Codec,
    Referring,
    declared,
    mapping,
    pairs,
    sequence,
    spec,
)
from supportflow._json_schema import NUMBER, array
from supportflow.errors import InvalidFieldError, SerializationError
from supportflow.registry import parse_ref
from supportflow.sla._codecs import part
from supportflow.sla._rule_fields import NAME
from supportflow.sla._rules import RULE, DeadlineRule, is_rule

__all__ = ["DEFAULT_THRESHOLDS", "PRIORITIES", "Extension"]

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


@declared(schema=1)
@attrs.frozen
class Extension(Referring):
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

    name: str = attrs.field(validator=_name, metadata=spec(NAME))
    rule: DeadlineRule = attrs.field(validator=_rule, metadata=spec(RULE))
    requires_approval: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    condition: str = attrs.field(default="", validator=_text, kw_only=True)


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


def _same(value: object) -> object:
    return value


def _load_threshold(value: object, path: str) -> object:
    # Any JSON number; the target's validator says which are out of range, at its index.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SerializationError(path, value, "be a number")
    return value


def _sorted_states(value: frozenset[str]) -> list[str]:
    return sorted(value)


_GOAL_RULES = mapping(RULE)
#: A rule per goal label, as an object (read as a mapping, which the target sorts by label).
GOALS = Codec(pairs(RULE).dump, _GOAL_RULES.load, _GOAL_RULES.schema)
#: The warning thresholds, as JSON numbers.
THRESHOLDS = sequence(Codec(_same, _load_threshold, lambda: dict(NUMBER)))
#: The states a clock pauses in, as a sorted list of strings.
PAUSE_IN = Codec(_sorted_states, sequence(TEXT).load, lambda: array(TEXT.schema()))
#: The extensions, in the order they may be taken.
EXTENSIONS = sequence(part(Extension))
