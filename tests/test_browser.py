"""The HTML report and the review app in a real browser (Debian's Chromium driven by Playwright).

One browser per module; each test gets a fresh context (cookies, storage) at 1366×768. The module is
skipped when Chromium or Playwright is missing, except under CI (the `CI` environment variable), where
that is a failure: CI must run these. Screenshots go to `screenshots/` at the repository root.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1366, "height": 768}
SCREENSHOTS = ROOT / "screenshots"

CC101 = "CC101-57fac499e3f2"  # Seoul (001, 002) vs Yokosuka (003)
CC103 = "CC103-10c8d9c87ee6"
CC105 = "CC105-46471ac395de"
CC107 = "CC107-7bf7ed6b28b3"
CC102 = "CC102-d9d74734ba22"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install '.[test]')"
    return None


if _missing():
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {_missing()}", pytrace=False)
    pytest.skip(_missing(), allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

# --- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser):
    context = browser.new_context(viewport=VIEWPORT)
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    """`check seeds --format html --output tmp/report.html`."""
    from checker import cli

    out = tmp_path_factory.mktemp("tmp") / "report.html"
    assert cli.main([str(SEEDS), "--format", "html", "--output", str(out), "--no-reviews", "-q", "--exit-zero"]) == 0
    return out


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")
    return path


class Server:
    """`python -m checker serve PATH --port 0 --reviews STORE` as a subprocess, restartable."""

    def __init__(self, corpus: Path, store: Path, log: Path):
        self.corpus, self.store, self.log = corpus, store, log
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def start(self) -> "Server":
        with open(self.log, "ab") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "checker", "serve", str(self.corpus), "--port", "0",
                                          "--reviews", str(self.store)], cwd=ROOT, stdout=subprocess.PIPE,
                                         stderr=err, text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://"):
            self.proc.kill()
            raise AssertionError(f"check serve printed no URL: {self.log.read_text()}")
        return self

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("check serve did not stop on SIGTERM") from None
        finally:
            self.proc.stdout.close()
            self.proc = None
        assert code == 0, self.log.read_text()

    def decisions(self) -> dict[str, dict]:
        with urllib.request.urlopen(self.url + "api/decisions", timeout=10) as response:
            return {d["finding_id"]: d for d in json.load(response)["decisions"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tmp")
    s = Server(SEEDS, tmp / "reviews.sqlite", tmp / "serve.log").start()
    yield s
    s.stop()


# --- the static report ------------------------------------------------------------------------------


def open_report(page: Page, path: Path) -> list[str]:
    """Open the file and return the list that records every request the page makes."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    return requests


def test_ranking_shows_sources_in_score_order(page, report_file, seed_report):
    open_report(page, report_file)
    cards = page.locator("#sources .source-card")
    ids = cards.locator(".sid").all_inner_texts()
    ranks = [int(r) for r in cards.locator(".rank").all_inner_texts()]
    scores = [float(s) for s in cards.locator(".score").all_inner_texts()]
    expected = sorted(seed_report.scores, key=lambda s: s.rank)
    assert ids == [s.source_id for s in expected]
    assert ranks == list(range(1, len(ids) + 1))
    assert scores == sorted(scores, reverse=True) and scores == [round(s.score, 2) for s in expected]
    assert cards.first.is_visible()


def test_quotes_mark_the_conflicting_words(page, report_file):
    open_report(page, report_file)
    finding = page.locator(f"#finding-{CC101}")
    sides = finding.locator("section.side")
    assert sides.count() == 2
    side_a = set(sides.nth(0).locator("blockquote.quote mark").all_inner_texts())
    side_b = set(sides.nth(1).locator("blockquote.quote mark").all_inner_texts())
    assert "Seoul" in side_a and side_b == {"Yokosuka"}  # side A also quotes Yongsan, a district of Seoul
    mark = sides.nth(1).locator("blockquote.quote mark").first
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")


def test_filters_hide_findings_and_update_the_count(page, report_file, seed_report):
    open_report(page, report_file)
    total = len(seed_report.findings)
    counter = page.locator("#filter-count")
    assert counter.inner_text() == f"{total} of {total} findings shown"
    high = [f.id for f in seed_report.findings if f.severity == "high"]
    assert high and len(high) < total
    page.locator("#filters input[name='severity'][value='high']").uncheck()
    for fid in high:
        assert page.locator(f"#finding-{fid}").is_hidden()
    for f in seed_report.findings:
        if f.severity != "high":
            assert page.locator(f"#finding-{f.id}").is_visible()
    assert counter.inner_text() == f"{total - len(high)} of {total} findings shown"
    # a source filter combines with it (AND across groups): only 004's self-contradiction is left
    for src in page.locator("#filters input[name='source']").all():
        if src.get_attribute("value") != "004_c0629a4c97f7456d":
            src.uncheck()
    assert counter.inner_text() == f"1 of {total} findings shown"
    assert page.locator(f"#finding-{CC107}").is_visible()
    page.locator("#filters button[type='reset']").click()
    page.wait_for_function(f"document.getElementById('filter-count').textContent === '{total} of {total} findings shown'")
    assert all(page.locator(f"#finding-{f.id}").is_visible() for f in seed_report.findings)


def test_quote_link_scrolls_to_the_marked_span_in_the_full_text(page, report_file):
    open_report(page, report_file)
    link = page.locator(f"#finding-{CC101} section.side").nth(1).locator("blockquote.quote footer a").first
    href = link.get_attribute("href")
    assert re.fullmatch(r"#src-[a-z0-9-]+-\d+", href)
    assert page.evaluate("window.scrollY") == 0
    link.click()
    page.wait_for_function(f"location.hash === {json.dumps(href)}")
    target = page.locator(href)
    assert target.evaluate("e => e.tagName") == "MARK" and "Yokosuka" in target.inner_text()
    assert target.evaluate("e => e.closest('#texts') !== null")  # in the full texts, not the quote
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < VIEWPORT["height"], box  # scrolled into view
    assert page.evaluate("window.scrollY") > 1000


def test_findings_come_first_and_full_texts_are_folded(page, report_file, seed_report):
    open_report(page, report_file)
    first = page.locator("article.finding").first
    box = first.bounding_box()
    assert box is not None and box["y"] < VIEWPORT["height"], box  # above the fold
    order = page.evaluate("""() => ['findings', 'sources', 'texts'].map(id =>
        document.getElementById(id).getBoundingClientRect().top + window.scrollY)""")
    assert order == sorted(order), order  # findings, then the ranking and graph, then the texts
    severities = page.locator("article.finding").evaluate_all("els => els.map(e => e.dataset.severity)")
    rank = {"high": 3, "medium": 2, "low": 1, "info": 0}
    assert [rank[s] for s in severities] == sorted((rank[s] for s in severities), reverse=True)
    texts = page.locator("#texts details.source-text")
    assert texts.count() == len(seed_report.sources)
    assert texts.evaluate_all("ds => ds.every(d => !d.open)")
    assert page.locator("#texts .fulltext").first.is_hidden()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 9000, height  # the texts took 12,000 of 16,500 pixels when open
    texts.first.locator("summary").click()
    assert page.locator("#texts .fulltext").first.is_visible()


def test_a_static_report_shows_no_review_badges(page, report_file):
    open_report(page, report_file)
    assert page.locator(".badge.state-undecided").count() == 0
    assert page.locator(".finding-foot").count() == 0
    assert page.locator("#filters input[name='state']").count() == 0
    assert "undecided" not in page.locator("#findings").inner_text().lower()


def test_normalised_values_are_behind_a_disclosure(page, report_file):
    open_report(page, report_file)
    finding = page.locator(f"#finding-{CC101}")
    code = finding.locator("details.normalized code").first
    assert code.is_hidden()
    assert "city:" not in finding.inner_text()
    finding.locator("details.normalized summary").first.click()
    assert code.is_visible() and "city:" in code.inner_text()


def test_sources_are_named_by_outlet_or_title_then_file(page, report_file):
    open_report(page, report_file)
    chips = page.locator(f"#finding-{CC101} .side-sources .chip").all_inner_texts()
    assert any(c.startswith("South Korea") and c.endswith("(003_6ee9234a710e1662.txt)") for c in chips), chips


def test_the_report_makes_no_network_request(page, report_file):
    requests = open_report(page, report_file)
    # use the page: open every details, follow links, toggle filters
    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    links = page.evaluate("""() => {
        const links = Array.from(document.querySelectorAll("a[href]"));
        links.forEach(a => a.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true})));
        return links.map(a => a.getAttribute("href"));
    }""")
    assert len(links) > 20 and all(h.startswith("#") for h in links), links  # fragment links only
    page.locator("svg.graph .edge-badge").first.click()  # a conflict edge jumps to its finding
    page.wait_for_function("location.hash.startsWith('#finding-')")
    page.locator("#filters input[name='severity']").first.uncheck()
    page.locator("#graph-title").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert requests, "the page load itself is a request"
    assert all(u.startswith(("file://", "data:")) for u in requests), requests


def test_screenshots_of_the_report(page, report_file):
    open_report(page, report_file)
    top = screenshot(page, "report-top.png")
    page.evaluate("document.getElementById('sources').scrollIntoView(); window.scrollBy(0, -34)")
    sources = screenshot(page, "report-sources.png")
    page.locator(f"#finding-{CC101} section.side").nth(1).locator("blockquote.quote footer a").first.click()
    texts = screenshot(page, "report-text.png")
    for path in (top, sources, texts):
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (1366, 768)


# --- the review app ---------------------------------------------------------------------------------


def decide(page: Page, finding_id: str, state: str, note: str, reviewer: str, *, wait: bool = True) -> None:
    form = page.locator(f"#finding-{finding_id} form.decide")
    form.locator(f"input[name='state'][value='{state}']").check()
    form.locator("input[name='note']").fill(note)
    form.locator("input[name='reviewer']").fill(reviewer)
    form.locator("button[type='submit']").click(no_wait_after=True)
    if wait:
        saved(page, finding_id)


def saved(page: Page, finding_id: str) -> None:
    status = page.locator(f"#finding-{finding_id} form.decide .status")
    page.wait_for_function("el => el.textContent === 'Saved' || el.textContent.startsWith('Not saved')",
                           arg=status.element_handle())
    assert status.inner_text() == "Saved"


def test_decision_via_the_ui_survives_reload_and_restart(page, server):
    page.goto(server.url)
    finding = page.locator(f"#finding-{CC101}")
    assert finding.locator("[data-role='state']").text_content() == "undecided"
    finding.scroll_into_view_if_needed()
    decide(page, CC101, "dismissed", "the port visit, not the talks", "Ana")
    badge = finding.locator("[data-role='state']")
    assert badge.text_content() == "dismissed" and "state-dismissed" in badge.get_attribute("class")
    assert badge.is_visible() and badge.inner_text().lower() == "dismissed"
    assert finding.get_attribute("data-state") == "dismissed"
    assert finding.locator("[data-role='reviewer']").text_content() == "Ana"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", finding.locator("[data-role='decided_at']").text_content())
    page.evaluate(f"document.getElementById('finding-{CC101}').scrollIntoView(); window.scrollBy(0, -40)")
    screenshot(page, "app-decision.png")

    def shows_dismissed() -> None:
        moved = page.locator(f"#dismissed #finding-{CC101}")  # now listed under "Dismissed findings"
        assert moved.locator("[data-role='state']").text_content() == "dismissed"
        assert moved.locator("[data-role='note']").text_content() == "the port visit, not the talks"
        assert moved.locator("input[name='state'][value='dismissed']").is_checked()
        assert page.locator(f"#findings #finding-{CC101}").count() == 0

    page.reload()
    shows_dismissed()
    server.stop()
    server.start()
    page.goto(server.url)
    shows_dismissed()
    assert server.decisions()[CC101]["reviewer"] == "Ana"


def test_two_tabs_deciding_at_the_same_moment_both_persist(page, server):
    other = page.context.new_page()
    for p in (page, other):
        p.goto(server.url)
    before = server.decisions()
    # fill both forms, then submit both without waiting for either answer
    for p, fid, state in ((page, CC103, "confirmed"), (other, CC107, "follow-up")):
        form = p.locator(f"#finding-{fid} form.decide")
        form.locator(f"input[name='state'][value='{state}']").check()
        form.locator("input[name='note']").fill(f"tab decision on {fid}")
        form.locator("input[name='reviewer']").fill("Bo")
    page.evaluate(f"document.querySelector('#finding-{CC103} form.decide').requestSubmit()")
    other.evaluate(f"document.querySelector('#finding-{CC107} form.decide').requestSubmit()")
    saved(page, CC103)
    saved(other, CC107)
    after = server.decisions()
    assert after[CC103]["state"] == "confirmed" and after[CC103]["note"] == f"tab decision on {CC103}"
    assert after[CC107]["state"] == "follow-up" and after[CC107]["note"] == f"tab decision on {CC107}"
    assert set(after) == set(before) | {CC103, CC107}
    # each tab shows the other's decision after a reload
    other.reload()
    assert other.locator(f"#finding-{CC103} [data-role='state']").text_content() == "confirmed"


def test_cross_site_posts_are_refused_and_write_nothing(page, server):
    before = server.decisions()
    body = json.dumps({"finding_id": CC105, "state": "dismissed", "note": "forged"}).encode()
    for headers, data in (
        ({"Content-Type": "application/json", "Origin": "http://evil.example"}, body),
        ({"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example"},
         urllib.parse.urlencode({"finding_id": CC105, "state": "dismissed"}).encode()),
        ({"Content-Type": "text/plain", "Origin": "http://evil.example"}, body),
    ):
        request = urllib.request.Request(server.url + "api/decisions", data=data, headers=headers)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code in (403, 415), headers
        assert refused.value.code == 403 or headers["Content-Type"] == "text/plain"
    # a real cross-site form in the browser (another origin, no token): refused too
    page.set_content(f'<form id="f" method="post" action="{server.url}api/decisions">'
                     f'<input name="finding_id" value="{CC105}"><input name="state" value="dismissed">'
                     f'<input name="csrf_token" value="guessed"></form>')
    with page.expect_navigation():
        page.evaluate("document.getElementById('f').submit()")
    assert "CSRF" in page.content() or "cross-site" in page.content()
    assert server.decisions() == before


def test_form_works_without_javascript(browser, server):
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    try:
        p = context.new_page()
        p.goto(server.url)
        form = p.locator(f"#finding-{CC105} form.decide")
        form.locator("input[name='state'][value='follow-up']").check()
        form.locator("input[name='note']").fill("no-JS post")
        form.locator("input[name='reviewer']").fill("Cy")
        with p.expect_navigation():
            form.locator("button[type='submit']").click()
        assert p.url.endswith(f"/#finding-{CC105}")  # the 303 back to the finding
        assert p.locator(f"#finding-{CC105} [data-role='state']").text_content() == "follow-up"
        assert server.decisions()[CC105]["note"] == "no-JS post"
    finally:
        context.close()


# --- XSS --------------------------------------------------------------------------------------------

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
TITLE = f"{SCRIPT} Ministers meet"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A corpus whose file name, front-matter title and text carry script payloads, and that conflicts."""
    folder = tmp_path_factory.mktemp("tmp") / "hostile"
    folder.mkdir()
    try:
        (folder / f"{HOSTILE_NAME}.md").write_text(
            f'---\ntitle: "{TITLE}"\noutlet: "<svg onload=alert(2)>"\n---\n'
            f"LYON — French Foreign Minister Anne Moreau met German Foreign Minister Klaus Weber in Lyon on "
            f"Tuesday, March 4, 2025. {SCRIPT} The ministers signed a formal agreement on energy, "
            f"\"><img src=x onerror=alert(3)>, officials said.\n", encoding="utf-8")
    except OSError:  # pragma: no cover - a file system that refuses the name: the payloads stay in the text
        (folder / "hostile.md").write_text(f'---\ntitle: "{TITLE}"\n---\nLYON — {SCRIPT}\n', encoding="utf-8")
    (folder / "b.txt").write_text(
        "French Foreign Minister Anne Moreau met German Foreign Minister Klaus Weber in Marseille on Tuesday, "
        "March 4, 2025. The two ministers issued a joint statement on energy.\n", encoding="utf-8")
    return folder


def watch_dialogs(page: Page) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def assert_payloads_shown_as_text(page: Page) -> None:
    text = page.locator("body").inner_text()
    assert SCRIPT in text  # the article text and the title, as text
    assert HOSTILE_NAME in text  # the file name (source id)
    assert page.locator("img").count() == 0 and page.locator("main svg [onload], svg[onload]").count() == 0


def test_static_report_runs_no_injected_script(page, hostile, tmp_path):
    from checker import cli

    out = tmp_path / "report.html"
    assert cli.main([str(hostile), "--format", "html", "--output", str(out), "-q", "--exit-zero"]) == 0
    dialogs = watch_dialogs(page)
    page.goto(out.as_uri())
    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert_payloads_shown_as_text(page)


def test_app_runs_no_injected_script(page, hostile, tmp_path):
    server = Server(hostile, tmp_path / "reviews.sqlite", tmp_path / "serve.log").start()
    try:
        dialogs = watch_dialogs(page)
        page.goto(server.url)
        assert_payloads_shown_as_text(page)
        fid = page.locator("article.finding").first.get_attribute("id").removeprefix("finding-")
        decide(page, fid, "follow-up", SCRIPT, HOSTILE_NAME)  # the badge is updated from the answer
        finding = page.locator(f"#finding-{fid}")
        assert finding.locator("[data-role='note']").text_content() == SCRIPT
        assert finding.locator("[data-role='reviewer']").text_content() == HOSTILE_NAME
        page.reload()
        assert page.locator(f"#finding-{fid} [data-role='note']").text_content() == SCRIPT
        page.wait_for_timeout(300)
        assert dialogs == []
        assert page.locator("img").count() == 0
    finally:
        server.stop()


def test_control_an_unescaped_page_does_fire_the_dialog(page, hostile, tmp_path):
    """Proves the two tests above can fail: the same templates without autoescape run the payload."""
    from checker.render.html import make_environment, render_with
    from checker.running.pipeline import check_corpus

    report, _ = check_corpus([hostile])
    out = tmp_path / "unescaped.html"
    out.write_text(render_with(make_environment(autoescape=False), report), encoding="utf-8")
    dialogs = watch_dialogs(page)
    page.goto(out.as_uri())
    page.wait_for_timeout(300)
    assert dialogs and set(dialogs) <= {"1", "2", "3"}, dialogs
