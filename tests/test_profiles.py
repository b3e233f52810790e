"""The Hypothesis profiles: `make test` bounded and reproducible, `make fuzz` thorough."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent


def _recipe(target: str) -> str:
    """The recipe lines of one Makefile target, joined (continuations included)."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", text, re.MULTILINE)
    assert match is not None, target
    return match.group(1)


def test_ci_profile_is_bounded_and_derandomized():
    """CI=true loads `ci`: the same examples on every run, at most 60 per test."""
    ci = settings.get_profile("ci")
    assert ci.derandomize is True
    assert ci.max_examples == 60


def test_thorough_profile_explores_much_more_at_random():
    """`thorough`: random seeds, no deadline, far more examples than `ci`."""
    thorough = settings.get_profile("thorough")
    assert thorough.derandomize is False
    assert thorough.deadline is None
    assert thorough.max_examples >= 10 * settings.get_profile("ci").max_examples


def test_make_fuzz_uses_the_thorough_profile_and_make_test_does_not():
    """The Makefile wires the profiles: `fuzz` sets HYPOTHESIS_PROFILE=thorough, the
    targets `make test` runs never set a profile (CI=true then selects `ci`)."""
    assert "HYPOTHESIS_PROFILE=thorough" in _recipe("fuzz")
    for target in ("unit", "lint", "typecheck"):
        assert "HYPOTHESIS_PROFILE" not in _recipe(target)
