"""Compare main-content extractors on the HTML pages in tests/data/html (comments, a cookie banner,
related-links rails, newsletter boxes): how many article sentences each keeps and how many page-furniture
sentences it lets through. `python scripts/compare_html_extractors.py` prints one line per page and
extractor, then totals. Used to choose the extractor in checker/reading/webpage.py; see its docstring."""

from __future__ import annotations

import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "html"

# For each page: sentences of the article (must be kept) and of the page around it (must be dropped).
TRUTH = {
    "comments.html": (
        ["burst its banks on Tuesday", "used boats to reach families", "water rose two metres",
         "fallen below its banks", "worst flood in the town since 1987"],
        ["I heard 30 people were killed", "not Tuesday, my cousin", "Leave a Reply", "Council approves new bridge",
         "robotics prize", "All rights reserved", "14 thoughts on"],
    ),
    "cookies.html": (
        ["agreed on Friday to hold joint naval", "working group on artificial intelligence",
         "did not describe the agreement as a treaty", "next round of talks is expected in Rome"],
        ["842 partners", "Accept all cookies", "morning briefing", "40 billion euro tank deal", "rescues 300 migrants",
         "European defence union", "Independent Press Standards"],
    ),
    "related.html": (
        ["magnitude 6.1 struck near Kisumu", "6:42 a.m. local time", "school dormitory had partly collapsed",
         "felt several aftershocks"],
        ["Subscribe from", "Floods kill 40 in Mombasa", "finance bill", "Five things to know", "Celebrity chef",
         "Share this story", "Privacy policy"],
    ),
    "plain.html": (
        ["third day on Wednesday", "cut 200 jobs", "costing them millions of euros"],
        ["uses cookies", "Got it"],
    ),
}


def with_trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=False,
                               deduplicate=False) or ""


def with_trafilatura_precision(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""


def with_justext(html: str) -> str:
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def with_justext_short(html: str) -> str:
    """jusText tuned for short news pages (its defaults need long paragraphs with good neighbours)."""
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"), length_low=40,
                                 length_high=120, stopwords_low=0.2, stopwords_high=0.25)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


EXTRACTORS = {"trafilatura": with_trafilatura, "trafilatura (favor_precision)": with_trafilatura_precision,
              "jusText": with_justext, "jusText (tuned for short pages)": with_justext_short}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def main() -> None:
    totals = {name: [0, 0, 0, 0, 0.0] for name in EXTRACTORS}  # kept, of, leaked, of, seconds
    for extract in EXTRACTORS.values():  # imports and first-call set-up are not per-page costs
        extract((PAGES / "plain.html").read_text(encoding="utf-8"))
    for page, (keep, drop) in TRUTH.items():
        html = (PAGES / page).read_text(encoding="utf-8")
        for name, extract in EXTRACTORS.items():
            start = time.perf_counter()
            text = squash(extract(html))
            seconds = time.perf_counter() - start
            kept = sum(1 for s in keep if s in text)
            leaked = [s for s in drop if s in text]
            t = totals[name]
            t[0] += kept; t[1] += len(keep); t[2] += len(leaked); t[3] += len(drop); t[4] += seconds
            print(f"{page:14} {name:30} article kept {kept}/{len(keep)}  furniture leaked {len(leaked)}/{len(drop)}"
                  + (f"  ({'; '.join(leaked)})" if leaked else ""))
    print()
    for name, (kept, of, leaked, of_drop, seconds) in totals.items():
        print(f"{name:30} article sentences kept {kept}/{of}, furniture leaked {leaked}/{of_drop}, "
              f"{seconds * 1000 / len(TRUTH):.1f} ms per page")


if __name__ == "__main__":
    main()
