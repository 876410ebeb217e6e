"""Synthetic reports and rules for CLI tests, so they run without the pipeline or the built-in rules.

`make_report` builds a small, renderable Report whose findings and scores the test chooses;
`make_rule` builds a LoadedRule as `checker.judging.kit.load_rules` would return it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from checker.judging.kit import LoadedRule
from checker.model import Claim, Component, Finding, Quote, Report, RuleInfo, Side, Source, SourceScore

TEXTS = {
    "alpha-news": "The ministers met in Lyon on Tuesday.",
    "beta-daily": "The ministers met in Marseille on Tuesday.",
}


def _claim(cid: str, source: str, value: str) -> Claim:
    text = TEXTS[source]
    start = text.index(value)
    return Claim(id=cid, source_id=source, kind="place", value=value, normalized=f"place:{value.lower()}",
                 sentence=text, sentence_index=0, start=start, end=start + len(value), sentence_start=0,
                 sentence_end=len(text))


CLAIMS = (_claim("c1", "alpha-news", "Lyon"), _claim("c2", "beta-daily", "Marseille"))


def make_finding(fid: str = "CC901-abc", severity: str = "high", confidence: float = 0.9,
                 same_event: str = "likely", rule: str = "CC901") -> Finding:
    sides = tuple(Side(c.value, c.normalized, (c.id,), (c.source_id,),
                       (Quote(c.source_id, c.id, c.sentence, c.start, c.end),)) for c in CLAIMS)
    return Finding(fid, rule, "place-conflict", "location", severity, confidence, same_event,
                   "Sources disagree on where the ministers met: Lyon vs Marseille",
                   "Same meeting, same day; the places do not contain each other.", sides)


def make_report(findings: Iterable[Finding] = (), scores: dict[str, float] | None = None,
                warnings: Iterable[str] = ()) -> Report:
    """A two-source report; `scores` maps source id to its reliability score (rank follows the score)."""
    scores = scores if scores is not None else {"alpha-news": 0.8, "beta-daily": 0.6}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return Report(
        sources=tuple(Source(sid, f"stories/{sid}.txt", text) for sid, text in TEXTS.items()),
        scores=tuple(SourceScore(sid, score, rank, (Component("corroboration", score, 1.0, ("synthetic",)),))
                     for rank, (sid, score) in enumerate(ranked, 1)),
        claims=CLAIMS, events=(), clusters=(), pairs=(),
        findings=tuple(findings),
        rules=(RuleInfo("CC901", "place-conflict", "location", "high", "Two sources disagree on a place."),),
        warnings=tuple(warnings),
    )


DOC = """Two sources disagree on where something happened.

What it flags:
    Disjoint places for one event.

Why it matters:
    One report is wrong.

Example:
    "met in Lyon" vs "met in Marseille".
"""


def make_rule(rule_id: str = "CC901", name: str = "place-conflict", severity: str = "high",
              path: Path | str = "rules/place_conflict.py") -> LoadedRule:
    return LoadedRule(rule_id, name, "location", severity, DOC.splitlines()[0], DOC.strip(),
                      lambda ctx: (), str(path))
