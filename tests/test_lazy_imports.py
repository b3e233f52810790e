"""`import supportflow` is cheap: the façade loads each export on first use."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import supportflow


def _run(code: str) -> Any:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_import_supportflow_loads_no_capability_package_nor_dependency():
    """After `import supportflow` alone, no supportflow submodule, attrs, pendulum,
    transitions or typing is loaded (each would cost milliseconds)."""
    loaded = _run(
        "import sys, json, supportflow\n"
        "names = ('attrs', 'pendulum', 'transitions', 'typing')\n"
        "print(json.dumps(sorted(m for m in sys.modules"
        " if m.startswith('supportflow.') or m in names)))"
    )
    assert loaded == []


def test_an_export_loads_only_its_own_package():
    """Reading `supportflow.Money` imports the notices package, not the complaints one."""
    loaded = _run(
        "import sys, json, supportflow\n"
        "supportflow.Money\n"
        "print(json.dumps(['supportflow.notices' in sys.modules,"
        " 'supportflow.complaints' in sys.modules]))"
    )
    assert loaded == [True, False]


def test_every_export_resolves_to_the_object_of_its_module():
    """Each name of `__all__` is the very object its defining package exports, and is
    cached in the module namespace after the first read."""
    for name in supportflow.__all__:
        value = getattr(supportflow, name)
        module = sys.modules[value.__module__]
        assert getattr(module, name, value) is value, name
        assert vars(supportflow)[name] is value, name


def test_dir_lists_every_export_before_it_is_loaded():
    """`dir(supportflow)` in a fresh interpreter already lists all of `__all__`."""
    listed = _run("import json, supportflow; print(json.dumps(dir(supportflow)))")
    assert set(supportflow.__all__) <= set(listed)


def test_public_modules_are_attributes_too():
    """`supportflow.sla` works after `import supportflow`, as it did with eager imports."""
    names = _run(
        "import json, supportflow\n"
        "print(json.dumps([supportflow.sla.__name__, supportflow.errors.__name__]))"
    )
    assert names == ["supportflow.sla", "supportflow.errors"]


def test_from_import_of_an_export_works_in_a_fresh_interpreter():
    """`from supportflow import Complaint, SlaClock` goes through the lazy loader."""
    names = _run(
        "import json\n"
        "from supportflow import Complaint, SlaClock\n"
        "print(json.dumps([Complaint.__qualname__, SlaClock.__qualname__]))"
    )
    assert names == ["Complaint", "SlaClock"]
