"""Test support for code that uses supportflow (a documented public module).

- `supportflow.testing.strategies`: Hypothesis strategies for supportflow's types
  (needs the `supportflow[testing]` extra).
- `supportflow.testing.pytest_plugin`: pytest fixtures (`fixed_clock`), loaded
  automatically by pytest; it never imports Hypothesis.
- `supportflow.testing.PaymentMachine`: a stateful test of a payment's webhook deliveries
  to subclass (needs the extra; imported on first use).

Importing this package imports neither Hypothesis nor pytest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supportflow.testing.payment_machine import PaymentMachine

__all__ = ["PaymentMachine"]


def __getattr__(name: str) -> object:
    """Import `PaymentMachine` (and Hypothesis) only when it is asked for."""
    if name == "PaymentMachine":
        from supportflow.testing.payment_machine import PaymentMachine  # noqa: PLC0415

        return PaymentMachine
    raise AttributeError(name)
