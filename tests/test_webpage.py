"""HTML pages are read for their article (not comments, cookie banners, related links), dates in any
common form, and Markdown front matter through a YAML parser with a warning for what it cannot read."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from checker.reading.load import load_corpus
from checker.reading.webpage import keep_main_lines, parse_date
from checker.running.pipeline import check_corpus

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "html"


def _truth() -> dict:
    spec = importlib.util.spec_from_file_location("compare_html_extractors", ROOT / "scripts" / "compare_html_extractors.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("compare_html_extractors", module)
    spec.loader.exec_module(module)
    return module.TRUTH


@pytest.mark.parametrize("page", sorted(_truth()))
def test_the_article_is_kept_and_the_page_around_it_dropped(page):
    keep, drop = _truth()[page]
    text = " ".join(load_corpus([str(PAGES / page)]).sources[0].text.split())
    assert [s for s in keep if s not in text] == []
    assert [s for s in drop if s in text] == []


def test_a_comment_is_no_claim_of_the_article():
    report, _ = check_corpus([str(PAGES / "comments.html")])
    assert report.findings == ()  # "I heard 30 people were killed" / "on Monday, not Tuesday" were self-conflicts
    assert not [c for c in report.claims if "30" in c.value or "Monday" in c.value]
    src = report.sources[0]
    for c in report.claims:  # claims quote the text the checker read
        assert src.text[c.start:c.end] == c.value


def test_page_metadata_dates_in_common_forms():
    meta = {s.id: s.metadata for s in load_corpus([str(PAGES)]).sources}
    assert meta["comments"].published == date(2025, 3, 14)  # <meta name="date" content="14 March 2025">
    assert meta["plain"].published == date(2025, 3, 5)  # itemprop datePublished "March 5, 2025"
    assert meta["related"].published == date(2025, 3, 2)  # pubdate "20250302"
    assert meta["cookies"].published == date(2025, 6, 27)
    assert meta["comments"].outlet == "Valley Courier"


def test_a_date_found_only_in_the_markup(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><title>Quake</title></head><body><article><h1>Quake</h1><p class='meta'>"
        "<time datetime='2025-03-02T07:00:00Z'>Sunday</time></p><p>An earthquake struck near Kisumu on "
        "Sunday morning, killing at least four people, the Red Cross said, and damaging dozens of buildings "
        "across the region.</p></article></body></html>", encoding="utf-8")
    assert load_corpus([str(tmp_path / "p.html")]).sources[0].metadata.published == date(2025, 3, 2)


@pytest.mark.parametrize("raw, expected", [
    ("2025-03-14", date(2025, 3, 14)), ("2025-03-14T08:15:00+02:00", date(2025, 3, 14)),
    ("14 March 2025", date(2025, 3, 14)), ("March 14, 2025", date(2025, 3, 14)),
    ("Fri, 14 Mar 2025 08:15:00 GMT", date(2025, 3, 14)), ("20250314", date(2025, 3, 14)),
    ("14/03/2025", date(2025, 3, 14)), ("14.03.2025", date(2025, 3, 14)),
    ("03/06/2024", None), ("2024-13-01", None), ("June 3rd", None), ("yesterday", None), ("Tuesday", None),
    ("", None), (20240603, None),
])
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


def test_keep_main_lines_keeps_layout_and_refuses_stray_short_matches():
    visible = "Home\n\nStorm hits coast\n\nLISBON — A storm hit the coast on Friday.\n\nMenu\nHome office\n\nTrees fell."
    main = "Storm hits coast LISBON — A storm hit the coast on Friday. The Home office said. Trees fell."
    assert keep_main_lines(visible, main) == "Storm hits coast\n\nLISBON — A storm hit the coast on Friday."


# --- front matter -----------------------------------------------------------------------------------


def _md(tmp_path, front: str, body: str = "The ministers met in Lyon on Tuesday.\n"):
    (tmp_path / "a.md").write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    return load_corpus([str(tmp_path / "a.md")])


def test_yaml_front_matter_folded_title_and_date(tmp_path):
    result = _md(tmp_path, "title: >-\n  Ministers meet\n  in Lyon\noutlet: 'Wire: Digest'\npublished: 2025-03-14\n"
                           "tags: [defence, europe]")
    meta = result.sources[0].metadata
    assert (meta.title, meta.outlet, meta.published) == ("Ministers meet in Lyon", "Wire: Digest", date(2025, 3, 14))
    assert result.sources[0].text == "The ministers met in Lyon on Tuesday.\n"
    assert result.warnings == ()


def test_front_matter_date_in_words(tmp_path):
    assert _md(tmp_path, "published: 14 March 2025").sources[0].metadata.published == date(2025, 3, 14)


def test_invalid_yaml_is_named_and_the_article_still_read(tmp_path):
    result = _md(tmp_path, "title: [unclosed\noutlet: X")
    assert result.sources[0].text == "The ministers met in Lyon on Tuesday.\n"
    assert result.sources[0].metadata.title is None
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"{(tmp_path / 'a.md').as_posix()}: front matter is not valid YAML (line ")
    assert result.warnings[0].endswith("its metadata is ignored")


def test_a_field_yaml_cannot_give_as_text_is_named(tmp_path):
    result = _md(tmp_path, "title:\n  - one\n  - two\noutlet: Wire")
    assert result.sources[0].metadata.outlet == "Wire" and result.sources[0].metadata.title is None
    assert result.warnings == (f"{(tmp_path / 'a.md').as_posix()}: front matter field 'title' is a YAML list, "
                               f"not text or a date; ignored",)


def test_front_matter_that_is_not_a_mapping(tmp_path):
    result = _md(tmp_path, "- just\n- a list")
    assert "front matter is a YAML list, not a mapping of fields" in result.warnings[0]
