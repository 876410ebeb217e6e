"""One key per person across sources: "Anna-Liisa Virtanen" and "Anna Liisa Virtanen", or a
transliteration variant, are the same person when their names are nearly identical (rapidfuzz) and
they share a family name."""

from __future__ import annotations

from dataclasses import replace

import networkx as nx
from rapidfuzz import fuzz, utils

from checker.model import Claim

SIMILARITY = 92  # whole names
FAMILY_SIMILARITY = 85  # the last names on their own: "Walshra" and "Walshkalo" are two people


def _parts(key: str) -> set[str]:
    return set(key.removeprefix("person:").split())


def canonical_person_keys(keys: list[str]) -> dict[str, str]:
    """Map each person key to the smallest key of its group of near-identical names."""
    keys = sorted(set(keys))
    graph = nx.Graph()
    graph.add_nodes_from(keys)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if not _parts(a) & _parts(b):
                continue  # blocking: compare only names that share a word
            pa, pb = a.removeprefix("person:").split(), b.removeprefix("person:").split()
            if len(pa) != len(pb) or fuzz.ratio(pa[-1], pb[-1]) < FAMILY_SIMILARITY:
                continue
            score = fuzz.token_sort_ratio(a, b, processor=utils.default_process)
            if score >= SIMILARITY:
                graph.add_edge(a, b)
    return {k: min(group) for group in nx.connected_components(graph) for k in group}


def unify_people(claims: list[Claim]) -> list[Claim]:
    keys = [c.normalized["key"] for c in claims if c.kind == "participant" and c.normalized["kind"] == "person"]
    mapping = canonical_person_keys(keys)
    out = []
    for c in claims:
        if c.kind == "participant" and c.normalized["kind"] == "person" and mapping.get(c.normalized["key"], c.normalized["key"]) != c.normalized["key"]:
            c = replace(c, normalized={**c.normalized, "key": mapping[c.normalized["key"]]})
        out.append(c)
    return out
