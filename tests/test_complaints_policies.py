"""Policy selection by ordered conditions, at intake and on re-triage (issue 18, case 3)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from supportflow import IllegalTransitionError, InvalidFieldError, SerializationError
from supportflow.calendar import cn_mainland, uk_england_wales
from supportflow.complaints import (
    AmountBand,
    CaseFacts,
    Complaint,
    PolicyBook,
    PolicyCondition,
    PolicyRule,
    Transaction,
    load_policy_book,
)
from supportflow.sla import (
    ElapsedDuration,
    SlaPolicy,
    SlaTarget,
    cn_banking_insurance,
    fca_disp,
    industry_default,
)

SH = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC


def sh(text: str) -> dt.datetime:
    """An instant in Shanghai wall time."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SH)


def utc(text: str) -> dt.datetime:
    """An instant in UTC."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


CN = cn_banking_insurance(cn_mainland())
UK = fca_disp(uk_england_wales())
DEFAULT = industry_default(cn_mainland())
BOOK = PolicyBook(
    (CN, UK, DEFAULT),
    (
        PolicyRule(
            CN.name,
            PolicyCondition(jurisdictions={"CN"}, complexities={"complex", "particularly_complex"}),
        ),
        PolicyRule(UK.name, PolicyCondition(jurisdictions={"GB"})),
        PolicyRule(CN.name, PolicyCondition(amount=AmountBand("CNY", at_least=Decimal(100000)))),
    ),
    DEFAULT.name,
)


def complaint(jurisdiction: str, *amounts: str, book: PolicyBook = BOOK) -> Complaint:
    """Received 1 Sep 2025 10:00 Shanghai with CNY transactions of `amounts`."""
    return Complaint.receive(
        id="CMP-P",
        customer="C-1",
        channel="wechat",
        description="x",
        received_at=sh("2025-09-01T10:00"),
        actor="bot",
        jurisdiction=jurisdiction,
        transactions=[Transaction(f"T{i}", Decimal(a), "CNY") for i, a in enumerate(amounts)],
        sla_policy=book,
    )


@pytest.mark.parametrize(
    ("jurisdiction", "amounts", "expected"),
    [
        ("CN", ("5000",), "industry_default"),  # no rule matches: the default
        # |70,000| + |-50,000| = 120,000 CNY >= 100,000: rule 3.
        ("CN", ("70000", "-50000"), "cn_banking_insurance"),
        ("CN", ("100000",), "cn_banking_insurance"),  # at_least is inclusive
        ("CN", ("99999.99",), "industry_default"),
        ("GB", ("5000",), "fca_disp"),
        # First match wins: rule 2 (GB) comes before rule 3 (the amount).
        ("GB", ("200000",), "fca_disp"),
        ("US", (), "industry_default"),  # no amount in CNY: not in the band
    ],
)
def test_intake_chooses_the_first_matching_rule(jurisdiction, amounts, expected):
    """Rules are tried in order; the intake record names the policy chosen."""
    c = complaint(jurisdiction, *amounts)
    assert c.sla_policy is not None
    assert c.sla_policy.name == expected
    assert c.history[0].data["policy"] == expected


def test_band_bounds_and_facets():
    """`below` is exclusive; a fact that is None matches only an empty facet."""
    band = AmountBand("USD", at_least=Decimal(10), below=Decimal(20))
    assert [band.contains(Decimal(v)) for v in ("9.99", "10", "19.99", "20")] == [
        False,
        True,
        True,
        False,
    ]
    vip = PolicyCondition(segments={"vip"}, channels={"phone"})
    facts = CaseFacts("general", "phone", segment="vip")
    assert vip.matches(facts)
    assert not vip.matches(CaseFacts("general", "phone"))
    assert not vip.matches(CaseFacts("general", "email", segment="vip"))
    assert PolicyCondition().matches(CaseFacts("general", "email"))


def test_reselection_after_triage_moves_to_the_regulatory_policy():
    """Assessed complex: the CN rules apply; their decision clock counts from intake."""
    c = complaint("CN", "5000")
    c.acknowledge(sh("2025-09-01T10:30"), "agent-wang")
    c.triage(
        sh("2025-09-01T11:00"),
        "agent-wang",
        in_scope=True,
        category="trading",
        priority="P2",
        owner="agent-wang",
        complexity="complex",
    )
    record = c.reselect_policy(sh("2025-09-03T10:00"), "agent-wang", book=BOOK)
    assert c.sla_policy == CN
    assert record.data == {
        "policy": "cn_banking_insurance",
        "changed": True,
        "dropped": ["first_response", "next_update", "resolution"],
    }
    decision = c.sla_status(sh("2025-09-03T10:00"))["decision"].current
    assert decision is not None
    # 15 days from receipt on 1 September (the Civil Code count): 24:00 on 16 September.
    assert decision.due_at == sh("2025-09-17T00:00")
    assert decision.elapsed == dt.timedelta(days=2)


def test_reselection_keeps_shared_targets_and_reveals_past_breaches():
    """Same-named targets are replayed under the new goal; new ones count from intake."""
    standard = SlaPolicy(
        "standard", (SlaTarget("resolution", ElapsedDuration(dt.timedelta(days=10))),)
    )
    fraud = SlaPolicy(
        "fraud",
        (
            SlaTarget("resolution", ElapsedDuration(dt.timedelta(days=2))),
            SlaTarget("review", ElapsedDuration(dt.timedelta(days=7))),
        ),
    )
    book = PolicyBook(
        (standard, fraud), (PolicyRule("fraud", PolicyCondition(categories={"fraud"})),), "standard"
    )
    c = Complaint.receive(
        id="CMP-F",
        customer="C-2",
        channel="phone",
        description="unknown transfer",
        received_at=utc("2025-09-01T00:00"),
        actor="bot",
        sla_policy=book,
    )
    assert c.sla_policy == standard
    c.acknowledge(utc("2025-09-01T01:00"), "agent")
    c.triage(
        utc("2025-09-04T00:00"), "agent", in_scope=True, category="fraud", priority="P3", owner="a"
    )
    c.reselect_policy(utc("2025-09-04T00:00"), "agent", book=book)
    status = c.sla_status(utc("2025-09-04T00:00"))
    resolution = status["resolution"].current
    review = status["review"].current
    assert resolution is not None
    assert review is not None
    # Two days from 1 Sep 00:00: due 3 Sep 00:00, a day before the re-triage.
    assert resolution.due_at == utc("2025-09-03T00:00")
    assert resolution.breached
    assert review.due_at == utc("2025-09-08T00:00")
    # The same choice again: recorded, nothing moves.
    clocks = c.clocks
    record = c.reselect_policy(utc("2025-09-05T00:00"), "agent", book=book)
    assert record.data == {"policy": "fraud", "changed": False}
    assert c.clocks == clocks


def test_reselection_is_refused_where_no_work_is_owed():
    """RECEIVED (not yet acknowledged) or finished: refused; a non-book is a field error."""
    c = complaint("CN", "5000")
    with pytest.raises(IllegalTransitionError):
        c.reselect_policy(sh("2025-09-01T11:00"), "agent", book=BOOK)
    with pytest.raises(InvalidFieldError) as info:
        c.reselect_policy(sh("2025-09-01T11:00"), "agent", book=CN)  # type: ignore[arg-type]
    assert info.value.field == "book"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"default": "missing"}, "default"),
        ({"rules": (PolicyRule("nope", PolicyCondition()),)}, "rules[0].policy"),
        ({"policies": (CN, CN)}, "policies[1].name"),
    ],
)
def test_books_name_only_their_policies(kwargs, field):
    """A default is required and every name must be a policy of the book."""
    args = {"policies": (CN, DEFAULT), "rules": (), "default": DEFAULT.name, **kwargs}
    with pytest.raises(InvalidFieldError) as info:
        PolicyBook(**args)
    assert info.value.field == field


def test_bad_conditions_are_refused():
    """A band without bounds, an empty band, a bare string as a facet."""
    with pytest.raises(InvalidFieldError):
        AmountBand("CNY")
    with pytest.raises(InvalidFieldError) as info:
        AmountBand("CNY", at_least=Decimal(5), below=Decimal(5))
    assert info.value.field == "below"
    with pytest.raises(InvalidFieldError) as info:
        PolicyCondition(categories="fraud")
    assert info.value.field == "categories"


def test_json_configuration_round_trips_and_names_paths():
    """load_policy_book reads to_dict() output; errors name the JSON path."""
    doc = json.loads(json.dumps(BOOK.to_dict()))
    assert doc["rules"][2]["when"] == {
        "amount": {"currency": "CNY", "at_least": "100000", "below": None}
    }
    assert load_policy_book(doc) == BOOK
    bad = copy.deepcopy(doc)
    bad["rules"][2]["when"]["amount"]["at_least"] = "lots"
    with pytest.raises(SerializationError) as info:
        load_policy_book(bad)
    assert info.value.path == "rules[2].when.amount.at_least"
    bad = copy.deepcopy(doc)
    bad["rules"][0]["when"]["channel"] = ["phone"]  # a typo: the facet is "channels"
    with pytest.raises(SerializationError) as info:
        load_policy_book(bad)
    assert info.value.path == "rules[0].when.channel"
    bad = copy.deepcopy(doc)
    bad["default"] = "nope"
    with pytest.raises(SerializationError) as info:
        load_policy_book(bad)
    assert info.value.path == "default"
