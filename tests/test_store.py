"""The claim store and the gate (checker.storage.store, checker.running.gate, checker.api): what a pipeline relies on.

- a gated article gets the same findings `check` finds for it on the whole corpus;
- its verdict does not depend on the order the store was filled in;
- re-ingesting is a no-op, an update replaces the old claims, and the store survives concurrent
  writers and killed ones (tests/test_store_processes.py);
- editors' dismissals are honoured.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from checker.api import check_corpus, gate, ingest, open_store
from checker.config import Config
from checker.model import InputError, Source
from checker.reading.load import load_corpus
from checker.running.gate import analyse_article, judge_articles
from checker.storage.reviews import ReviewStore
from checker.storage.store import ClaimStore
from conftest import FIXTURES, ROOT, SEEDS

CORPORA = [SEEDS, ROOT / "tests" / "stories" / "quake", ROOT / "tests" / "stories" / "election"] + \
    sorted(p for p in FIXTURES.glob("*/*") if p.is_dir())


def _mine(findings, sid: str) -> list[tuple[str, float]]:
    return sorted((f.id, f.confidence) for f in findings if any(sid in s.sources for s in f.sides))


@pytest.fixture(scope="module")
def analysed():
    """Each corpus's sources analysed once (extraction is the slow part)."""
    return {c: [analyse_article(s) for s in load_corpus([c]).sources] for c in CORPORA}


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_gate_finds_what_check_finds_for_that_article(corpus, analysed, tmp_path):
    """Ingest all but one article, gate that one: its findings are exactly those a full `check` of the
    corpus reports involving it — for every article of the corpus in turn."""
    full, _ = check_corpus([corpus])
    articles = analysed[corpus]
    for held_out in articles:
        with ClaimStore.open(tmp_path / f"{held_out.source.id}.sqlite") as store:
            for a in articles:
                if a is not held_out:
                    store.put(a)
            verdict = gate(store, held_out.source, Config())
        assert _mine(verdict.findings, held_out.source.id) == _mine(full.findings, held_out.source.id), held_out.source.id
        assert set(verdict.neighbours) <= {a.source.id for a in articles} - {held_out.source.id}


def test_judging_stored_articles_equals_checking_the_corpus(analysed, tmp_path):
    """Every article stored and read back (JSON round trip), then judged together: the same findings,
    confidences and scores as `check` on the files."""
    for corpus in (SEEDS, FIXTURES / "CC108-number-conflict" / "fires-death-toll-12-vs-30"):
        full, _ = check_corpus([corpus])
        with ClaimStore.open(tmp_path / f"{corpus.name}.sqlite") as store:
            for a in analysed[corpus]:
                store.put(a)
            again = judge_articles(store.load(store.source_ids()), Config())
        assert [(f.id, f.confidence) for f in again.findings] == [(f.id, f.confidence) for f in full.findings]
        assert [(s.source_id, s.score) for s in again.scores] == [(s.source_id, s.score) for s in full.scores]


def _mixed_corpus(analysed) -> list:
    """Several stories in one store: the seeds, two test stories and a few fixture cases."""
    picks = [SEEDS, ROOT / "tests" / "stories" / "quake", ROOT / "tests" / "stories" / "election",
             FIXTURES / "CC101-location-conflict" / "fires-two-cities",
             FIXTURES / "CC103-date-conflict" / next(p.name for p in sorted((FIXTURES / "CC103-date-conflict").iterdir())),
             FIXTURES / "CC108-number-conflict" / "fires-death-toll-12-vs-30"]
    out = []
    for i, corpus in enumerate(picks):  # fixture cases reuse file names: make ids unique per corpus
        for a in analysed[corpus]:
            source = replace(a.source, id=f"{i}-{a.source.id}")
            out.append(analyse_article(source))
    return out


def test_verdicts_do_not_depend_on_ingest_order(analysed, tmp_path):
    corpus = _mixed_corpus(analysed)
    rng = random.Random(7)
    gated = [a for a in corpus if a.source.id.startswith(("0-", "3-", "5-"))][:6]
    stored = [a for a in corpus if a not in gated]
    verdicts = []
    for n in range(3):
        order = stored[:]
        rng.shuffle(order)
        with ClaimStore.open(tmp_path / f"order{n}.sqlite") as store:
            for a in order:
                store.put(a)
            verdicts.append([_comparable(gate(store, a.source, Config())) for a in gated])
    assert verdicts[0] == verdicts[1] == verdicts[2]
    assert any(v["findings"] for v in verdicts[0])  # the comparison covers real findings


def _comparable(v) -> dict:
    from checker.render.jsonreport import finding_to_dict, source_to_dict
    from checker.render.verdict import verdict_to_dict

    return {**verdict_to_dict(v), "source": source_to_dict(v.article, v.score),
            "findings": [finding_to_dict(f) for f in v.findings]}


def test_reingesting_changes_nothing_and_an_update_replaces_the_claims(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        first = ingest(store, [SEEDS])
        before = store.stats()
        again = ingest(store, [SEEDS])
        assert {r.action for r in first} == {"added"} and {r.action for r in again} == {"unchanged"}
        assert store.stats() == before and len(store.history()) == len(first)

        old = load_corpus([SEEDS]).sources[0]
        new = replace(old, text=old.text.replace("Sunday", "Saturday"))
        (result,) = ingest(store, [new])
        assert (result.action, result.version) == ("updated", 2)
        claims = [c for c in store.load([old.id])[0].analysis.claims]
        assert claims and not any("Sunday" in c.sentence for c in claims)
        assert any("Saturday" in c.sentence for c in claims)
        assert store.stats()["sources"] == before["sources"]
        assert [h["action"] for h in store.history(old.id)] == ["added", "updated"]
        assert store.remove(old.id) and not store.load([old.id]) and store.stats()["sources"] == before["sources"] - 1


def test_a_store_with_conflicting_seeds_fails_the_gate_and_dismissals_are_honoured(tmp_path):
    sources = load_corpus([SEEDS]).sources
    with open_store(tmp_path / "s.sqlite") as store:
        ingest(store, sources[1:])
        verdict = gate(store, sources[0])
        assert not verdict.passed and verdict.reasons
        high = [f for f in verdict.findings if f.severity == "high"]
        assert high
        with ReviewStore.open(tmp_path / "reviews.sqlite") as reviews:
            for f in high:
                reviews.decide(f.id, "dismissed", note="checked: different meeting")
        again = gate(store, sources[0], reviews=tmp_path / "reviews.sqlite")
    assert again.passed and {f.id for f in again.dismissed} == {f.id for f in high}
    assert not {f.id for f in again.findings} & {f.id for f in high}
    assert again.score.score >= verdict.score.score


def test_ingest_on_pass_stores_a_passing_article_with_its_verdict_and_not_a_failing_one(tmp_path):
    sources = load_corpus([SEEDS]).sources
    with open_store(tmp_path / "s.sqlite") as store:
        ingest(store, sources[1:])
        failing = gate(store, sources[0], ingest_on_pass=True)
        assert not failing.passed and failing.ingested is None and store.content_hash(sources[0].id) is None
        passing = gate(store, sources[0], Config(min_score=0.1), ingest_on_pass=True)
        assert passing.passed and passing.ingested.action == "added"
        assert store.verdict(sources[0].id)["passed"] is True
        assert store.verdict(sources[0].id)["findings"] == [f.id for f in passing.findings]


def test_an_article_is_not_judged_against_its_own_older_version(tmp_path):
    sources = load_corpus([SEEDS]).sources
    with open_store(tmp_path / "s.sqlite") as store:
        ingest(store, sources)
        changed = replace(sources[0], text=sources[0].text.replace("Sunday", "Monday"))
        verdict = gate(store, changed)
    assert sources[0].id not in verdict.neighbours
    assert not any(side.sources == (sources[0].id,) and len(f.sides) == 2 and
                   all(s.sources == (sources[0].id,) for s in f.sides) for f in verdict.findings for side in f.sides)


def test_the_api_gate_takes_a_path_with_one_article_only(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        ingest(store, [SEEDS / "001_7928416262c14cf7.txt"])
        assert gate(store, SEEDS / "000_9c20335e17cda3a1.txt").article.id == "000_9c20335e17cda3a1"
        with pytest.raises(InputError, match="gate them one at a time"):
            gate(store, SEEDS)


def test_gate_reads_the_index_not_the_corpus(tmp_path):
    """Unrelated stored stories are never loaded: candidates come from shared keys only."""
    sources = load_corpus([SEEDS]).sources
    quake = load_corpus([ROOT / "tests" / "stories" / "quake"]).sources
    with open_store(tmp_path / "s.sqlite") as store:
        ingest(store, list(sources[1:]) + list(quake))
        verdict = gate(store, sources[0])
    assert verdict.neighbours and not set(verdict.neighbours) & {s.id for s in quake}


# --- the store file ---------------------------------------------------------------------------------


def test_not_a_store_and_a_newer_store_are_refused_with_one_line(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(InputError, match=r"notes.txt: not a claim store: "):
        ClaimStore.open(text)
    with pytest.raises(InputError, match="no claim store"):
        ClaimStore.open(tmp_path / "missing.sqlite", create=False)
    ReviewStore.open(tmp_path / "reviews.sqlite").close()
    with pytest.raises(InputError, match="not a claim store: no 'sources' table"):
        ClaimStore.open(tmp_path / "reviews.sqlite")
    ClaimStore.open(tmp_path / "s.sqlite").close()
    with sqlite3.connect(tmp_path / "s.sqlite") as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(InputError, match="schema version 99, newer than this program understands"):
        ClaimStore.open(tmp_path / "s.sqlite")


def test_a_version_1_store_is_migrated_and_keeps_its_articles(tmp_path):
    path = tmp_path / "old.sqlite"

    class V1(ClaimStore):
        MIGRATIONS = {1: ClaimStore.MIGRATIONS[1]}

    with V1.open(path) as old:
        old.put(analyse_article(load_corpus([SEEDS]).sources[1]))
        assert old.schema_version == 1
    with sqlite3.connect(path) as conn:
        assert "verdicts" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    with ClaimStore.open(path) as store:
        assert store.schema_version == 2 and store.count() == 1
        assert store.stats()["verdicts"] == 0


def test_stored_claims_round_trip_exactly(analysed, tmp_path):
    articles = analysed[SEEDS]
    with ClaimStore.open(tmp_path / "s.sqlite") as store:
        for a in articles:
            store.put(a)
        back = {a.source.id: a for a in store.load(store.source_ids())}
    for a in articles:
        b = back[a.source.id]
        assert a.cleaned.copy_keys  # the copy blocking keys are stored, not read again for every gate
        assert b.source == a.source and b.cleaned == a.cleaned
        assert [replace(c, detail={}) for c in b.analysis.claims] == \
            [replace(c, normalized=_json(c.normalized), detail={}) for c in a.analysis.claims]
        assert (b.analysis.lead, b.analysis.event_sentences, b.analysis.sentence_actions) == \
            (a.analysis.lead, a.analysis.event_sentences, a.analysis.sentence_actions)


def _json(value):
    import json

    from checker.render.jsonreport import jsonable

    return json.loads(json.dumps(jsonable(value)))


def test_sources_without_text_fields_are_rejected_by_the_loader_not_the_store(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        with pytest.raises(InputError):
            ingest(store, [tmp_path / "nothing-here"])
        assert store.count() == 0
        (result,) = ingest(store, [Source("x", "<api>", "Officials met in Lyon on Monday to sign an accord.")])
        assert result.action == "added" and store.source_ids() == ["x"]


def test_store_files_are_single_files_in_wal_mode(tmp_path):
    path = tmp_path / "s.sqlite"
    with open_store(path) as store:
        ingest(store, [SEEDS / "003_6ee9234a710e1662.txt"])
        assert store.integrity_check() == "ok"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert Path(path).stat().st_size > 0


def test_the_day_an_article_was_counted_from_is_stored(tmp_path):
    """Alignment reads how far apart two reports were published (checker.alignment.align._misdated):
    a stored article keeps the date its days were counted from, and older stores read back as None."""
    from checker.storage.serialize import analysis_from_dict, analysis_to_dict

    corpus = FIXTURES / "CC103-date-conflict" / "fires-misdated-by-days-in-like-words"
    article = analyse_article(load_corpus([corpus]).sources[0])
    assert article.analysis.published == "2026-11-12"
    stored = analysis_to_dict(article.analysis)
    assert analysis_from_dict(article.source.id, stored, article.analysis.claims).published == "2026-11-12"
    del stored["published"]
    assert analysis_from_dict(article.source.id, stored, article.analysis.claims).published is None
