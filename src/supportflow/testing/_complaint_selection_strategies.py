"""Hypothesis strategies for choosing a complaint's SLA policy (re-exported by `strategies`).

Amount bands, conditions, rules and policy books over the packaged policies. Bands crowd
their edges: an amount equal to a bound, bands one cent wide, open-ended bands.
"""

from __future__ import annotations

import decimal
import functools

from hypothesis import strategies as st

from supportflow.calendar import BusinessCalendar, cn_mainland, uk_england_wales
from supportflow.complaints import (
    AmountBand,
    Channel,
    Complexity,
    PolicyBook,
    PolicyCondition,
    PolicyRule,
)
from supportflow.sla import SlaPolicy, cn_banking_insurance, fca_disp, industry_default

__all__ = [
    "CURRENCIES",
    "JURISDICTIONS",
    "amount_bands",
    "complaint_policy_books",
    "complaint_policy_conditions",
    "complaint_policy_rules",
]

#: Currencies the complaint strategies use (XAU: a code without minor units).
CURRENCIES: tuple[str, ...] = ("CNY", "HKD", "USD", "GBP", "EUR", "XAU")
#: The jurisdictions with packaged referral rights.
JURISDICTIONS: tuple[str, ...] = ("CN", "GB", "HK", "US")
_CATEGORIES = ("general", "payments", "account", "app", "trading")
_SEGMENTS = ("retail", "vip", "merchant")
_PRODUCTS = ("card", "wallet", "loan")
_CENT = decimal.Decimal("0.01")
#: Amounts to the cent from 0 to a million, with the edges 0, 0.01 and 1000 often.
AMOUNTS: st.SearchStrategy[decimal.Decimal] = st.one_of(
    st.sampled_from((decimal.Decimal(0), _CENT, decimal.Decimal(1000))),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)


@functools.cache
def packaged_policies() -> tuple[SlaPolicy, ...]:
    """The policies complaints are drawn under.

    The industry default (CN and HK calendars), CN banking and insurance, FCA DISP.
    """
    cn = cn_mainland()
    return (
        industry_default(cn),
        industry_default(BusinessCalendar.always_open("Asia/Hong_Kong")),
        cn_banking_insurance(cn),
        fca_disp(uk_england_wales()),
    )


@functools.cache
def _unique_policies() -> tuple[SlaPolicy, ...]:
    by_name: dict[str, SlaPolicy] = {}
    for policy in packaged_policies():
        by_name.setdefault(policy.name, policy)
    return tuple(by_name.values())


@st.composite
def _bands(draw: st.DrawFn) -> AmountBand:
    currency = draw(st.sampled_from(CURRENCIES))
    shape = draw(st.sampled_from(("from", "below", "between", "one cent")))
    low = draw(AMOUNTS)
    if shape == "from":
        return AmountBand(currency, low)
    if shape == "below":
        return AmountBand(currency, below=low + _CENT)
    if shape == "one cent":
        return AmountBand(currency, low, low + _CENT)
    return AmountBand(currency, low, low + draw(AMOUNTS) + _CENT)


def amount_bands() -> st.SearchStrategy[AmountBand]:
    """Amount bands: from a bound, below a bound, between two, or one cent wide."""
    return _bands()


@st.composite
def complaint_policy_conditions(draw: st.DrawFn) -> PolicyCondition:
    """Conditions over a few facets, sometimes with an amount band."""
    facets = {
        "categories": st.sets(st.sampled_from(_CATEGORIES), max_size=2),
        "channels": st.sets(st.sampled_from([c.value for c in Channel]), max_size=2),
        "complexities": st.sets(st.sampled_from([c.value for c in Complexity]), max_size=1),
        "jurisdictions": st.sets(st.sampled_from(JURISDICTIONS), max_size=2),
        "segments": st.sets(st.sampled_from(_SEGMENTS), max_size=1),
        "products": st.sets(st.sampled_from(_PRODUCTS), max_size=2),
    }
    chosen = {k: frozenset(draw(v)) for k, v in facets.items() if draw(st.booleans())}
    band = draw(st.none() | amount_bands())
    return PolicyCondition(**chosen, amount=band)


def complaint_policy_rules(
    names: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[PolicyRule]:
    """Rules sending the complaints a drawn condition matches to a named policy.

    Args:
        names: Draws the policy's name; default the names of the packaged policies.
    """
    chosen = names if names is not None else st.sampled_from([p.name for p in _unique_policies()])
    return st.builds(PolicyRule, policy=chosen, when=complaint_policy_conditions())


@st.composite
def complaint_policy_books(draw: st.DrawFn) -> PolicyBook:
    """Policy books over the drawn policies: up to 4 rules and a default."""
    policies = draw(
        st.lists(
            st.sampled_from(_unique_policies()), min_size=1, max_size=3, unique_by=lambda p: p.name
        )
    )
    names = st.sampled_from([p.name for p in policies])
    rules = draw(st.lists(complaint_policy_rules(names), max_size=4))
    return PolicyBook(tuple(policies), tuple(rules), draw(names))
