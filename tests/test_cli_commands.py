"""The operations CLI, run as the real program (`python -m supportflow ...`) in a subprocess.

Each subprocess costs a few tenths of a second, so each one checks a whole scenario; the
many small cases (help texts, colour, argument checks) run in-process through `main`.
Expected values are worked out by hand in the comments, from the packaged holiday data.
"""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from supportflow.cli import main
from supportflow.complaints import mermaid
from supportflow.maintenance import WITHDRAWAL_WORKFLOW
from supportflow.notices import catalog
from supportflow.payments import PAYMENT_WORKFLOW
from supportflow.priority import PriorityModel
from supportflow.sla import cn_banking_insurance


def sf(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m supportflow ARGS`; never a traceback, whatever the exit status."""
    result = subprocess.run(
        [sys.executable, "-m", "supportflow", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=cwd,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout
    return result


def call(*args: str) -> tuple[int, str, str]:
    """Run `main(ARGS)` in-process: (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def plain(document: object) -> Any:
    """A copy of a `to_dict()` document, as JSON reads it back (typed `Any` for editing)."""
    return json.loads(json.dumps(document))


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


# -- validate ------------------------------------------------------------------------------


def test_validate_reports_every_error_of_every_file(tmp_path):
    """Exit 1; one `file: json.path: message` line per problem, JSON syntax with line:col."""
    write(
        tmp_path / "good.json",
        {"schema": 1, "timezone": "Asia/Shanghai", "weekly": {"mon": [["09:00", "18:00"]]}},
    )
    write(
        tmp_path / "bad.json",
        {"schema": 1, "timezone": "Asia/Shanghai", "weekly": {"mon": [["09:00", "25:00"]]}},
    )
    broken = tmp_path / "broken.json"
    # Line 3, column 3: the key after a missing comma.
    broken.write_text('{"schema": 1,\n  "timezone": "UTC"\n  "weekly": {}}\n', encoding="utf-8")
    result = sf(
        "validate", "calendar", "good.json", "bad.json", "broken.json", "gone.json", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stdout == "good.json: ok (calendar)\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("bad.json: weekly.mon[0][1]: must be a wall-clock time")
    assert lines[0].endswith("(got '25:00')")
    assert lines[1] == "broken.json:3:3: invalid JSON: Expecting ',' delimiter"
    assert lines[2] == "gone.json: cannot read: No such file or directory"


def test_validate_json_report_and_a_policy_with_two_broken_targets(tmp_path):
    """--json: the documented shape on stdout; each broken SLA target is reported."""
    policy = plain(cn_banking_insurance().to_dict())
    second = plain(policy["targets"][0])
    second["name"] = "second"
    policy["targets"].append(second)
    policy["targets"][0]["thresholds"] = [150]
    policy["targets"][1]["rule"]["days"] = 0
    write(tmp_path / "policy.json", policy)
    write(tmp_path / "ok.json", cn_banking_insurance().to_dict())
    result = sf("validate", "sla-policy", "--json", "ok.json", "policy.json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["schema"] == 1
    assert report["kind"] == "sla-policy"
    assert report["valid"] is False
    assert [f["file"] for f in report["files"]] == ["ok.json", "policy.json"]
    assert report["files"][0] == {"file": "ok.json", "valid": True, "errors": []}
    errors = report["files"][1]["errors"]
    assert [e["path"] for e in errors] == ["targets[0].thresholds[0]", "targets[1].rule.days"]
    assert all(e["line"] is None and e["column"] is None for e in errors)
    assert errors[1]["message"].endswith("(got 0)")


@pytest.mark.parametrize(
    ("kind", "document", "path"),
    [
        ("priority-model", {"schema": 2}, "schema"),
        ("notice-template", {"schema": 1}, "description"),
        ("notice-catalog", {"schema": 1, "templates": []}, "templates"),
        (
            "holidays",
            {"id": "cn", "years": {"2027": {"source": "x", "holidays": ["2026-05-01"]}}},
            "years.2027.holidays[0]",
        ),
        ("calendar", [], "<root>"),
    ],
)
def test_validate_each_kind_names_the_json_path(tmp_path, kind, document, path):
    """Every KIND goes through its loader and names the offending path (in-process)."""
    file = write(tmp_path / "x.json", document)
    status, out, err = call("validate", kind, str(file))
    assert (status, out) == (1, "")
    assert err.startswith(f"{file}: {path}: "), err


def test_validate_catalog_reports_syntax_position_and_duplicates(tmp_path):
    """A catalog file: each template is checked; a template syntax error keeps its line:col."""
    templates = [plain(catalog()["feedback_request"].to_dict()) for _ in range(2)]
    templates.insert(0, plain(catalog()["complaint_acknowledged"].to_dict()))
    templates[0]["texts"]["en"]["sms"] = "Hello {brand"  # unclosed at line 1, column 7
    file = write(tmp_path / "cat.json", {"schema": 1, "templates": templates})
    status, _out, err = call("validate", "notice-catalog", str(file))
    assert status == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{file}: templates[0].texts.en.sms: 1:7: unclosed placeholder")
    assert lines[1] == f"{file}: templates[2].name: must be unique (got 'feedback_request' again)"
    assert len(lines) == 2


def test_validate_holidays_against_the_packaged_years(tmp_path):
    """A new year is valid; a published year with other dates is a conflict."""
    new = write(
        tmp_path / "cn2027.json",
        {"id": "cn", "years": {"2027": {"source": "x", "holidays": ["2027-01-01"]}}},
    )
    clash = write(
        tmp_path / "clash.json",
        {"id": "cn", "years": {"2026": {"source": "x", "holidays": ["2026-01-01"]}}},
    )
    status, out, err = call("validate", "holidays", str(new), str(clash))
    assert status == 1
    assert out == f"{new}: ok (holidays)\n"
    assert err.startswith(f"{clash}: years.2026: must not differ from the year already known")


def test_validate_usage_errors_exit_2():
    """An unknown KIND or no FILE is a usage error: status 2, usage on stderr."""
    result = sf("validate", "nope", "x.json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: supportflow validate")
    assert "invalid choice: 'nope'" in result.stderr
    status, _out, err = call("validate", "calendar")
    assert status == 2
    assert "the following arguments are required: FILE" in err


# -- deadline ------------------------------------------------------------------------------


def _packaged(dataset: str) -> Any:
    text = resources.files("supportflow.holidays").joinpath(f"{dataset}.json").read_text("utf-8")
    return json.loads(text)


def test_deadline_civil_code_across_national_day_2026():
    """15 days from Wed 16 Sep 2026 10:00 Beijing, Civil Code.

    By hand: the day of receipt does not count, so day 15 is 1 October; cn.json lists
    1-7 October 2026 as days off, so the period ends on Thursday 8 October, at 24:00
    Beijing time = 2026-10-08T16:00Z.
    """
    days_off = set(_packaged("cn")["years"]["2026"]["holidays"])
    assert {f"2026-10-0{d}" for d in range(1, 8)} <= days_off
    assert "2026-10-08" not in days_off
    result = sf(
        "deadline", "--calendar", "cn_mainland", "--from", "2026-09-16T10:00+08:00",
        "--days", "15", "--civil-code", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["due_utc"] == "2026-10-08T16:00:00+00:00"
    assert document["due_local"] == "2026-10-09T00:00:00+08:00"
    assert document["last_day"] == "2026-10-08"
    assert document["timezone"] == "Asia/Shanghai"
    assert document["rule"]["kind"] == "calendar_days"
    assert document["rule"]["roll"] is True


def test_deadline_explained_in_chinese():
    """--explain --lang zh-Hans says the last day fell on the National Day holiday."""
    result = sf(
        "deadline", "--calendar", "cn_mainland", "--from", "2026-09-16T10:00+08:00",
        "--days", "15", "--civil-code", "--explain", "--lang", "zh-Hans",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "due (UTC): 2026-10-08T16:00:00+00:00" in result.stdout
    assert "期限：2026年10月8日 24:00" in result.stdout  # noqa: RUF001 - the Chinese colon
    assert "国庆节" in result.stdout
    assert "顺延至2026年10月8日" in result.stdout


def test_deadline_business_hours_and_days_in_process():
    """By hand, Mon-Fri 09:00-18:00 Beijing, from Wed 16 Sep 2026 10:00.

    24 business hours: 8 h on Wed, 9 h on Thu, then 7 h on Fri: 16:00 = 08:00Z.
    3 business days: Thu 17, Fri 18, then Sun 20 Sep, a make-up workday in cn.json:
    close of business 18:00 there = 10:00Z.
    """
    assert "2026-09-20" in _packaged("cn")["years"]["2026"]["workdays"]
    base = ("deadline", "--calendar", "cn_mainland", "--from", "2026-09-16T10:00+08:00", "--json")
    status, out, _err = call(*base, "--business-hours", "24")
    assert status == 0
    assert json.loads(out)["due_utc"] == "2026-09-18T08:00:00+00:00"
    status, out, _err = call(*base, "--business-days", "3", "--explain")
    assert status == 0
    document = json.loads(out)
    assert document["due_utc"] == "2026-09-20T10:00:00+00:00"
    assert "make-up working day" in document["explanation_text"]
    # Without --civil-code, --days counts plain calendar days: 1 October 24:00 Beijing.
    status, out, _err = call(*base, "--days", "15")
    assert json.loads(out)["due_utc"] == "2026-10-01T16:00:00+00:00"


def test_deadline_calendar_file(tmp_path):
    """--calendar-file: a 24x7 calendar counts 24 business hours as one real day."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    weekly = {d: [["00:00", "24:00"]] for d in days}
    cal = write(tmp_path / "cal.json", {"schema": 1, "timezone": "Europe/London", "weekly": weekly})
    status, out, _err = call(
        "deadline", "--calendar-file", str(cal), "--from", "2026-03-28T12:00Z",
        "--business-hours", "24", "--json",
    )  # fmt: skip
    assert status == 0
    # The clocks go forward on 29 March 2026 in London: still 24 real hours later.
    assert json.loads(out)["due_utc"] == "2026-03-29T12:00:00+00:00"
    assert json.loads(out)["due_local"] == "2026-03-29T13:00:00+01:00"


def test_deadline_bad_input_and_missing_data():
    """A naive --from, missing holiday data: status 1, a one-line error, no traceback."""
    result = sf(
        "deadline", "--calendar", "cn_mainland", "--from", "2026-09-16T10:00",
        "--business-days", "3",
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "--from: must carry an offset such as 'Z' or '+08:00' (got '2026-09-16T10:00')\n"
    )
    # cn.json stops at 2026: business days in 2027 cannot be counted.
    status, _out, err = call(
        "deadline", "--calendar", "cn_mainland", "--from", "2027-03-01T10:00+08:00",
        "--business-days", "3",
    )  # fmt: skip
    assert status == 1
    assert err.startswith("supportflow deadline: error: CalendarDataMissingError: ")
    assert "2027" in err


def test_deadline_provisional_past_the_published_data():
    """Received Fri 25 Dec 2026, 5 business days: 28, 29, 30, 31 Dec, then 1 Jan 2027 is
    New Year's Day (statutory rule) and 2-3 Jan a weekend, so Mon 4 Jan 18:00 Beijing time."""
    status, out, err = call(
        "deadline", "--calendar", "cn", "--from", "2026-12-25T10:00+08:00",
        "--business-days", "5", "--provisional", "--json",
    )  # fmt: skip
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert document["due_utc"] == "2027-01-04T10:00:00+00:00"
    assert (document["provisional"], document["assumed"]) == (True, ["CN 2027"])
    status, out, _ = call(
        "deadline", "--calendar", "cn", "--from", "2026-12-25T10:00+08:00",
        "--business-days", "5", "--provisional",
    )  # fmt: skip
    assert "provisional: due 2027-01-04 18:00 Asia/Shanghai" in out
    status, _out, err = call(
        "deadline", "--calendar-file", "team.json", "--from", "2026-12-25T10:00+08:00",
        "--business-days", "5", "--provisional",
    )  # fmt: skip
    assert status == 2
    assert "--provisional goes with --calendar" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--business-days", "3", "--civil-code"), "--civil-code goes with --days"),
        (("--business-days", "0"), "argument --business-days: must be a whole number >= 1"),
        (("--business-hours", "x"), "argument --business-hours: must be a positive number"),
        (("--days", "3", "--business-days", "3"), "not allowed with argument"),
        (("--days", "3", "--lang", "zh-Hans"), "--lang and --short go with --explain"),
    ],
)
def test_deadline_usage_errors(args, message):
    """Contradictory or malformed options: status 2 and the reason on stderr."""
    status, out, err = call(
        "deadline", "--calendar", "cn_mainland", "--from", "2026-09-16T10:00Z", *args
    )
    assert (status, out) == (2, "")
    assert message in err


def test_deadline_unknown_calendar():
    """An unknown preset is invalid input (status 1), listing the presets."""
    status, _out, err = call(
        "deadline", "--calendar", "mars", "--from", "2026-09-16T10:00Z", "--days", "1"
    )
    assert status == 1
    assert err == (
        "--calendar: must be one of cn_mainland, hong_kong, us_federal, uk_england_wales "
        "(got 'mars')\n"
    )


# -- sla status ----------------------------------------------------------------------------

_EVENTS = [
    {"target": "decision", "schema": 1, "kind": "start", "at": "2026-09-16T10:00:00+08:00"},
    {"target": "decision", "schema": 1, "kind": "pause", "at": "2026-09-17T10:00:00+08:00",
     "reason": "external_appraisal"},
    {"target": "decision", "schema": 1, "kind": "resume", "at": "2026-09-19T10:00:00+08:00"},
]  # fmt: skip


def test_sla_status_replays_the_events(tmp_path):
    """cn_banking_insurance, received Wed 16 Sep 2026 10:00, paused 2 days for appraisal.

    By hand, with the pause rule of docs/sla.md: the counted last day is 1 October; the
    2-day pause moves it to 3 October, a National Day holiday (1-7 October in cn.json), so
    art. 203 rolls it to Thursday 8 October: due at 24:00 = 2026-10-08T16:00Z, as without
    the pause. The goal is the measured (unpaused) time: 16 Sep 10:00 -> 9 Oct 00:00 is
    542 h, less the 48 h paused = 494 h = 20 d 14 h. At 30 Sep 12:00 the clock counted
    14 d 2 h - 2 d = 290 h: 290 / 494 = 58.70 %, 204 h = 8 d 12 h left, the 50 % warning
    passed.
    """
    events = tmp_path / "case.jsonl"
    events.write_text("\n".join(json.dumps(e) for e in _EVENTS) + "\n\n", encoding="utf-8")
    result = sf(
        "sla", "status", "cn_banking_insurance", str(events), "--at", "2026-09-30T12:00+08:00",
        "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["policy"] == "cn_banking_insurance"
    assert document["at"] == "2026-09-30T04:00:00+00:00"
    (target,) = document["targets"]
    assert (target["target"], target["state"], target["breached"]) == ("decision", "running", False)
    cycle = target["latest"]
    assert cycle["due_at"] == "2026-10-08T16:00:00+00:00"
    assert cycle["goal"] == "P20DT14H"
    assert cycle["elapsed"] == "P12DT2H"
    assert cycle["remaining"] == "P8DT12H"
    assert cycle["percent"] == round(290 / 494 * 100, 2)
    assert cycle["warning"] == 50


def test_sla_status_text_explain_and_breach(tmp_path):
    """Text output: BREACHED after the deadline; --explain names the pause and its reason."""
    events = tmp_path / "case.jsonl"
    events.write_text("\n".join(json.dumps(e) for e in _EVENTS), encoding="utf-8")
    status, out, _err = call(
        "sla", "status", "cn_banking_insurance", str(events), "--at", "2026-10-11T16:00+08:00",
        "--explain",
    )  # fmt: skip
    assert status == 0
    # Due 9 Oct 00:00 Beijing (see above): 11 Oct 16:00 is 2 d 16 h past it.
    assert "decision: running, due 2026-10-08T16:00:00+00:00" in out
    assert "BREACHED, 2d 16h over" in out
    assert "(external_appraisal)" in out


def test_sla_status_reports_every_bad_line(tmp_path):
    """Each bad line is named `file:line: path: message`; status 1; nothing is printed."""
    lines = [
        json.dumps(_EVENTS[0]),
        json.dumps({**_EVENTS[1], "target": "decison"}),
        '{"target": "decision", "schema": 1',
        json.dumps({**_EVENTS[1], "at": "2026-09-17T10:00:00"}),
    ]
    events = tmp_path / "bad.jsonl"
    events.write_text("\n".join(lines), encoding="utf-8")
    result = sf("sla", "status", "cn_banking_insurance", str(events), "--at", "2026-09-30T12:00Z")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{events}:2: target: must be one of decision (got 'decison')",
        f"{events}:3:35: invalid JSON: Expecting ',' delimiter",
        f"{events}:4: at: must carry an offset such as 'Z' or '+08:00' (got '2026-09-17T10:00:00')",
    ]


def test_sla_status_policies_and_refused_events(tmp_path):
    """Presets with a calendar, a policy file, an event the target refuses."""
    events = tmp_path / "e.jsonl"
    start = {
        "target": "resolution",
        "schema": 1,
        "kind": "start",
        "at": "2026-09-16T10:00:00+08:00",
    }
    events.write_text(json.dumps(start), encoding="utf-8")
    status, out, _err = call(
        "sla", "status", "industry_default:cn_mainland", str(events), "--at", "2026-09-16T12:00Z"
    )
    assert status == 0
    assert "first_response: not_started" in out
    # industry_default's resolution: 24:00 on day 15 without roll = 1 Oct 24:00 Beijing.
    assert "resolution: running, due 2026-10-01T16:00:00+00:00" in out
    status, _out, err = call(
        "sla", "status", "industry_default", str(events), "--at", "2026-09-16T12:00Z"
    )
    assert status == 1
    assert "industry_default needs a calendar" in err
    policy = write(tmp_path / "policy.json", cn_banking_insurance().to_dict())
    pause = {**_EVENTS[1], "reason": "awaiting_customer"}
    events.write_text(json.dumps(_EVENTS[0]) + "\n" + json.dumps(pause), encoding="utf-8")
    status, _out, err = call("sla", "status", str(policy), str(events), "--at", "2026-09-30T12:00Z")
    assert status == 1
    assert err.startswith(f"{events}:2: SLA clock 'decision': cannot 'pause'")
    status, _out, err = call("sla", "status", "nope", str(events), "--at", "2026-09-30T12:00Z")
    assert status == 1
    assert err.startswith("POLICY: must be a JSON file or one of fca_disp,")


# -- priority explain ----------------------------------------------------------------------


def _item(**changes: object) -> dict:
    item = {
        "schema": 1, "id": "C-1", "received_at": "2026-01-05T09:00:00+08:00", "impact": 2,
        "urgency": 2, "due_at": None, "amount": "58000", "currency": None, "vulnerabilities": [],
        "regulator": False, "media": False, "repeat_count": 0, "funds_held": False,
        "hold_ends_at": None, "fraud_signal": False, "channel": None,
    }  # fmt: skip
    item.update(changes)
    return item


def test_priority_explain_the_documented_case(tmp_path):
    """docs/priority.md: impact 2 x urgency 2 (P3, 30 points) and ¥58,000 (+12) = 42, P3."""
    item = write(tmp_path / "item.json", _item())
    result = sf("priority", "explain", "default", str(item), "--at", "2026-01-05T10:00+08:00")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "C-1: P3 (42/100)"
    assert "  amount at stake ¥58,000 -> +12" in lines
    points = [int(line.rsplit(" ", 1)[1]) for line in lines[1:]]
    assert sum(points) == 42


def test_priority_explain_json_model_file_and_bad_item(tmp_path):
    """--json lists each reason; a model file loads; a broken item names its path."""
    model = write(tmp_path / "model.json", PriorityModel().to_dict())
    item = write(tmp_path / "item.json", _item())
    status, out, _err = call(
        "priority", "explain", str(model), str(item), "--at", "2026-01-05T10:00+08:00",
        "--json", "--lang", "zh-Hans",
    )  # fmt: skip
    assert status == 0
    document = json.loads(out)
    assert (document["value"], document["label"], document["lang"]) == (42, "P3", "zh-Hans")
    assert sum(part["points"] for part in document["breakdown"]) == 42
    assert document["breakdown"][1]["reason"] == "涉及金额 ¥58,000 → +12"
    bad = write(tmp_path / "bad.json", _item(impact="high"))
    status, _out, err = call(
        "priority", "explain", "default", str(bad), "--at", "2026-01-05T10:00Z"
    )
    assert status == 1
    assert err == f"{bad}: impact: must be an integer (got 'high')\n"


# -- notice render -------------------------------------------------------------------------


def test_notice_render_sms_in_traditional_chinese(tmp_path):
    """complaint_acknowledged by SMS in zh-Hant: UCS-2 (Chinese), segments of 67 characters."""
    values = write(tmp_path / "values.json", {
        "brand": "AurumPay", "reference": "CMP-2026-0815", "hotline": "400-820-8820",
        "reply_by": "2026-03-14T18:00:00Z", "summary": "My withdrawal is pending",
        "details_url": "https://app.example.com/n/complaint",
    })  # fmt: skip
    result = sf(
        "notice", "render", "complaint_acknowledged", str(values), "--locale", "zh-TW",
        "--channel", "sms", "--timezone", "Asia/Taipei", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    notice = json.loads(result.stdout)["notice"]
    assert (notice["template"], notice["locale"]) == ("complaint_acknowledged", "zh-Hant")
    assert notice["email"] is None
    assert notice["in_app"] is None
    sms = notice["sms"]
    text = sms["text"]
    # 18:00Z on 14 March is 02:00 on 15 March in Taipei (UTC+8, no DST).
    assert "2026/3/15 02:00" in text
    assert "CMP-2026-0815" in text
    assert sms["encoding"] == "UCS-2"
    assert all(ord(c) < 0x10000 for c in text)  # one UTF-16 unit each
    assert sms["units"] == len(text)
    assert sms["segments"] == (1 if len(text) <= 70 else math.ceil(len(text) / 67))


def test_notice_render_text_and_errors(tmp_path):
    """Text output shows the encoding and segments; bad values and options are refused."""
    given = {
        "brand": "AurumPay", "reference": "CMP-1", "hotline": "400-820-8820",
        "details_url": "https://app.example.com/f",
    }  # fmt: skip
    values = write(tmp_path / "v.json", given)
    status, out, _err = call(
        "notice", "render", "feedback_request", str(values), "--locale", "en", "--channel", "sms"
    )
    assert status == 0, _err
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("-- sms"))
    text = lines[head + 1]
    assert "CMP-1" in text
    # Plain ASCII without GSM-7 extension characters: one septet each, 160 in a single
    # message, 153 per part of a longer one.
    assert text.isascii()
    assert not set(text) & set("^{}\\[~]|")
    segments = 1 if len(text) <= 160 else math.ceil(len(text) / 153)
    assert lines[head] == f"-- sms: GSM-7, {segments} segment(s), {len(text)} units"
    bad = write(tmp_path / "bad.json", {**given, "x": 1})
    status, _out, err = call("notice", "render", "feedback_request", str(bad), "--locale", "en")
    assert (status, err) == (1, f"{bad}: x: must be a variable of 'feedback_request'\n")
    instant = write(tmp_path / "i.json", {"reply_by": "2026-03-14T18:00:00Z"})
    status, _out, err = call(
        "notice", "render", "complaint_acknowledged", str(instant), "--locale", "en"
    )
    assert status == 2
    assert "--timezone is needed" in err
    status, _out, err = call("notice", "render", "nope", str(values), "--locale", "en")
    assert status == 1
    assert err.startswith("TEMPLATE: must be a JSON file or a catalog notice:")
    status, _out, err = call("notice", "render", "feedback_request", str(values), "--locale", "fr")
    assert status == 1
    assert "locale='fr'" in err
    missing = write(tmp_path / "m.json", {k: v for k, v in given.items() if k != "hotline"})
    status, _out, err = call("notice", "render", "feedback_request", str(missing), "--locale", "en")
    assert (status, err) == (1, f"{missing}: hotline: must be given (it is required)\n")


# -- holidays ------------------------------------------------------------------------------


def test_holidays_list_matches_the_packaged_file():
    """Every day off and make-up workday of cn.json 2026, in date order, with names."""
    year = _packaged("cn")["years"]["2026"]
    result = sf("holidays", "list", "cn", "2026", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["provisional"] is False
    assert document["source"] == year["source"]
    days = {d["date"]: d for d in document["days"]}
    assert sorted(days) == sorted(year["holidays"] + year["workdays"])
    assert [d["date"] for d in document["days"]] == sorted(days)
    assert {d for d, v in days.items() if v["kind"] == "workday"} == set(year["workdays"])
    assert days["2026-10-01"]["name"] == "National Day"
    assert days["2026-10-01"]["weekday"] == "Thu"
    assert days["2026-10-10"] == {
        "date": "2026-10-10",
        "weekday": "Sat",
        "kind": "workday",
        "name": None,
    }


def test_holidays_list_text_provisional_and_errors():
    """Names in Chinese; an uncovered year needs --provisional; bad arguments are refused."""
    status, out, _err = call("holidays", "list", "cn", "2026", "--lang", "zh-Hans")
    assert status == 0
    assert "2026-10-01 Thu  day off          国庆节" in out
    year = _packaged("cn")["years"]["2026"]
    counts = f"{len(year['holidays'])} days off, {len(year['workdays'])} make-up workdays\n"
    assert out.endswith(counts)
    status, _out, err = call("holidays", "list", "cn", "2027")
    assert status == 1
    assert (
        err == "cn 2027: no official data (covered: 2024-2026); "
        "--provisional computes it from the rules\n"
    )
    status, out, _err = call("holidays", "list", "cn", "2027", "--provisional")
    assert status == 0
    assert "PROVISIONAL" in out
    assert "2027-01-01 Fri  day off" in out
    assert call("holidays", "list", "xx", "2026")[0] == 1
    assert call("holidays", "list", "cn", "26")[0] == 2


def test_holidays_status_days_left():
    """cn and hk data end on 2026-12-31: with 60-day deadlines, intake from 2026-11-02
    (31 Dec - 59 days) may need provisional data; on 16 Sep that is 47 days away."""
    result = sf("holidays", "status", "--at", "2026-09-16T10:00+08:00", "--longest", "60", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["ok"] is True
    by_id = {d["dataset"]: d for d in document["datasets"]}
    assert by_id["cn"]["provisional_from"] == "2026-11-02"
    assert by_id["cn"]["days_left"] == 47
    # On 16 Nov the check fails: 14 days past 2 Nov.
    status, out, _err = call("holidays", "status", "--at", "2026-11-16T10:00+08:00")
    assert status == 1
    assert "cn (cn_mainland): covers 2024-2026, provisional from 2026-11-02, -14 days left" in out


# -- diagram, help, colour -----------------------------------------------------------------


def test_diagram_prints_the_workflows_mermaid():
    """The three lifecycles, generated from their machines."""
    result = sf("diagram", "complaints")
    assert result.returncode == 0
    assert result.stdout == mermaid()
    assert result.stdout.startswith("stateDiagram-v2\n")
    assert call("diagram", "payments")[1] == PAYMENT_WORKFLOW.mermaid(internal=False)
    assert call("diagram", "withdrawals")[1] == WITHDRAWAL_WORKFLOW.mermaid(internal=False)
    status, _out, err = call("diagram", "refunds")
    assert status == 2
    assert "invalid choice: 'refunds'" in err


COMMANDS = [
    ("validate",),
    ("deadline",),
    ("sla",),
    ("sla", "status"),
    ("priority",),
    ("priority", "explain"),
    ("notice",),
    ("notice", "render"),
    ("holidays",),
    ("holidays", "list"),
    ("holidays", "status"),
    ("diagram",),
    ("demo",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command, capsys):
    """--help exits 0 and shows an example command line of the same command."""
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert "example" in text
    assert f"  supportflow {' '.join(command)}" in text


def test_a_command_group_without_its_subcommand_is_a_usage_error():
    """`supportflow sla` alone: status 2 and the usage, on stderr."""
    result = sf("sla")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: supportflow sla")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path, monkeypatch):
    """ANSI colour when stdout is a terminal; none when it is not, or when NO_COLOR is set."""
    file = write(tmp_path / "c.json", {"schema": 1, "timezone": "UTC", "weekly": {}})
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = _Terminal()
    assert main(["validate", "calendar", str(file)], out=terminal) == 0
    assert "\x1b[32mok\x1b[0m" in terminal.getvalue()
    plain = io.StringIO()
    assert main(["validate", "calendar", str(file)], out=plain) == 0
    assert "\x1b" not in plain.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = _Terminal()
    assert main(["validate", "calendar", str(file)], out=terminal) == 0
    assert "\x1b" not in terminal.getvalue()


# -- the remaining paths, in-process -------------------------------------------------------


def test_notice_render_template_file_all_channels_and_json(tmp_path):
    """A template file; every channel in text; --json adds the SMS units and characters."""
    template = write(tmp_path / "t.json", catalog()["feedback_request"].to_dict())
    values = write(tmp_path / "v.json", {
        "brand": "AurumPay", "reference": "CMP-1", "hotline": "400-820-8820",
        "details_url": "https://app.example.com/f",
    })  # fmt: skip
    status, out, _err = call("notice", "render", str(template), str(values), "--locale", "en-GB")
    assert status == 0
    assert "-- email\nSubject: " in out
    assert "-- in_app\n" in out
    assert "https://app.example.com/f" in out
    status, out, _err = call(
        "notice", "render", str(template), str(values), "--locale", "en", "--json",
        "--channel", "sms", "--channel", "in_app",
    )  # fmt: skip
    notice = json.loads(out)["notice"]
    assert notice["email"] is None
    assert notice["in_app"]["link"] == "https://app.example.com/f"
    assert notice["sms"]["units"] == notice["sms"]["characters"] == len(notice["sms"]["text"])
    assert notice["sms"]["forced_by"] is None


def test_notice_render_refuses_bad_values_and_an_sms_over_budget(tmp_path):
    """Values of the wrong JSON type, a non-object file, and the 2-segment budget."""
    ack = {
        "brand": "AurumPay", "reference": "CMP-1", "hotline": "400-820-8820",
        "details_url": "https://app.example.com/f", "reply_by": "2026-03-14T18:00:00Z",
    }  # fmt: skip
    wrong = write(tmp_path / "w.json", {**ack, "reply_by": 5})
    status, _out, err = call(
        "notice", "render", "complaint_acknowledged", str(wrong), "--locale", "en",
        "--timezone", "UTC",
    )  # fmt: skip
    assert status == 1
    assert err.startswith(f"{wrong}: reply_by: must be an ISO 8601 date-time")
    listed = write(tmp_path / "l.json", [1])
    status, _out, err = call("notice", "render", "feedback_request", str(listed), "--locale", "en")
    assert (status, err) == (1, f"{listed}: <root>: must be a JSON object: variable -> value\n")
    # The zh-Hant SMS of docs/cli.md is 92 UCS-2 units: 2 segments, over a budget of 1.
    template = plain(catalog()["feedback_request"].to_dict())
    template["sms_segments"] = 1
    one = write(tmp_path / "one.json", template)
    values = write(tmp_path / "v.json", {
        "brand": "AurumPay", "reference": "CMP-2026-0815", "hotline": "400-820-8820",
        "details_url": "https://app.example.com/n/feedback",
    })  # fmt: skip
    status, _out, err = call("notice", "render", str(one), str(values), "--locale", "zh-Hant")
    assert (status, err) == (
        1,
        f"{values}: feedback_request [zh-Hant]: the SMS needs 2 UCS-2 segments; the budget is 1\n",
    )


def test_sla_status_json_explain_and_not_started(tmp_path):
    """--json --explain: an explanation per started target, null for one not started."""
    events = tmp_path / "e.jsonl"
    start = {"target": "resolution", "schema": 1, "kind": "start", "at": "2026-09-16T10:00+08:00"}
    events.write_text(json.dumps(start) + "\n[1]\n", encoding="utf-8")
    status, _out, err = call(
        "sla", "status", "industry_default:hk", str(events), "--at", "2026-09-17T00:00Z"
    )
    assert (status, err) == (1, f"{events}:2: <root>: must be a JSON object\n")
    events.write_text(json.dumps(start), encoding="utf-8")
    status, out, _err = call(
        "sla", "status", "industry_default:cn", str(events), "--at", "2026-09-17T00:00Z",
        "--json", "--explain", "--lang", "zh-Hant",
    )  # fmt: skip
    assert status == 0
    targets = {t["target"]: t for t in json.loads(out)["targets"]}
    assert targets["first_response"]["latest"] is None
    assert targets["first_response"]["explanation"] is None
    assert targets["resolution"]["explanation"]["due"] == "2026-10-01T16:00:00+00:00"
    assert targets["resolution"]["explanation_text"].startswith("期限")
    status, _out, err = call(
        "sla", "status", "fca_disp", str(events), "--at", "2026-09-17T00:00Z", "--lang", "zh-Hans"
    )
    assert status == 2
    assert "--lang goes with --explain" in err


def test_validate_document_shapes(tmp_path):
    """Roots of the wrong type and catalogs without templates are reported, not crashed on."""
    cases: dict[str, tuple[object, str]] = {
        "sla-policy": ([], "<root>"),
        "notice-catalog": ([], "<root>: must be a JSON object (got list)"),
        "holidays": ([], "<root>: must be a JSON object"),
    }
    for kind, (document, start) in cases.items():
        file = write(tmp_path / f"{kind}.json", document)
        status, _out, err = call("validate", kind, str(file))
        assert status == 1, kind
        assert err.startswith(f"{file}: {start}"), err
    file = write(tmp_path / "cat.json", {"schema": 2, "extra": 1})
    status, _out, err = call("validate", "notice-catalog", str(file))
    assert err.splitlines() == [
        f"{file}: schema: must be 1 (got 2: a newer supportflow's schema; upgrade supportflow)",
        f"{file}: extra: must not be present",
        f"{file}: templates: must be a non-empty list of notice templates",
    ]
