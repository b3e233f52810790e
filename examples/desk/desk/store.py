"""The database: one JSON column per entity plus the columns queries need, and compare-and-swap.

Each table keeps the library's own `to_dict()` in `document` and copies out only what the
service queries or locks on: `state`, `version` (the entity's own counter, +1 per accepted
event) and, for complaints, `next_alarm` and the policy reference. A change is:

1. read the row (no lock held while the library decides);
2. rebuild the entity with `from_dict(document, registry=...)` and apply the event;
3. `UPDATE ... SET ... WHERE id = ? AND version = <the version read>`.

When step 3 changes no row, another request won the race: start again from step 1 with
the winner's row. An event that changed nothing (a webhook replay: same document) writes
nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection, Engine

from supportflow import Registry

__all__ = [
    "NotFoundError",
    "Store",
    "VersionConflictError",
    "alarms_due",
    "complaints",
    "metadata",
    "payments",
    "windows",
]

#: How often a change is attempted before the client gets a 409.
ATTEMPTS = 40


class UtcDateTime(sa.TypeDecorator[dt.datetime]):
    """An aware UTC instant on every backend.

    PostgreSQL keeps `timestamptz`; SQLite keeps text without an offset, and its driver
    hands back naive datetimes, which the library (rightly) refuses. Values are written in
    UTC and read back with `tzinfo=UTC`, so the column compares correctly on both.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> Any:  # noqa: ANN401
        """Write UTC; drop the offset where the backend cannot keep one."""
        if value is None:
            return None
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:  # noqa: ANN401
        """Read an aware UTC instant."""
        if not isinstance(value, dt.datetime):
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


metadata = sa.MetaData()

_document = sa.JSON().with_variant(JSONB(), "postgresql")


def _entity_table(name: str, *extra: sa.Column[Any]) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        *extra,
        sa.Column("document", _document, nullable=False),
    )


complaints = _entity_table(
    "complaints",
    sa.Column("state", sa.String(32), nullable=False, index=True),
    sa.Column("next_alarm", UtcDateTime, nullable=True, index=True),
    sa.Column("policy", sa.String(64), nullable=True, index=True),
)
payments = _entity_table("payments", sa.Column("state", sa.String(32), nullable=False, index=True))
windows = _entity_table("maintenance_windows")


def alarms_due(horizon: dt.datetime, limit: int) -> sa.Select[tuple[Any]]:
    """The documents of the complaints whose next alarm is at or before `horizon`.

    Soonest first: a range scan of the `next_alarm` index, never a read of every row.
    """
    return (
        sa.select(complaints.c.document)
        .where(complaints.c.next_alarm <= horizon)
        .order_by(complaints.c.next_alarm, complaints.c.id)
        .limit(limit)
    )


class Entity(Protocol):
    """What the store needs of a library entity."""

    @property
    def id(self) -> str:
        """Its id."""
        ...

    @property
    def version(self) -> int:
        """1 when created, +1 per accepted event."""
        ...

    def to_dict(self) -> dict[str, object]:
        """The JSON document."""
        ...


E = TypeVar("E", bound=Entity)
R = TypeVar("R")


#: `Type.from_dict`, called as `loader(document, registry=...)`.
Loader = Callable[..., E]


class NotFoundError(LookupError):
    """No row with that id."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"no {kind} {key!r}")
        self.kind = kind
        self.key = key


class VersionConflictError(RuntimeError):
    """Every attempt lost the race to other writers of the same row."""

    def __init__(self, kind: str, key: str, attempts: int) -> None:
        super().__init__(f"{kind} {key!r} kept changing: gave up after {attempts} attempts")
        self.kind = kind
        self.key = key
        self.attempts = attempts


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:  # noqa: ANN401
    # WAL lets readers go on while one request writes; the driver waits (timeout=) for
    # the write lock instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`: SQLite (a file) by default, PostgreSQL via psycopg 3."""
    if url.startswith("sqlite"):
        # "IMMEDIATE": a write transaction takes SQLite's write lock when it begins, so
        # concurrent writers queue (timeout) rather than fail on upgrading a read lock.
        engine = sa.create_engine(
            url, connect_args={"timeout": 30, "isolation_level": "IMMEDIATE"}, pool_size=20
        )
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)


class Store:
    """The service's tables, read and written with compare-and-swap."""

    def __init__(self, engine: Engine, registry: Registry) -> None:
        self.engine = engine
        self.registry = registry

    @classmethod
    def connect(cls, url: str, registry: Registry) -> Self:
        """Open `url` and create the tables that are missing."""
        engine = make_engine(url)
        metadata.create_all(engine)
        return cls(engine, registry)

    # -- rows ---------------------------------------------------------------------------

    def insert(self, table: sa.Table, entity: Entity, columns: dict[str, object]) -> bool:
        """Store a new entity; `False` when a row with its id exists (nothing written)."""
        row = {
            "id": entity.id,
            "version": entity.version,
            "document": entity.to_dict(),
            **columns,
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(table.insert().values(**row))
        except sa.exc.IntegrityError:
            return False
        return True

    def load(self, table: sa.Table, key: str, loader: Loader[E]) -> E:
        """The entity stored under `key`.

        Raises:
            NotFoundError: no such row.
        """
        with self.engine.connect() as conn:
            document = conn.execute(
                sa.select(table.c.document).where(table.c.id == key)
            ).scalar_one_or_none()
        if document is None:
            raise NotFoundError(table.name, key)
        return loader(document, registry=self.registry)

    def change(
        self,
        table: sa.Table,
        key: str,
        loader: Loader[E],
        event: Callable[[E], R],
        columns: Callable[[E], dict[str, object]],
    ) -> tuple[E, R]:
        """Apply `event` to the stored entity, and save the entity if that changed it.

        `event` gets a fresh copy of the row on each attempt, so it must do nothing but
        call the entity (it may run more than once; only one run is ever saved).

        Raises:
            NotFoundError: no such row.
            VersionConflictError: other writers won `ATTEMPTS` races in a row.
            SupportflowError: whatever the library refused (nothing is written).
        """

        def step(entity: E) -> tuple[E, R]:
            return entity, event(entity)

        return self._swap(table, key, loader, step, columns)

    def replace(
        self,
        table: sa.Table,
        key: str,
        loader: Loader[E],
        new: Callable[[E], E],
        columns: Callable[[E], dict[str, object]],
    ) -> E:
        """Save `new(entity)` in place of the stored entity (same rules as `change`)."""

        def step(entity: E) -> tuple[E, None]:
            return new(entity), None

        return self._swap(table, key, loader, step, columns)[0]

    def _swap(
        self,
        table: sa.Table,
        key: str,
        loader: Loader[E],
        step: Callable[[E], tuple[E, R]],
        columns: Callable[[E], dict[str, object]],
    ) -> tuple[E, R]:
        for attempt in range(ATTEMPTS):
            with self.engine.connect() as conn:
                found = conn.execute(
                    sa.select(table.c.version, table.c.document).where(table.c.id == key)
                ).one_or_none()
            if found is None:
                raise NotFoundError(table.name, key)
            read_version, document = found
            entity, result = step(loader(document, registry=self.registry))
            changed = entity.to_dict()
            if changed == document:
                return entity, result  # an idempotent replay: nothing to write
            with self.engine.begin() as conn:
                saved = conn.execute(
                    table.update()
                    .where(table.c.id == key, table.c.version == read_version)
                    .values(version=entity.version, document=changed, **columns(entity))
                ).rowcount
            if saved == 1:
                return entity, result
            # Lost the race: back off a little (more each time), then read the winner's row.
            time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 - jitter, not crypto
        raise VersionConflictError(table.name, key, ATTEMPTS)

    def documents(self, statement: sa.Select[Any]) -> Iterator[Any]:
        """The `document` column of every row `statement` selects."""
        with self.engine.connect() as conn:
            yield from conn.execute(statement).scalars()

    def ids(self, statement: sa.Select[Any]) -> Sequence[str]:
        """The ids `statement` selects."""
        with self.engine.connect() as conn:
            return list(conn.execute(statement).scalars())

    def execute(self, work: Callable[[Connection], R]) -> R:
        """Run `work` in one transaction."""
        with self.engine.begin() as conn:
            return work(conn)
