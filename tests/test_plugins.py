"""The pytest plugin and the Hypothesis entry point, each in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from supportflow import FixedClock


def _run(code: str, *args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "HYPOTHESIS"))}
    return subprocess.run(
        [sys.executable, *args, "-c", textwrap.dedent(code)] if code else [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
        check=False,
    )


def test_pytest_plugin_does_not_import_hypothesis():
    """Importing the pytest plugin (and supportflow itself) never imports Hypothesis."""
    result = _run(
        """
        import sys
        import supportflow, supportflow.testing, supportflow.testing.pytest_plugin
        assert "hypothesis" not in sys.modules, sorted(m for m in sys.modules if "hypo" in m)
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_pytest_plugin_provides_fixed_clock(tmp_path):
    """A user's test suite gets the fixed_clock fixture from the installed entry point."""
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            """
            def test_uses_fixture(fixed_clock):
                assert fixed_clock.now().isoformat() == "2025-01-06T01:00:00+00:00"
                fixed_clock.advance(hours=1)
                assert fixed_clock.now().hour == 2
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_hypothesis_entry_point_registers_our_types():
    """With only `import hypothesis`, st.from_type knows supportflow's public types."""
    result = _run(
        """
        import sys
        from importlib.metadata import entry_points
        import hypothesis
        from hypothesis import given, settings, strategies as st
        assert "supportflow.testing._hypothesis_hook" in sys.modules
        assert "supportflow" in {e.name for e in entry_points(group="hypothesis")}
        from supportflow import FixedClock
        from supportflow.testing._hypothesis_hook import _registry

        seen = []
        for kind in _registry():
            @settings(max_examples=5, database=None)
            @given(st.from_type(kind))
            def check(value):
                assert isinstance(value, kind)
                seen.append(kind)
            check()
        assert FixedClock in seen
        print("registered", len(set(seen)))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("registered")


def test_fixed_clock_fixture_in_our_own_suite(fixed_clock):
    """The plugin is active here too: the fixture starts at the documented instant."""
    from supportflow.testing.pytest_plugin import DEFAULT_FIXED_INSTANT

    assert fixed_clock.now() == FixedClock(DEFAULT_FIXED_INSTANT).now()


def test_aware_datetimes_rejects_inverted_bounds():
    """A strategy with min_value after max_value is a usage error, raised at once."""
    import datetime as dt

    from supportflow.testing import strategies as sfst

    with pytest.raises(ValueError, match="after"):
        sfst.aware_datetimes(
            dt.datetime(2025, 1, 2, tzinfo=dt.UTC), dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        )


def test_strategies_import_first_in_a_fresh_interpreter():
    """Importing our strategies before Hypothesis works (the hook must not read them early)."""
    result = _run(
        """
        from supportflow.testing import strategies as sfst
        from hypothesis import given, settings, strategies as st
        from supportflow import FixedClock

        @settings(max_examples=3, database=None)
        @given(st.from_type(FixedClock), sfst.aware_datetimes())
        def check(clock, t):
            assert clock.now().utcoffset() is not None
        check()
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
