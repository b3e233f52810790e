"""Events by name: what an entity's events are, what they take, and firing one from data.

An HTTP endpoint `POST /complaints/{id}/events/{name}` receives an event name and a JSON
object of arguments. `fire(entity, names, name, arguments)` checks both against the
entity's event methods (names, required and unknown arguments) and raises a typed
`InvalidFieldError` naming what is wrong, never a `TypeError`; `describe` lists each
event with its arguments and their descriptions, read from the method's signature and
its Google-style docstring, for an API's documentation.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

import attrs

from supportflow.errors import InvalidFieldError

__all__ = ["EventArgument", "EventSpec", "describe", "fire"]


@attrs.frozen
class EventArgument:
    """One argument of an event.

    Attributes:
        name: The keyword to pass it as.
        annotation: Its type as written in the method's signature (`"datetime | str"`).
        required: Whether the event needs it (it has no default).
        description: What it is, from the method's docstring (empty if undocumented).
    """

    name: str
    annotation: str
    required: bool
    description: str


@attrs.frozen
class EventSpec:
    """One event an entity accepts by name.

    Attributes:
        name: The event's name (`"acknowledge"`).
        description: The first paragraph of the method's docstring.
        arguments: Its keyword arguments, in signature order.

    `attrs.asdict(spec)` gives a JSON-safe dict of it (for an API's list of events).
    """

    name: str
    description: str
    arguments: tuple[EventArgument, ...]


_ARG_LINE = re.compile(r"^(\s*)(\w+)(?: \([^)]*\))?:\s*(.*)$")


def _arg_docs(doc: str) -> dict[str, str]:
    """The `Args:` section of a Google-style docstring, by argument name."""
    lines = inspect.cleandoc(doc).splitlines()
    out: dict[str, str] = {}
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "Args:")
    except StopIteration:
        return out
    current: str | None = None
    indent: int | None = None
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        width = len(line) - len(line.lstrip())
        if width == 0:
            break
        match = _ARG_LINE.match(line)
        if match is not None and (indent is None or width == indent):
            indent = width
            current = match.group(2)
            out[current] = match.group(3).strip()
        elif current is not None:
            out[current] = f"{out[current]} {line.strip()}".strip()
    return out


def _summary(doc: str) -> str:
    text = inspect.cleandoc(doc)
    return " ".join(text.split("\n\n", 1)[0].split())


def describe(cls: type, names: Collection[str]) -> tuple[EventSpec, ...]:
    """The events `names` of `cls`, each with its arguments, in the order given."""
    specs = []
    for name in names:
        method = getattr(cls, name)
        signature = inspect.signature(method)
        docs = _arg_docs(method.__doc__ or "")
        arguments = tuple(
            EventArgument(
                name=p.name,
                annotation=str(p.annotation) if p.annotation is not p.empty else "object",
                required=p.default is p.empty,
                description=docs.get(p.name, ""),
            )
            for p in list(signature.parameters.values())[1:]
            if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
        )
        specs.append(EventSpec(name, _summary(method.__doc__ or ""), arguments))
    return tuple(specs)


def check(
    cls: type, names: Collection[str], event: object, arguments: object
) -> tuple[Callable[..., Any], dict[str, object]]:
    """Check that `event` is one of `names` and `arguments` fit it; the method and kwargs.

    Raises:
        InvalidFieldError: an unknown event (`field="event"`), arguments that are not an
            object with string keys (`field="arguments"`), an unknown argument or a missing
            required one (`field="arguments.<name>"`).
    """
    if not isinstance(event, str) or event not in names:
        raise InvalidFieldError("event", event, f"be one of {', '.join(sorted(names))}")
    if not isinstance(arguments, Mapping) or not all(isinstance(k, str) for k in arguments):
        raise InvalidFieldError("arguments", arguments, "be an object with string keys")
    method = getattr(cls, event)
    parameters = list(inspect.signature(method).parameters.values())[1:]
    accepted = {
        p.name: p for p in parameters if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
    }
    for key in arguments:
        if key not in accepted:
            known = ", ".join(accepted) or "none"
            raise InvalidFieldError(
                f"arguments.{key}", arguments[key], f"be an argument of {event} ({known})"
            )
    for name, p in accepted.items():
        if p.default is p.empty and name not in arguments:
            raise InvalidFieldError(f"arguments.{name}", None, f"be given: {event} needs it")
    return method, dict(arguments)


def fire(
    entity: object, names: Collection[str], event: object, arguments: Mapping[str, object]
) -> Any:  # noqa: ANN401 - whatever the event method returns
    """Check `event` and `arguments` (see `check`), then call the event method."""
    method, kwargs = check(type(entity), names, event, arguments)
    return method(entity, **kwargs)
