"""Registered under the `hypothesis` entry point: teaches `st.from_type` supportflow's types.

Only lazy strategies are registered (`st.deferred`), so loading Hypothesis stays cheap and
nothing of supportflow.testing.strategies is built until a test asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__: list[str] = []


def _registry() -> dict[type, Callable[[], Any]]:
    """Each public type with the strategy factory that draws it (read by the tests too)."""
    from supportflow import FixedClock, TransitionRecord  # noqa: PLC0415 - lazily on purpose
    from supportflow.testing import strategies as sfst  # noqa: PLC0415

    return {
        FixedClock: sfst.fixed_clocks,
        TransitionRecord: sfst.transition_records,
    }


def _hypothesis_setup_hook() -> None:
    """Register a deferred strategy for every public supportflow type."""
    from hypothesis import strategies as st  # noqa: PLC0415

    for kind, factory in _registry().items():
        st.register_type_strategy(kind, st.deferred(factory))
