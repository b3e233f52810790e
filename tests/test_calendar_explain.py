# ruff: noqa: RUF001 - the Chinese texts use full-width punctuation on purpose
"""`BusinessCalendar.explain`: counted days and skipped stretches, as data and as text."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportflow import InvalidFieldError, SerializationError
from supportflow.calendar import (
    BusinessCalendar,
    Explanation,
    ExplanationSpan,
    SpanKind,
    cn_mainland,
    uk_england_wales,
    us_federal,
)
from supportflow.testing import strategies as sfst

LUNCH = {d: [("09:00", "12:00"), ("13:00", "18:00")] for d in ("mon", "tue", "wed", "thu", "fri")}
H = dt.timedelta(hours=1)


def test_golden_week_2025_worked_by_hand():
    """Fri 26 Sep 10:00 to Mon 13 Oct 12:00, Shanghai, 09-12 + 13-18 on weekdays.

    26 Sep: 10-12 + 13-18 = 7 h. 27 Sep (Sat): weekend. 28 Sep (Sun): make-up day, 8 h.
    29-30 Sep: 16 h. 1-8 Oct: National Day + Mid-Autumn (6 Oct). 9-10 Oct: 16 h. 11 Oct
    (Sat): make-up day, 8 h. 12 Oct: weekend. 13 Oct 09-12: 3 h. Total 58 h.
    """
    cal = cn_mainland(weekly=LUNCH)
    x = cal.explain("2025-09-26T10:00:00+08:00", "2025-10-13T12:00:00+08:00")
    assert x.total == 58 * H
    assert x.total == cal.between("2025-09-26T10:00:00+08:00", "2025-10-13T12:00:00+08:00")
    shown = [(s.kind, s.first, s.last, s.counted) for s in x.spans if s.kind != SpanKind.BREAK]
    d = dt.date
    assert shown == [
        (SpanKind.COUNTED, d(2025, 9, 26), d(2025, 9, 26), 7 * H),
        (SpanKind.WEEKEND, d(2025, 9, 27), d(2025, 9, 27), 0 * H),
        (SpanKind.MAKEUP_WORKDAY, d(2025, 9, 28), d(2025, 9, 28), 8 * H),
        (SpanKind.COUNTED, d(2025, 9, 29), d(2025, 9, 29), 8 * H),
        (SpanKind.COUNTED, d(2025, 9, 30), d(2025, 9, 30), 8 * H),
        (SpanKind.HOLIDAY, d(2025, 10, 1), d(2025, 10, 8), 0 * H),
        (SpanKind.COUNTED, d(2025, 10, 9), d(2025, 10, 9), 8 * H),
        (SpanKind.COUNTED, d(2025, 10, 10), d(2025, 10, 10), 8 * H),
        (SpanKind.MAKEUP_WORKDAY, d(2025, 10, 11), d(2025, 10, 11), 8 * H),
        (SpanKind.WEEKEND, d(2025, 10, 12), d(2025, 10, 12), 0 * H),
        (SpanKind.COUNTED, d(2025, 10, 13), d(2025, 10, 13), 3 * H),
    ]
    holiday = next(s for s in x.spans if s.kind is SpanKind.HOLIDAY)
    assert holiday.name["zh-Hans"] == "国庆节、中秋节"
    assert holiday.name["en"] == "National Day and Mid-Autumn Festival"
    breaks = [s for s in x.spans if s.kind is SpanKind.BREAK]
    assert len(breaks) == 7  # every counted day with a lunch inside the span
    assert x.render("zh-Hans", short=True) == (
        "2025年9月28日调休上班；2025年10月1日至10月8日为国庆节、中秋节假期；2025年10月11日调休上班"
    )
    full = x.render("en").splitlines()
    assert full[0] == "58 h of business time (cn_mainland, Asia/Shanghai)"
    assert "- 1-8 Oct 2025: National Day and Mid-Autumn Festival holiday, not counted" in full
    assert "- 29-30 Sep 2025: 16 h counted" in full
    assert full[-1] == "- 7 days 12:00-13:00: break, not counted"
    assert "2025年10月1日至10月8日：國慶節、中秋節假期，不計入" in x.render("zh-Hant")


def test_spring_festival_2026_and_western_holidays_are_named():
    """CN 2026: 15-23 Feb is the Spring Festival; US Thanksgiving; UK Christmas and Boxing Day."""
    cn = cn_mainland().explain("2026-02-13T09:00:00+08:00", "2026-02-25T09:00:00+08:00")
    assert "2026年2月15日至2月23日为春节假期" in cn.render("zh-Hans", short=True)
    us = us_federal().explain("2026-11-25T09:00:00-05:00", "2026-11-28T09:00:00-05:00")
    assert us.render("en", short=True) == "26 Nov 2026 is the Thanksgiving Day holiday"
    uk = uk_england_wales().explain("2026-12-24T09:00:00Z", "2026-12-30T09:00:00Z")
    names = [s.name["en"] for s in uk.spans if s.kind is SpanKind.HOLIDAY]
    # 2026-12-26 is a Saturday: Boxing Day's substitute is Monday 28 Dec.
    assert names == ["Christmas Day", "Boxing Day"]
    assert [s.first for s in uk.spans if s.kind is SpanKind.HOLIDAY] == [
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 28),
    ]


@settings(max_examples=60)
@given(
    sfst.business_calendars(),
    sfst.aware_datetimes(
        dt.datetime(2024, 1, 2, tzinfo=dt.UTC), dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    ),
    st.integers(0, 40 * 86_400),
)
def test_explanation_counts_what_between_counts(cal, start, seconds):
    """total == between; counted only on counted kinds; spans in date order; JSON-safe."""
    end = dt.datetime.fromtimestamp(start.timestamp() + seconds, dt.UTC)
    x = cal.explain(start, end)
    assert x.total == cal.between(start, end)
    assert sum((s.counted for s in x.spans), dt.timedelta(0)) == x.total
    for span in x.spans:
        if span.kind not in (SpanKind.COUNTED, SpanKind.MAKEUP_WORKDAY):
            assert span.counted == dt.timedelta(0)
        assert span.first <= span.last
    days = [s.first for s in x.spans if s.kind is not SpanKind.BREAK]
    assert days == sorted(days)
    assert Explanation.from_dict(json.loads(json.dumps(x.to_dict()))) == x
    for locale in ("en", "zh-Hans", "zh-Hant"):
        assert x.render(locale)
        x.render(locale, short=True)


def test_bad_arguments_are_typed_errors():
    """Unknown locale, an end before the start and a span over ten years are refused."""
    cal = BusinessCalendar.always_open("UTC")
    x = cal.explain("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z")
    with pytest.raises(InvalidFieldError) as info:
        x.render("fr")
    assert info.value.field == "locale"
    with pytest.raises(InvalidFieldError) as info:
        cal.explain("2025-01-02T00:00:00Z", "2025-01-01T00:00:00Z")
    assert info.value.field == "end"
    with pytest.raises(InvalidFieldError):
        cal.explain("2000-01-01T00:00:00Z", "2015-01-01T00:00:00Z")


def test_a_provisional_span_names_the_statutory_holiday_and_says_it_is_assumed():
    """CN 2027 is not published: 1 Jan 2027 (New Year, statutory) is skipped, and said so.

    25 Dec 2026 10:00-18:00 = 8 h; 28-31 Dec = 4 x 9 h = 36 h; 1 Jan holiday; 2-3 Jan
    weekend; 4-6 Jan = 3 x 9 h = 27 h, the span ending 6 Jan 18:00: 71 h.
    """
    cal = cn_mainland(beyond_data="provisional")
    x = cal.explain("2026-12-25T10:00:00+08:00", "2027-01-06T18:00:00+08:00")
    assert x.total == 71 * H
    assert x.assumed == ("CN 2027",)
    (holiday,) = [s for s in x.spans if s.kind is SpanKind.HOLIDAY]
    assert holiday.first == dt.date(2027, 1, 1)
    assert holiday.name["zh-Hans"] == "元旦"
    assert x.render("zh-Hans", short=True) == (
        "2027年1月1日为元旦假期；暂定：CN 2027年度放假安排尚未公布，按法定节假日推算"
    )
    assert x.render("en").splitlines()[-1] == (
        "- provisional: the CN 2027 schedule is not yet published; statutory holidays assumed"
    )
    assert x.to_dict()["assumed"] == ["CN 2027"]


def test_a_stored_explanation_is_read_back_and_a_damaged_one_refused_by_path():
    """The National Day explanation by hand: its holiday span's document, read back; damage
    inside a span is named by its JSON path."""
    x = cn_mainland().explain("2025-09-30T09:00:00+08:00", "2025-10-13T09:00:00+08:00")
    document = json.loads(json.dumps(x.to_dict()))
    [holiday] = [s for s in document["spans"] if s["kind"] == "holiday"]
    assert holiday["first"] == "2025-10-01"
    assert holiday["last"] == "2025-10-08"
    assert holiday["counted"] == "PT0S"
    assert holiday["start"] == "2025-09-30T16:00:00+00:00"  # local midnight, 1 Oct
    assert holiday["name"]["zh-Hans"] == "国庆节、中秋节"  # as docs/calendars.md shows it
    back = Explanation.from_dict(document)
    assert back == x
    assert ExplanationSpan.from_dict(holiday).name == holiday["name"]
    index = document["spans"].index(holiday)
    holiday["kind"] = "vacation"
    with pytest.raises(SerializationError) as caught:
        Explanation.from_dict(document)
    assert caught.value.path == f"spans[{index}].kind"
    with pytest.raises(SerializationError) as caught:
        Explanation.from_dict({**x.to_dict(), "total": 3600})
    assert caught.value.path == "total"
