"""Whether a report passes the user's thresholds (`--fail-on`, `--min-confidence`, `--min-score`).

Shared by `check` (every source and finding of the corpus) and `check gate` (the gated article's own
score and its findings against stored sources), so both fail for the same reasons in the same words.
"""

from __future__ import annotations

from dataclasses import replace

from checker.config import Config
from checker.model import SEVERITIES, Report


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def does_not_count(finding) -> bool:
    """A finding an editor dismissed (a false alarm), or one about accounts judged to be different events.

    Dismissed findings are normally not in `report.findings` at all (they are `report.hidden`); with
    --show-dismissed they are, and must still not count."""
    review = getattr(finding, "review", None)
    return (review is not None and review.state == "dismissed") or finding.same_event == "different"


DEFAULT_FAIL_ON = "high"


def with_default_threshold(config: Config) -> Config:
    """`check` and `check gate` always have a threshold, as a linter does: the configured ones, or
    --fail-on high when neither fail-on nor min-score is set anywhere (`fail-on = "none"` opts out)."""
    if config.fail_on is None and config.min_score is None and not config.fail_on_off:
        return replace(config, fail_on=DEFAULT_FAIL_ON)
    return config


def score_text(score: float, threshold: float) -> str:
    """`0.21 < 0.30`; with more digits when two decimals would hide the difference (0.2989 < 0.30)."""
    digits = 2
    while digits < 6 and f"{score:.{digits}f}" == f"{threshold:.{digits}f}":
        digits += 1
    return f"{score:.{digits}f} < {threshold:.2f}"


def threshold_failures(report: Report, config: Config) -> list[str]:
    """Why the run fails its thresholds, one phrase per reason; empty when it passes."""
    reasons = []
    if config.fail_on is not None:
        floor = severity_rank(config.fail_on)
        hits = [f for f in report.findings if not does_not_count(f) and severity_rank(f.severity) >= floor
                and float(f.confidence) >= config.min_confidence]
        if hits:
            noun = "finding" if len(hits) == 1 else "findings"
            reasons.append(f"{len(hits)} {noun} at or above {config.fail_on!r}")
    if config.min_score is not None:
        low = sorted((s for s in report.scores if s.score < config.min_score), key=lambda s: (s.score, s.source_id))
        reasons += [f"source {s.source_id} scored {score_text(s.score, config.min_score)}" for s in low]
    return reasons
