"""Test support for code that uses supportflow (a documented public module).

- `supportflow.testing.strategies`: Hypothesis strategies for supportflow's types
  (needs the `supportflow[testing]` extra).
- `supportflow.testing.WithdrawalQueueMachine` (from `withdrawal_machine`): a Hypothesis
  stateful test of a `WithdrawalQueue` against a reference ledger, to subclass.
- `supportflow.testing.pytest_plugin`: pytest fixtures (`fixed_clock`), loaded
  automatically by pytest; it never imports Hypothesis.

Importing this package imports neither Hypothesis nor pytest: the machine is loaded on
first use of its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supportflow.testing.withdrawal_machine import WithdrawalQueueMachine

__all__ = ["WithdrawalQueueMachine"]


def __getattr__(name: str) -> object:
    # Lazy, so that `import supportflow.testing` needs no Hypothesis.
    if name == "WithdrawalQueueMachine":
        from supportflow.testing.withdrawal_machine import (  # noqa: PLC0415
            WithdrawalQueueMachine,
        )

        return WithdrawalQueueMachine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
