"""scripts/eval_real.py: the ECB+ reader, the planted edits' invariants and the shape of the metrics.

Runs on two small topics of the ECB+ development corpus (../shared/corpora/ecbplus-dev; CC BY 3.0,
Cybulska and Vossen 2014); the tests that read it skip when it is absent, those on hand-made data run
anyway. No recall figure is asserted: the checker is meant to improve; what must hold is that the
evaluation itself stays right.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpora" / "ecbplus-dev"
TOPICS = [23, 37]  # small, and between them the gold allows an edit of every kind



@pytest.fixture(scope="module")
def ev():
    """The script as a module (registered in sys.modules: its dataclasses need it)."""
    spec = importlib.util.spec_from_file_location("eval_real", ROOT / "scripts" / "eval_real.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_real"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["eval_real"]


@pytest.fixture(scope="module")
def topics(ev):
    """topic -> {"ecb": articles, "ecbplus": articles}; every test that reads the corpus asks for it, so
    without the corpus those tests skip and the ones on hand-made data still run."""
    if not (CORPUS / "ECB+").is_dir():
        pytest.skip(f"ECB+ corpus not found at {CORPUS}")
    return {t: ev.read_topic(CORPUS, t) for t in TOPICS}


@pytest.fixture(scope="module")
def edits(ev, topics):
    """(edit, edited text, the folder's articles) for every edit planted on the slice's single-event folders."""
    planted = []
    for t, events in topics.items():
        for event, articles in events.items():
            planted += [(edit, text, articles) for edit, text in ev.plan_edits(f"t{t:02d}-{event}", articles, 0, 2)]
    return planted


def test_tokens_slice_back_from_the_text(ev, topics):
    for events in topics.values():
        for article in events["ecb"] + events["ecbplus"]:
            xml = ET.parse(CORPUS / "ECB+" / str(article.topic) / f"{article.doc}.xml").getroot()
            raw = {t.get("t_id"): t.text for t in xml.iter("token")}
            for token in article.tokens:
                assert ev.PTB_QUOTES.get(raw[token.tid], raw[token.tid]) == token.text
                if token.start is None:  # only the page URL of ecbplus files is left out of the text
                    assert article.event == "ecbplus" and token.sentence == 0
                else:
                    assert article.text[token.start:token.end] == token.text
            starts = [t.start for t in article.tokens if t.start is not None]
            assert starts == sorted(starts)
            assert (article.url or "").startswith("http") == (article.event == "ecbplus")


def test_detokenised_text_reads_as_prose(ev, topics):
    text = "\n".join(a.text for events in topics.values() for a in events["ecb"] + events["ecbplus"])
    assert " ," not in text and " ." not in text and " 's" not in text and "( " not in text
    assert "Indonesia's" in text and "6.1" in text


def test_mentions_and_chains(topics):
    for events in topics.values():
        for article in events["ecb"] + events["ecbplus"]:
            for m in article.mentions.values():
                assert article.text[m.start:m.end] == m.text and m.text
            for chain in article.chains.values():
                assert chain.mention_ids and all(mid in article.mentions for mid in chain.mention_ids)
                assert chain.cross_doc == (not chain.id.startswith(f"{article.doc}#"))


def test_every_kind_is_planted_where_the_gold_allows(edits):
    assert {edit.kind for edit, _, _ in edits} == {"place", "date", "count"}


def _to_edited(offset: int, edit) -> int:
    """An offset of the original text moved to the edited text."""
    return offset + sum(len(r.new) - len(r.old) for r in edit.replacements if r.orig_start < offset)


def test_edits_change_every_mention_of_their_chain_and_nothing_else(ev, edits):
    for edit, edited, articles in edits:
        article = next(a for a in articles if a.doc == edit.article)
        original = article.text
        mentions = article.chain_mentions(edit.chain)
        # Nothing else: undoing the replacements, right to left, gives back the original text.
        undone = edited
        for r in sorted(edit.replacements, key=lambda r: r.start, reverse=True):
            assert edited[r.start:r.end] == r.new != r.old == original[r.orig_start:r.orig_start + len(r.old)]
            assert any(m.start <= r.orig_start and r.orig_start + len(r.old) <= m.end for m in mentions)
            undone = undone[:r.start] + r.old + undone[r.end:]
        assert undone == original
        # Every mention: no mention of the chain still states an old value.
        for r in edit.replacements:
            old = r.old.split(",")[0] if edit.kind == "place" else r.old
            for m in mentions:
                now = edited[_to_edited(m.start, edit):_to_edited(m.end, edit)]
                assert not re.search(rf"(?<![\w-]){re.escape(old)}(?![\w-])", now, re.IGNORECASE), (edit, now)
        if edit.kind != "count":  # a place or date is gone from the whole article ("two" may count other things)
            assert not re.search(rf"(?<![\w-]){re.escape(edit.old.split(',')[0])}(?![\w-])", edited, re.IGNORECASE)
        # Only where another article of the folder states the same value.
        assert edit.evidence and edit.article not in edit.evidence
        assert all(next(a for a in articles if a.doc == doc).chain_mentions(edit.chain) for doc in edit.evidence)


def test_edit_choices_are_reproducible(ev, topics):
    articles = topics[23]["ecb"]
    first = [(e.article, e.chain, e.new) for e, _ in ev.plan_edits("t23-ecb", articles, 5, 2)]
    assert first == [(e.article, e.chain, e.new) for e, _ in ev.plan_edits("t23-ecb", articles, 5, 2)]


def test_found_criterion(ev):
    text = "Intro.\n\nAn earthquake killed 42 people on Sunday."
    start = text.index("42")
    edit = ev.Edit(folder="f-count1", base_folder="f", article="b", kind="count", chain="c", descriptor="d",
                   old="14", new="42", replacements=[ev.Replacement("14", "42", start, start + 2, start)],
                   evidence=["a"])
    sentence = text.split("\n\n")[1]

    def finding(quotes_b: list[tuple[str, int]], other_source: str) -> dict:
        other = {"source": other_source, "claim": "x", "sentence": "It killed 14 people.", "start": 10, "end": 19}
        edited = [{"source": "b", "claim": "y", "sentence": s, "start": at, "end": at + 9} for s, at in quotes_b]
        return {"rule": "CC108", "sides": [{"value": "14 people", "sources": [other_source], "quotes": [other]},
                                           {"value": "42 people", "sources": ["b"], "quotes": edited}]}

    hit = finding([(sentence, start)], "a")
    assert ev.finds_edit(hit, edit, text, set())
    assert not ev.finds_edit(hit, edit, text, {ev.signature(hit)})  # already there before the edit
    assert not ev.finds_edit(finding([(sentence, start)], "b"), edit, text, set())  # no other article
    assert not ev.finds_edit(finding([("Intro.", 0)], "a"), edit, text, set())  # another sentence
    on_sunday = text.index("Sunday")
    assert not ev.finds_edit(finding([(sentence, on_sunday)], "a"), edit, text, set())  # another value of the sentence


def test_claims_off_the_fact_are_judged_only_where_the_gold_annotates(ev):
    """Article a: sentence 1 (annotated) holds the chain's mention "14 people" and another count, "3
    boats"; sentence 2 (not annotated) holds "14 dead". Quoting "14 people" and the edited "42 people"
    is on the fact; "3 boats" is off it; "14 dead" cannot be judged."""
    text = "Fourteen. It killed 14 people and sank 3 boats. Police counted 14 dead."
    spans = {w: (text.index(w), text.index(w) + len(w)) for w in ("14 people", "3 boats", "14 dead")}
    tokens = [ev.Token("t1", 1, "14 people", *spans["14 people"]), ev.Token("t2", 1, "3 boats", *spans["3 boats"]),
              ev.Token("t3", 2, "14 dead", *spans["14 dead"])]
    mention = ev.Mention("m1", "NUM", ("t1",), *spans["14 people"], "14 people")
    article = ev.Article(doc="a", topic=1, event="ecb", text=text, url=None, tokens=tokens, mentions={"m1": mention},
                         chains={"c": ev.Chain("c", True, "d", ("m1",))}, annotated=frozenset({1}))
    edit = ev.Edit(folder="f-count1", base_folder="f", article="b", kind="count", chain="c", descriptor="d",
                   old="14", new="42", replacements=[ev.Replacement("14", "42", 20, 22, 20)], evidence=["a"])

    def quote(source, claim, span):
        return {"source": source, "claim": claim, "sentence": "", "start": span[0], "end": span[1]}

    finding = {"sides": [{"quotes": [quote("a", "a:1", spans["14 people"]), quote("a", "a:3", spans["14 dead"])]},
                         {"quotes": [quote("b", "b:1", (20, 29)), quote("a", "a:2", spans["3 boats"])]}]}
    judged, off = ev.claims_off_the_fact(finding, edit, {"a": article})
    assert judged == 3 and [q["claim"] for q in off] == ["a:2"]


def test_full_run_on_the_slice(ev, tmp_path, edits):
    metrics, folders = ev.evaluate(CORPUS, tmp_path, TOPICS, seed=0, max_edits_per_kind=2)
    assert metrics["folders"] == {"single": 4, "mixed": 2, "edited": len(edits)}
    articles = sum(len(events[e]) for events in (ev.read_topic(CORPUS, t) for t in TOPICS) for e in ("ecb", "ecbplus"))
    assert metrics["articles"] == {"single": articles, "mixed": articles}
    for kind in ("place", "date", "count"):
        r = metrics["recall"][kind]
        assert r["planted"] >= 1 and 0 <= r["found"] <= r["planted"] and 0 <= r["recall"] <= 1
    assert metrics["recall_all"]["planted"] == len(edits)
    single = metrics["single_event"]
    assert single["findings"] == sum(single["by_rule"].values()) >= 0
    assert single["findings_per_100_articles"] == pytest.approx(100 * single["findings"] / articles)
    assert 0 <= metrics["mixed"]["cross_event_findings"] <= metrics["mixed"]["findings"]
    assert metrics["recall_crowded"] is None  # measured only when asked for
    every = metrics["all_stories"]
    assert every["articles"] == articles
    assert 0 <= every["joining_events"] <= every["findings"] and 0 <= every["not_found_alone"] <= every["findings"]
    grouped = metrics["mixed"]["clustering"]
    sizes = [(len(events["ecb"]), len(events["ecbplus"])) for events in (ev.read_topic(CORPUS, t) for t in TOPICS)]
    assert grouped["same_pairs"] == sum(e * (e - 1) // 2 + p * (p - 1) // 2 for e, p in sizes)
    assert grouped["cross_pairs"] == sum(e * p for e, p in sizes)
    assert 0 <= grouped["same_together"] <= grouped["same_pairs"] and 0 <= grouped["cross_together"] <= grouped["cross_pairs"]
    assert all(f.edit.diagnosis for f in folders if f.edit)
    bands = metrics["calibration"]
    assert sum(b["findings"] for b in bands) == sum(len(f.new_findings) for f in folders if f.edit)
    assert sum(b["found_edit"] for b in bands) == sum(len(f.edit.found_by) for f in folders if f.edit)
    claims = metrics["found_claims"]
    assert 0 <= claims["off_the_fact"] <= claims["judged"] <= claims["quoted"]
    assert all(0 <= b["found_edit"] <= b["findings"] for b in bands)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["recall"] == metrics["recall"] and "CC BY 3.0" in summary["attribution"]
    assert len(summary["edits"]) == len(edits)
    report = (tmp_path / "findings.md").read_text()
    assert "CC BY 3.0" in report and "## Missed edits" in report and "## Found edits" in report
    assert "## Findings on one run of every unedited article" in report
    other = report.split("## Other findings the edits brought up", 1)[1]  # the calibration's wrong ones, to read
    assert other.count("\n- `CC") == sum(len(f.new_findings) - len(f.edit.found_by) for f in folders if f.edit)
    written = next((tmp_path / "articles" / "t23-ecb").glob("*.md")).read_text()
    assert written.startswith("---\noutlet: ecb-23_") and "derived_from:" in written


def test_crowded_recall_checks_each_edited_folder_with_the_other_topics(ev, tmp_path, edits):
    metrics, folders = ev.evaluate(CORPUS, tmp_path, TOPICS, seed=0, max_edits_per_kind=1, crowded=True)
    crowded = metrics["recall_crowded"]
    assert {k: r["planted"] for k, r in crowded.items()} == {k: r["planted"] for k, r in metrics["recall"].items()}
    assert all(0 <= r["found"] <= r["planted"] for r in crowded.values())
    assert all(f.edit.found_crowded is not None for f in folders if f.edit)
    assert "recall with every other topic in the run" in (tmp_path / "findings.md").read_text()


def test_seeds_run_once_per_seed_into_its_own_folder(ev, tmp_path, topics, capsys):
    assert ev.main(["--corpus", str(CORPUS), "--out", str(tmp_path), "--topics", "23", "--max-edits-per-kind", "1",
                    "--seeds", "0", "1"]) == 0
    printed = capsys.readouterr().out
    for seed in (0, 1):
        summary = json.loads((tmp_path / f"seed-{seed}" / "summary.json").read_text())
        assert summary["settings"]["seed"] == seed
        every = summary["recall_all"]
        assert f"seed {seed}: " in printed and f"all {every['found']}/{every['planted']}" in printed
    assert "lowest over the seeds: place " in printed


def test_clustering_counts_pairs_that_share_a_cluster_through_reported_events(ev):
    """Articles a and b (one event) share cluster x1 through their reported events; c (the other event)
    is in x1 only through a related event, which does not count; d is in no cluster."""
    report = {
        "events": [{"id": "a:e1", "source": "a", "role": "reported"}, {"id": "b:e1", "source": "b", "role": "reported"},
                   {"id": "c:e1", "source": "c", "role": "reported"}, {"id": "c:e2", "source": "c", "role": "related"},
                   {"id": "d:e1", "source": "d", "role": "reported"}],
        "clusters": [{"id": "x1", "events": ["a:e1", "b:e1", "c:e2"]}, {"id": "x2", "events": ["c:e1"]}],
    }
    grouped = ev.clustering(report, {"a": "ecb", "b": "ecb", "c": "ecbplus", "d": "ecbplus"})
    assert grouped == {"same_pairs": 2, "same_together": 1, "cross_pairs": 4, "cross_together": 0}
