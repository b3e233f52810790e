"""Test support for code that uses supportflow (a documented public module).

- `supportflow.testing.strategies`: Hypothesis strategies for supportflow's types
  (needs the `supportflow[testing]` extra).
- `supportflow.testing.pytest_plugin`: pytest fixtures (`fixed_clock`), loaded
  automatically by pytest; it never imports Hypothesis.

Importing this package imports neither Hypothesis nor pytest.
"""

from __future__ import annotations

__all__: list[str] = []
