"""One line per finding: `--format concise` for people and grep, `--format github` for GitHub Actions.

concise, like a linter's short output:

    001_7928.txt, 002_8e35.txt | 003_6ee9.txt: CC101 [high] location-conflict: Location differs: ...

the files on each side of the disagreement separated by `|`, the rule, its severity and name, and
the summary with source ids replaced by names. github writes workflow commands
(`::error file=...,line=...,title=...::message`) that GitHub turns into annotations on the files: one
per finding, on the first quote of its first side; high is `error`, medium `warning`, low and info
`notice`. A line number is given only for plain-text articles, where the text the checker read is the
file itself; for other formats GitHub shows the annotation on the file as a whole.

Both escape what they print: control characters in article text never reach a terminal or a log raw.
"""

from __future__ import annotations

from pathlib import PurePath

from checker.model import Finding, Report, Source
from checker.render.common import file_name, finding_sort_key, name_sources, printable

GITHUB_LEVEL = {"high": "error", "medium": "warning", "low": "notice", "info": "notice"}


def render_concise(report: Report) -> str:
    sources = {s.id: s for s in report.sources}
    lines = []
    for f in sorted(report.findings, key=finding_sort_key):
        sides = " | ".join(", ".join(_file(sources, s) for s in side.sources) for side in f.sides)
        summary = name_sources(f.summary, report.sources, 32)
        lines.append(printable(f"{sides}: {f.rule} [{f.severity}] {f.name}: {' '.join(summary.split())}"))
    return "".join(line + "\n" for line in lines)


def _file(sources: dict[str, Source], source_id: str) -> str:
    src = sources.get(source_id)
    return file_name(src) if src else source_id


def render_github(report: Report) -> str:
    sources = {s.id: s for s in report.sources}
    out = []
    for f in sorted(report.findings, key=finding_sort_key):
        props = _github_location(f, sources)
        props.append(f"title={_property(f'{f.rule} {f.name} ({f.severity})')}")
        message = name_sources(f.summary, report.sources, 32)
        others = [s for side in f.sides for s in side.sources]
        if len(set(others)) > 1:
            message += " — sources: " + ", ".join(_file(sources, s) for s in dict.fromkeys(others))
        out.append(f"::{GITHUB_LEVEL.get(f.severity, 'notice')} {','.join(props)}::{_data(message)}")
    return "".join(line + "\n" for line in out)


def _github_location(f: Finding, sources: dict[str, Source]) -> list[str]:
    quote = next((q for side in f.sides for q in side.quotes), None)
    src = sources.get(quote.source) if quote else None
    if src is None:
        return []
    props = [f"file={_property(PurePath(src.path).as_posix())}"]
    if PurePath(src.path).suffix.lower() == ".txt" and 0 <= quote.start <= quote.end <= len(src.text):
        line = src.text.count("\n", 0, quote.start) + 1
        col = quote.start - (src.text.rfind("\n", 0, quote.start) + 1) + 1
        props += [f"line={line}", f"col={col}"]
    return props


def _data(text: str) -> str:
    """A workflow command's message: %, CR and LF are percent-encoded (GitHub's own escaping)."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    """A workflow command's property value: as a message, and `:` and `,` too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
