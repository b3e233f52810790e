"""The shipped `WithdrawalQueueMachine` run against the queue, and against planted bugs."""

from __future__ import annotations

import pytest
from hypothesis import Phase, settings

from supportflow.maintenance import WithdrawalQueue
from supportflow.testing import WithdrawalQueueMachine

TestWithdrawalQueue = WithdrawalQueueMachine.TestCase
TestWithdrawalQueue.settings = settings(
    TestWithdrawalQueue.settings, max_examples=60, stateful_step_count=40, deadline=None
)


def _run(machine):
    case = machine.TestCase
    # Only generation: a planted bug must be found, not shrunk (that would take minutes).
    # Derandomized, and up to 1,000 examples: the search stops at the first failure, so a
    # planted bug costs a few seconds, while a 300-example search missed the skipped-release
    # bug once the queue's rows grew versions (the draws changed).
    case.settings = settings(
        derandomize=True,
        max_examples=1000,
        stateful_step_count=40,
        deadline=None,
        phases=[Phase.generate],
        report_multiple_bugs=False,
        database=None,
    )
    case().runTest()


def test_a_release_that_silently_skips_a_request_is_caught(monkeypatch):
    """Planted bug: the release never releases one particular held request (and drops it
    from the line without a word). The machine's liveness and conservation checks fail."""
    original = WithdrawalQueue._release

    def lossy(self, at):
        line = list(self.releasing)
        if len(line) > 1:
            self.releasing.remove(line[1])  # silently never released
        return original(self, at)

    monkeypatch.setattr(WithdrawalQueue, "_release", lossy)
    with pytest.raises(AssertionError):
        _run(WithdrawalQueueMachine)


def test_an_alert_recorded_but_not_returned_is_caught(monkeypatch):
    """Planted bug: `advance` records its alerts but returns nothing."""
    original = WithdrawalQueue.advance

    def mute(self, at):
        original(self, at)
        return ()

    monkeypatch.setattr(WithdrawalQueue, "advance", mute)
    with pytest.raises(AssertionError):
        _run(WithdrawalQueueMachine)


def test_the_machine_is_exported_lazily():
    """`supportflow.testing` names the machine without importing Hypothesis eagerly."""
    import supportflow.testing as testing

    assert "WithdrawalQueueMachine" in testing.__all__
    assert testing.WithdrawalQueueMachine is WithdrawalQueueMachine
    with pytest.raises(AttributeError):
        _ = testing.NoSuchMachine
