"""The public surface: __all__, docstrings, and the round-trip registry."""

from __future__ import annotations

import inspect
import json
import pickle
import subprocess
import sys
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import supportflow
from supportflow import _declarative
from supportflow._declarative import declared_types
from supportflow.testing._hypothesis_hook import _registry

REGISTRY = _registry()


def _type_name(kind: object) -> str:
    return str(getattr(kind, "__qualname__", kind))


def _public_names(module):
    # dir(), not vars(): the façade loads its exports on first use (module __getattr__).
    return {
        name
        for name in dir(module)
        if not name.startswith("_") and not isinstance(getattr(module, name), types.ModuleType)
    }


def test_all_is_sorted_and_equals_the_public_names():
    """__all__ is sorted, has no duplicates, and is exactly the façade's public names."""
    assert list(supportflow.__all__) == sorted(supportflow.__all__)
    assert len(set(supportflow.__all__)) == len(supportflow.__all__)
    assert set(supportflow.__all__) == _public_names(supportflow)


@pytest.mark.parametrize("name", supportflow.__all__)
def test_every_export_has_its_own_docstring(name):
    """Every exported object is documented (not just inheriting a docstring)."""
    obj = getattr(supportflow, name)
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
    assert doc, name
    assert doc.strip(), name


def test_version_is_a_string():
    """__version__ comes from the installed metadata."""
    from importlib import metadata

    assert isinstance(supportflow.__version__, str)
    assert supportflow.__version__ == metadata.version("supportflow")
    assert supportflow.__version__[0].isdigit()


def test_unknown_module_attributes_still_raise():
    """The lazy `__version__` hook answers only for `__version__`."""
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = supportflow.no_such_name


def test_import_does_not_load_importlib_metadata_and_version_still_works():
    """`import supportflow` leaves importlib.metadata unloaded until __version__ is read."""
    code = (
        "import sys, supportflow\n"
        "print('importlib.metadata' in sys.modules)\n"
        "v = supportflow.__version__\n"
        "print('importlib.metadata' in sys.modules, v == supportflow.__version__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[:2] == ["False", "True True"]


def _serializable_exports():
    return [
        getattr(supportflow, name)
        for name in supportflow.__all__
        if inspect.isclass(getattr(supportflow, name))
        and not getattr(getattr(supportflow, name), "_is_protocol", False)
        and hasattr(getattr(supportflow, name), "to_dict")
    ]


def test_every_serializable_export_has_a_registered_strategy():
    """Each exported type with to_dict() is drawn by the hypothesis hook's registry."""
    missing = [kind.__name__ for kind in _serializable_exports() if kind not in REGISTRY]
    assert missing == []


#: Registered types whose dict is written inside another document (which carries the
#: "schema" key and reads it back), not stored on its own.
NESTED_RECORDS = frozenset(
    kind.__name__ for kind in declared_types() if _declarative._OPTIONS[kind].schema is None
) | {"DeadlineExplanation"}  # written only inside an SLA clock's explanation: no from_dict
#: Registered process-wide services (a lock inside): compared and used, never pickled.
SERVICES = frozenset({"HolidayRegistry"})


@pytest.mark.parametrize(
    "kind",
    sorted(REGISTRY, key=_type_name),
    ids=_type_name,
)
def test_registered_types_round_trip_through_dict_json_and_pickle(kind):
    """from_dict(to_dict(x)) == x, the dict is JSON-safe with a schema key (but for nested
    records), and pickle works (but for services)."""

    @settings(max_examples=25)
    @given(st.data())
    def check(data):
        value = data.draw(REGISTRY[kind]())
        assert isinstance(value, kind)
        if kind.__name__ not in SERVICES:
            copy = pickle.loads(pickle.dumps(value))
            assert copy == value
        if hasattr(value, "to_dict"):
            as_dict = value.to_dict()
            if kind.__name__ not in NESTED_RECORDS:
                assert isinstance(as_dict.get("schema"), int)
            assert json.loads(json.dumps(as_dict)) == as_dict
            if kind.__name__ in NESTED_RECORDS and not hasattr(kind, "from_dict"):
                return  # read back by the document holding it
            assert kind.from_dict(as_dict) == value
            assert kind.from_dict(json.loads(json.dumps(as_dict))).to_dict() == as_dict

    check()
