"""The documentation site: offline diagrams, a reference page per public module, product terms."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import pytest

import supportflow

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
MKDOCS = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
PAGES = sorted(DOCS.glob("*.md"))


def test_mermaid_script_is_bundled_not_fetched():
    """The site loads a local Mermaid build (so Material never fetches one from a CDN)."""
    scripts = re.findall(r"^extra_javascript:\n((?:  - .*\n)+)", MKDOCS, flags=re.MULTILINE)
    assert len(scripts) == 1
    paths = re.findall(r"  - (\S+)", scripts[0])
    assert "assets/javascripts/mermaid.min.js" in paths
    assert all(not p.startswith(("http:", "https:", "//")) for p in paths)
    bundle = (DOCS / "assets/javascripts/mermaid.min.js").read_text(encoding="utf-8")
    # What Material checks for: a global `mermaid`; version 11, the API Material drives.
    assert bundle.rstrip().endswith(
        'globalThis["mermaid"] = globalThis.__esbuild_esm_mermaid_nm["mermaid"].default;'
    )
    assert 'version:"11.17.2"' in bundle
    assert (
        (DOCS / "assets/javascripts/mermaid.LICENSE")
        .read_text(encoding="utf-8")
        .startswith("The MIT License")
    )


def _public_modules() -> list[str]:
    found = []
    for info in pkgutil.iter_modules(supportflow.__path__, "supportflow."):
        leaf = info.name.rsplit(".", 1)[1]
        if not leaf.startswith("_") and leaf != "cli":
            found.append(info.name)
    return sorted(found)


def test_every_public_module_has_its_reference_page_in_the_nav():
    """docs/reference/<module>.md renders the module, and mkdocs.yml lists the page."""
    modules = _public_modules()
    assert "supportflow.sla" in modules
    assert "supportflow.testing" in modules
    for module in modules:
        slug = module.split(".", 1)[1]
        page = DOCS / "reference" / f"{slug}.md"
        text = page.read_text(encoding="utf-8")
        assert text.startswith(f"# `{module}`\n"), module
        assert re.search(rf"^::: {re.escape(module)}(\.\w+)*$", text, flags=re.MULTILINE), module
        assert f"reference/{slug}.md" in MKDOCS, module
    listed = re.findall(r"reference/(\w+)\.md", MKDOCS)
    assert sorted(listed) == sorted(["index", *(m.split(".", 1)[1] for m in modules)])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_speak_in_product_terms(page):
    """No issue numbers, no unshipped domain notes, no private modules in the examples."""
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"\bissue \d|\bissues? #\d|DOMAIN §|domain notes", text), page.name
    assert not re.search(r"^\s*(from|import) supportflow\._", text, flags=re.MULTILINE), page.name
