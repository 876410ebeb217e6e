"""HTML output: one self-contained page an editor opens in a browser to review flagged conflicts.

Everything is inline (CSS, JS and an SVG drawn here), and a Content-Security-Policy meta tag
forbids every network request, so the file works offline and leaks nothing when opened.
Article text, file names and metadata are untrusted: they reach the page only through jinja2 with
autoescape on (text and attributes) and, in the embedded JSON, through `tojson`, which escapes
`<`, `>`, `&` and `'`. Python never concatenates untrusted strings into markup; it only computes
the view model (numbers, slugs, text pieces) that the templates in `templates/` lay out.
Output is deterministic: no clock, model order kept, everything else sorted.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import combinations
from typing import Any, Iterable

import networkx as nx
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from checker.model import REVIEW_STATES, SEVERITIES, Claim, Finding, Quote, Report, Review, Source, SourceScore
from checker.render.common import (TOOL_NAME, claim_span, claims_by_id, evidence_lines, finding_sort_key,
                                   name_sources, quote_span,
                                   ranked_sources, same_event_words, source_label, tool_version)
from checker.render.jsonreport import jsonable

TEMPLATE = "report.html.j2"
UNDECIDED = "undecided"
SAME_STORY = ("same", "likely")  # event-pair judgements drawn as "same story" edges
GRAPH_W, GRAPH_H = 600, 400
LABEL_CHARS = 22


def render_html(report: Report, *, app: dict | None = None) -> str:
    """The report as one HTML document; with `app` (the local review app) each finding gets a form."""
    return render_with(environment(), report, app=app)


def render_with(env: Environment, report: Report, *, app: dict | None = None) -> str:
    """Render with a given environment; tests pass an unescaped one to prove the XSS checks can fail."""
    return env.get_template(TEMPLATE).render(**html_context(env, report, app=app))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared, autoescaping environment (built once: loading templates is the slow part)."""
    return make_environment(autoescape=True)


def make_environment(*, autoescape: bool = True) -> Environment:
    """A jinja2 environment on the packaged templates; StrictUndefined turns template typos into errors."""
    return Environment(loader=PackageLoader("checker.render", "templates"), autoescape=autoescape,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def content_security_policy(interactive: bool = False) -> str:
    """No network at all; the review app (interactive) may also fetch and post to its own origin."""
    parts = ["default-src 'none'", "style-src 'unsafe-inline'", "script-src 'unsafe-inline'", "img-src data:",
             "base-uri 'none'"]
    parts += ["connect-src 'self'", "form-action 'self'"] if interactive else ["form-action 'none'"]
    return "; ".join(parts)


def _static(env: Environment, name: str) -> Markup:
    """A packaged CSS/JS file, inlined verbatim (it is ours, so it is trusted markup, unlike article text)."""
    source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    return Markup(source.strip("\n"))


# --- the view model ---------------------------------------------------------------------------------


def html_context(env: Environment, report: Report, *, app: dict | None = None) -> dict[str, Any]:
    """Everything the templates need, already ordered; untrusted strings stay plain `str` for escaping."""
    app_cfg = _app_config(app)
    claims = claims_by_id(report)
    slugs = source_slugs(report.sources)
    marks = _mark_spans(report, claims)
    links = _Links(slugs, marks)
    findings = [_finding(report, f, claims, links) for f in sorted(report.findings, key=finding_sort_key)]
    hidden = [_finding(report, f, claims, links) for f in sorted(report.hidden, key=finding_sort_key)]
    # A static file shows decisions only when there are some (read from the store); "undecided" badges
    # and the decision filter belong to the review app, where a decision can be made.
    decisions = app_cfg is not None or any(f["review"] for f in findings + hidden)
    return {
        "csp": content_security_policy(app_cfg is not None),
        "app": app_cfg,
        "tool": {"name": TOOL_NAME, "version": tool_version()},
        "summary": _summary(report),
        "sources": [_source_card(report, src, score, claims, links) for src, score in ranked_sources(report)],
        "graph": source_graph(report, slugs),
        "findings": findings,
        "decisions": decisions,
        "dismissed": hidden,
        "stale": [_review(r) | {"finding_id": r.finding_id, "rule": r.rule, "summary": r.summary}
                  for r in report.stale_reviews],
        "filters": _filters(report, findings + hidden, decisions),
        "texts": [_source_text(report, src, score, links, marks) for src, score in ranked_sources(report)],
        "warnings": [str(w) for w in report.warnings],
        "reviews_path": report.reviews_path,
        "states": list(REVIEW_STATES),
        "data": _data_block(report, findings + hidden, slugs, app_cfg),
        "css": _static(env, "report.css"),
        "js": _static(env, "report.js"),
        "review_js": _static(env, "review.js") if app_cfg is not None else "",
    }


def _app_config(app: dict | None) -> dict[str, str] | None:
    """Only the keys the page uses, as strings (the dict comes from the review app, built elsewhere)."""
    if app is None:
        return None
    return {"csrf_token": str(app.get("csrf_token", "")), "post_url": str(app.get("post_url", ""))}


def source_slugs(sources: Iterable[Source]) -> dict[str, str]:
    """A safe, stable HTML id fragment per source id: readable ASCII part plus a hash of the whole id.

    Source ids are file names and may hold any character; the hash keeps two ids that clean up to the
    same letters apart, and depends only on the id, so anchors survive adding or removing sources.
    """
    out = {}
    for src in sources:
        readable = re.sub(r"[^a-z0-9]+", "-", src.id.lower()).strip("-")[:32] or "source"
        out[src.id] = f"{readable}-{hashlib.sha1(src.id.encode('utf-8')).hexdigest()[:8]}"
    return out


def _pct(value: float) -> int:
    """A width in percent for bars; NaN or out-of-range values are clamped, never crash the page."""
    v = float(value)
    return 0 if not math.isfinite(v) else max(0, min(100, round(v * 100)))


def _band(value: float) -> str:
    """Same thresholds as the terminal bars, so colours mean the same in every format."""
    return "good" if value >= 0.7 else "fair" if value >= 0.4 else "poor"


def _summary(report: Report) -> dict[str, Any]:
    counts = Counter(f.severity for f in report.findings)
    states = Counter(f.review.state if f.review else UNDECIDED for f in report.findings)
    return {"sources": len(report.sources), "claims": len(report.claims), "findings": len(report.findings),
            "clusters": len(report.clusters), "dismissed": len(report.hidden), "stale": len(report.stale_reviews),
            "warnings": len(report.warnings),
            "severities": [(s, counts.get(s, 0)) for s in reversed(SEVERITIES)],
            "decided": [(s, states[s]) for s in REVIEW_STATES if states.get(s)]}


# --- links between quotes and the full texts --------------------------------------------------------


def _mark_spans(report: Report, claims: dict[str, Claim]) -> dict[str, dict[tuple[int, int], dict]]:
    """Per source, every quoted span that can be placed in its text: findings' quotes and uncorroborated claims.

    Only spans the shared helpers validate (offsets inside the text, slice equal to the quoted words)
    are marked, so a link never points at the wrong words.
    """
    spans: dict[str, dict[tuple[int, int], dict]] = defaultdict(dict)
    for f in (*report.findings, *report.hidden):
        for side in f.sides:
            for q in side.quotes:
                if quote_span(report, q, claims) is not None:
                    _add_mark(spans[q.source], (q.start, q.end), claims.get(q.claim), "conflict")
    for score in report.scores:
        for cid in score.uncorroborated:
            claim = claims.get(cid)
            if claim is not None and claim_span(report, claim) is not None:
                _add_mark(spans[claim.source_id], (claim.start, claim.end), claim, "uncorroborated")
    return spans


def _add_mark(spans: dict[tuple[int, int], dict], span: tuple[int, int], claim: Claim | None, kind: str) -> None:
    mark = spans.setdefault(span, {"kinds": set(), "titles": []})
    mark["kinds"].add(kind)
    if claim is not None:
        title = f"{claim.kind}: {claim.value} ({claim.id})"
        if title not in mark["titles"]:
            mark["titles"].append(title)


class _Links:
    """Anchors for sources and quoted spans; a span's anchor exists only if the span was marked."""

    def __init__(self, slugs: dict[str, str], marks: dict[str, dict[tuple[int, int], dict]]):
        self.slugs = slugs
        self.starts = {src: {s for s, _ in spans} for src, spans in marks.items()}

    def slug(self, source_id: str) -> str:
        return self.slugs.get(source_id) or source_slugs([Source(source_id, "", "")])[source_id]

    def card(self, source_id: str) -> str:
        return f"#score-{self.slug(source_id)}"

    def text(self, source_id: str) -> str:
        return f"#source-{self.slug(source_id)}"

    def span(self, source_id: str, start: int) -> str:
        if start in self.starts.get(source_id, ()):
            return f"#src-{self.slug(source_id)}-{start}"
        return self.text(source_id)


# --- sources ----------------------------------------------------------------------------------------


def _source_card(report: Report, src: Source, score: SourceScore | None, claims: dict[str, Claim],
                 links: _Links) -> dict[str, Any]:
    card = {"id": src.id, "slug": links.slug(src.id), "text_href": links.text(src.id), "title": src.metadata.title,
            "outlet": src.metadata.outlet, "score": None}
    if score is None:
        return card
    return card | {
        "score": f"{score.score:.2f}", "pct": _pct(score.score), "band": _band(score.score), "rank": score.rank,
        "counts": {"corroborated": len(score.corroborated), "contradicted": len(score.contradicted),
                   "uncorroborated": len(score.uncorroborated)},
        "components": [{"name": c.name, "value": f"{c.value:.2f}", "pct": _pct(c.value), "band": _band(c.value),
                        "weight": f"{c.weight:.2f}", "evidence": evidence_lines(c.evidence, report.sources)}
                       for c in score.components],
        "uncorroborated": [_claim_quote(report, claims, cid, links) for cid in score.uncorroborated],
    }


def _claim_quote(report: Report, claims: dict[str, Claim], cid: str, links: _Links) -> dict[str, Any]:
    claim = claims.get(cid)
    if claim is None:
        return {"claim": cid, "kind": "", "value": "", "parts": None, "href": None}
    return {"claim": cid, "kind": claim.kind, "value": claim.value, "href": links.span(claim.source_id, claim.start),
            "parts": split_sentence(claim.sentence, claim_span(report, claim))}


def split_sentence(sentence: str, span: tuple[int, int] | None) -> dict[str, str]:
    """(before, marked, after) of a quoted sentence, outer whitespace trimmed; no mark when unplaced."""
    if span is None:
        return {"before": sentence.strip(), "mark": "", "after": ""}
    s, e = span
    return {"before": sentence[:s].lstrip(), "mark": sentence[s:e], "after": sentence[e:].rstrip()}


# --- the source graph -------------------------------------------------------------------------------


def source_graph(report: Report, slugs: dict[str, str] | None = None) -> dict[str, Any]:
    """Sources as nodes (size and colour by score), "same story" and conflict edges, laid out in a circle.

    Same-story edges count the event pairs judged same/likely between two sources; conflict edges
    count the findings that put two sources on opposite sides. A source on both sides of one finding
    contradicts itself: that is a badge on its node, not an edge.
    """
    slugs = slugs or source_slugs(report.sources)
    graph = nx.Graph()
    for src, score in ranked_sources(report):
        graph.add_node(src.id, score=score)
    same = _same_story_counts(report)
    conflicts, selfs = _conflicts(report.findings)
    for pair, n in same.items():
        graph.add_edge(*pair, same=n)
    for pair, ids in conflicts.items():
        graph.add_edge(*pair, conflicts=ids)
    pos = _screen_positions(graph)
    nodes = [_node(graph, sid, pos, slugs, selfs.get(sid, ())) for sid in graph.nodes]
    edges = [_edge(a, b, data, pos) for a, b, data in sorted(graph.edges(data=True), key=_edge_key(graph))]
    return {"width": GRAPH_W, "height": GRAPH_H, "nodes": nodes,
            "same_edges": [e for e in edges if e["same"]], "conflict_edges": [e for e in edges if e["conflicts"]]}


def _same_story_counts(report: Report) -> dict[tuple[str, str], int]:
    source_of = {e.id: e.source_id for e in report.events}
    known = {s.id for s in report.sources}
    counts: Counter = Counter()
    for p in report.pairs:
        a, b = source_of.get(p.a), source_of.get(p.b)
        if p.same_event in SAME_STORY and a in known and b in known and a != b:
            counts[tuple(sorted((a, b)))] += 1
    return dict(sorted(counts.items()))


def _conflicts(findings: Iterable[Finding]) -> tuple[dict[tuple[str, str], list[str]], dict[str, list[str]]]:
    """Finding ids per pair of sources on opposite sides, and per source contradicting itself."""
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    selfs: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        for left, right in combinations(f.sides, 2):
            for a in left.sources:
                for b in right.sources:
                    bucket = selfs[a] if a == b else pairs[tuple(sorted((a, b)))]
                    if f.id not in bucket:
                        bucket.append(f.id)
    return dict(pairs), dict(selfs)


def _edge_key(graph: nx.Graph):
    order = {n: i for i, n in enumerate(graph.nodes)}
    return lambda e: tuple(sorted((order[e[0]], order[e[1]])))


def _screen_positions(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Nodes evenly on a circle in graph order (rank 1 at the top, ranks clockwise), in SVG units.

    This is networkx's circular layout turned a quarter; it is computed here because networkx's
    layouts need numpy, which the checker does not otherwise depend on. It depends only on node
    order, so the drawing is deterministic.
    """
    nodes = list(graph.nodes)
    cx, cy = GRAPH_W / 2, GRAPH_H / 2
    if len(nodes) == 1:
        return {nodes[0]: (cx, cy)}
    radius = min(GRAPH_W / 2 - 170, GRAPH_H / 2 - 60)
    return {n: (round(cx + radius * math.sin(2 * math.pi * k / len(nodes)), 1),
                round(cy - radius * math.cos(2 * math.pi * k / len(nodes)), 1))
            for k, n in enumerate(nodes)}


def _node(graph: nx.Graph, sid: str, pos: dict, slugs: dict[str, str], self_conflicts: Iterable[str]) -> dict:
    score: SourceScore | None = graph.nodes[sid]["score"]
    x, y = pos[sid]
    r = round(12 + 14 * (max(0.0, min(1.0, float(score.score))) if score else 0.0), 1)
    lx, ly, anchor = _label_position(x, y, r)
    label = sid if len(sid) <= LABEL_CHARS else sid[:LABEL_CHARS - 1] + "…"
    hue = round(120 * max(0.0, min(1.0, float(score.score)))) if score else None
    return {"id": sid, "href": f"#score-{slugs[sid]}", "x": x, "y": y, "r": r, "label": label, "lx": lx, "ly": ly,
            "anchor": anchor, "fill": f"hsl({hue}, 55%, 42%)" if hue is not None else "#8a939c",
            "rank": score.rank if score else "", "score": f"{score.score:.2f}" if score else "not scored",
            "self_conflicts": list(self_conflicts), "bx": round(x + r * 0.75, 1), "by": round(y - r * 0.75, 1)}


def _label_position(x: float, y: float, r: float) -> tuple[float, float, str]:
    """Put a node's label outside the circle, away from the centre, so labels do not cross edges."""
    dx, dy = x - GRAPH_W / 2, y - GRAPH_H / 2
    norm = math.hypot(dx, dy)
    ux, uy = (dx / norm, dy / norm) if norm > 1e-6 else (0.0, 1.0)
    lx, ly = x + ux * (r + 8), y + uy * (r + 8)
    anchor = "start" if ux > 0.3 else "end" if ux < -0.3 else "middle"
    ly += 12 if uy > 0.3 else -2 if uy < -0.3 else 4
    return round(lx, 1), round(ly, 1), anchor


def _edge(a: str, b: str, data: dict, pos: dict) -> dict:
    """Geometry for both kinds of edge between a and b: a straight line and a bent conflict curve."""
    (x1, y1), (x2, y2) = pos[a], pos[b]
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    bend = 0.18 * length
    cx, cy = (x1 + x2) / 2 - dy / length * bend, (y1 + y2) / 2 + dx / length * bend
    mid_x, mid_y = 0.25 * x1 + 0.5 * cx + 0.25 * x2, 0.25 * y1 + 0.5 * cy + 0.25 * y2
    ids = list(data.get("conflicts", ()))
    return {"a": a, "b": b, "x1": x1, "y1": y1, "x2": x2, "y2": y2, "same": data.get("same", 0),
            "sx": round((x1 + x2) / 2, 1), "sy": round((y1 + y2) / 2, 1),
            "path": f"M {x1} {y1} Q {round(cx, 1)} {round(cy, 1)} {x2} {y2}",
            "cx": round(mid_x, 1), "cy": round(mid_y, 1), "conflicts": ids,
            "href": f"#finding-{ids[0]}" if ids else None,
            "same_width": 1.5 + min(data.get("same", 0), 4), "conflict_width": 1.5 + min(len(ids), 4)}


# --- findings ---------------------------------------------------------------------------------------


def _finding(report: Report, f: Finding, claims: dict[str, Claim], links: _Links) -> dict[str, Any]:
    sources = list(dict.fromkeys(s for side in f.sides for s in side.sources))
    rule = next((r for r in report.rules if r.id == f.rule), None)
    return {
        "id": f.id, "rule": f.rule, "name": f.name, "kind": f.kind, "severity": f.severity,
        "severity_class": f.severity if f.severity in SEVERITIES else "other",
        "confidence": _pct(f.confidence), "same_event": f.same_event, "summary": f.summary,
        "explanation": f.explanation, "rule_description": rule.description if rule else "",
        "sources": sources, "events": list(f.events),
        "state": f.review.state if f.review else UNDECIDED,
        "review": _review(f.review) if f.review else None,
        "sides": [_side(report, side, i, claims, links) for i, side in enumerate(f.sides)],
        "same_event_words": same_event_words(f.same_event),
        "summary_named": name_sources(f.summary, report.sources, 40),
        "explanation_named": name_sources(f.explanation, report.sources, 40),
    }


def _review(r: Review) -> dict[str, str]:
    state_class = r.state if r.state in REVIEW_STATES else "other"
    return {"state": r.state, "state_class": state_class, "reviewer": r.reviewer, "decided_at": r.decided_at,
            "note": r.note}


def _side(report: Report, side, i: int, claims: dict[str, Claim], links: _Links) -> dict[str, Any]:
    return {"label": chr(ord("A") + i) if i < 26 else str(i + 1), "value": side.value,
            "normalized": normalized_text(side.normalized),
            "sources": [{"id": s, "href": links.card(s), "label": _label(report, s)} for s in side.sources],
            "quotes": [_quote(report, q, claims, links) for q in side.quotes]}


def _quote(report: Report, q: Quote, claims: dict[str, Claim], links: _Links) -> dict[str, Any]:
    return {"source": q.source, "label": _label(report, q.source), "claim": q.claim, "start": q.start, "end": q.end,
            "href": links.span(q.source, q.start), "parts": split_sentence(q.sentence, quote_span(report, q, claims))}


def _label(report: Report, source_id: str) -> str:
    """Outlet or title, then the file: how a reader names a source."""
    src = next((s for s in report.sources if s.id == source_id), None)
    return source_label(src, 40) if src is not None else source_id


def normalized_text(value: Any) -> str:
    """A normalised value as compact JSON, leaving out empty fields so a date does not read as a wall of nulls."""
    data = jsonable(value)
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if v not in (None, "", [], {}, False)}
    return json.dumps(data, ensure_ascii=False)


# --- filters and the embedded data ------------------------------------------------------------------


def _filters(report: Report, findings: list[dict], decisions: bool = True) -> dict[str, list[dict]]:
    """Filter options with counts, only for values some finding has (decision states always all, and
    only where decisions are shown)."""
    rule_names = {f["rule"]: f["name"] for f in findings}
    rules = Counter(f["rule"] for f in findings)
    severities = Counter(f["severity"] for f in findings)
    sources = Counter(s for f in findings for s in f["sources"])
    states = Counter(f["state"] for f in findings)
    order = [src.id for src, _ in ranked_sources(report)]
    labels = {src.id: source_label(src, 40) for src in report.sources}
    sev_order = [s for s in reversed(SEVERITIES)] + sorted(set(severities) - set(SEVERITIES))
    state_order = [UNDECIDED, *REVIEW_STATES] + sorted(set(states) - {UNDECIDED, *REVIEW_STATES})
    return {
        "rule": [{"value": r, "label": f"{r} {rule_names[r]}", "count": rules[r]} for r in sorted(rules)],
        "severity": [{"value": s, "label": s, "count": severities[s]} for s in sev_order if severities[s]],
        "source": [{"value": s, "label": labels.get(s, s), "count": sources[s]} for s in order if sources[s]]
                  + [{"value": s, "label": s, "count": sources[s]} for s in sorted(set(sources) - set(order))],
        "state": [{"value": s, "label": s, "count": states.get(s, 0)} for s in state_order] if decisions else [],
    }


def _data_block(report: Report, findings: list[dict], slugs: dict[str, str], app: dict | None) -> dict[str, Any]:
    """Machine-readable facts for scripts (and later browser tests); embedded via `tojson`."""
    return {
        "findings": [{"id": f["id"], "rule": f["rule"], "severity": f["severity"], "state": f["state"],
                      "sources": f["sources"], "summary": f["summary"]} for f in findings],
        "sources": [{"id": src.id, "anchor": f"source-{slugs[src.id]}"} for src, _ in ranked_sources(report)],
        "app": app,
    }


# --- full source texts ------------------------------------------------------------------------------


def _source_text(report: Report, src: Source, score: SourceScore | None, links: _Links,
                 marks: dict[str, dict[tuple[int, int], dict]]) -> dict[str, Any]:
    cleaned = next((c for c in report.cleaned if c.source.id == src.id), None)
    segments = cleaned.segments if cleaned else ()
    m = src.metadata
    published = m.published.isoformat() if hasattr(m.published, "isoformat") else m.published
    meta = [(k, str(v)) for k, v in (("outlet", m.outlet), ("url", m.url), ("published", published),
                                     ("dateline", m.dateline or (cleaned.dateline if cleaned else None)),
                                     ("file", src.path)) if v]
    slug = links.slug(src.id)
    return {"id": src.id, "slug": slug, "rank": score.rank if score else None, "title": m.title, "meta": meta,
            "card_href": links.card(src.id),
            "pieces": text_pieces(src.text, segments, marks.get(src.id, {}), f"src-{slug}-"),
            "furniture": sum(1 for s in segments if s.kind == "furniture")}


def text_pieces(text: str, segments, spans: dict[tuple[int, int], dict], id_prefix: str) -> list[dict]:
    """Cut the text where a furniture/title segment or a marked span begins or ends.

    Each piece says whether it is furniture (with the cleaner's reason), a title, and which marks
    cover it; the first piece of every span carries the span's anchor id (one per start offset).
    Adjacent pieces that look the same are merged so the markup stays small.
    """
    n = len(text)
    valid = {(s, e): v for (s, e), v in spans.items() if 0 <= s < e <= n}
    styled = [seg for seg in segments if seg.kind in ("furniture", "title") and 0 <= seg.start < seg.end <= n]
    cuts = sorted({0, n, *(p for seg in styled for p in (seg.start, seg.end)), *(p for sp in valid for p in sp)})
    pieces: list[dict] = []
    anchored: set[int] = set()
    for a, b in zip(cuts, cuts[1:]):
        seg = next((s for s in styled if s.start <= a and b <= s.end), None)
        covering = [(sp, v) for sp, v in sorted(valid.items()) if sp[0] <= a and b <= sp[1]]
        anchor = a if a not in anchored and any(sp[0] == a for sp, _ in covering) else None
        if anchor is not None:
            anchored.add(a)
        piece = _piece(text[a:b], seg, covering, f"{id_prefix}{anchor}" if anchor is not None else None)
        if pieces and piece["id"] is None and _same_look(pieces[-1], piece):
            pieces[-1]["text"] += piece["text"]
        else:
            pieces.append(piece)
    return pieces


def _piece(text: str, seg, covering: list, anchor_id: str | None) -> dict:
    kinds = sorted({k for _, v in covering for k in v["kinds"]})
    titles = [t for _, v in covering for t in v["titles"]]
    classes = [f"seg-{seg.kind}"] if seg else []
    classes += [f"mark-{k}" for k in kinds] + (["mark-overlap"] if len(covering) > 1 else [])
    title = "; ".join(([f"furniture: {seg.reason}" if seg.reason else "furniture"] if seg and seg.kind == "furniture"
                       else []) + titles)
    return {"text": text, "mark": bool(covering), "id": anchor_id, "cls": " ".join(classes), "title": title}


def _same_look(a: dict, b: dict) -> bool:
    return (a["mark"], a["cls"], a["title"]) == (b["mark"], b["cls"], b["title"])
