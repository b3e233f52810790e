"""The README works as a package index page: install first, absolute links, true commands."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_opens_with_pip_install():
    """The first code block after the title is the install command."""
    first = re.search(r"```(\w*)\n(.*?)```", README, flags=re.DOTALL)
    assert first is not None
    assert (first.group(1), first.group(2).strip()) == ("sh", "pip install supportflow")


def test_every_link_is_absolute():
    """Repository-relative links break on a package index page."""
    targets = re.findall(r"\]\(([^)]+)\)", README)
    assert targets
    assert [t for t in targets if not t.startswith("https://")] == []


def test_contributor_commands_exist_in_the_makefile():
    """`make demo` and `make test`, as the README says, are real targets."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w+)", README, flags=re.MULTILINE):
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target
    assert re.findall(r"^make (\w+)", README, flags=re.MULTILINE) == ["demo", "test"]


def test_license_file_is_mit_and_declared():
    """LICENSE exists, is MIT, and pyproject ships it in the wheel and sdist."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 supportflow developers\n")
    assert 'license-files = ["LICENSE"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
