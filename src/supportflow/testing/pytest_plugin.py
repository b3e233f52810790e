"""pytest fixtures for code that uses supportflow; pytest loads this plugin automatically.

It imports only supportflow's core and pytest (never Hypothesis), so it cannot break a
test suite that does not install the `supportflow[testing]` extra.

Fixtures:
    fixed_clock: a `FixedClock` at 2025-01-06T09:00:00+08:00 (a Monday morning in
        Shanghai), fresh for each test.
"""

from __future__ import annotations

import pytest

from supportflow.clock import FixedClock

__all__ = ["DEFAULT_FIXED_INSTANT", "fixed_clock"]

#: Where `fixed_clock` starts: a Monday 09:00 in Shanghai, 01:00 UTC.
DEFAULT_FIXED_INSTANT = "2025-01-06T09:00:00+08:00"


@pytest.fixture
def fixed_clock() -> FixedClock:
    """A `FixedClock` standing at `DEFAULT_FIXED_INSTANT`; move it with `advance`/`set`."""
    return FixedClock(DEFAULT_FIXED_INSTANT)
