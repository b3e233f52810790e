"""The desk example as a real server: uvicorn in a subprocess on 127.0.0.1, driven over HTTP.

SQLite (a file in the test's temporary folder) by default; a real PostgreSQL server when
`SUPPORTFLOW_DESK_DATABASE_URL` is set (`.ci/run` starts one), whose tables are dropped
before each test.
"""

from __future__ import annotations

import os
import pathlib
import sys
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from desk_example.desk_harness import DESK, Desk

sys.path.insert(0, str(DESK))

from desk.store import metadata

POSTGRES_URL = os.environ.get("SUPPORTFLOW_DESK_DATABASE_URL")


def _fresh_database(folder: pathlib.Path) -> str:
    if POSTGRES_URL is None:
        return f"sqlite:///{folder / 'desk.sqlite3'}"
    engine = sa.create_engine(POSTGRES_URL)
    metadata.drop_all(engine)
    engine.dispose()
    return POSTGRES_URL


@pytest.fixture
def desk(tmp_path: pathlib.Path) -> Iterator[Desk]:
    """A desk server (not started: call `start`) on a fresh database; stopped afterwards."""
    server = Desk(_fresh_database(tmp_path), tmp_path / "desk.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def running_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """One started desk server for a whole module (tests use ids of their own)."""
    folder = tmp_path_factory.mktemp("desk")
    server = Desk(_fresh_database(folder), folder / "desk.log")
    yield server.start()
    server.stop()
