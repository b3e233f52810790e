"""`st.from_type(T)` draws valid values for every public type a user may put in a test.

The Hypothesis hook (`supportflow.testing._hypothesis_hook`) registers a strategy per type;
these tests enumerate the exports of every public module, so a new type cannot be left to
Hypothesis' inference (which calls constructors with arbitrary arguments and fails inside
them, or draws values `from_dict` refuses).
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import importlib
import inspect
import pathlib
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


def _testing_imports() -> dict[str, set[str]]:
    """For each module of `supportflow.testing`, the testing modules it imports (anywhere in
    it, lazy imports included), read from its source."""
    package = pathlib.Path(supportflow.__file__).parent / "testing"
    graph: dict[str, set[str]] = {}
    for path in sorted(package.glob("*.py")):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "supportflow.testing":
                    found |= {f"supportflow.testing.{a.name}" for a in node.names}
                elif node.module.startswith("supportflow.testing."):
                    found.add(node.module)
        graph[f"supportflow.testing.{path.stem}"] = found & {
            f"supportflow.testing.{p.stem}" for p in package.glob("*.py")
        }
    return graph


def test_the_strategy_modules_import_only_downward():
    """The import graph of `supportflow.testing`'s modules has no cycle (the priority
    strategies used to import `strategies`, which imports them): each module can be
    ordered after everything it imports."""
    graph = _testing_imports()
    assert "supportflow.testing._instant_strategies" in graph
    assert "supportflow.testing._sla_strategies" in graph["supportflow.testing.strategies"]
    ordered: list[str] = []
    remaining = dict(graph)
    while remaining:
        ready = sorted(m for m, deps in remaining.items() if deps <= set(ordered))
        assert ready, f"import cycle among {sorted(remaining)}"
        ordered += ready
        for module in ready:
            del remaining[module]
    # Only the façade and the hook look up `strategies`; no domain module imports it.
    users = sorted(m for m, deps in graph.items() if "supportflow.testing.strategies" in deps)
    assert users == ["supportflow.testing._hypothesis_hook"]


def test_a_strategy_module_imports_on_its_own():
    """A module low in the graph imports in a fresh interpreter without the façade."""
    for module in ("_priority_strategies", "_payment_records_strategies"):
        code = f"import supportflow.testing.{module}"
        subprocess.run([sys.executable, "-c", code], check=True)


#: The DST changes of 2025 and 2026 in UTC, worked out by hand from each zone's rule:
#: New York 02:00 local on the 2nd Sunday of March (07:00Z) and 1st Sunday of November
#: (06:00Z); London 01:00Z on the last Sundays of March and October; Sydney 03:00 AEDT on
#: the 1st Sunday of April (16:00Z the Saturday) and 02:00 AEST on the 1st Sunday of
#: October (16:00Z the Saturday).
_DST_CHANGES = tuple(
    dt.datetime(*args, tzinfo=dt.UTC)
    for args in (
        (2025, 3, 9, 7), (2025, 11, 2, 6), (2026, 3, 8, 7), (2026, 11, 1, 6),
        (2025, 3, 30, 1), (2025, 10, 26, 1), (2026, 3, 29, 1), (2026, 10, 25, 1),
        (2025, 4, 5, 16), (2025, 10, 4, 16), (2026, 4, 4, 16), (2026, 10, 3, 16),
    )
)  # fmt: skip


def test_drawn_sends_crowd_the_dst_changes_of_new_york_london_and_sydney():
    """At least a quarter of the drawn sends are due within three hours of a DST change
    (the strategy aims half of them there; 0.45 % would land there by chance)."""
    near: list[bool] = []

    @settings(max_examples=60, derandomize=True, database=None)
    @given(st.from_type(supportflow.notices.Send))
    def check(send):
        near.append(any(abs(send.due - change) <= dt.timedelta(hours=3) for change in _DST_CHANGES))

    check()
    assert sum(near) >= len(near) / 4


def _finds(kind: type, predicate):
    """A value of `kind` drawn by its registered strategy that satisfies `predicate`."""
    from hypothesis import Phase, find

    config = settings(max_examples=400, derandomize=True, database=None, phases=[Phase.generate])
    value = find(st.from_type(kind), predicate, settings=config)
    _check_valid(kind, value)
    return value


def test_the_read_model_strategies_reach_the_edges_users_hit():
    """Each edge named in the strategies' docstrings comes out of them, through the real API."""
    from supportflow import calendar, holidays, notices, payments, sla

    zero = dt.timedelta(0)
    # An evidence deadline exactly now, passed, and still ahead.
    _finds(payments.EvidenceAlarm, lambda a: a.remaining == zero and not a.breached)
    _finds(payments.EvidenceAlarm, lambda a: a.breached)
    _finds(payments.EvidenceAlarm, lambda a: a.remaining > zero)
    # A provider's retry, and a refund owed by an over-payment.
    outcome = payments.NotificationOutcome
    _finds(payments.NotificationResult, lambda r: r.outcome is outcome.DUPLICATE)
    _finds(payments.NotificationResult, lambda r: r.refund is not None)
    _finds(payments.RefundInstruction, lambda r: r.reason == "excess")
    _finds(payments.RefundInstruction, lambda r: r.reason == "resolution")
    # Data loaded twice (a no-op) and loaded for the first time.
    _finds(holidays.LoadedYear, lambda y: not y.added)
    _finds(holidays.LoadedYear, lambda y: y.added)
    _finds(holidays.HolidayYear, lambda y: y.provisional)
    _finds(holidays.HolidayYear, lambda y: bool(y.workdays))  # CN make-up workdays
    _finds(holidays.Coverage, lambda c: c.days_left < 0)
    # Empty spans, make-up workdays and holidays in explanations.
    _finds(calendar.Explanation, lambda e: e.start == e.end)
    kinds = calendar.SpanKind
    _finds(calendar.ExplanationSpan, lambda s: s.kind is kinds.MAKEUP_WORKDAY)
    _finds(calendar.ExplanationSpan, lambda s: s.kind is kinds.HOLIDAY)
    # Pauses of zero length and still open.
    _finds(sla.PausePeriod, lambda p: p.end == p.start)
    _finds(sla.PausePeriod, lambda p: p.end is None)
    _finds(sla.PauseNote, lambda p: p.end is None)
    _finds(sla.DeadlineExplanation, lambda e: bool(e.pauses) and bool(e.extensions))
    # Sends suppressed by an opt-out and by the cap; sends skipped as too late.
    _finds(notices.Suppressed, lambda s: "opted out" in s.reason)
    _finds(notices.Suppressed, lambda s: "frequency cap" in s.reason)
    _finds(notices.Delivery, lambda d: len(d.sends) > 1)  # a digest
    _finds(notices.PreviewEntry, lambda e: e.fallbacks != () or e.locale != e.requested_locale)


def test_calendar_instants_land_on_make_up_days_and_holidays():
    """`calendar_instants(cal)` puts a good share of draws on the calendar's own special
    days; uniform draws would hit CN's 8-odd make-up days a year about 2 % of the time."""
    from supportflow.calendar import cn_mainland
    from supportflow.testing import strategies as sfst

    cal = cn_mainland()
    makeup = {day for day in cal.workdays if dt.date(2024, 1, 1) <= day <= dt.date(2026, 12, 31)}
    assert len(makeup) >= 15  # the packaged 2024-2026 data has make-up weekends
    days: list[dt.date] = []

    @settings(max_examples=80, derandomize=True, database=None)
    @given(sfst.calendar_instants(cal))
    def check(t):
        assert t.utcoffset() is not None
        days.append(cal.local_date(t))

    check()
    special = [d for d in days if d in makeup or d in cal.holidays]
    assert len(special) >= len(days) / 4
    assert any(d in makeup for d in days)
