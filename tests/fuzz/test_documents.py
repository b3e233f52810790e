"""Structure-aware fuzzing of `from_dict`: valid documents, bent one node at a time.

For every exported type with `to_dict` and `from_dict`, a valid instance is drawn, dumped,
and one node of the document is mutated (replaced by a hostile value, deleted, duplicated
under a new key, wrapped in a list, nested thousands deep, its type changed, a string
given a control character or a foreign space). Loading it must give a value or a
`SupportflowError`, never anything else, quickly; and a value that loads must dump again.
"""

from __future__ import annotations

import copy
import inspect
import os
from typing import Any

import pytest
from _fuzzing import (
    EXAMPLES,
    KNOWN_ESCAPES,
    _deep,
    checked_call,
    exports,
    hostile,
    instances,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportflow.errors import SupportflowError

DOCUMENT_TYPES = sorted(
    (
        name
        for name, value in exports().items()
        if inspect.isclass(value)
        and not getattr(value, "_is_protocol", False)
        and callable(getattr(value, "from_dict", None))
        and callable(getattr(value, "to_dict", None))
    ),
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("SUPPORTFLOW_FUZZ_EXAMPLES"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a node of a JSON-like document, the root included."""
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*path, index)))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


@st.composite
def mutated_documents(draw: st.DrawFn, document: Any) -> Any:
    """`document` with one node changed in a way a corrupted store or an attacker might."""
    document = copy.deepcopy(document)
    path = draw(st.sampled_from(_paths(document)))
    node = _get(document, path)
    choice = draw(st.integers(0, 7))
    if choice == 0:
        new: Any = draw(hostile)
    elif choice == 1:
        new = [node]
    elif choice == 2:
        new = _deep(3000)
    elif choice == 3:
        new = {"schema": node} if not isinstance(node, dict) else {**node, "extra": 1}
    elif choice == 4 and isinstance(node, str):
        at = draw(st.integers(0, len(node)))
        new = (
            node[:at]
            + draw(st.sampled_from(["\r", "\xa0", "\u3000", "\x00", "9" * 30]))
            + node[at:]
        )
    elif choice == 5 and isinstance(node, int | float) and not isinstance(node, bool):
        new = draw(st.sampled_from([-node, node * 10**30, float("nan"), str(node), True]))
    elif choice == 6 and path:
        parent = _get(document, path[:-1])
        del parent[path[-1]]
        return document
    else:
        new = draw(st.sampled_from([None, "", 0, [], {}, "9E+999999", "0001-01-01T00:00:00+01:00"]))
    if not path:
        return new
    _get(document, path[:-1])[path[-1]] = new
    return document


def _case(name: str) -> Any:
    reason = KNOWN_ESCAPES.get(f"{name}.from_dict")
    if reason is None:
        return name
    return pytest.param(name, marks=pytest.mark.xfail(strict=False, reason=reason))


@pytest.mark.parametrize("name", [_case(n) for n in DOCUMENT_TYPES])
def test_mutated_documents_load_or_raise_a_typed_error(name: str):
    """A bent document loads, or is refused with a SupportflowError; never anything else."""
    kind: Any = exports()[name]  # a class with to_dict and from_dict (see DOCUMENT_TYPES)

    @FUZZ
    @given(st.data())
    def check(data: st.DataObject) -> None:
        value = data.draw(instances(kind))
        try:
            document = value.to_dict()
        except TypeError:  # a to_dict that needs arguments: nothing to mutate from
            return
        bent = data.draw(mutated_documents(document))
        loaded: Any = checked_call(kind.from_dict, [bent], {}, None)
        if not isinstance(loaded, SupportflowError):
            loaded.to_dict()  # what loads dumps again

    check()
