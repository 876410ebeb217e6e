"""Output side: turn a finished `Report` into JSON, JSON Lines, SARIF, Markdown, HTML, a rich terminal
view, one line per finding (`concise`) or GitHub workflow annotations (`github`).

The renderers only read the model; they never recompute anything, so every format shows the same
facts. Submodules are imported lazily in `render()` so that JSON output does not pull in rich.
What the renderers share (ordering and grouping of findings, the tool's version) is in
checker.render.common. May import: checker.model (and checker.render.common).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from checker.model import Report

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

FORMATS = ("text", "json", "markdown", "html", "jsonl", "sarif", "concise", "github")


def render(report: Report, fmt: str, *, console: "Console | None" = None, verbose: bool = False) -> str | None:
    """Render `report` as `fmt`; see `_render`. Lone surrogates from an article never crash the writer."""
    from checker.render.common import encodable

    text = _render(report, fmt, console=console, verbose=verbose)
    return None if text is None else encodable(text)


def _render(report: Report, fmt: str, *, console: "Console | None" = None, verbose: bool = False) -> str | None:
    """Render `report` as `fmt` (one of FORMATS).

    json/jsonl/sarif/markdown/html always return the text. For "text", a given console is printed to
    (returns None, the console keeps its own colour/width detection); without one the text is rendered
    to an uncoloured 120-column in-memory console and returned. `verbose` (text only) adds claim ids,
    offsets and normalised values.
    """
    if fmt == "concise":
        from checker.render.lines import render_concise

        return render_concise(report)
    if fmt == "github":
        from checker.render.lines import render_github

        return render_github(report)
    if fmt == "json":
        from checker.render.jsonreport import render_json

        return render_json(report)
    if fmt == "jsonl":
        from checker.render.jsonl import render_jsonl

        return render_jsonl(report)
    if fmt == "sarif":
        from checker.render.sarif import render_sarif

        return render_sarif(report)
    if fmt == "markdown":
        from checker.render.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from checker.render.html import render_html

        return render_html(report)
    if fmt == "text":
        from rich.console import Console

        from checker.render.terminal import render_terminal

        if console is not None:
            render_terminal(report, console, verbose=verbose)
            return None
        buf = io.StringIO()
        plain = Console(file=buf, width=120, color_system=None, force_terminal=False, no_color=True,
                        highlight=False, emoji=False, legacy_windows=False)
        render_terminal(report, plain, verbose=verbose)
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
