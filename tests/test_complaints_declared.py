"""The complaints package's declared documents: what the declarations add or must keep.

Each expected value below is written by hand from the documented row and record shapes,
not taken from the code's output.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json

import pytest

from supportflow import InvalidFieldError, SerializationError, json_schema
from supportflow._declarative import declared_types
from supportflow.complaints import (
    AmountBand,
    Complaint,
    ComplaintRules,
    PolicyCondition,
    Resolution,
    ResolutionKind,
    RootCauseTaxonomy,
)


def _complaint() -> Complaint:
    c = Complaint.receive(
        id="CMP-1",
        customer="C-1",
        channel="wechat",
        description="withdrawal missing",
        received_at="2025-03-03T09:00:00+08:00",
        actor="intake",
    )
    c.acknowledge("2025-03-03T10:00:00+08:00", "agent-li")
    return c


def test_the_complaint_row_is_declared_and_its_required_keys_are_the_schema_3_ones():
    assert Complaint in declared_types()
    assert json_schema(Complaint)["required"] == [
        "ask",
        "category",
        "channel",
        "customer",
        "description",
        "history",
        "id",
        "language",
        "priority",
        "received_at",
        "schema",
        "state",
        "version",
    ]


def test_the_row_keeps_its_key_order_version_first_and_history_last():
    c = _complaint()
    c.triage(
        "2025-03-03T11:00:00+08:00",
        "agent-li",
        category="withdrawal",
        owner="agent-li",
        in_scope=True,
        priority="P2",
    )
    assert list(c.to_dict()) == [
        "schema",
        "version",
        "id",
        "customer",
        "channel",
        "description",
        "received_at",
        "category",
        "ask",
        "priority",
        "state",
        "language",
        "owner",
        "history",
    ]


def test_embedding_writes_default_rules_in_their_place():
    """An audit export carries the rules even at their defaults, after `owner`'s place."""
    row = _complaint().to_dict(embed=True)
    assert row["rules"] == {
        "schema": 2,
        "reopen_window": "P4D",
        "auto_close_after": "P4D",
        "skew_tolerance": "PT0S",
    }
    keys = list(row)
    assert keys.index("language") < keys.index("rules") < keys.index("history")
    assert Complaint.from_dict(json.loads(json.dumps(row))) == _complaint()


def test_the_declared_reader_names_the_path_of_a_cross_field_mistake():
    row = json.loads(json.dumps(_complaint().to_dict()))
    with pytest.raises(SerializationError) as wrong_version:
        Complaint.from_dict({**row, "version": 5})
    assert wrong_version.value.path == "version"
    with pytest.raises(SerializationError) as wrong_state:
        Complaint.from_dict({**row, "state": "received"})
    assert wrong_state.value.path == "history"
    with pytest.raises(SerializationError) as blank_owner:
        Complaint.from_dict({**row, "owner": " "})
    assert blank_owner.value.path == "owner"


def test_a_policy_condition_and_its_band_read_back_from_a_hand_written_document():
    document = {"categories": ["fees", "card"], "amount": {"currency": "CNY", "below": "100"}}
    condition = PolicyCondition.from_dict(document)
    assert condition == PolicyCondition(
        categories=frozenset({"card", "fees"}),
        amount=AmountBand("CNY", None, decimal.Decimal(100)),
    )
    # Written back sorted, with the band's missing bound as null.
    assert condition.to_dict() == {
        "categories": ["card", "fees"],
        "amount": {"currency": "CNY", "at_least": None, "below": "100"},
    }
    assert AmountBand.from_dict({"currency": "CNY", "at_least": "5", "below": None}) == (
        AmountBand("CNY", decimal.Decimal(5))
    )


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ({"channels": ["app", " "]}, "channels[1]"),
        ({"amount": {"currency": "CNY"}}, "amount.below"),  # a band needs a bound
        ({"amount": {"currency": "CNY", "below": "1", "above": "0"}}, "amount.above"),
        ({"segment": ["vip"]}, "segment"),
    ],
)
def test_a_malformed_condition_names_its_path(document, path):
    with pytest.raises(SerializationError) as caught:
        PolicyCondition.from_dict(document)
    assert caught.value.path == path


def test_an_earlier_document_that_carries_a_later_key_is_refused_at_that_key():
    """Schema 1 had no `referral` (resolutions) and no `ref` (rules): present, it is corrupt."""
    resolution = {"schema": 1, "kind": "guidance", "text": "t", "amount": None, "currency": None}
    assert Resolution.from_dict(resolution) == Resolution(ResolutionKind.GUIDANCE, "t")
    with pytest.raises(SerializationError) as caught:
        Resolution.from_dict({**resolution, "referral": None})
    assert caught.value.path == "referral"
    rules = {"schema": 1, "reopen_window": "P4D", "auto_close_after": "P2D"}
    assert ComplaintRules.from_dict(rules) == ComplaintRules(auto_close_after=dt.timedelta(days=2))
    with pytest.raises(SerializationError) as ref:
        ComplaintRules.from_dict({**rules, "ref": "desk@1"})
    assert ref.value.path == "ref"


def test_a_taxonomy_is_checked_as_a_whole_by_its_own_rule():
    with pytest.raises(SerializationError) as caught:
        RootCauseTaxonomy.from_dict({"schema": 1, "causes": ["system", 3]})
    assert caught.value.path == "causes"
    with pytest.raises(InvalidFieldError):
        RootCauseTaxonomy(("system", "system"))
