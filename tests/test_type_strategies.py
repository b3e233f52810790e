"""`st.from_type(T)` draws valid values for every public type a user may put in a test.

The Hypothesis hook (`supportflow.testing._hypothesis_hook`) registers a strategy per type;
these tests enumerate the exports of every public module, so a new type cannot be left to
Hypothesis' inference (which calls constructors with arbitrary arguments and fails inside
them, or draws values `from_dict` refuses).
"""

from __future__ import annotations

import enum
import importlib
import inspect
import subprocess
import sys

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import supportflow
from supportflow.errors import SupportflowError
from supportflow.testing._hypothesis_hook import _registry

REGISTRY = _registry()

PUBLIC_MODULES = (
    "supportflow",
    "supportflow.audit",
    "supportflow.calendar",
    "supportflow.clock",
    "supportflow.complaints",
    "supportflow.holidays",
    "supportflow.maintenance",
    "supportflow.notices",
    "supportflow.payments",
    "supportflow.payments.providers",
    "supportflow.priority",
    "supportflow.sla",
)

def _is_value_type(obj: object) -> bool:
    """A class a test may hold: not an error, an enum or a protocol (an interface)."""
    return (
        inspect.isclass(obj)
        and not issubclass(obj, BaseException)
        and not issubclass(obj, enum.Enum)
        and not getattr(obj, "_is_protocol", False)
    )


def _exported_types() -> dict[type, str]:
    """Every public class of every public module, with the first module exporting it."""
    found: dict[type, str] = {}
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        for export in module.__all__:
            obj = getattr(module, export)
            if _is_value_type(obj):
                found.setdefault(obj, name)
    return found


EXPORTED = _exported_types()
REGISTERED = sorted((kind for kind in EXPORTED if kind in REGISTRY), key=lambda k: k.__name__)


def test_the_enumeration_sees_every_module_and_the_issue_types():
    """Guard for the tests below: the walk finds types of each package, errors excluded."""
    modules = set(EXPORTED.values())
    assert {"supportflow", "supportflow.complaints", "supportflow.payments"} <= modules
    names = {kind.__name__ for kind in EXPORTED}
    assert {"Money", "SlaStatus", "WindowLedger", "MappedWebhook"} <= names
    assert not any(issubclass(kind, SupportflowError) for kind in EXPORTED)


def test_every_facade_type_has_a_registered_strategy():
    """Each class `import supportflow` exports (but the `Clock` protocol) is registered."""
    facade = [getattr(supportflow, name) for name in supportflow.__all__]
    missing = [kind.__name__ for kind in facade if _is_value_type(kind) and kind not in REGISTRY]
    assert missing == []


def test_every_exported_type_is_registered():
    """A new public type of any public module fails here until it gets a strategy."""
    unregistered = sorted(kind.__name__ for kind in EXPORTED if kind not in REGISTRY)
    assert unregistered == []


def test_the_registry_holds_only_exported_types():
    """No stale entry: every registered type is still exported by a public module."""
    assert sorted(k.__name__ for k in REGISTRY if k not in EXPORTED) == []


def test_the_types_the_issue_named_are_registered():
    """The seven types inference failed on are drawn by their own strategies now."""
    named = {
        supportflow.ComplaintMetrics,
        supportflow.LeadTimePolicy,
        supportflow.Money,
        supportflow.NoticeTexts,
        supportflow.PriorityContribution,
        supportflow.SlaCycle,
        supportflow.SlaStatus,
    }
    assert named <= set(REGISTRY)


def _is_frozen(value: object, name: str) -> bool:
    try:
        setattr(value, name, getattr(value, name))
    except (attrs.exceptions.FrozenInstanceError, supportflow.ReadOnlyFieldError):
        return True
    return False


def _check_valid(kind: type, value: object) -> None:
    """`value` is a `kind` its own constructor accepts again, and its dict round-trips."""
    assert isinstance(value, kind)
    fields = attrs.fields(kind) if attrs.has(kind) else ()
    params = inspect.signature(kind).parameters if attrs.has(kind) else {}
    # Rebuilding a frozen value through its constructor re-runs every validator and
    # converter: a value no caller could build is not valid.
    if fields and _is_frozen(value, fields[0].name):
        kwargs = {f.alias: getattr(value, f.name) for f in fields if f.init and f.alias in params}
        assert kind(**kwargs) == value
    if hasattr(kind, "from_dict") and hasattr(value, "to_dict"):
        assert kind.from_dict(value.to_dict()) == value


@pytest.mark.parametrize("kind", REGISTERED, ids=lambda k: k.__name__)
def test_from_type_draws_valid_values(kind):
    """`st.from_type(T)` (what users call) goes through the registered strategy and draws
    values the type's constructor and `from_dict` accept."""

    @settings(max_examples=15)
    @given(st.from_type(kind))
    def check(value):
        _check_valid(kind, value)

    check()


def test_drawn_sla_statuses_are_consistent_with_their_cycles():
    """Spot check beyond construction: a status's open cycle is running or paused, and
    every completed cycle has ended (stopped, reset or cancelled) by the status's instant."""

    @settings(max_examples=20)
    @given(st.from_type(supportflow.SlaStatus))
    def check(status):
        for cycle in status.completed:
            assert cycle.stopped_at is not None
            assert cycle.stopped_at <= status.at
        if status.current is not None:
            assert status.current.stopped_at is None

    check()


def test_drawn_priority_contributions_come_from_real_scores():
    """A contribution's factor is one of `PriorityFactor`'s members."""

    @settings(max_examples=20)
    @given(st.from_type(supportflow.PriorityContribution))
    def check(contribution):
        assert contribution.factor in set(supportflow.PriorityFactor)

    check()


def test_the_strategy_modules_import_without_a_cycle():
    """Each private strategy module imports on its own in a fresh interpreter (the priority
    strategies used to import `strategies`, which imports them)."""
    for module in ("_priority_strategies", "_instant_strategies", "_maintenance_strategies"):
        code = f"import supportflow.testing.{module}"
        subprocess.run([sys.executable, "-c", code], check=True)
