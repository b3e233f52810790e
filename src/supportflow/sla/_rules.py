"""Deadline rules: the different ways regulators and contracts count time.

A rule answers two questions for a cycle that starts at `start`:

- `due(start)`: the instant the deadline falls, with nothing paused;
- `goal(start)`: how much *measured* time that is, on the rule's meter (business time on a
  calendar, or real elapsed time; see `_meters`). A clock counts this measured time while
  it runs, so a pause pushes the deadline out by the measured time spent paused — except on
  a `CalendarDays` rule, where paused time moves the period's last day by whole days.

Each family of rules has its module: business time (`_rules_business`), elapsed time
(`_rules_elapsed`) and calendar days (`_rules_days`). This one joins them: `DeadlineRule`,
and `RULE`, the codec of "any rule", told apart by its `"kind"`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from supportflow import _declarative
from supportflow import _json_schema as _js
from supportflow._declarative import Codec
from supportflow._serialization import Reader
from supportflow.sla._codecs import load_ref, reading
from supportflow.sla._rules_business import BusinessDays, BusinessDuration
from supportflow.sla._rules_days import CalendarDays, Cutoff
from supportflow.sla._rules_elapsed import ElapsedDuration

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = [
    "RULE",
    "BusinessDays",
    "BusinessDuration",
    "CalendarDays",
    "Cutoff",
    "DeadlineRule",
    "ElapsedDuration",
    "is_rule",
    "load_ref",
    "rule_from_dict",
]


DeadlineRule: TypeAlias = BusinessDuration | ElapsedDuration | BusinessDays | CalendarDays
"""Any deadline rule: each has `due(start)`, `goal(start)`, `describe()` and `source`."""

RULE_TYPES: tuple[type[DeadlineRule], ...] = (
    BusinessDuration,
    ElapsedDuration,
    BusinessDays,
    CalendarDays,
)
_BY_KIND: dict[str, type[DeadlineRule]] = {kind.kind: kind for kind in RULE_TYPES}


def is_rule(value: object) -> bool:
    """Whether `value` is a deadline rule."""
    return isinstance(value, RULE_TYPES)


def _load_rule(data: object, path: str) -> Any:  # noqa: ANN401 - a DeadlineRule
    # The schema version is checked before the kind, and an unknown kind is named at its
    # own key with every kind there is (`union` would name the document instead).
    reader = Reader.root(data, schema=1, path=path)
    kind = reader.raw("kind")
    if not isinstance(kind, str) or kind not in _BY_KIND:
        raise reader.fail(f"be one of {', '.join(repr(k) for k in _BY_KIND)}", "kind")
    return _declarative.load(_BY_KIND[kind], data, path=path)


#: Any deadline rule, as its own document (its `"kind"` says which).
RULE = Codec(
    _declarative.dump,
    _load_rule,
    lambda: _js.one_of(
        _js.ref(BusinessDuration),
        _js.ref(BusinessDays),
        _js.ref(CalendarDays),
        _js.ref(ElapsedDuration),
    ),
)


def rule_from_dict(
    data: object, *, path: str = "", registry: Registry | None = None
) -> DeadlineRule:
    """Rebuild any deadline rule from its `to_dict()` output, dispatching on `"kind"`.

    A calendar written as a reference (`"cn_mainland@1"`) is resolved in `registry`.

    Raises:
        SerializationError: unknown kind or malformed dict, or a calendar reference without
            a registry or not in it; the error names the JSON path.
    """
    return reading(registry, lambda: _load_rule(data, path))  # type: ignore[no-any-return]
