"""The HTML report: self-contained, escaped everywhere, deterministic, and complete for an editor.

No browser is needed: the page is parsed with the standard library's HTMLParser, which sees tags
and attributes as a browser would, so an injected `<img onerror>` shows up as an element. The
control test renders the same hostile corpus through an environment with autoescape off and
proves these checks do catch the payloads.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from checker.model import Review
from checker.render import FORMATS, render
from checker.render.common import evidence_lines, finding_sort_key, name_sources, quote_span
from checker.render.html import (content_security_policy, make_environment, render_html, render_with, source_slugs,
                                 split_sentence, text_pieces)
from conftest import SEEDS

BASE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")
APP = {"csrf_token": "tok-123", "post_url": "/api/decisions"}
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "section", "article", "aside",
    "footer", "h1", "h2", "h3", "h4", "p", "ul", "li", "b", "a", "code", "span", "div", "details", "summary",
    "blockquote", "mark", "dl", "dt", "dd", "form", "fieldset", "legend", "label", "input", "button", "output",
    "noscript", "table", "thead", "tbody", "tr", "th", "td", "script",
    "svg", "desc", "g", "line", "path", "circle", "text",  # the inline graph
}
# The parser lowercases tag names, so SVG's <title> appears as "title" too (allowed above).
PAYLOADS = ("<script>alert(1)", "</script><script>", "<img src=x onerror", "<svg onload", '"><img', '"><svg')


class Page(HTMLParser):
    """Tags, attributes, ids, links and script bodies of a page, as a browser's tokenizer sees them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
        elif tag == "style":
            self.styles.append("")
        self._in = tag if tag in ("script", "style") else self._in

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        elif self._in == "style":
            self.styles[-1] += data

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if a.get("id")]

    def attr_values(self):
        for tag, attrs in self.tags:
            for name, value in attrs.items():
                yield tag, name, value or ""

    def data_block(self) -> dict:
        return json.loads(next(body for attrs, body in self.scripts if attrs.get("type") == "application/json"))


def assert_no_external_resources(html: str) -> Page:
    """No attribute, stylesheet or script may point outside the file; only fragment links."""
    page = Page(html)
    assert {t for t, _ in page.tags} <= ALLOWED_TAGS, {t for t, _ in page.tags} - ALLOWED_TAGS
    for tag, name, value in page.attr_values():
        assert not name.startswith("on"), (tag, name, value)
        assert name not in ("src", "srcset", "xlink:href", "background", "poster", "data"), (tag, name)
        assert "://" not in value or name in ("data-sources", "title"), (tag, name, value)
        if name == "href":
            assert value.startswith("#"), (tag, value)
    assert "//cdn" not in html and 'src="http' not in html and "@import" not in html and "url(" not in "".join(page.styles)
    for attrs, body in page.scripts:
        assert "src" not in attrs
        assert "http" not in body and "import(" not in body
    return page


def assert_links_resolve(page: Page) -> None:
    ids = page.ids()
    assert len(ids) == len(set(ids)), "duplicate ids"
    targets = {a["href"][1:] for t, a in page.tags if a.get("href", "").startswith("#")}
    assert targets <= set(ids), targets - set(ids)


# --- the seed report --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_html(seed_report) -> str:
    return render_html(seed_report)


def test_format_is_registered(seed_report, seed_html):
    assert "html" in FORMATS
    assert render(seed_report, "html") == seed_html


def test_one_self_contained_file_with_csp(seed_html):
    assert seed_html.startswith("<!DOCTYPE html>") and seed_html.count("<html") == 1
    page = assert_no_external_resources(seed_html)
    assert not re.search(r"https?://", seed_html)  # the seeds have no URLs, so any would be ours
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1 and csp[0]["content"] == BASE_CSP
    head = seed_html[:seed_html.index("</head>")]
    assert head.index("Content-Security-Policy") < head.index("<style")  # the policy comes before any content
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", None]
    assert "<form" not in seed_html.replace('<form id="filters"', "")  # no review forms without the app


def test_links_resolve_and_ids_are_unique(seed_html):
    assert_links_resolve(Page(seed_html))


def test_every_source_appears_ranked_with_components(seed_report, seed_html):
    slugs = source_slugs(seed_report.sources)
    for score in seed_report.scores:
        card = _section(seed_html, f'id="score-{slugs[score.source_id]}"', "</article>")
        assert escape(score.source_id) in card and f"{score.score:.2f}" in card
        assert card.count('<details class="component">') == len(score.components)
        for c in score.components:
            assert f'<span class="cname">{escape(c.name)}</span>' in card and f"×{c.weight:.2f}" in card
            for e in evidence_lines(c.evidence, seed_report.sources):
                assert str(escape(e)) in card
        if score.uncorroborated:
            assert f"Uncorroborated claims ({len(score.uncorroborated)})" in card
    order = [m.group(1) for m in re.finditer(r'<article class="source-card" id="score-([^"]+)"', seed_html)]
    ranked = sorted(seed_report.scores, key=lambda s: s.rank)
    assert order == [slugs[s.source_id] for s in ranked]


def test_every_finding_has_its_quotes_and_marks(seed_report, seed_html):
    assert seed_report.findings
    for f in seed_report.findings:
        block = _section(seed_html, f'id="finding-{f.id}"', "</article>")
        head = block[:block.index(">")]
        assert f'data-rule="{f.rule}"' in head and f'data-severity="{f.severity}"' in head
        assert 'data-state="undecided"' in head  # for the filters; no badge in a static file
        assert json.loads(re.search(r"data-sources='([^']*)'", head).group(1).replace("&#34;", '"')) == \
            list(dict.fromkeys(s for side in f.sides for s in side.sources))
        assert str(escape(name_sources(f.summary, seed_report.sources, 40))) in block
        assert str(escape(name_sources(f.explanation, seed_report.sources, 40))) in block
        assert block.count('<section class="side">') == len(f.sides)
        for side in f.sides:
            for q in side.quotes:
                parts = split_sentence(q.sentence, quote_span(seed_report, q))
                assert parts["mark"], f"claim span not placed for {q.claim}"
                assert f"{escape(parts['before'])}<mark>{escape(parts['mark'])}</mark>{escape(parts['after'])}" in block


def test_quote_links_land_on_marked_spans_in_the_full_text(seed_report, seed_html):
    slugs = source_slugs(seed_report.sources)
    texts = {s.id: s.text for s in seed_report.sources}
    for f in seed_report.findings:
        for side in f.sides:
            for q in side.quotes:
                anchor = f"src-{slugs[q.source]}-{q.start}"
                assert f'href="#{anchor}"' in seed_html
                mark = re.search(rf'<mark id="{anchor}" class="([^"]*)"[^>]*>([^<]+)</mark>', seed_html)
                assert mark and "mark-conflict" in mark.group(1)
                assert texts[q.source][q.start:q.end].startswith(_unescape(mark.group(2)))


def test_full_texts_are_complete_with_furniture_dimmed(seed_report, seed_html):
    slugs = source_slugs(seed_report.sources)
    for src in seed_report.sources:
        section = _section(seed_html, f'id="source-{slugs[src.id]}"', "</details>")
        body = section[section.index('<div class="fulltext">') + len('<div class="fulltext">'):section.rindex("</div>")]
        assert _unescape(re.sub(r"<[^>]+>", "", body)) == src.text  # every character, nothing added
    furniture = [seg for c in seed_report.cleaned for seg in c.furniture()]
    assert furniture
    assert seed_html.count('class="seg-furniture" title="furniture: ') == len(furniture)


def test_svg_graph_has_one_node_per_source_and_conflict_edges(seed_report, seed_html):
    svg = _section(seed_html, '<svg class="graph"', "</svg>")
    assert svg.count('<circle class="node"') == len(seed_report.sources)
    for src in seed_report.sources:
        assert f"<title>{escape(src.id)}: score" in svg
    assert 'class="edge-conflict"' in svg and 'class="edge-same"' in svg
    assert 'class="self-badge"' in svg  # CC107: one source on both sides of its own finding


def test_filters_cover_rules_severities_and_sources_and_states_only_with_decisions(seed_report, seed_html):
    form = _section(seed_html, '<form id="filters"', "</form>")
    assert " hidden" in form[:60]  # shown by the script only, so no dead controls without JS
    for name in ("rule", "severity", "source"):
        assert f'data-filter="{name}"' in form
    assert 'data-filter="state"' not in form  # a static file without decisions: nothing to filter by
    for f in seed_report.findings:
        assert f'name="rule" value="{f.rule}"' in form and f'name="severity" value="{f.severity}"' in form
    app_form = _section(render_html(seed_report, app={"csrf_token": "t", "post_url": "/d"}), '<form id="filters"',
                        "</form>")
    for value in ("undecided", "confirmed", "dismissed", "follow-up"):
        assert f'name="state" value="{value}"' in app_form


def test_findings_come_first_most_severe_first_and_texts_are_folded(seed_report, seed_html):
    assert seed_html.index('id="findings"') < seed_html.index('id="sources"') < seed_html.index('id="texts"')
    order = re.findall(r'<article class="finding [^"]*" id="finding-([^"]+)"', seed_html)
    assert order == [f.id for f in sorted(seed_report.findings, key=finding_sort_key)]
    assert seed_html.count('<details class="source-text"') == len(seed_report.sources)
    assert '<details class="source-text" id="source-' in seed_html and " open" not in \
        _section(seed_html, '<details class="source-text"', ">")


def test_a_static_file_has_no_review_badges_and_normalised_values_are_folded(seed_report, seed_html):
    assert 'class="badge state-undecided"' not in seed_html and 'class="finding-foot"' not in seed_html
    app_html = render_html(seed_report, app={"csrf_token": "t", "post_url": "/d"})
    assert app_html.count('class="badge state-undecided"') == len(seed_report.findings)
    assert seed_html.count('<details class="normalized"><summary>normalised value</summary>') == \
        sum(len(f.sides) for f in seed_report.findings)


def test_output_is_byte_identical(seed_report, seed_html):
    from checker.running.pipeline import check_corpus

    assert render_html(seed_report) == seed_html
    files = sorted(SEEDS.iterdir(), reverse=True)
    again, _ = check_corpus([str(p) for p in files])
    assert render_html(again) == seed_html


# --- reviews and the app switch ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def reviewed(seed_report):
    """The seed report with one confirmed finding, one dismissed (hidden) and one stale decision."""
    first, second, *rest = seed_report.findings
    confirmed = replace(first, review=Review(first.id, "confirmed", note="Checked <b>twice</b>", reviewer="Ed",
                                             decided_at="2025-01-02T03:04:05Z"))
    dismissed = replace(second, review=Review(second.id, "dismissed", reviewer="Ed"))
    stale = Review("CC999-deadbeef", "follow-up", note="</script><script>alert(1)</script>", reviewer="Mo",
                   rule="CC999", summary='"><img src=x onerror=alert(1)>')
    return replace(seed_report, findings=(confirmed, *rest), hidden=(dismissed,), stale_reviews=(stale,))


def test_decisions_dismissed_and_stale_are_shown(reviewed):
    html = render_html(reviewed)
    first, dismissed = reviewed.findings[0], reviewed.hidden[0]
    block = _section(html, f'id="finding-{first.id}"', "</article>")
    assert 'data-state="confirmed"' in block and ">confirmed</span>" in block
    assert ">Ed</span>" in block and "2025-01-02T03:04:05Z" in block and "Checked &lt;b&gt;twice&lt;/b&gt;" in block
    section = _section(html, '<section id="dismissed"', "</section>\n")
    assert f'id="finding-{dismissed.id}"' in section and 'data-state="dismissed"' in section
    stale = _section(html, '<section id="stale">', "</section>")
    assert "CC999-deadbeef" in stale and "follow-up" in stale
    assert_no_payloads(html)
    assert_links_resolve(Page(html))


def test_app_adds_forms_csrf_and_relaxes_csp_only_for_self(reviewed):
    html = render_html(reviewed, app=APP)
    page = assert_no_external_resources(html)
    csp = next(a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert csp == content_security_policy(True)
    assert "connect-src 'self'" in csp and "form-action 'self'" in csp and "form-action 'none'" not in csp
    forms = [a for t, a in page.tags if t == "form" and a.get("class") == "decide"]
    assert len(forms) == len(reviewed.findings) + len(reviewed.hidden)
    assert all(a["action"] == "/api/decisions" and a["method"] == "post" for a in forms)
    assert page.data_block()["app"] == APP
    scripts = [body for attrs, body in page.scripts if attrs.get("type") is None]
    assert len(scripts) == 2 and "X-CSRF-Token" in scripts[1] and "innerHTML" not in scripts[1]
    radios = [a for t, a in page.tags if t == "input" and a.get("type") == "radio"]
    assert {a["value"] for a in radios} == {"confirmed", "dismissed", "follow-up"}
    assert sum("checked" in a for a in radios) == 2  # the confirmed and the dismissed finding
    assert "X-CSRF-Token" not in render_html(reviewed)


# --- escaping ---------------------------------------------------------------------------------------

HOSTILE_ID = "<img src=x onerror=alert(1)>"  # a file name: / is the only character Linux forbids
HOSTILE_B = 'b"><svg onload=alert(1)>'
SCRIPT = "</script><script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """Two articles whose file names, front matter and text are all payloads, and which conflict."""
    from checker.running.pipeline import check_corpus

    folder = tmp_path_factory.mktemp("hostile")
    try:
        (folder / f"{HOSTILE_ID}.md").write_text(
            f"---\ntitle: \"{SCRIPT} Ministers meet\"\noutlet: '{ATTR}'\nurl: 'https://evil.example/{ATTR}'\n---\n"  # YAML
            f"LYON — French Foreign Minister Anne Moreau met German Foreign Minister Klaus Weber in Lyon on "
            f"Tuesday, March 4, 2025. {SCRIPT} The ministers signed a formal agreement on energy, {ATTR}, "
            f"officials said.\n", encoding="utf-8")
        (folder / f"{HOSTILE_B}.txt").write_text(
            f"French Foreign Minister Anne Moreau met German Foreign Minister Klaus Weber in Marseille on Tuesday, "
            f"March 4, 2025. {ATTR} The two ministers issued a joint statement on energy.\n", encoding="utf-8")
    except OSError:  # pragma: no cover - a file system that refuses the names: payloads stay in the text
        pytest.skip("file system refuses the hostile file names")
    report, _ = check_corpus([folder])
    assert {s.id for s in report.sources} == {HOSTILE_ID, HOSTILE_B}
    assert report.findings, "the hostile corpus must produce findings so quotes and summaries carry payloads"
    return report


def assert_no_payloads(html: str) -> None:
    for payload in PAYLOADS:
        assert payload not in html, payload


def test_hostile_names_and_text_are_escaped_everywhere(hostile_report):
    html = render_html(hostile_report, app=APP)
    assert_no_payloads(html)
    page = assert_no_external_resources(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown, as text
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "https://evil.example/" in html and 'href="https' not in html  # the URL is text, never a link
    assert_links_resolve(page)
    # The JSON block holds the raw strings (so scripts see the real ids) but no "<" at all in the markup.
    raw_block = html[html.index('<script type="application/json"'):]
    raw_block = raw_block[raw_block.index(">") + 1:raw_block.index("</script>")]
    assert "<" not in raw_block and ">" not in raw_block
    data = page.data_block()
    assert {s["id"] for s in data["sources"]} == {HOSTILE_ID, HOSTILE_B}
    assert any(HOSTILE_ID in f["summary"] for f in data["findings"])
    assert data["app"] == APP
    # Ids derived from hostile source ids are plain slugs.
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in page.ids()), page.ids()
    scripts = [attrs for attrs, _ in page.scripts]
    assert len(scripts) == 3  # data, filters, review: nothing injected


def test_control_unescaped_environment_lets_payloads_through(hostile_report):
    """Proves the checks above can fail: the same templates without autoescape leak every payload."""
    html = render_with(make_environment(autoescape=False), hostile_report, app=APP)
    assert "<script>alert(1)" in html and "<img src=x onerror" in html
    with pytest.raises(AssertionError):
        assert_no_payloads(html)
    with pytest.raises(AssertionError):
        assert_no_external_resources(html)
    assert any(t == "img" for t, _ in Page(html).tags)


def test_slugs_are_safe_stable_and_distinct():
    from checker.model import Source

    ids = ["a b", "a-b", "A_B", "<img>", "ümlaut", "", "x" * 200]
    slugs = source_slugs(Source(i, "", "") for i in ids)
    assert len(set(slugs.values())) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in slugs.values())
    assert source_slugs([Source("a b", "", "")])["a b"] == slugs["a b"]  # independent of the other sources


def test_text_pieces_handle_overlaps_and_shared_starts():
    from checker.model import Segment

    text = "Menu\nThe ministers met in Lyon today."
    spans = {(24, 28): {"kinds": {"conflict"}, "titles": ["place: Lyon"]},
             (24, 34): {"kinds": {"uncorroborated"}, "titles": ["time: Lyon today"]},
             (15, 26): {"kinds": {"conflict"}, "titles": ["x"]},
             (50, 60): {"kinds": {"conflict"}, "titles": ["out of range"]}}
    pieces = text_pieces(text, (Segment(0, 4, "furniture", "navigation"),), spans, "p-")
    assert "".join(p["text"] for p in pieces) == text
    ids = [p["id"] for p in pieces if p["id"]]
    assert ids == ["p-15", "p-24"]  # one anchor per start offset, none for the span outside the text
    assert pieces[0]["cls"] == "seg-furniture" and "navigation" in pieces[0]["title"]
    overlap = next(p for p in pieces if p["id"] == "p-24")
    assert "mark-overlap" in overlap["cls"]


def test_empty_report_renders(seed_report):
    empty = replace(seed_report, sources=(), scores=(), claims=(), events=(), clusters=(), pairs=(), findings=(),
                    cleaned=())
    html = render_html(empty)
    assert "No findings" in html and "No sources." in html
    assert_no_external_resources(html)


INSTALLED = Path(sys.executable).with_name("check")


@pytest.mark.skipif(not INSTALLED.exists(), reason="claimcheck-news is not installed in this environment")
def test_installed_package_ships_the_templates(tmp_path):
    """Run from outside the checkout, so the package (and its templates/ data) comes from site-packages."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    script = ("import checker, checker.render.html as h\n"
              "from checker.running.pipeline import check_corpus\n"
              f"r, _ = check_corpus([{str(SEEDS)!r}])\n"
              "html = h.render_html(r)\n"
              "assert 'site-packages' in checker.__file__, checker.__file__\n"
              "print(html.count('<article class=\"finding'))\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) > 0


# --- helpers ----------------------------------------------------------------------------------------


def _section(html: str, start_marker: str, end_marker: str) -> str:
    start = html.index(start_marker)
    return html[start:html.index(end_marker, start) + len(end_marker)]


def _unescape(text: str) -> str:
    import html as html_lib

    return html_lib.unescape(text)
