"""Fuzz every public entry point: only `SupportflowError` escapes, refusals change nothing.

Run with a bounded example count in `make test`; `make fuzz` runs the same tests longer
(`SUPPORTFLOW_FUZZ_EXAMPLES`).
"""

from __future__ import annotations

import enum
import inspect
import os
import pickle

import pytest
from _fuzzing import (
    EXAMPLES,
    KNOWN_ESCAPES,
    KNOWN_SLOW,
    EntryPoint,
    TooSlowError,
    calls,
    checked_call,
    entry_points,
    exports,
    hostile,
    instances,
    needs_instances,
    public_modules,
    target,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import supportflow
from supportflow.errors import SupportflowError

POINTS = entry_points()
CALLED = [p for p in POINTS if p.kind not in {"enum", "constant", "protocol", "exception"}]
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # The bounded run inside `make test` is reproducible; `make fuzz` explores at random.
    derandomize=not os.environ.get("SUPPORTFLOW_FUZZ_EXAMPLES"),
    # SUPPORTFLOW_FUZZ_NO_SHRINK=1 reports failures as found, faster, when triaging many.
    phases=(
        [Phase.explicit, Phase.reuse, Phase.generate]
        if os.environ.get("SUPPORTFLOW_FUZZ_NO_SHRINK")
        else list(Phase)
    ),
)


def test_fuzzed_entry_points_are_exactly_the_exports():
    """Every export of every public module is an entry point (or a classified value)."""
    expected = set()
    for module_name in public_modules():
        module = __import__(module_name, fromlist=["__all__"])
        expected |= {f"{module_name}.{name}" for name in module.__all__}
    covered = {point.export for point in POINTS}
    # Re-exports are fuzzed once, under their first public name.
    by_identity = {id(value): name for name, value in exports().items()}
    resolved = set()
    for name in expected:
        module_name, _, attr = name.rpartition(".")
        value = getattr(__import__(module_name, fromlist=[attr]), attr)
        resolved.add(by_identity.get(id(value), name))
    assert covered == resolved
    assert set(supportflow.__all__) <= {e.rpartition(".")[2] for e in covered}


def test_every_class_with_members_has_valid_instances():
    """Every class whose methods or properties are fuzzed can be drawn (registry or seed)."""
    missing = []
    for export in sorted({p.export for p in POINTS if needs_instances(p)}):
        try:
            instances(exports()[export])  # type: ignore[arg-type]
        except LookupError:
            missing.append(export)
    assert missing == []


def _marked(point: EntryPoint) -> object:
    if point.id in KNOWN_SLOW:
        mark = pytest.mark.xfail(raises=TooSlowError, strict=False, reason=KNOWN_SLOW[point.id])
    elif point.id in KNOWN_ESCAPES:
        mark = pytest.mark.xfail(strict=False, reason=KNOWN_ESCAPES[point.id])
    else:
        return point
    return pytest.param(point, marks=mark)


@pytest.mark.parametrize("point", [_marked(p) for p in CALLED], ids=lambda p: p.id)
def test_only_typed_errors_escape(point: EntryPoint):
    """Plausible, hostile and mutated arguments: a result or a SupportflowError, under 1 s."""
    owner_class = target(point)

    @FUZZ
    @given(st.data())
    def check(data: st.DataObject) -> None:
        owner: object = None
        if point.kind == "property":
            owner = data.draw(instances(owner_class))  # type: ignore[arg-type]
            checked_call(lambda: getattr(owner, point.member), [], {}, owner)  # type: ignore[arg-type]
            return
        assert point.member is not None or point.kind in {"constructor", "function"}
        if point.kind == "method":
            owner = data.draw(instances(owner_class))  # type: ignore[arg-type]
            func = getattr(owner, str(point.member))
        elif point.kind == "classmethod":
            func = getattr(owner_class, str(point.member))
        else:
            func = owner_class
        args, kwargs = data.draw(calls(func))
        checked_call(func, args, kwargs, owner)

    check()


EXCEPTIONS = [p for p in POINTS if p.kind == "exception"]


@pytest.mark.parametrize("point", EXCEPTIONS, ids=lambda p: p.id)
def test_errors_print_and_pickle_whatever_they_carry(point: EntryPoint):
    """An error built from any field values prints, reprs and pickles without failing."""
    kind = target(point)
    assert inspect.isclass(kind)
    assert issubclass(kind, SupportflowError)

    @FUZZ
    @given(st.lists(hostile, min_size=0, max_size=5))
    def check(values: list[object]) -> None:
        try:
            error = kind(*values)
        except TypeError:
            return  # the wrong number of fields for this error: not a value it can carry
        assert len(str(error)) < 2_000
        repr(error)
        try:
            copy = pickle.loads(pickle.dumps(error))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return  # the carried value itself does not pickle (a function, a deep list)
        assert type(copy) is kind

    check()


ENUMS = [p for p in POINTS if p.kind == "enum"]


@pytest.mark.parametrize("point", ENUMS, ids=lambda p: p.id)
def test_enum_values_are_unique_strings_or_ints(point: EntryPoint):
    """Enums are values: each member's value is a str or int, and values are unique."""
    kind = target(point)
    assert inspect.isclass(kind)
    assert issubclass(kind, enum.Enum)
    values = [m.value for m in kind]
    assert all(isinstance(v, str | int) and not isinstance(v, bool) for v in values)
    assert len(set(values)) == len(values)
