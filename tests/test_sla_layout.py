"""The layout of `supportflow.sla`: its private modules import one another only downwards
(no cycle, not even through an import deferred into a function), and none outgrows ~600
lines."""

from __future__ import annotations

import ast
from pathlib import Path

import supportflow.sla

PACKAGE = Path(supportflow.sla.__file__).parent
MAX_LINES = 600


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(tree: ast.AST, module: str) -> set[str]:
    """The sibling `supportflow.sla` modules `module` imports, wherever the import stands
    (module level or inside a function), except under `if TYPE_CHECKING:`."""
    found: set[str] = set()
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if _type_checking_only(node):
            stack.extend(getattr(node, "orelse", []))
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("supportflow.sla."):
                found.add(node.module.removeprefix("supportflow.sla."))
            elif node.module == "supportflow.sla" and module != "__init__":
                found.add("__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("supportflow.sla."):
                    found.add(alias.name.removeprefix("supportflow.sla."))
        stack.extend(ast.iter_child_nodes(node))
    return found - {module}


def _graph() -> dict[str, set[str]]:
    return {
        path.stem: _imports(ast.parse(path.read_text(encoding="utf-8")), path.stem)
        for path in sorted(PACKAGE.glob("*.py"))
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of `graph` as a path `[a, b, ..., a]`, or `None` (depth-first search)."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            found = visit(nxt)
            if found:
                return found
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        found = visit(start)
        if found:
            return found
    return None


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle():
    """Hand-drawn graphs: a three-module loop is found, a diamond is not a cycle."""
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert (
        _cycle({"top": {"left", "right"}, "left": {"low"}, "right": {"low"}, "low": set()}) is None
    )


def test_a_deferred_import_counts_and_a_type_checking_one_does_not():
    """An import inside a method is an edge; one under `if TYPE_CHECKING:` is not."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from supportflow.sla._a import A\n"
        "def f():\n    from supportflow.sla._b import B\n"
    )
    assert _imports(ast.parse(source), "_x") == {"_b"}


def test_the_sla_modules_import_each_other_only_downwards():
    """No import cycle among `supportflow.sla`'s modules (the target and clock used to form one)."""
    graph = _graph()
    assert {"_clock", "_policy", "_rules", "_clock_events"} <= set(graph)
    assert _cycle(graph) is None
    assert "_clock" in graph["_policy"]  # a policy makes clocks: it sits above them
    assert "_policy" not in graph["_clock"]


def test_no_sla_module_outgrows_the_size_of_one_concept():
    """Every module of the package is at most ~600 lines."""
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.glob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
