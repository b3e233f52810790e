"""The supportflow command line."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

import supportflow
from supportflow._demo import SECTIONS
from supportflow.cli import main


def test_version_prints_the_package_version(capsys):
    """--version prints the installed version and exits 0."""
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"supportflow {supportflow.__version__}"


def test_demo_prints_every_section():
    """`supportflow demo` prints one heading per section and exits 0."""
    out = io.StringIO()
    assert main(["demo"], out=out) == 0
    text = out.getvalue()
    assert text.count("== ") == len(SECTIONS)
    assert "NaiveDatetimeError" in text
    assert "UnknownTimezoneError" in text


def test_demo_is_deterministic():
    """The demo reads no wall clock: two runs print the same text."""
    first, second = io.StringIO(), io.StringIO()
    main(["demo"], out=first)
    main(["demo"], out=second)
    assert first.getvalue() == second.getvalue()


def test_demo_single_section_and_unknown_section():
    """A known section prints alone; an unknown one is refused with status 2."""
    out = io.StringIO()
    assert main(["demo", "clock"], out=out) == 0
    assert out.getvalue().count("== ") == 1
    bad = io.StringIO()
    assert main(["demo", "nope"], out=bad) == 2
    assert "unknown demo section" in bad.getvalue()


def test_no_command_prints_help():
    """Without a command the help is printed."""
    out = io.StringIO()
    assert main([], out=out) == 0
    assert "demo" in out.getvalue()


def test_console_script_runs_in_a_fresh_interpreter():
    """`python -m supportflow --version` works as an installed program."""
    result = subprocess.run(
        [sys.executable, "-m", "supportflow", "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == f"supportflow {supportflow.__version__}"


def test_demo_shows_the_provisional_path():
    """The SLA section refuses 2027 by default and prints a labelled provisional deadline."""
    out = io.StringIO()
    assert main(["demo", "sla"], out=out) == 0
    text = out.getvalue()
    assert "CalendarDataMissingError: calendar 'cn_mainland' has no holiday data for 2027" in text
    # Hand-worked: 5 business days after Fri 2026-12-25 skip New Year's Day 2027 (statutory).
    assert (
        "next_update     due 2027-01-04 18:00 Asia/Shanghai, provisional: CN 2027 schedule "
        "not yet published"
    ) in text
    # 15 days after 25 Dec is Sat 9 Jan: the Civil Code moves it to Mon 11 Jan.
    assert "decision        due 2027-01-11 24:00 Asia/Shanghai, provisional" in text
