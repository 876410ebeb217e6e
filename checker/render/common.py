"""What the renderers share: the tool's name and version, and the order and grouping of sources and
findings, so that every format shows the same facts in the same order."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Iterable

from checker.model import SEVERITIES, Claim, EventCluster, Finding, Quote, Report, Source, SourceScore

TOOL_NAME = "claimcheck-news"


def tool_version() -> str:
    """The package version: `checker.__version__` if set, else installed metadata, else "unknown"."""
    import checker

    version = getattr(checker, "__version__", None)
    if version:
        return str(version)
    try:
        from importlib.metadata import version as dist_version

        return dist_version(TOOL_NAME)
    except Exception:  # not installed (running from a checkout)
        return "unknown"


def severity_rank(severity: str) -> int:
    """Higher is worse; unknown severities sort below "info"."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def finding_sort_key(f: Finding) -> tuple:
    return (-severity_rank(f.severity), -float(f.confidence), f.id)


def ranked_sources(report: Report) -> list[tuple[Source, SourceScore | None]]:
    """Sources ordered by rank (1 first); unscored sources follow in input order."""
    scores = {s.source_id: s for s in report.scores}
    scored = sorted((s for s in report.sources if s.id in scores),
                    key=lambda s: (scores[s.id].rank, -scores[s.id].score, s.id))
    unscored = [s for s in report.sources if s.id not in scores]
    return [(s, scores[s.id]) for s in scored] + [(s, None) for s in unscored]


def group_findings(report: Report) -> list[tuple[str, object, list[Finding]]]:
    """Findings grouped by the event cluster holding their events, else by rule.

    Returns (kind, key, findings) with kind "cluster" (key: EventCluster) or "rule" (key: rule id).
    Findings inside a group are ordered by severity then confidence; groups by their worst finding.
    """
    cluster_of: dict[str, EventCluster] = {}
    for c in report.clusters:
        for e in c.event_ids:
            cluster_of.setdefault(e, c)
    groups: dict[tuple[str, str], tuple[str, object, list[Finding]]] = {}
    for f in report.findings:
        cluster = next((cluster_of[e] for e in f.events if e in cluster_of), None)
        if cluster is not None:
            gkey, kind, key = ("cluster", cluster.id), "cluster", cluster
        else:
            gkey, kind, key = ("rule", f.rule), "rule", f.rule
        groups.setdefault(gkey, (kind, key, []))[2].append(f)
    out = []
    for kind, key, items in groups.values():
        items.sort(key=finding_sort_key)
        out.append((kind, key, items))
    out.sort(key=lambda g: (finding_sort_key(g[2][0]), g[0], _group_id(g)))
    return out


def _group_id(group: tuple[str, object, list[Finding]]) -> str:
    kind, key, _ = group
    return key.id if kind == "cluster" else str(key)  # type: ignore[union-attr]


def claims_by_id(report: Report) -> dict[str, Claim]:
    return {c.id: c for c in report.claims}


def quote_span(report: Report, quote: Quote, claims: dict[str, Claim] | None = None) -> tuple[int, int] | None:
    """The claim's span inside `quote.sentence`, or None when it cannot be placed safely.

    Quote offsets index the whole source text; the sentence starts at its claim's `sentence_start`.
    """
    claim = (claims if claims is not None else claims_by_id(report)).get(quote.claim)
    if claim is None:
        return None
    return _relative_span(report, claim, quote.source, quote.sentence, quote.start, quote.end)


def claim_span(report: Report, claim: Claim) -> tuple[int, int] | None:
    """The claim's own span inside `claim.sentence` (same rules as `quote_span`)."""
    return _relative_span(report, claim, claim.source_id, claim.sentence, claim.start, claim.end)


def _relative_span(report: Report, claim: Claim, source_id: str, sentence: str,
                   start: int, end: int) -> tuple[int, int] | None:
    # sentence_end == 0 means the pipeline left the sentence offsets unset: do not guess.
    if claim.sentence_end <= claim.sentence_start:
        return None
    rel_start, rel_end = start - claim.sentence_start, end - claim.sentence_start
    if not (0 <= rel_start < rel_end <= len(sentence)):
        return None
    # When the source text is at hand, check the slice so a wrong offset never marks wrong words.
    source = next((s for s in report.sources if s.id == source_id), None)
    if source is not None and source.text and end <= len(source.text):
        if source.text[start:end] != sentence[rel_start:rel_end]:
            return None
    return rel_start, rel_end


def join_ids(ids: Iterable[str]) -> str:
    return ", ".join(ids)


# --- words and names every format uses -------------------------------------------------------------

# C0 and C1 controls (ESC starts terminal escape sequences), DEL, line and paragraph separators,
# bidirectional overrides and isolates (they reorder what a reader sees), and lone surrogates (they
# cannot be encoded, so printing them would crash).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: object, *, newlines: bool = False) -> str:
    """`text` with every control character, bidi override and lone surrogate written as an escape
    (`\\x1b`, `\\u202e`, `\\udc80`), so article text, titles and file names never reach a terminal raw.
    Tabs are kept; line breaks are kept only with `newlines`."""
    s = str(text)
    if newlines:
        return "\n".join(_UNPRINTABLE.sub(_escape, line) for line in s.split("\n"))
    return _UNPRINTABLE.sub(_escape, s.replace("\n", "\\n"))


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def encodable(text: str) -> str:
    """`text` with lone surrogates written as `\\udc80`: UTF-8 cannot encode them, so one in an article
    would crash writing any format. In a JSON string the result is the standard escape of the same
    code point, so JSON, JSON Lines and SARIF stay exact; elsewhere it is visible text."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 source`, `2 sources`, `0 findings`."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


SAME_EVENT_WORDS = {
    "same": "the reports describe the same event",
    "likely": "the reports very likely describe the same event",
    "uncertain": "the reports may describe different events",
    "different": "the reports describe different events",
}


def same_event_words(label: str) -> str:
    return SAME_EVENT_WORDS.get(label, f"same event: {label}")


def file_name(source: Source) -> str:
    """The file an article came from, without its folders (a record of a JSON Lines file: `file#id`)."""
    return PurePath(source.path).name if source.path else source.id


def short_name(source: Source, width: int = 48) -> str:
    """What a person calls a source: its outlet, else its title (shortened), else its file."""
    name = source.metadata.outlet or source.metadata.title
    if not name:
        return file_name(source)
    name = " ".join(name.split())
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def source_label(source: Source, width: int = 48) -> str:
    """Outlet or title, then the file: `Harbor Herald (003_5d1e.txt)`; just the file when there is no name."""
    name = short_name(source, width)
    file = file_name(source)
    return name if name == file else f"{name} ({file})"


def name_sources(text: str, sources: Iterable[Source], width: int = 48) -> str:
    """Rules write source ids into summaries; readers want names. Longest ids first, so an id that is
    the prefix of another is never replaced inside it."""
    names = {s.id: short_name(s, width) for s in sources if len(s.id) >= 4 and short_name(s, width) != s.id}
    if not names or not text:
        return text
    ids = "|".join(re.escape(i) for i in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.-])(?:{ids})(?![\w-])")
    return pattern.sub(lambda m: names[m.group()], text)


def finding_text(text: str, finding: Finding, sources: dict[str, Source], width: int = 48) -> str:
    """A finding's summary or explanation with its own sources' ids replaced by their names.

    Only the sources on the finding's sides are looked for: a report of 20,000 sources would
    otherwise build one pattern of 20,000 ids per finding. Ids stay in the machine fields."""
    own = {sid for side in finding.sides for sid in (*side.sources, *(q.source for q in side.quotes))}
    return name_sources(text, [sources[s] for s in sorted(own) if s in sources], width)


# --- score evidence in words ------------------------------------------------------------------------

# Words an extractor may leave at the end of a source's span ("Commentators also said ..."): not part
# of who said it.
_TRAILING_WORDS = frozenset("also too however meanwhile then later still had has have were was are is "
                            "who which that said say says told".split())
_FURNITURE_WORDS = {"glyph": "stray symbol", "bare_number": "bare number", "widget_label": "widget label",
                    "related_list": "related-links list", "cross_link": "link to another article",
                    "share": "share buttons", "advert": "advertisement", "call_to_action": "call to action",
                    "reader_prompt": "prompt to the reader", "photo_credit": "photo credit",
                    "source_credit": "source credit", "tag_strip": "tag list", "legal": "legal boilerplate",
                    "duplicate": "repeated line", "promo_block": "promotion"}
_EVIDENCE_ITEM = re.compile(r"^(named|anonymous|furniture \((\w+)\)|garbled word): (.*)$", re.S)
_CONFLICT_ITEM = re.compile(r"^([A-Z][A-Z0-9]*\d)-[0-9a-f]{6,} \(([^)]*)\): (.*)$", re.S)


def _who(span: str) -> str:
    """"Commentators also" -> "Commentators": the speaker, without words the extractor ran into."""
    words = span.split()
    while len(words) > 1 and words[-1].casefold() in _TRAILING_WORDS:
        words.pop()
    return " ".join(words)


def evidence_lines(evidence: Iterable[str], sources: Iterable[Source] = ()) -> list[str]:
    """A score component's evidence as a reader wants it: the scorer's labels ("named: France",
    "furniture (tag_strip): ...") become words, items of one kind go on one line, repeats go, and
    source ids in conflicts become names. The JSON report keeps the scorer's strings unchanged."""
    sources = list(sources)
    lines: list[str] = []
    groups: dict[str, list[str]] = {}
    for item in evidence:
        item = str(item)
        m = _EVIDENCE_ITEM.match(item)
        conflict = _CONFLICT_ITEM.match(item)
        if m and m.group(1) in ("named", "anonymous"):
            head = "named sources" if m.group(1) == "named" else "unnamed sources"
            groups.setdefault(head, []).append(f"“{_who(m.group(3))}”")
        elif m and m.group(2):
            kind = _FURNITURE_WORDS.get(m.group(2), m.group(2).replace("_", " "))
            groups.setdefault(f"page furniture, {kind}", []).append(f"“{' '.join(m.group(3).split())}”")
        elif m:
            groups.setdefault("garbled words", []).append(f"“{m.group(3)}”")
        elif conflict:
            how = conflict.group(2)
            how = how if how == "self-contradiction" else f"confidence {how}"
            lines.append(f"{conflict.group(1)} ({how}): {name_sources(conflict.group(3), sources)}")
        else:
            lines.append(name_sources(item, sources))
    for head, items in groups.items():
        lines.append(f"{head}: {', '.join(dict.fromkeys(items))}")
    return list(dict.fromkeys(lines))
