"""What this service configures in supportflow: its registry, priority model and notice texts.

Stored rows name their SLA policy by reference (`"desk_default@1"`), so the registry must
hold every version any row may name: a new deployment adds a version and keeps the old
ones. `DESK_POLICY_VERSION` chooses the version new complaints get, and the one
`POST /admin/policy-upgrade` moves stored complaints to (the latest when unset).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Final

import attrs

from supportflow import PriorityModel, Registry, SlaPolicy
from supportflow.calendar import cn_mainland
from supportflow.notices import catalog
from supportflow.sla import ElapsedDuration, industry_default

__all__ = [
    "CATALOG",
    "HOST_VALUES",
    "POLICY_NAME",
    "PRIORITY_MODEL",
    "build_registry",
    "current_policy",
]

POLICY_NAME: Final = "desk_default"

#: What the notice templates ask of the host rather than of the maintenance window.
HOST_VALUES: Final = {
    "brand": "AurumPay",
    "hotline": "400-820-8820",
    "details_url": "https://desk.example.com/maintenance",
}

#: The built-in notice texts; links may only point at our own host.
CATALOG: Final = catalog(hosts=["desk.example.com"])

#: The default weights; the team's own channels would go through `with_channels`.
PRIORITY_MODEL: Final = PriorityModel()


def _policies() -> tuple[SlaPolicy, SlaPolicy]:
    # Holiday data for years not yet announced is provisional (the figures say so)
    # rather than refused: the service runs on the wall clock.
    v1 = industry_default(cn_mainland(beyond_data="provisional"))
    first = v1.target("first_response")
    faster = attrs.evolve(
        first,
        rule=ElapsedDuration(
            dt.timedelta(hours=12),
            first.rule.timezone,  # type: ignore[union-attr] # an ElapsedDuration in v1
            source="desk: acknowledge within 12 hours (was 24)",
        ),
    )
    v2 = attrs.evolve(
        v1, targets=tuple(faster if t.name == "first_response" else t for t in v1.targets)
    )
    return v1, v2


def build_registry() -> Registry:
    """Every policy version a stored row may refer to."""
    registry = Registry()
    for version, policy in enumerate(_policies(), start=1):
        registry.add(policy, name=POLICY_NAME, version=version)
    return registry


def current_policy(registry: Registry) -> SlaPolicy:
    """The policy version new complaints get (`DESK_POLICY_VERSION`, else the latest)."""
    chosen = os.environ.get("DESK_POLICY_VERSION")
    if chosen is None:
        return registry.latest(POLICY_NAME, SlaPolicy)
    return registry.get(f"{POLICY_NAME}@{chosen}", SlaPolicy)
