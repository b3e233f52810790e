# ruff: noqa: RUF001 - the Chinese letters use full-width punctuation on purpose
"""Referral rights per jurisdiction and language, and external referrals (issue 18, case 1)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest

from supportflow import IllegalTransitionError, InvalidFieldError, SerializationError
from supportflow.complaints import (
    LANGUAGES,
    BodyKind,
    Complaint,
    ComplaintState,
    ReferralStatement,
    ResolutionKind,
    load_referral_rights,
    referral_rights,
)

UTC = dt.UTC
S = ComplaintState


def t(text: str) -> dt.datetime:
    """An instant written in UTC (hand-worked figures below are in UTC)."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def new(jurisdiction: str | None = "CN", language: str = "zh-Hans") -> Complaint:
    """A received complaint of `jurisdiction`, in `language`, at P3."""
    return Complaint.receive(
        id="CMP-R1",
        customer="C-1",
        channel="wechat",
        description="黄金卖单成交价格与报价不符",
        received_at=t("2025-09-01T02:00"),
        actor="bot",
        jurisdiction=jurisdiction,
        language=language,
    )


def investigating(c: Complaint) -> Complaint:
    """Acknowledged and triaged in scope, owner agent-wang, P3."""
    c.acknowledge(t("2025-09-01T03:00"), "agent-wang")
    c.triage(
        t("2025-09-01T04:00"),
        "agent-wang",
        in_scope=True,
        category="trading",
        priority="P3",
        owner="agent-wang",
    )
    return c


def fields(c: Complaint) -> dict[str, object]:
    """Every field, for before/after comparisons."""
    return {name: getattr(c, name) for name in c.__slots__ if not name.startswith("__")}


# -- the data -------------------------------------------------------------------------


def test_packaged_rights_name_the_bodies_of_each_jurisdiction():
    """GB: the ombudsman; US: the CFPB; CN: the NFRA and mediation bodies; HK: the FDRC."""
    rights = load_referral_rights()
    assert sorted(rights) == ["CN", "GB", "HK", "US"]
    assert rights["GB"].body("uk-fos").kind is BodyKind.OMBUDSMAN
    assert [b.id for b in rights["CN"].bodies] == ["cn-nfra", "cn-mediation"]
    assert rights["US"].bodies[0].name("en") == "Consumer Financial Protection Bureau"
    assert rights["HK"].bodies[0].name("zh-Hant") == "金融糾紛調解中心"
    assert rights["CN"].body("cn-nfra").contact == "12378"
    for each in rights.values():
        for body in each.bodies:
            assert [lang for lang, _ in body.statements] == list(LANGUAGES)


def test_statement_is_in_the_customers_language():
    """The CN statement in Simplified Chinese names 监管机构 and 12378, then mediation."""
    statement = referral_rights("CN").statement("zh-Hans")
    assert statement.body_ids == ("cn-nfra", "cn-mediation")
    assert "监管机构" in statement.text
    assert "12378" in statement.text
    assert statement.text.endswith("金融纠纷调解组织申请调解。")
    traditional = referral_rights("CN").statement("zh-Hant")
    assert "監管機構" in traditional.text
    english = referral_rights("GB").statement("en").text
    assert "within six months" in english


@pytest.mark.parametrize(
    ("final", "expected"),
    [
        # Six calendar months on; 31 August has no 31 February, so the month's last day.
        ("2025-08-31T12:00", "2026-02-28T12:00"),
        ("2025-03-15T09:30", "2025-09-15T09:30"),
        ("2027-08-31T00:00", "2028-02-29T00:00"),  # a leap year
    ],
)
def test_uk_ombudsman_window_is_six_months_from_the_final_response(final, expected):
    """refer_by: six calendar months after the final response, clamped to the month's end."""
    fos = referral_rights("GB").body("uk-fos")
    assert fos.refer_by(t(final)) == t(expected)


def test_bodies_without_a_final_response_window_say_so():
    """The FDRC counts from when the customer learned of the loss: no window is computed."""
    assert referral_rights("HK").body("hk-fdrc").refer_by(t("2025-01-01T00:00")) is None


def test_unknown_jurisdiction_and_language_are_refused():
    """Typed errors name the field and the value."""
    with pytest.raises(InvalidFieldError) as info:
        referral_rights("FR")
    assert (info.value.field, info.value.value) == ("jurisdiction", "FR")
    with pytest.raises(InvalidFieldError) as info:
        referral_rights("GB").statement("de")
    assert (info.value.field, info.value.value) == ("language", "de")


def test_loader_errors_name_the_json_path():
    """A body missing its Traditional Chinese name is refused at jurisdictions.GB[0].names."""
    doc = json.loads(json.dumps({"schema": 1, "jurisdictions": {"GB": []}}))
    good = referral_rights("GB").bodies[0].to_dict()
    del good["schema"], good["jurisdiction"]
    doc["jurisdictions"]["GB"] = [copy.deepcopy(good)]
    assert load_referral_rights(doc)["GB"].bodies[0] == referral_rights("GB").bodies[0]
    del doc["jurisdictions"]["GB"][0]["names"]["zh-Hant"]
    with pytest.raises(SerializationError) as info:
        load_referral_rights(doc)
    assert info.value.path == "jurisdictions.GB[0].names"
    doc["jurisdictions"]["GB"][0] = dict(good, respond_within="two weeks")
    with pytest.raises(SerializationError) as info:
        load_referral_rights(doc)
    assert info.value.path == "jurisdictions.GB[0].respond_within"


# -- the rejection guard --------------------------------------------------------------


def test_chinese_rejection_naming_the_regulator_and_12378_is_accepted():
    """Own wording in Chinese with the CN bodies as structure: accepted, then resolved."""
    c = investigating(new())
    cn = referral_rights("CN")
    statement = ReferralStatement(
        "CN",
        "zh-Hans",
        cn.bodies,
        "如对本处理结果有异议，您可向监管机构反映，或拨打12378热线；也可申请金融纠纷调解。",
    )
    c.propose_resolution(
        t("2025-09-05T08:00"),
        "agent-wang",
        kind="rejection",
        text="经核查，成交价格与当时报价一致。",
        referral=statement,
    )
    c.resolve(t("2025-09-05T09:00"), "agent-wang")
    assert c.state is S.RESOLVED
    assert c.resolution is not None
    assert c.resolution.referral == statement
    record = c.history[-2]
    assert record.data["referral"] == {
        "jurisdiction": "CN",
        "language": "zh-Hans",
        "bodies": ["cn-nfra", "cn-mediation"],
    }


def test_the_complaint_chooses_its_statement():
    """referral_statement(): the packaged rights of its jurisdiction, in its language."""
    c = new("HK", "zh-Hant")
    assert c.referral_statement() == referral_rights("HK").statement("zh-Hant")
    with pytest.raises(InvalidFieldError) as info:
        new(None).referral_statement()
    assert info.value.field == "jurisdiction"


@pytest.mark.parametrize(
    ("jurisdiction", "language", "statement", "field"),
    [
        # English keywords alone are not a statement of rights.
        ("GB", "en", None, "referral"),
        ("CN", "zh-Hans", ("GB", "zh-Hans"), "referral.jurisdiction"),
        ("CN", "zh-Hant", ("CN", "zh-Hans"), "referral.language"),
    ],
)
def test_rejections_are_checked_on_their_structure(jurisdiction, language, statement, field):
    """Missing rights, another jurisdiction's, or another language: refused, nothing changed."""
    c = investigating(new(jurisdiction, language))
    before = fields(c)
    referral = None if statement is None else referral_rights(statement[0]).statement(statement[1])
    with pytest.raises(InvalidFieldError) as info:
        c.propose_resolution(
            t("2025-09-05T08:00"),
            "agent-wang",
            kind=ResolutionKind.REJECTION,
            text="No fault found; you may go to the Financial Ombudsman or the regulator.",
            referral=referral,
        )
    assert info.value.field == field
    assert fields(c) == before


def test_a_complaint_without_jurisdiction_takes_the_statements():
    """Nothing is guessed: the jurisdiction comes from the statement the firm chose."""
    c = investigating(new(None, "en"))
    c.propose_resolution(
        t("2025-09-05T08:00"),
        "agent-wang",
        kind="rejection",
        text="No fault found.",
        referral=referral_rights("US").statement("en"),
    )
    assert c.jurisdiction == "US"


def test_a_partly_upheld_complaint_may_state_rights_too():
    """A compensation offer may carry the statement; it is checked the same way."""
    c = investigating(new("GB", "en"))
    c.propose_resolution(
        t("2025-09-05T08:00"),
        "agent-wang",
        kind="compensation",
        text="Partly upheld: 20 GBP for the delay.",
        amount=Decimal("20.00"),
        currency="GBP",
        referral=c.referral_statement(),
    )
    assert c.resolution is not None
    assert c.resolution.referral is not None


# -- external referrals ---------------------------------------------------------------


def test_referral_on_an_open_complaint_keeps_it_open_and_starts_the_bodys_clock():
    """INVESTIGATING stays; P3 -> P2; the FOS clock: 14 days from 1 Oct 09:00 UTC."""
    c = investigating(new("GB", "en"))
    record = c.external_referral(
        t("2025-10-01T09:00"),
        "agent-wang",
        body="uk-fos",
        reference="FOS-123",
        referred_on="2025-09-30",
    )
    assert c.state is S.INVESTIGATING
    assert c.priority == "P2"
    assert record.data == {
        "body": "uk-fos",
        "reference": "FOS-123",
        "referred_on": "2025-09-30",
        "priority": "P2",
        "due_at": "2025-10-15T09:00:00+00:00",
    }
    status = c.sla_status(t("2025-10-02T09:00"))["referral:FOS-123"].current
    assert status is not None
    assert status.due_at == t("2025-10-15T09:00")
    assert status.elapsed == dt.timedelta(days=1)
    # The first warning is at 50 % of 14 days: 8 Oct 09:00.
    assert c.next_alarm(t("2025-10-02T09:00")) == t("2025-10-08T09:00")
    assert c.referrals[0].referred_on == dt.date(2025, 9, 30)


def test_referral_reopens_a_closed_complaint_until_the_body_is_answered():
    """CLOSED -> ESCALATED; close refused while the body waits; answered, it closes again."""
    c = investigating(new("CN", "zh-Hans"))
    c.propose_resolution(
        t("2025-09-05T08:00"),
        "agent-wang",
        kind="rejection",
        text="经核查无误。",
        referral=c.referral_statement(),
    )
    c.resolve(t("2025-09-05T09:00"), "agent-wang")
    c.close(t("2025-09-10T00:00"), "system")
    c.external_referral(
        t("2025-10-10T01:00"),
        "agent-wang",
        body="cn-nfra",
        reference="NFRA-SH-77",
        referred_on=dt.date(2025, 10, 9),
        respond_within=dt.timedelta(days=10),
    )
    assert (c.state, c.priority) == (S.ESCALATED, "P2")
    c.propose_resolution(
        t("2025-10-12T01:00"),
        "agent-wang",
        kind="rejection",
        text="复核后维持原处理意见。",
        referral=c.referral_statement(),
    )
    c.resolve(t("2025-10-12T02:00"), "agent-wang")
    with pytest.raises(IllegalTransitionError) as info:
        c.close(t("2025-10-13T00:00"), "agent-wang")
    assert info.value.reason == "an outside body is owed an answer (NFRA-SH-77)"
    c.answer_referral(t("2025-10-14T01:00"), "agent-wang", reference="NFRA-SH-77")
    latest = c.sla_status(t("2025-10-20T00:00"))["referral:NFRA-SH-77"].latest
    assert latest is not None
    # Answered after 4 days of the 10 allowed.
    assert latest.elapsed == dt.timedelta(days=4)
    assert not latest.breached
    c.close(t("2025-10-15T00:00"), "agent-wang")
    assert c.state is S.CLOSED


def test_reopening_without_an_owner_is_refused():
    """A complaint withdrawn before triage has no owner: give one to reopen it."""
    c = new("GB", "en")
    c.withdraw(t("2025-09-02T00:00"))
    before = fields(c)
    with pytest.raises(IllegalTransitionError):
        c.external_referral(
            t("2025-09-03T00:00"), "lead", body="uk-fos", reference="F-1", referred_on="2025-09-02"
        )
    assert fields(c) == before
    c.external_referral(
        t("2025-09-03T00:00"),
        "lead",
        body="uk-fos",
        reference="F-1",
        referred_on="2025-09-02",
        owner="agent-li",
    )
    assert (c.state, c.owner) == (S.ESCALATED, "agent-li")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"body": "us-cfpb"}, "body"),
        ({"body": referral_rights("US").bodies[0]}, "body.jurisdiction"),
        ({"reference": "FOS-1"}, "reference"),
        ({"reference": " "}, "reference"),
        ({"referred_on": "2025-10-03"}, "referred_on"),
        ({"referred_on": "yesterday"}, "referred_on"),
        ({"respond_within": dt.timedelta(0)}, "respond_within"),
        ({"respond_within": "14 days"}, "respond_within"),
    ],
)
def test_bad_referrals_change_nothing(kwargs, field):
    """Each bad argument names its field; the complaint is left exactly as it was."""
    c = investigating(new("GB", "en"))
    c.external_referral(
        t("2025-10-01T09:00"), "lead", body="uk-fos", reference="FOS-1", referred_on="2025-10-01"
    )
    before = fields(c)
    args = {"body": "uk-fos", "reference": "FOS-2", "referred_on": "2025-10-01", **kwargs}
    with pytest.raises(InvalidFieldError) as info:
        c.external_referral(t("2025-10-01T10:00"), "lead", **args)
    assert info.value.field == field
    assert fields(c) == before


def test_answering_an_unknown_or_answered_referral_is_refused():
    """Only an unanswered referral can be answered."""
    c = investigating(new("GB", "en"))
    c.external_referral(
        t("2025-10-01T09:00"), "lead", body="uk-fos", reference="FOS-1", referred_on="2025-10-01"
    )
    c.answer_referral(t("2025-10-02T09:00"), "lead", reference="FOS-1")
    before = fields(c)
    for reference in ("FOS-1", "FOS-9"):
        with pytest.raises(InvalidFieldError) as info:
            c.answer_referral(t("2025-10-03T09:00"), "lead", reference=reference)
        assert info.value.value == reference
        assert fields(c) == before


def test_referrals_round_trip():
    """A complaint with referrals survives to_dict/JSON/from_dict and keeps working."""
    c = investigating(new("GB", "en"))
    c.external_referral(
        t("2025-10-01T09:00"), "lead", body="uk-fos", reference="FOS-1", referred_on="2025-10-01"
    )
    restored = Complaint.from_dict(json.loads(json.dumps(c.to_dict(), ensure_ascii=False)))
    assert restored == c
    restored.answer_referral(t("2025-10-02T09:00"), "lead", reference="FOS-1")
    assert restored.referrals[0].answered
