"""The built-in catalog as data files: format, consistency, and the public loader."""
# ruff: noqa: RUF001 - Chinese expectations use full-width punctuation

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from supportflow import InvalidFieldError, SerializationError, TemplateSyntaxError
from supportflow.notices import CATALOG_NAMES, LOCALES, catalog, load_notices

FOLDER = Path(str(resources.files("supportflow.notices").joinpath("catalog")))


def test_the_packaged_folder_holds_one_file_per_catalog_notice():
    assert sorted(p.name for p in FOLDER.iterdir()) == sorted(f"{n}.json" for n in CATALOG_NAMES)
    assert list(load_notices(FOLDER)) == sorted(CATALOG_NAMES)
    assert load_notices(FOLDER) == catalog()


@pytest.mark.parametrize("name", CATALOG_NAMES)
def test_each_file_is_its_template_in_the_documented_diff_friendly_form(name):
    """One key per line, UTF-8 as written (no \\u escapes), keys in to_dict order.

    Loading and writing back gives the same bytes, so nothing in a file is lost or
    normalised by the loader, and an edit is a one-line diff.
    """
    text = (FOLDER / f"{name}.json").read_text(encoding="utf-8")
    template = load_notices(FOLDER / f"{name}.json")[name]
    assert text == json.dumps(template.to_dict(), indent=2, ensure_ascii=False) + "\n"
    assert "\\u" not in text
    assert template.locales == LOCALES


# Written here by hand: the framing every catalog email has around its paragraphs.
VIEW = {"en": "View details", "zh-Hans": "查看详情", "zh-Hant": "查看詳情"}
DETAILS = {"en": "Details: ", "zh-Hans": "详情：", "zh-Hant": "詳情："}


@pytest.mark.parametrize("name", CATALOG_NAMES)
def test_each_email_html_says_the_same_paragraphs_as_its_text(name):
    """The HTML part is the text part's paragraphs in <p>, so an edit cannot drift."""
    for texts in catalog()[name].texts:
        assert texts.email_text is not None
        paragraphs = texts.email_text.split("\n\n")
        *body, details, sign_off = paragraphs
        assert details == DETAILS[texts.locale] + "{details_url}"
        expected = (
            "".join(f"<p>{p}</p>" for p in body)
            + f'<p><a href="{{details_url}}">{VIEW[texts.locale]}</a></p>'
            + f"<p>{sign_off}</p>"
        )
        assert texts.email_html == expected
        assert texts.in_app_link == "{details_url}"


def _write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_notices_reads_a_folder_in_name_order_or_files_in_the_order_given(tmp_path):
    feedback = catalog()["feedback_request"].to_dict()
    alert = catalog()["security_alert"].to_dict()
    b = _write(tmp_path, "b.json", feedback)
    a = _write(tmp_path, "a.json", alert)
    (tmp_path / "notes.txt").write_text("not a notice", encoding="utf-8")
    assert list(load_notices(tmp_path)) == ["security_alert", "feedback_request"]
    assert list(load_notices([b, a])) == ["feedback_request", "security_alert"]
    assert list(load_notices(str(b))) == ["feedback_request"]
    assert load_notices(b)["feedback_request"] == catalog()["feedback_request"]


def test_load_notices_refuses_duplicates_broken_files_and_nothing(tmp_path):
    feedback = catalog()["feedback_request"].to_dict()
    first = _write(tmp_path, "one.json", feedback)
    second = _write(tmp_path, "two.json", feedback)
    with pytest.raises(InvalidFieldError) as caught:
        load_notices([first, second])
    assert (caught.value.field, caught.value.value) == ("two.json", "feedback_request")
    assert "one.json" in caught.value.reason

    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": 1,', encoding="utf-8")
    with pytest.raises(InvalidFieldError) as caught:
        load_notices(broken)
    assert caught.value.field == "broken.json"

    with pytest.raises(InvalidFieldError, match="at least one"):
        load_notices([])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InvalidFieldError, match="at least one"):
        load_notices(tmp_path / "empty")

    extra = dict(feedback, colour="red")
    with pytest.raises(SerializationError) as refused:
        load_notices(_write(tmp_path, "extra.json", extra))
    assert refused.value.path.startswith("extra.json:")

    bad_text = json.loads(json.dumps(feedback))
    bad_text["texts"]["en"]["sms"] = "Rate us {reference"
    with pytest.raises(TemplateSyntaxError):
        load_notices(_write(tmp_path, "bad.json", bad_text))


def test_catalog_with_other_hosts_changes_only_the_link_hosts():
    default = catalog()
    other = catalog(hosts=["app.aurumpay.example", "m.aurumpay.example"])
    for name in CATALOG_NAMES:
        mine, theirs = other[name].to_dict(), default[name].to_dict()
        variables = theirs["variables"]
        assert isinstance(variables, list)
        for var in variables:
            if var["kind"] == "url":
                assert var["hosts"] == ["app.example.com"]
                var["hosts"] = ["app.aurumpay.example", "m.aurumpay.example"]
        assert mine == theirs
    with pytest.raises(InvalidFieldError) as caught:
        catalog(hosts=["App.Example.com"])
    assert caught.value.field == "hosts"
