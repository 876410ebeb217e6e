"""The article inside an HTML page, its publication date, and dates written in any common form.

A news page holds much more than its article: comments ("I heard 30 people were killed"), cookie banners,
related-links rails, newsletter boxes. Reading every visible line made them claims of the article. The
main content is found by trafilatura, a maintained extractor (Barbaresi 2021), with comments and tables
left out. Chosen over jusText by `scripts/compare_html_extractors.py` on the pages in tests/data/html
(comments, a cookie banner, related links, a newsletter box, a cookie bar; 16 article sentences, 23
furniture sentences): trafilatura kept 16/16 and let 0/23 through; jusText with its defaults kept 4/16
(it drops short pages whole), and tuned for short pages kept 16/16 but let 3/23 through (cookie and
newsletter text); both take a few milliseconds per page.

The text the checker reads is the page's visible text restricted to the lines the extractor keeps
(`keep_main_lines`): the extractor decides what the article is, our own HTML reader decides how it is
laid out (paragraph breaks, no hidden elements, no text trafilatura's baseline fallback takes from
`<noscript>`); claims quote that text and their offsets index it, as for any other format. When the
extractor finds nothing (markup it cannot parse), the caller keeps the page's visible text.

Dates: ISO first (fast and exact), then dateparser for the forms pages and front matter use
("14 March 2025", "March 5, 2025", "Fri, 27 Jun 2025 08:15:00 GMT", "20250302"), day before month when
a numeric form is ambiguous (as outside the US). A page without a date in its metadata gets one from
htmldate, which reads the markup (`<time datetime>`, JSON-LD, the URL), never the article's text.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import Any

_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def main_content(html: str) -> str | None:
    """The article's text, paragraphs on their own lines; None when no main content is found."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a declared dependency; the visible text is the fallback
        return None
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs "discarding data" chatter
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, include_images=False,
                                   include_formatting=False, include_links=False, deduplicate=False)
    except Exception:  # noqa: BLE001 - any page the extractor cannot handle is read as visible text
        return None
    if not text or not text.strip():
        return None
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def keep_main_lines(visible: str, main: str) -> str:
    """The page's visible text (our parser's lines, with its paragraph breaks and without hidden
    elements) restricted to the lines the extractor counts as the article.

    A line of four words or more is kept when it appears whole in the extracted text; a shorter one
    (a headline, "Trees fell.") only when it does and touches a kept longer line, so a menu item that
    happens to occur in the article ("Home") is not kept. Blank lines between kept lines stay.
    """
    body = " " + " ".join(main.split()) + " "
    lines = visible.split("\n")

    def found(line: str) -> bool:
        squashed = " ".join(line.split())
        return bool(squashed) and re.search(r"(?<!\w)" + re.escape(squashed) + r"(?!\w)", body) is not None

    hit = [found(line) for line in lines]
    long = [h and len(line.split()) >= 4 for h, line in zip(hit, lines)]
    content = [i for i, line in enumerate(lines) if line.strip()]
    keep = set()
    for pos, i in enumerate(content):
        if long[i]:
            keep.add(i)
        elif hit[i]:
            neighbours = content[max(0, pos - 1):pos] + content[pos + 1:pos + 2]
            if any(long[j] for j in neighbours):
                keep.add(i)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in keep:
            out.append(line)
        elif not line.strip() and out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip("\n")


def page_date(html: str) -> date | None:
    """The publication date htmldate finds in the page's markup, or None."""
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover
        return None
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001
        return None
    return parse_date(found) if found else None


def parse_date(raw: Any) -> date | None:
    """A date from a metadata value in any common form, or None when it is not a date."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        return None
    s = raw.strip()
    if not s or len(s) > 64:
        return None
    for parse in (date.fromisoformat, lambda v: datetime.fromisoformat(v).date()):
        try:
            return parse(s)
        except ValueError:
            pass
    m = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]\d", s)  # datetimes 3.11 rejects, e.g. odd fractions
    if m:
        try:
            return date.fromisoformat(m.group(1))
        except ValueError:
            return None
    m = _COMPACT.match(s)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}", s):
        return None  # ISO-shaped but not a date (2024-13-01): no guessing
    m = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}$", s)
    if m and int(m.group(1)) <= 12 and int(m.group(2)) <= 12:
        return None  # 03/06/2024: March 6 or 3 June? A wrong guess would move every relative date
    if not re.search(r"\d", s) or not re.search(r"\d{4}|\b\d{2}\b", s):
        return None  # "yesterday", "Tuesday": no date a reader can check
    import dateparser

    parsed = dateparser.parse(s, languages=["en"], settings={
        "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None
