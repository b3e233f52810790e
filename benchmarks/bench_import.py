"""Import cost: `import supportflow` against `import pendulum` alone, side by side.

Each run is a fresh interpreter (`python -c "import X"`, with `-X importtime`); the runs of
the two imports alternate so both see the same machine load. Reported: the median wall time of
the whole interpreter (start-up included, as a service pays it), the median time of the import
itself (the top-level `-X importtime` cumulative entry), the module count (`len(sys.modules)`
after the import, the bare interpreter's subtracted) and the ratio of the import medians,
against the 1.5x target. `--top N` lists the N slowest supportflow modules (self time).

Every interpreter runs with compiled bytecode, as an installed wheel has it (pip compiles
it at install): a shell with `PYTHONDONTWRITEBYTECODE` set would otherwise recompile every
module of an editable checkout on each run while pendulum's site-packages bytecode is
used, which measures the compiler, not the import. The bytecode goes to a temporary
`PYTHONPYCACHEPREFIX`, so the source tree stays clean; one warm-up run fills it.

`import supportflow` loads its exports on first use, so the cost moves to the first read of
a name. Also reported, as wall time of a fresh interpreter: reading one export
(`supportflow.Complaint`, the heaviest package) and reading every name of `__all__`.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
_ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="supportflow-bench-pycache-")

_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")
TARGET = 1.5


def _one(module: str) -> tuple[float, float, dict[str, int]]:
    """(wall seconds, import microseconds, self microseconds per module) of one fresh run."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    )
    wall = time.perf_counter() - start
    top = 0
    selfs: dict[str, int] = {}
    for match in _LINE.finditer(done.stderr):
        self_us, cumulative, indent, name = match.groups()
        selfs[name] = int(self_us)
        if name == module and len(indent) == 1:
            top = int(cumulative)
    return wall, float(top), selfs


#: Wall-time-only rows: what a service pays when it first uses the façade's names.
_USES = {
    "supportflow.Complaint": "import supportflow; supportflow.Complaint",
    "every export": "import supportflow as s; [getattr(s, n) for n in s.__all__]",
}


def _wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=_ENV)
    return time.perf_counter() - start


def _modules(module: str) -> int:
    code = "import sys; n = len(sys.modules); import {m}; print(len(sys.modules) - n)"
    out = subprocess.run(
        [sys.executable, "-c", code.format(m=module)],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    )
    return int(out.stdout)


def main(argv: list[str] | None = None) -> int:
    """Measure both imports `--runs` times each and print medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    names = ("pendulum", "supportflow")
    walls: dict[str, list[float]] = {n: [] for n in names}
    imports: dict[str, list[float]] = {n: [] for n in names}
    selfs: dict[str, list[dict[str, int]]] = {n: [] for n in names}
    uses: dict[str, list[float]] = {label: [] for label in _USES}
    _wall(_USES["every export"])  # warm-up: compiles the bytecode once
    for _ in range(args.runs):
        for name in names:
            wall, top, module_selfs = _one(name)
            walls[name].append(wall)
            imports[name].append(top)
            selfs[name].append(module_selfs)
        for label, code in _USES.items():
            uses[label].append(_wall(code))
    print(f"fresh interpreters, {args.runs} runs each, alternating; medians")
    print(f"{'import':<14}{'wall ms':>10}{'import ms':>11}{'modules':>9}")
    for name in names:
        print(
            f"{name:<14}{statistics.median(walls[name]) * 1e3:>10.1f}"
            f"{statistics.median(imports[name]) / 1e3:>11.1f}{_modules(name):>9}"
        )
    for label, runs in uses.items():
        print(f"{label:<26}{statistics.median(runs) * 1e3:>10.1f}  (wall ms, first use)")
    ratio = statistics.median(imports["supportflow"]) / statistics.median(imports["pendulum"])
    verdict = "met" if ratio <= TARGET else "missed"
    print(f"ratio supportflow/pendulum (import): {ratio:.2f}x (target {TARGET}x: {verdict})")
    own: dict[str, float] = {
        key: statistics.median(run.get(key, 0) for run in selfs["supportflow"])
        for key in selfs["supportflow"][0]
    }
    print(f"slowest {args.top} modules under `import supportflow` (median self time):")
    for key, value in sorted(own.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {value / 1e3:7.2f} ms  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
