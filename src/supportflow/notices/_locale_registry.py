"""The registry of locale tables: which table serves a customer's tag, and its chain.

A customer's tag (`ja-JP`, `zh_TW`) is matched case-insensitively against each table's tag
and aliases (exact ones first, then `xx-*` wildcards, longest first); the chain is the
table's tag followed by its declared fallbacks.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from supportflow.errors import InvalidFieldError
from supportflow.notices._locale_formats import Formats
from supportflow.notices._locale_table import LocaleTable, builtin_tables, formats_of

__all__ = ["Registry", "builtin_registry", "registry"]


class Registry:
    """Tables by tag, and the chains customers' tags resolve to."""

    __slots__ = ("_cache", "chains", "exact", "prefixes", "refusal", "tables")

    def __init__(self, tables: Iterable[LocaleTable]) -> None:
        self.tables: dict[str, LocaleTable] = {}
        for table in tables:
            if table.tag in self.tables:
                raise InvalidFieldError(
                    "locale_tables", table.tag, "hold one table per locale, none for a built-in one"
                )
            self.tables[table.tag] = table
        self.exact: dict[str, str] = {}
        prefixes: list[tuple[str, str]] = []
        for tag, table in self.tables.items():
            for alias in (tag, *table.aliases):
                key = alias.lower()
                if key.endswith("-*"):
                    prefix = key[:-1]
                    if any(p == prefix for p, _ in prefixes):
                        raise InvalidFieldError(
                            "locale_tables", alias, "be an alias of one locale only"
                        )
                    prefixes.append((prefix, tag))
                elif self.exact.setdefault(key, tag) != tag:
                    raise InvalidFieldError(
                        "locale_tables", alias, "be an alias of one locale only"
                    )
        self.prefixes = tuple(sorted(prefixes, key=lambda p: -len(p[0])))
        self.chains: dict[str, tuple[str, ...]] = {}
        for tag, table in self.tables.items():
            for fallback in table.fallbacks:
                if fallback not in self.tables:
                    raise InvalidFieldError(
                        f"locale_tables.{tag}.fallbacks",
                        fallback,
                        f"name known locales ({', '.join(self.tables)})",
                    )
            self.chains[tag] = (tag, *table.fallbacks)
        names = list(self.tables)
        listed = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
        aliases = ", ".join(a for t in self.tables.values() for a in t.aliases)
        self.refusal = f"be {listed}, or a tag that falls back to them ({aliases})"
        self._cache: dict[str, tuple[str, ...]] = {}

    def chain(self, tag: object) -> tuple[str, ...]:
        """The chain for a customer's `tag`.

        Raises:
            InvalidFieldError: no table serves `tag`.
        """
        if isinstance(tag, str):
            cached = self._cache.get(tag)
            if cached is not None:
                return cached
            key = tag.replace("_", "-").lower()
            start = self.exact.get(key)
            if start is None and key.isascii():
                start = next((t for prefix, t in self.prefixes if key.startswith(prefix)), None)
            if start is not None:
                chain = self.chains[start]
                if len(self._cache) < 256:
                    self._cache[tag] = chain
                return chain
        raise InvalidFieldError("locale", tag, self.refusal)

    def formats(self, locale: str) -> Formats:
        """The compiled formats of `locale` (a tag of this registry)."""
        return formats_of(self.tables[locale])


@functools.cache
def builtin_registry() -> Registry:
    """The registry of the built-in tables only."""
    return Registry(builtin_tables().values())


@functools.lru_cache(maxsize=32)
def _with(added: tuple[LocaleTable, ...]) -> Registry:
    return Registry((*builtin_tables().values(), *added))


def registry(added: Iterable[LocaleTable]) -> Registry:
    """The built-in tables plus `added` (checked: tables, unique tags, known fallbacks).

    Raises:
        InvalidFieldError: an element is not a `LocaleTable`, two tables share a tag or an
            alias, a table redefines a built-in locale, or a fallback is unknown.
    """
    if isinstance(added, str | bytes | Mapping) or not isinstance(added, Iterable):
        raise InvalidFieldError("locale_tables", added, "be a collection of LocaleTable objects")
    tables: list[LocaleTable] = []
    for item in added:
        if not isinstance(item, LocaleTable):
            raise InvalidFieldError("locale_tables", item, "be LocaleTable objects")
        if item not in tables:
            tables.append(item)
    if not tables:
        return builtin_registry()
    return _with(tuple(tables))
