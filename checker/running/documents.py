"""One document's share of the work: the per-document stages (clean, sentences, claims) of one
source, and the chunks of documents an engine hands to a worker.

Every engine (checker.running.engines, checker.running.dask_engine) runs exactly these functions, so
where the work runs never changes what it produces.
"""

from __future__ import annotations

import math
from dataclasses import replace

from checker.alignment.copies import copy_keys
from checker.extraction.claims import SourceClaims, extract_claims
from checker.extraction.gazetteer import default_gazetteer
from checker.extraction.text import split_sentences
from checker.model import CleanedSource, Source
from checker.reading.clean import clean, with_found_title
from checker.running.guard import Skipped, failure_reason, time_limit

# A worker process is worth its start-up only with at least two chunks of this many documents.
MIN_CHUNK = 8
MAX_CHUNK = 64
CHUNKS_PER_WORKER = 4  # small enough chunks that the workers finish together and progress moves


def analyse_source(cleaned: CleanedSource, gazetteer) -> SourceClaims:
    """The per-document stages: independent of every other document, so they parallelise."""
    return extract_claims(cleaned, split_sentences(cleaned), gazetteer)


def analyse_with_keys(cleaned: CleanedSource, gazetteer) -> tuple[CleanedSource, SourceClaims]:
    """`analyse_source`, with the blocking keys of the sentences that may be copies of another
    report's (checker.alignment.copies) kept on the cleaned source: the sentences are split once."""
    sentences = split_sentences(cleaned)
    return replace(cleaned, copy_keys=copy_keys(sentences)), extract_claims(cleaned, sentences, gazetteer)


def analyse_cleaned(source: Source, gazetteer) -> tuple[CleanedSource, SourceClaims]:
    """Every per-document stage of one loaded source: clean it, then analyse it. What engines run on
    their workers (checker.running.engines)."""
    return analyse_with_keys(with_found_title(clean(source)), gazetteer)


def analyse_one(source: Source) -> tuple[CleanedSource | None, SourceClaims | Skipped]:
    """Clean and analyse one source with this process's gazetteer (each worker builds its own).

    Never raises for a problem with the document: a failure or a run past the per-document time limit
    (checker.running.guard) gives `(None, Skipped(...))`, which the pipeline turns into a warning."""
    gazetteer = default_gazetteer()
    stage = "cleaning"
    try:
        with time_limit():
            cleaned = with_found_title(clean(source))
            stage = "sentences"
            sentences = split_sentences(cleaned)
            cleaned = replace(cleaned, copy_keys=copy_keys(sentences))
            stage = "claims"
            return cleaned, extract_claims(cleaned, sentences, gazetteer)
    except Exception as exc:  # noqa: BLE001 - one document's failure is a warning, not the run's end
        return None, Skipped(source.id, source.path, stage, failure_reason(exc))


def analyse_chunk(chunk: list[tuple[int, Source]]) -> list[tuple[int, CleanedSource | None, object]]:
    return [(i, *analyse_one(source)) for i, source in chunk]


def chunk_size(n_docs: int, jobs: int) -> int:
    return max(MIN_CHUNK, min(MAX_CHUNK, math.ceil(n_docs / (jobs * CHUNKS_PER_WORKER))))
