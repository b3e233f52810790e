"""The declared JSON Schemas of the complaints' values, records and read models.

Every complaints value, record and read model (the `Complaint` row included) states its
document once, in its attrs fields (`supportflow._declarative`), and its JSON Schema is
derived from that declaration; nothing is declared here by hand any more. The module stays
(empty) because `_json_schema` gathers every `_schemas*` module's `declarations()`.
"""

from __future__ import annotations

from collections.abc import Callable

from supportflow._json_schema import Schema

__all__ = ["declarations"]


def declarations() -> dict[type, Callable[[], Schema]]:
    """No complaints type is declared by hand: each derives its schema from its fields."""
    return {}
