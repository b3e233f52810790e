"""Root pytest configuration: Hypothesis profiles and the docs' Python examples as tests."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser

# `ci`: reproducible and bounded (CI=true on the CI machine). `dev`: the default locally.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None, print_blob=True)
# `thorough`: `make fuzz`; random seeds, many more examples, no deadline.
settings.register_profile(
    "thorough",
    derandomize=False,
    max_examples=2000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

# Every ```python block in README.md and docs/*.md runs as a test, in file order, sharing
# one namespace per document; so does every ```python block in a docstring of the package
# (the `Example:` sections the API reference shows).
pytest_collect_file = (
    Sybil(parsers=[PythonCodeBlockParser()], patterns=["README.md", "docs/*.md"])
    + Sybil(parsers=[PythonCodeBlockParser()], patterns=["*.py"], path="src/supportflow")
).pytest()
