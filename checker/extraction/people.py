"""One key per person across sources: "Anna-Liisa Virtanen" and "Anna Liisa Virtanen", or a
transliteration variant, are the same person when their names are nearly identical (rapidfuzz) and
they share a family name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from itertools import combinations

import networkx as nx
from rapidfuzz import fuzz, utils

from checker.model import Claim

SIMILARITY = 92  # whole names
FAMILY_SIMILARITY = 85  # the last names on their own: "Walshra" and "Walshkalo" are two people


def _candidate_pairs(names: dict[str, list[str]]) -> set[tuple[str, str]]:
    """Pairs of keys (each in sorted order) that share a word and have as many words: the only ones
    worth scoring. Found through an index from word to keys, so a big corpus is not compared name by
    name. `names` maps each key, in sorted order, to its words."""
    by_word: dict[tuple[str, int], list[str]] = defaultdict(list)
    for key, parts in names.items():
        for word in set(parts):
            by_word[(word, len(parts))].append(key)
    pairs: set[tuple[str, str]] = set()
    for block in by_word.values():
        pairs.update(combinations(block, 2))  # keys come in sorted order, and so does every block
    return pairs


def canonical_person_keys(keys: list[str]) -> dict[str, str]:
    """Map each person key to the smallest key of its group of near-identical names."""
    names = {key: key.removeprefix("person:").split() for key in sorted(set(keys))}
    graph = nx.Graph()
    graph.add_nodes_from(names)
    for a, b in sorted(_candidate_pairs(names)):
        if fuzz.ratio(names[a][-1], names[b][-1]) < FAMILY_SIMILARITY:
            continue  # "Walshra" and "Walshkalo" are two people, however alike the rest
        if fuzz.token_sort_ratio(a, b, processor=utils.default_process) >= SIMILARITY:
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
