"""Values for one named template: exactly the variables it declares, from a source and the host.

A maintenance window or a send plan knows some values (`start`, `end`, `ended_at`, ...);
a template declares the variables it renders. `fill` picks, for one template, exactly
the declared variables: the source's values, then the host's (`brand`, `hotline`, ...).
So `template.render(fill(...))` never sees an undeclared key, and a required variable
nobody supplies is refused here, naming it, rather than at render time.
"""

from __future__ import annotations

from collections.abc import Mapping

from supportflow.errors import InvalidFieldError
from supportflow.notices._catalog import CATALOG_NAMES, catalog
from supportflow.notices._model import NoticeTemplate

__all__ = ["fill", "template_named"]


def template_named(template: NoticeTemplate | str) -> NoticeTemplate:
    """`template` itself, or the built-in catalog's template of that name.

    Raises:
        InvalidFieldError: neither a `NoticeTemplate` nor a catalog name.
    """
    if isinstance(template, NoticeTemplate):
        return template
    if template in CATALOG_NAMES:
        return catalog()[template]
    raise InvalidFieldError(
        "template", template, f"be a NoticeTemplate or a catalog name ({', '.join(CATALOG_NAMES)})"
    )


def fill(
    template: NoticeTemplate | str,
    source: Mapping[str, object],
    host: Mapping[str, object],
    *,
    owner: str,
) -> dict[str, object]:
    """The values to render `template` with: declared variables only, source first.

    Args:
        template: The template, or a catalog name.
        source: What the window or plan supplies (only the names it can supply).
        host: The host's values (`brand=...`); may not replace a source value, and must
            each be a variable the template declares.
        owner: Names the source in error messages (`"the window"`).

    Raises:
        InvalidFieldError: an unknown template; a host value that replaces a source value
            or that the template does not declare; a required variable nobody supplied;
            an enum value outside the template's choices.
    """
    chosen = template_named(template)
    declared = {v.name: v for v in chosen.variables}
    for name, value in host.items():
        if name in source:
            raise InvalidFieldError(name, value, f"not replace {owner}'s own value")
        if name not in declared:
            raise InvalidFieldError(
                name, value, f"be a variable {chosen.name} declares ({', '.join(declared)})"
            )
    merged = {**source, **host}
    missing = [v.name for v in chosen.variables if v.required and v.name not in merged]
    if missing:
        raise InvalidFieldError(
            missing[0],
            None,
            f"be given: {chosen.name} requires {', '.join(missing)}, which {owner} does "
            "not supply (pass them as keywords)",
        )
    out = {name: merged[name] for name in declared if name in merged}
    for name, value in out.items():
        choices = declared[name].choices
        if choices and value not in choices:
            raise InvalidFieldError(
                name, value, f"be one of the choices {chosen.name} declares: {', '.join(choices)}"
            )
    return out
