"""The Python API: what the command line does, for a pipeline written in Python (docs/python-api.md).

    from checker.api import open_store, ingest, gate, check_corpus

    with open_store("claims.sqlite") as store:
        ingest(store, ["archive/"])                       # files, folders or Source objects
        verdict = gate(store, "incoming/article.md", ingest_on_pass=True)
        if not verdict.passed:
            print(verdict.reasons, [f.summary for f in verdict.findings])

    report, warnings = check_corpus(["seeds/"])           # a whole corpus, as `check seeds/`

Errors in the input (missing file, unreadable article, a file that is not a store) raise
`checker.model.InputError` with a one-line message naming the file; the CLI maps it to exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from checker.config import Config
from checker.model import InputError, Review, Source
from checker.reading.load import load_corpus
from checker.running.gate import Verdict, analyse_many, gate_config
from checker.running.gate import gate as _gate
from checker.running.pipeline import check_corpus
from checker.storage.reviews import dismissed_ids, read_reviews
from checker.storage.store import ClaimStore, PutResult

__all__ = ["open_store", "ingest", "gate", "check_corpus", "ClaimStore", "Verdict", "PutResult", "InputError"]


def open_store(path: str | Path, *, create: bool = True) -> ClaimStore:
    """Open (or create) the claim store at `path`. Use it as a context manager, or call `close()`."""
    return ClaimStore.open(Path(path), create=create)


def _sources(articles: Iterable[str | Path | Source]) -> tuple[list[Source], list[str]]:
    items = list(articles)
    sources = [a for a in items if isinstance(a, Source)]
    paths = [a for a in items if not isinstance(a, Source)]
    warnings: list[str] = []
    if paths:
        loaded = load_corpus(paths)
        sources += loaded.sources
        warnings += loaded.warnings
    return sources, warnings


def ingest(store: ClaimStore, articles: Iterable[str | Path | Source], *, jobs: int = 1) -> list[PutResult]:
    """Add articles (paths to files or folders, or `Source` objects) to the store, one transaction each.

    Returns what happened to each, in input order: "added", "updated" (same id, new content: the old
    claims are replaced) or "unchanged" (same content: nothing is written). `jobs` > 1 extracts in that
    many processes; this process alone writes, in input order.
    """
    sources, _ = _sources(articles)
    return [store.put(a) for a in analyse_many(sources, jobs=jobs)]


def gate(store: ClaimStore, article: str | Path | Source, config: Config | None = None, *,
         reviews: str | Path | Sequence[Review] | None = None, ingest_on_pass: bool = False) -> Verdict:
    """Judge one article against the store (see checker.running.gate). `article` is a `Source` or the path of a
    file holding exactly one article. With no threshold in `config` (no fail_on, no min_score), --fail-on
    high applies. `reviews` (a review store path or decisions) makes dismissed
    findings count for nothing. With `ingest_on_pass`, a passing article is stored in the same
    transaction."""
    if isinstance(article, Source):
        source = article
    else:
        sources, _ = _sources([article])
        if len(sources) != 1:
            raise InputError(f"{article}: holds {len(sources)} articles; gate them one at a time")
        source = sources[0]
    if isinstance(reviews, (str, Path)):
        reviews = read_reviews(Path(reviews))
    return _gate(store, source, gate_config(config or Config()), dismissed=dismissed_ids(reviews), ingest_on_pass=ingest_on_pass)
