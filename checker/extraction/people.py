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

PERSON_FACTS = ("origin", "age")  # claim kinds about a person, keyed by normalized["person"]
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


_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# a company's legal form, which outlets give or leave off: "Northfield Data Systems Inc." is "Northfield Data Systems"
_LEGAL_FORMS = frozenset({"inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "llc", "plc",
                          "gmbh", "ag", "limited", "incorporated"})


def _without_initials(parts: list[str]) -> list[str]:
    """A name without its middle initials, generational suffix or legal form: "Vikram S. Anand" is "Vikram
    Anand", "George W. Bush" is "George Bush", "Lucien Joseph Marchand Jr." is "Lucien Joseph Marchand",
    "Oracle Corp" is "Oracle"."""
    if len(parts) > 2 and parts[-1] in _SUFFIXES:
        parts = parts[:-1]
    if len(parts) > 1 and parts[-1] in _LEGAL_FORMS:
        parts = parts[:-1]
    if len(parts) <= 2:
        return parts
    middle = [p for p in parts[1:-1] if len(p.rstrip(".")) > 1]
    return [parts[0], *middle, parts[-1]]


def _shown(key: str, parts: list[str]) -> str:
    """The key as compared: its prefix, then the name without middle initials."""
    prefix = key.split(":", 1)[0] + ":" if ":" in key else ""
    return prefix + " ".join(parts)


def canonical_person_keys(keys: list[str], countries: dict[str, set[str]] | None = None) -> dict[str, str]:
    """Map each person key to the smallest key of its group of near-identical names. `countries`: the
    countries a key's titles give it ("Dutch Defence Minister"); two spellings alike whose titles give
    them different countries are two people ("Yuki Weberkalo", Dutch, and "Yuki Weberikalo", French)."""
    names = {key: _without_initials(key.split(":", 1)[-1].split()) for key in sorted(set(keys))}
    countries = countries or {}
    graph = nx.Graph()
    graph.add_nodes_from(names)
    for a, b in sorted(_candidate_pairs(names)):
        if fuzz.ratio(names[a][-1], names[b][-1]) < FAMILY_SIMILARITY:
            continue  # "Walshra" and "Walshkalo" are two people, however alike the rest
        if countries.get(a) and countries.get(b) and not countries[a] & countries[b]:
            continue
        if fuzz.token_sort_ratio(_shown(a, names[a]), _shown(b, names[b]), processor=utils.default_process) >= SIMILARITY:
            graph.add_edge(a, b)
    _join_middle_names(names, graph)
    _join_family_names(names, graph)
    return {k: min(group) for group in nx.connected_components(graph) for k in group}


def _join_middle_names(names: dict[str, list[str]], graph: nx.Graph) -> None:
    """A first and family name is the longer name with those two around a middle name ("Ja'Nae
    Pryor" is "Ja'Nae Marie Pryor") when exactly one person of the run has that first and last word:
    "John Smith" beside "John Paul Smith" and "John Henry Smith" stays apart."""
    _join_to_one_person(names, graph, lambda parts: [(parts[0], parts[-1])] if len(parts) > 2 else [])


def _join_family_names(names: dict[str, list[str]], graph: nx.Graph) -> None:
    """A name that ends another name is that name when exactly one person of the run has that ending:
    a family name on its own ("President Novak" is "Anna Novak"), or a full name after a word the
    title finder did not know ("Organiser Ines Barrera" is "Ines Barrera"). With two or more
    candidates it stays apart."""
    _join_to_one_person(names, graph, lambda parts: [tuple(parts[-n:]) for n in range(1, len(parts))])


def _join_to_one_person(names: dict[str, list[str]], graph: nx.Graph, shorter_forms) -> None:
    """Join each name to the longer names it is a shorter form of (`shorter_forms(parts)` lists the
    shorter forms a longer name may be written in), when they all are one person of the graph."""
    longer_by_form: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key, parts in names.items():
        for form in shorter_forms(parts):
            longer_by_form[form].add(key)
    for key, parts in names.items():
        longer = longer_by_form.get(tuple(parts), set())
        if longer and len({min(nx.node_connected_component(graph, other)) for other in longer}) == 1:
            graph.add_edge(key, next(iter(longer)))


def unify_people(claims: list[Claim]) -> list[Claim]:
    """Near-identical names across sources get one name key, whether given with a title ("person:")
    or without (checker.extraction.participants.untitled_names, "name:"); each claim keeps its kind.
    Hometowns and ages ("origin" and "age" claims) follow their person's key."""
    named = [c for c in claims if c.kind == "participant" and c.normalized["kind"] in ("person", "name")]
    countries: dict[str, set[str]] = defaultdict(set)
    for c in named:
        if c.normalized["kind"] == "person" and c.normalized.get("country"):
            countries[c.normalized["key"].split(":", 1)[1]].add(c.normalized["country"])
    bare = canonical_person_keys(sorted({c.normalized["key"].split(":", 1)[1] for c in named}
                                        | {c.normalized["person"] for c in claims if c.kind in PERSON_FACTS
                                           and not c.normalized["person"].startswith("someone:")}),  # "the man": no name
                                 countries)
    out = []
    for c in claims:
        if c.kind == "participant" and c.normalized["kind"] in ("person", "name"):
            prefix, name = c.normalized["key"].split(":", 1)
            key = f"{prefix}:{bare.get(name, name)}"
            if key != c.normalized["key"]:
                c = replace(c, normalized={**c.normalized, "key": key})
        elif c.kind in PERSON_FACTS and bare.get(c.normalized["person"], c.normalized["person"]) != c.normalized["person"]:
            c = replace(c, normalized={**c.normalized, "person": bare[c.normalized["person"]]})
        out.append(c)
    return out
